/**
 * The value validate-jwt stores in `output-token-variable-name`: APIM's `Jwt` (Id, Algorithm, Issuer,
 * Subject, Audiences, Claims, ExpirationTime, NotBefore, IssuedAt, Type). The expression runtime
 * exposes these members when it registers the `Jwt` type (AsJwt() yields the same shape).
 */
import type { ValidatedJwt } from './jwt-validate.js';

export class JwtValue {
  readonly Id: string | null;
  readonly Algorithm: string | null;
  readonly Type: string | null;
  readonly Issuer: string | null;
  readonly Subject: string | null;
  readonly Audiences: string[];
  /** Claim name → values (arrays flattened, non-strings rendered as JSON), as APIM's `IReadOnlyDictionary<string, string[]>`. */
  readonly Claims: ReadonlyMap<string, string[]>;
  readonly ExpirationTime: Date | null;
  readonly NotBefore: Date | null;
  readonly IssuedAt: Date | null;
  /** The token text (masked in traces as a secret). */
  readonly raw: string;

  constructor(jwt: ValidatedJwt) {
    const c = jwt.claims;
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const date = (v: unknown) => (typeof v === 'number' ? new Date(v * 1000) : null);
    this.Id = str(c.jti);
    this.Algorithm = str(jwt.header.alg);
    this.Type = str(jwt.header.typ);
    this.Issuer = str(c.iss);
    this.Subject = str(c.sub);
    this.Audiences = c.aud === undefined ? [] : (Array.isArray(c.aud) ? c.aud : [c.aud]).map(String);
    this.Claims = new Map(
      Object.entries(c).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))]),
    );
    this.ExpirationTime = date(c.exp);
    this.NotBefore = date(c.nbf);
    this.IssuedAt = date(c.iat);
    this.raw = jwt.token;
  }

  toJSON(): unknown {
    return { Id: this.Id, Algorithm: this.Algorithm, Issuer: this.Issuer, Subject: this.Subject, Audiences: this.Audiences, Claims: Object.fromEntries(this.Claims) };
  }
}
