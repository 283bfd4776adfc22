/** Compact JWT parsing: a JWS (three parts) or a JWE (five parts), without checking anything yet. */
import { base64UrlDecode, isBase64Url } from './base64url.js';
import { JwtFailure } from './jwt-failure.js';

export interface JwsParts {
  kind: 'jws';
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `header.payload`, the bytes the signature covers. */
  signingInput: Buffer;
  signature: Buffer;
}

export interface JweParts {
  kind: 'jwe';
  header: Record<string, unknown>;
  protectedHeader: string;
  encryptedKey: Buffer;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function parseCompactJwt(token: string): JwsParts | JweParts {
  const parts = token.split('.');
  if ((parts.length !== 3 && parts.length !== 5) || !parts.every(isBase64Url)) {
    throw invalid(`the token is not a compact JWS or JWE (it has ${parts.length} dot-separated parts)`);
  }
  const header = decodeJson(parts[0]!, 'header');
  if (parts.length === 5) {
    return {
      kind: 'jwe',
      header,
      protectedHeader: parts[0]!,
      encryptedKey: base64UrlDecode(parts[1]!),
      iv: base64UrlDecode(parts[2]!),
      ciphertext: base64UrlDecode(parts[3]!),
      tag: base64UrlDecode(parts[4]!),
    };
  }
  return {
    kind: 'jws',
    header,
    payload: decodeJson(parts[1]!, 'payload'),
    signingInput: Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'),
    signature: base64UrlDecode(parts[2]!),
  };
}

export function decodeJson(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(base64UrlDecode(part).toString('utf8'));
  } catch {
    throw invalid(`the token ${what} is not Base64url-encoded JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(`the token ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function invalid(detail: string): JwtFailure {
  return new JwtFailure('JwtInvalid', `IDX12741: JWT is not well formed: ${detail}.`);
}
