/**
 * JWE compact decryption (RFC 7516/7518) for validate-jwt's `decryption-keys`, and encryption for
 * tests and `onhandshake token`. Key management: dir, A128KW/A192KW/A256KW, RSA-OAEP, RSA-OAEP-256;
 * content: A128CBC-HS256, A192CBC-HS384, A256CBC-HS512, A128GCM, A192GCM, A256GCM.
 */
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
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
  decrypt(cek: Buffer, iv: Buffer, aad: Buffer, ciphertext: Buffer, tag: Buffer): Buffer;
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
    decrypt(cek, iv, aad, ciphertext, tag) {
      const expected = tagOf(cek.subarray(0, half), aad, iv, ciphertext);
      if (expected.length !== tag.length || !timingSafeEqual(expected, tag)) throw new Error('authentication tag mismatch');
      const d = createDecipheriv(cipher, cek.subarray(half), iv);
      return Buffer.concat([d.update(ciphertext), d.final()]);
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
    decrypt(cek, iv, aad, ciphertext, tag) {
      const d = createDecipheriv(cipher, cek, iv);
      d.setAAD(aad);
      d.setAuthTag(tag);
      return Buffer.concat([d.update(ciphertext), d.final()]);
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

interface KeyManagement {
  wrap(key: KeyObject, cek: Buffer): Buffer;
  unwrap(key: KeyObject, encryptedKey: Buffer, cekBytes: number): Buffer;
}

function aesKw(bits: 128 | 192 | 256): KeyManagement {
  const cipher = `id-aes${bits}-wrap`;
  return {
    wrap: (key, cek) => {
      const c = createCipheriv(cipher, key.export(), KW_IV);
      return Buffer.concat([c.update(cek), c.final()]);
    },
    unwrap: (key, encryptedKey) => {
      const d = createDecipheriv(cipher, key.export(), KW_IV);
      return Buffer.concat([d.update(encryptedKey), d.final()]);
    },
  };
}

function rsaOaep(oaepHash: string): KeyManagement {
  return {
    wrap: (key, cek) => publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, cek),
    unwrap: (key, encryptedKey) => privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, encryptedKey),
  };
}

const keyManagement: Record<string, KeyManagement> = {
  dir: {
    wrap: () => Buffer.alloc(0),
    unwrap: (key, encryptedKey, cekBytes) => {
      if (encryptedKey.length !== 0) throw new Error('dir requires an empty encrypted key');
      const cek = key.export();
      if (cek.length !== cekBytes) throw new Error(`key is ${cek.length * 8} bits, enc needs ${cekBytes * 8}`);
      return cek;
    },
  },
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
export function decryptJwe(parts: JweParts, keys: readonly DecryptionKey[]): string {
  const alg = String(parts.header.alg);
  const enc = String(parts.header.enc);
  const km = keyManagement[alg];
  const cc = contentCiphers[enc];
  if (!km || !cc) throw fail(`Unsupported algorithm alg '${alg}', enc '${enc}'.`);
  if (parts.header.zip !== undefined) throw fail(`Compressed tokens (zip) are not supported.`);
  const kid = typeof parts.header.kid === 'string' ? parts.header.kid : undefined;
  const candidates = kid && keys.some((k) => k.id === kid) ? keys.filter((k) => k.id === kid) : keys;
  if (candidates.length === 0) throw fail('No decryption keys were configured.');
  const aad = Buffer.from(parts.protectedHeader, 'ascii');
  for (const { key } of candidates) {
    try {
      const cek = km.unwrap(key, parts.encryptedKey, cc.keyBytes);
      return cc.decrypt(cek, parts.iv, aad, parts.ciphertext, parts.tag).toString('utf8');
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
  const km = keyManagement[alg];
  const cc = contentCiphers[enc];
  if (!km || !cc) throw new Error(`unsupported JWE algorithm ${alg}/${enc}`);
  const cek = alg === 'dir' ? key.export() : randomBytes(cc.keyBytes);
  const encryptedKey = km.wrap(key, cek);
  const header = base64UrlEncode(JSON.stringify({ alg, enc, ...extraHeader }));
  const iv = randomBytes(cc.ivBytes);
  const { ciphertext, tag } = cc.encrypt(cek, iv, Buffer.from(header, 'ascii'), Buffer.from(plaintext, 'utf8'));
  return [header, encryptedKey, iv, ciphertext, tag].map((p) => (typeof p === 'string' ? p : base64UrlEncode(p))).join('.');
}
