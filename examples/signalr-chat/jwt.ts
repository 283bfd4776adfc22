/**
 * HS256 JSON Web Tokens with node:crypto, as the chat web app mints them for SignalR Service
 * (Azure SignalR signs client tokens with the service's access key, audience = the client URL).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface JwtClaims {
  aud: string;
  exp: number;
  iat?: number;
  nbf?: number;
  [claim: string]: unknown;
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export function signHs256(claims: JwtClaims, key: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export type JwtCheck = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

/** Verifies signature, expiry and audience; the reason is what SignalR Service would complain about. */
export function verifyHs256(token: string, key: string, audience: string, now = Date.now()): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid signature' };
  let claims: JwtClaims;
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
    if (head.alg !== 'HS256') return { ok: false, reason: `unexpected alg ${String(head.alg)}` };
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtClaims;
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  const seconds = Math.floor(now / 1000);
  if (typeof claims.exp !== 'number' || claims.exp < seconds) return { ok: false, reason: 'token expired' };
  if (typeof claims.nbf === 'number' && claims.nbf > seconds + 300) return { ok: false, reason: 'token not yet valid' };
  if (claims.aud !== audience) return { ok: false, reason: `audience '${String(claims.aud)}' is not '${audience}'` };
  return { ok: true, claims };
}
