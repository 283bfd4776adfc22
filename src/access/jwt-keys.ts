/**
 * The keys validate-jwt checks signatures with, from each source APIM accepts:
 * Base64 symmetric text, a certificate, an RSA modulus/exponent pair, or a JWKS document.
 */
import { X509Certificate, createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface VerificationKey {
  /** `kid` the key answers to; keys without one are tried for any token. */
  id?: string;
  key: KeyObject;
}

export function symmetricKeyFromBase64(text: string, id?: string): VerificationKey {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/=_-]+$/.test(trimmed)) throw new Error('the symmetric key is not Base64 text');
  const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length === 0) throw new Error('the symmetric key is empty');
  return withId({ key: createSecretKey(bytes) }, id);
}

/** An RSA public key from `n` and `e`, base64url (APIM's `<key n="…" e="…"/>`). */
export function rsaKeyFromModulus(n: string, e: string, id?: string): VerificationKey {
  const key = createPublicKey({ key: { kty: 'RSA', n: toBase64Url(n), e: toBase64Url(e) }, format: 'jwk' });
  return withId({ key }, id);
}

/** A PEM or Base64 DER X.509 certificate (a public key PEM is accepted too). */
export function keyFromCertificate(data: string | Buffer, id?: string): VerificationKey {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  if (text.includes('-----BEGIN PUBLIC KEY-----')) return withId({ key: createPublicKey(text) }, id);
  const der = text.includes('-----BEGIN') ? text : Buffer.isBuffer(data) && !isBase64Text(text) ? data : Buffer.from(text.trim(), 'base64');
  return withId({ key: new X509Certificate(der).publicKey }, id);
}

/** Every usable signing key of a JWKS document; keys marked `use: enc` and unknown types are skipped. */
export function keysFromJwks(document: unknown): VerificationKey[] {
  const keys = (document as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) throw new Error('the JWKS document has no "keys" array');
  const out: VerificationKey[] = [];
  for (const jwk of keys as Array<JsonWebKey & { kid?: string; use?: string; x5c?: string[] }>) {
    if (!jwk || typeof jwk !== 'object' || jwk.use === 'enc') continue;
    try {
      out.push(withId(keyFromJwk(jwk), jwk.kid));
    } catch {
      // A key we cannot use (unsupported type, broken numbers) must not hide the others.
    }
  }
  return out;
}

function keyFromJwk(jwk: JsonWebKey & { x5c?: string[] }): VerificationKey {
  if (jwk.kty === 'oct' && typeof jwk.k === 'string') return { key: createSecretKey(Buffer.from(jwk.k, 'base64url')) };
  if ((jwk.kty === 'RSA' || jwk.kty === 'EC') && (jwk.n || jwk.x)) {
    const { kty, n, e, crv, x, y } = jwk;
    return { key: createPublicKey({ key: { kty, n, e, crv, x, y } as JsonWebKey, format: 'jwk' }) };
  }
  if (Array.isArray(jwk.x5c) && jwk.x5c[0]) return keyFromCertificate(jwk.x5c[0]);
  throw new Error(`unsupported JWK type ${String(jwk.kty)}`);
}

function withId(key: VerificationKey, id: string | undefined): VerificationKey {
  return id ? { ...key, id } : key;
}

function toBase64Url(text: string): string {
  return text.trim().replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function isBase64Text(text: string): boolean {
  return /^[A-Za-z0-9+/=\s]+$/.test(text);
}
