/**
 * JWE compact decryption (RFC 7516/7518) for validate-jwt's `decryption-keys` through jose (which also pins
 * the GCM tag at 128 bits); our part is IdentityModel's key choice (a matching `kid` narrows the keys) and
 * its messages. Encryption stays here, synchronous, for tests and `onhandshake token`.
 * Key management: dir, A128KW/A192KW/A256KW, RSA-OAEP, RSA-OAEP-256;
 * content: A128CBC-HS256, A192CBC-HS384, A256CBC-HS512, A128GCM, A192GCM, A256GCM.
 */
import { constants, createCipheriv, createHmac, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { base64UrlEncode } from './base64url.js';
import { JwtFailure } from './jwt-failure.js';
import type { JweParts } from './jwt-parse.js';

export interface DecryptionKey {
  id?: string;
  /** A secret key (dir, AES key wrap) or an RSA private key (RSA-OAEP). */
  key: KeyObject;
}

interface ContentCipher {
  keyBytes: number;
  encrypt(cek: Buffer, iv: Buffer, aad: Buffer, plain: Buffer): { ciphertext: Buffer; tag: Buffer };
  ivBytes: number;
}

function cbcHmac(bits: 128 | 192 | 256, hash: string): ContentCipher {
  const half = bits / 8;
  const cipher = `aes-${bits}-cbc`;
  const tagOf = (macKey: Buffer, aad: Buffer, iv: Buffer, ciphertext: Buffer) => {
    const al = Buffer.alloc(8);
    al.writeBigUInt64BE(BigInt(aad.length * 8));
    return createHmac(hash, macKey).update(Buffer.concat([aad, iv, ciphertext, al])).digest().subarray(0, half);
  };
  return {
    keyBytes: half * 2,
    ivBytes: 16,
    encrypt(cek, iv, aad, plain) {
      const c = createCipheriv(cipher, cek.subarray(half), iv);
      const ciphertext = Buffer.concat([c.update(plain), c.final()]);
      return { ciphertext, tag: tagOf(cek.subarray(0, half), aad, iv, ciphertext) };
    },
  };
}

function gcm(bits: 128 | 192 | 256): ContentCipher {
  const cipher = `aes-${bits}-gcm` as const;
  return {
    keyBytes: bits / 8,
    ivBytes: 12,
    encrypt(cek, iv, aad, plain) {
      const c = createCipheriv(cipher, cek, iv);
      c.setAAD(aad);
      const ciphertext = Buffer.concat([c.update(plain), c.final()]);
      return { ciphertext, tag: c.getAuthTag() };
    },
  };
}

const contentCiphers: Record<string, ContentCipher> = {
  'A128CBC-HS256': cbcHmac(128, 'sha256'),
  'A192CBC-HS384': cbcHmac(192, 'sha384'),
  'A256CBC-HS512': cbcHmac(256, 'sha512'),
  A128GCM: gcm(128),
  A192GCM: gcm(192),
  A256GCM: gcm(256),
};

const KW_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');

type KeyWrap = (key: KeyObject, cek: Buffer) => Buffer;

function aesKw(bits: 128 | 192 | 256): KeyWrap {
  return (key, cek) => {
    const c = createCipheriv(`id-aes${bits}-wrap`, key.export(), KW_IV);
    return Buffer.concat([c.update(cek), c.final()]);
  };
}

function rsaOaep(oaepHash: string): KeyWrap {
  return (key, cek) => publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, cek);
}

const keyWraps: Record<string, KeyWrap> = {
  dir: () => Buffer.alloc(0),
  A128KW: aesKw(128),
  A192KW: aesKw(192),
  A256KW: aesKw(256),
  'RSA-OAEP': rsaOaep('sha1'),
  'RSA-OAEP-256': rsaOaep('sha256'),
};

function fail(detail: string): JwtFailure {
  return new JwtFailure('JwtInvalid', `IDX10603: Decryption failed. ${detail}`);
}

/** The decrypted payload (usually a nested JWS), trying each fitting key in turn. */
export async function decryptJwe(token: string, parts: JweParts, keys: readonly DecryptionKey[]): Promise<string> {
  const alg = String(parts.header.alg);
  const enc = String(parts.header.enc);
  if (!keyWraps[alg] || !contentCiphers[enc]) throw fail(`Unsupported algorithm alg '${alg}', enc '${enc}'.`);
  if (parts.header.zip !== undefined) throw fail(`Compressed tokens (zip) are not supported.`);
  const kid = typeof parts.header.kid === 'string' ? parts.header.kid : undefined;
  const candidates = kid && keys.some((k) => k.id === kid) ? keys.filter((k) => k.id === kid) : keys;
  if (candidates.length === 0) throw fail('No decryption keys were configured.');
  const { compactDecrypt } = await import('jose');
  const options = { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] };
  for (const { key } of candidates) {
    try {
      const { plaintext } = await compactDecrypt(token, key, options);
      return Buffer.from(plaintext).toString('utf8');
    } catch {
      // Try the next key; a wrong key fails here.
    }
  }
  throw fail(`Keys tried: ${candidates.length}.`);
}

/** Compact JWE of `plaintext` (for tests and the token command). */
export function encryptJwe(
  plaintext: string,
  key: KeyObject,
  alg: string,
  enc: string,
  extraHeader: Record<string, unknown> = {},
): string {
  const wrap = keyWraps[alg];
  const cc = contentCiphers[enc];
  if (!wrap || !cc) throw new Error(`unsupported JWE algorithm ${alg}/${enc}`);
  const cek = alg === 'dir' ? key.export() : randomBytes(cc.keyBytes);
  const encryptedKey = wrap(key, cek);
  const header = base64UrlEncode(JSON.stringify({ alg, enc, ...extraHeader }));
  const iv = randomBytes(cc.ivBytes);
  const { ciphertext, tag } = cc.encrypt(cek, iv, Buffer.from(header, 'ascii'), Buffer.from(plaintext, 'utf8'));
  return [header, encryptedKey, iv, ciphertext, tag].map((p) => (typeof p === 'string' ? p : base64UrlEncode(p))).join('.');
}
