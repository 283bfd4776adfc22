/** Minting compact JWS tokens with node:crypto: for `onhandshake token` and tests. */
import type { KeyObject } from 'node:crypto';
import { base64UrlEncode } from './base64url.js';
import { jwsAlgorithms, keyFitsAlgorithm } from './jws-algorithms.js';

export function signJwt(
  claims: Record<string, unknown>,
  key: KeyObject,
  alg: string,
  extraHeader: Record<string, unknown> = {},
): string {
  const algorithm = jwsAlgorithms[alg];
  if (!algorithm) throw new Error(`unsupported algorithm ${alg} (use one of ${Object.keys(jwsAlgorithms).join(', ')})`);
  if (!keyFitsAlgorithm(key, algorithm)) throw new Error(`the key does not fit ${alg}`);
  const header = base64UrlEncode(JSON.stringify({ alg, typ: 'JWT', ...extraHeader }));
  const payload = base64UrlEncode(JSON.stringify(claims));
  const signature = algorithm.sign(key, Buffer.from(`${header}.${payload}`, 'ascii'));
  return `${header}.${payload}.${base64UrlEncode(signature)}`;
}

/** An unsigned token (`alg: none`), which validate-jwt must refuse while signed tokens are required. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${base64UrlEncode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64UrlEncode(JSON.stringify(claims))}.`;
}
