/**
 * The JWS signature algorithms (RFC 7518 §3) validate-jwt accepts, one table entry per `alg`: the key
 * family and curve it needs, and signing on node:crypto (synchronous, for `onhandshake token` and tests).
 * Verification is jose's (jwt-validate.ts). `none` is deliberately absent: an unsigned token never verifies.
 */
import { constants, createHmac, sign, type KeyObject } from 'node:crypto';

export type KeyFamily = 'oct' | 'RSA' | 'EC';

export interface JwsAlgorithm {
  family: KeyFamily;
  sign(key: KeyObject, data: Buffer): Buffer;
  /** EC curve the key must be on. */
  curve?: string;
}

function hmac(hash: string): JwsAlgorithm {
  return { family: 'oct', sign: (key, data) => createHmac(hash, key).update(data).digest() };
}

function rsa(hash: string, pss: boolean): JwsAlgorithm {
  const options = (key: KeyObject) =>
    pss
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : { key, padding: constants.RSA_PKCS1_PADDING };
  return { family: 'RSA', sign: (key, data) => sign(hash, data, options(key)) };
}

// JWS carries ECDSA signatures as raw r‖s (IEEE P1363), not DER.
function ecdsa(hash: string, curve: string): JwsAlgorithm {
  return { family: 'EC', curve, sign: (key, data) => sign(hash, data, { key, dsaEncoding: 'ieee-p1363' }) };
}
export const jwsAlgorithms: Readonly<Record<string, JwsAlgorithm>> = {
  HS256: hmac('sha256'),
  HS384: hmac('sha384'),
  HS512: hmac('sha512'),
  RS256: rsa('sha256', false),
  RS384: rsa('sha384', false),
  RS512: rsa('sha512', false),
  PS256: rsa('sha256', true),
  PS384: rsa('sha384', true),
  PS512: rsa('sha512', true),
  ES256: ecdsa('sha256', 'P-256'),
  ES384: ecdsa('sha384', 'P-384'),
  ES512: ecdsa('sha512', 'P-521'),
};

export function keyFamily(key: KeyObject): KeyFamily | undefined {
  if (key.type === 'secret') return 'oct';
  const type = key.asymmetricKeyType;
  if (type === 'rsa' || type === 'rsa-pss') return 'RSA';
  if (type === 'ec') return 'EC';
  return undefined;
}

const namedCurves: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** True when `key` can check signatures made with `alg`. */
export function keyFitsAlgorithm(key: KeyObject, alg: JwsAlgorithm): boolean {
  if (keyFamily(key) !== alg.family) return false;
  if (alg.curve) {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve !== undefined && (namedCurves[curve] ?? curve) === alg.curve;
  }
  return true;
}
