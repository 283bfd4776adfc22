/**
 * validate-jwt's checks, in Microsoft.IdentityModel's order: well-formed → decrypt → signature →
 * lifetime → audience → issuer → required claims. Each refusal is a JwtFailure carrying APIM's reason.
 * The cryptography (signature verification, decryption) is jose's; the key choice and messages are ours.
 */
import { decryptJwe, type DecryptionKey } from './jwe.js';
import { jwsAlgorithms, keyFitsAlgorithm } from './jws-algorithms.js';
import { JwtFailure } from './jwt-failure.js';
import type { VerificationKey } from './jwt-keys.js';
import { parseCompactJwt, type JwsParts } from './jwt-parse.js';
import { clockNow } from '../common/clock.js';

export interface RequiredClaim {
  name: string;
  match: 'all' | 'any';
  separator?: string;
  values: string[];
}

/** Where signing keys come from beyond the static ones: an OpenID configuration, say. */
export interface KeySource {
  keys(): Promise<VerificationKey[]>;
  /** Called when the token's `kid` is unknown; may refetch (rate limited) and return the new keys. */
  refresh(): Promise<VerificationKey[]>;
  /** Issuers the source declares (used when the policy lists none). */
  issuers?(): Promise<string[]>;
}

export interface JwtValidationOptions {
  signingKeys: readonly VerificationKey[];
  keySources?: readonly KeySource[];
  decryptionKeys?: readonly DecryptionKey[];
  audiences?: readonly string[];
  issuers?: readonly string[];
  requiredClaims?: readonly RequiredClaim[];
  requireExpirationTime?: boolean;
  requireSignedTokens?: boolean;
  clockSkewSeconds?: number;
  /** Milliseconds since the epoch; defaults to Date.now(). */
  now?: number;
}

export interface ValidatedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** The token as received (the decrypted inner token for a JWE). */
  token: string;
}

export async function validateJwt(token: string, options: JwtValidationOptions): Promise<ValidatedJwt> {
  let parts = parseCompactJwt(token);
  let inner = token;
  if (parts.kind === 'jwe') {
    inner = await decryptJwe(token, parts, options.decryptionKeys ?? []);
    const nested = parseCompactJwt(inner);
    if (nested.kind !== 'jws') throw new JwtFailure('JwtInvalid', 'IDX10609: Decryption failed. The decrypted token is not a JWS.');
    parts = nested;
  }
  await checkSignature(parts, inner, options);
  const now = (options.now ?? clockNow()) / 1000;
  const skew = options.clockSkewSeconds ?? 0;
  checkLifetime(parts.payload, now, skew, options.requireExpirationTime ?? true);
  checkAudience(parts.payload, options.audiences ?? []);
  await checkIssuer(parts.payload, options);
  for (const claim of options.requiredClaims ?? []) checkClaim(parts.payload, claim);
  return { header: parts.header, claims: parts.payload, token: inner };
}

async function checkSignature(parts: JwsParts, token: string, options: JwtValidationOptions): Promise<void> {
  const alg = parts.header.alg;
  if (alg === 'none' || (parts.signature.length === 0 && alg === undefined)) {
    if (options.requireSignedTokens ?? true) {
      throw new JwtFailure('TokenSignatureInvalid', 'IDX10504: Unable to validate signature, token does not have a signature.');
    }
    return;
  }
  const algorithm = typeof alg === 'string' ? jwsAlgorithms[alg] : undefined;
  if (!algorithm) throw new JwtFailure('TokenSignatureInvalid', `IDX10634: Unable to create the SignatureProvider. Algorithm: '${String(alg)}' is not supported.`);
  const kid = typeof parts.header.kid === 'string' ? parts.header.kid : undefined;
  const sources = options.keySources ?? [];
  let dynamic = (await Promise.all(sources.map((s) => s.keys()))).flat();
  if (kid && sources.length > 0 && ![...options.signingKeys, ...dynamic].some((k) => k.id === kid)) {
    dynamic = (await Promise.all(sources.map((s) => s.refresh()))).flat();
  }
  const all = [...options.signingKeys, ...dynamic].filter((k) => keyFitsAlgorithm(k.key, algorithm));
  // A matching kid narrows the search; otherwise every key without an id is tried, as IdentityModel does.
  const byKid = kid ? all.filter((k) => k.id === kid) : [];
  const candidates = byKid.length > 0 ? byKid : all.filter((k) => !kid || k.id === undefined);
  if (candidates.length === 0) {
    throw new JwtFailure(
      'TokenSignatureKeyNotFound',
      `IDX10501: Signature validation failed. Unable to match key: kid: '${kid ?? ''}'. Number of keys for ${String(alg)}: ${all.length}.`,
    );
  }
  const { compactVerify } = await import('jose');
  let tooSmall: number | undefined;
  for (const { key } of candidates) {
    try {
      await compactVerify(token, key, { algorithms: [String(alg)] });
      return;
    } catch (err) {
      // jose refuses RSA keys under 2048 bits (IdentityModel's floor is 1024): say so in IdentityModel's words.
      if (err instanceof TypeError && /modulusLength/.test(err.message)) tooSmall = key.asymmetricKeyDetails?.modulusLength;
    }
  }
  if (tooSmall !== undefined) {
    throw new JwtFailure('TokenSignatureInvalid', `IDX10630: The '${String(alg)}' key for signing cannot be smaller than '2048' bits. KeySize: '${tooSmall}'.`);
  }
  throw new JwtFailure('TokenSignatureInvalid', `IDX10511: Signature validation failed. Keys tried: ${candidates.length}. kid: '${kid ?? ''}'.`);
}

