/**
 * The PKCS#12 key derivation function (RFC 7292 appendix B.2): derives the keys, IVs and MAC keys of the
 * legacy PFX algorithms (pbeWithSHAAnd3-KeyTripleDES-CBC, pbeWithSHAAnd40BitRC2-CBC, the HMAC over the
 * authenticated safe). Node's OpenSSL exposes no PKCS#12 KDF, so it is written out here.
 */
import { createHash, hash as hashOnce } from 'node:crypto';

export type KdfHash = 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'md5';

/** Output size u and block size v (bytes) of each hash. */
const SIZES: Record<KdfHash, { u: number; v: number }> = {
  md5: { u: 16, v: 64 },
  sha1: { u: 20, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

export const KDF_ID = { key: 1, iv: 2, mac: 3 } as const;

/**
 * The password as PKCS#12 wants it: big-endian UTF-16 with a two-byte terminator; a null password is the
 * empty byte string (no terminator). "" and null are different passwords here, which is why loaders try both.
 */
export function bmpPassword(password: string | null): Uint8Array {
  if (password === null) return new Uint8Array(0);
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[i * 2] = c >> 8;
    out[i * 2 + 1] = c & 0xff;
  }
  return out;
}

/** Repeats `data` to fill a whole number of `v`-byte blocks (empty stays empty). */
function fillBlocks(data: Uint8Array, v: number): Uint8Array {
  if (data.length === 0) return data;
  const out = new Uint8Array(v * Math.ceil(data.length / v));
  for (let i = 0; i < out.length; i++) out[i] = data[i % data.length]!;
  return out;
}

export function pkcs12Kdf(hash: KdfHash, password: Uint8Array, salt: Uint8Array, iterations: number, id: number, length: number): Uint8Array {
  const { u, v } = SIZES[hash];
  const diversifier = new Uint8Array(v).fill(id);
  const input = Buffer.concat([fillBlocks(salt, v), fillBlocks(password, v)]);
  const out = new Uint8Array(length);
  for (let produced = 0; produced < length; produced += u) {
    let a: Uint8Array = createHash(hash).update(diversifier).update(input).digest();
    // crypto.hash: the one-shot form is several times faster than createHash for these tiny inputs
    for (let r = 1; r < iterations; r++) a = hashOnce(hash, a, 'buffer');
    out.set(a.subarray(0, Math.min(u, length - produced)), produced);
    if (produced + u >= length) break;
    // I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block of I, B being A repeated to v bytes
    const b = fillBlocks(a, v).subarray(0, v);
    for (let j = 0; j < input.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = input[j + k]! + b[k]! + carry;
        input[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return out;
}
