/**
 * A validate-jwt refusal: APIM's `LastError.Reason` value and a message in the style of the
 * Microsoft.IdentityModel errors APIM puts in `LastError.Message`.
 */
export type JwtFailureReason =
  | 'TokenNotPresent'
  | 'TokenSignatureInvalid'
  | 'TokenAudienceNotAllowed'
  | 'TokenIssuerNotAllowed'
  | 'TokenExpired'
  | 'TokenSignatureKeyNotFound'
  | 'TokenClaimNotFound'
  | 'TokenClaimValueNotAllowed'
  | 'JwtInvalid';

export class JwtFailure extends Error {
  constructor(
    readonly reason: JwtFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'JwtFailure';
  }
}

/** What the client reads when the policy sets no `failed-validation-error-message` (reference §1.4). */
export function defaultClientMessage(reason: JwtFailureReason): string {
  return reason === 'TokenNotPresent' ? 'JWT not present.' : 'Invalid JWT.';
}