function numericDate(payload: Record<string, unknown>, name: string): number | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new JwtFailure('JwtInvalid', `IDX14300: Could not parse '${name}': '${String(value)}' is not a number.`);
  return value;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

function checkLifetime(payload: Record<string, unknown>, now: number, skew: number, requireExp: boolean): void {
  const exp = numericDate(payload, 'exp');
  const nbf = numericDate(payload, 'nbf');
  if (exp === undefined && requireExp) {
    throw new JwtFailure('JwtInvalid', 'IDX10225: Lifetime validation failed. The token is missing an Expiration Time.');
  }
  if (nbf !== undefined && nbf > now + skew) {
    throw new JwtFailure('JwtInvalid', `IDX10222: Lifetime validation failed. The token is not yet valid. ValidFrom: '${iso(nbf)}', Current time: '${iso(now)}'.`);
  }
  if (exp !== undefined && exp <= now - skew) {
    throw new JwtFailure('TokenExpired', `IDX10223: Lifetime validation failed. The token is expired. ValidTo: '${iso(exp)}', Current time: '${iso(now)}'.`);
  }
}

function checkAudience(payload: Record<string, unknown>, audiences: readonly string[]): void {
  if (audiences.length === 0) return;
  const aud = payload.aud;
  const tokenAudiences = (Array.isArray(aud) ? aud : aud === undefined ? [] : [aud]).map(String);
  if (tokenAudiences.length === 0) {
    throw new JwtFailure('TokenAudienceNotAllowed', 'IDX10206: Unable to validate audience. The token has no audience.');
  }
  // IdentityModel ignores a trailing slash difference.
  const norm = (a: string) => a.replace(/\/$/, '');
  if (!tokenAudiences.some((a) => audiences.some((allowed) => norm(allowed) === norm(a)))) {
    throw new JwtFailure(
      'TokenAudienceNotAllowed',
      `IDX10214: Audience validation failed. Audiences: '${tokenAudiences.join(', ')}'. Did not match: validationParameters.ValidAudiences: '${audiences.join(', ')}'.`,
    );
  }
}

async function checkIssuer(payload: Record<string, unknown>, options: JwtValidationOptions): Promise<void> {
  let issuers = options.issuers ?? [];
  if (issuers.length === 0 && options.keySources?.some((s) => s.issuers)) {
    issuers = (await Promise.all(options.keySources.map((s) => s.issuers?.() ?? Promise.resolve([])))).flat();
  }
  if (issuers.length === 0) return;
  const iss = payload.iss;
  if (typeof iss !== 'string' || !issuers.some((allowed) => issuerMatches(allowed, iss))) {
    throw new JwtFailure(
      'TokenIssuerNotAllowed',
      `IDX10205: Issuer validation failed. Issuer: '${typeof iss === 'string' ? iss : ''}'. Did not match: validationParameters.ValidIssuers: '${issuers.join(', ')}'.`,
    );
  }
}

// Entra ID's multi-tenant metadata declares `https://login.microsoftonline.com/{tenantid}/v2.0`.
function issuerMatches(allowed: string, iss: string): boolean {
  if (!allowed.includes('{tenantid}')) return allowed === iss;
  const [before, after] = allowed.split('{tenantid}') as [string, string];
  return iss.startsWith(before) && iss.endsWith(after) && /^[0-9a-fA-F-]{36}$/.test(iss.slice(before.length, iss.length - after.length));
}

function claimValues(value: unknown, separator: string | undefined): string[] {
  const raw = Array.isArray(value) ? value : [value];
  const strings = raw.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return separator ? strings.flatMap((s) => s.split(separator)).filter((s) => s !== '') : strings;
}

function checkClaim(payload: Record<string, unknown>, claim: RequiredClaim): void {
  if (!(claim.name in payload) || payload[claim.name] === null) {
    throw new JwtFailure('TokenClaimNotFound', `Required claim '${claim.name}' was not found in the token.`);
  }
  if (claim.values.length === 0) return;
  const present = new Set(claimValues(payload[claim.name], claim.separator));
  const ok = claim.match === 'any' ? claim.values.some((v) => present.has(v)) : claim.values.every((v) => present.has(v));
  if (!ok) {
    throw new JwtFailure(
      'TokenClaimValueNotAllowed',
      `Claim '${claim.name}' value is not allowed: expected ${claim.match} of '${claim.values.join(', ')}', got '${[...present].join(', ')}'.`,
    );
  }
}
