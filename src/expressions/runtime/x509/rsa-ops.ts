/**
 * RSA signatures and encryption on node:crypto keys, shaped like .NET's RSA.SignHash/VerifyHash/Encrypt/
 * Decrypt. Signing a precomputed hash has no node:crypto call for PSS, so EMSA-PSS (RFC 8017 9.1, salt
 * length = hash length as .NET uses) is encoded here and applied with raw RSA; PKCS#1 v1.5 uses node's
 * type-1 padding over the DigestInfo. PKCS#1 v1.5 decryption is unpadded here too: Node 20 refuses
 * RSA_PKCS1_PADDING for private decryption (CVE-2023-46809).
 */
import { constants, createHash, privateDecrypt, privateEncrypt, publicDecrypt, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { HASH_LENGTH, type NodeHash } from './hash-name.js';

/** The DER prefix of DigestInfo for each hash (RFC 8017 9.2 note 1). */
const DIGEST_INFO: Record<NodeHash, string> = {
  md5: '3020300c06082a864886f70d020505000410',
  sha1: '3021300906052b0e03021a05000414',
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

/** Thrown for a hash whose length does not fit the algorithm, or a message too long for the key. */
export class RsaInputError extends Error {}

export function modulusBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

function mgf1(hash: NodeHash, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const h = HASH_LENGTH[hash];
  for (let counter = 0, at = 0; at < length; counter++, at += h) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    out.set(createHash(hash).update(seed).update(c).digest().subarray(0, Math.min(h, length - at)), at);
  }
  return out;
}

function pssHash(hash: NodeHash, mHash: Uint8Array, salt: Uint8Array): Buffer {
  return createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
}

/** EMSA-PSS-ENCODE, left-padded to the modulus length for raw RSA. */
function pssEncode(hash: NodeHash, mHash: Uint8Array, modBits: number): Uint8Array {
  const hLen = HASH_LENGTH[hash];
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < 2 * hLen + 2) throw new RsaInputError('key too small for PSS with this hash');
  const salt = randomBytes(hLen);
  const h = pssHash(hash, mHash, salt);
  const db = new Uint8Array(emLen - hLen - 1);
  db[db.length - hLen - 1] = 0x01;
  db.set(salt, db.length - hLen);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i] = db[i]! ^ mask[i]!;
  db[0] = db[0]! & (0xff >> (8 * emLen - emBits));
  const k = Math.ceil(modBits / 8);
  const out = new Uint8Array(k);
  out.set(db, k - emLen);
  out.set(h, k - emLen + db.length);
  out[k - 1] = 0xbc;
  return out;
}

/** EMSA-PSS-VERIFY over the raw RSA output `em` (modulus length). */
function pssVerify(hash: NodeHash, mHash: Uint8Array, em: Uint8Array, modBits: number): boolean {
  const hLen = HASH_LENGTH[hash];
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (em.length - emLen > 0 && em[0] !== 0) return false;
  const body = em.subarray(em.length - emLen);
  if (emLen < 2 * hLen + 2 || body[emLen - 1] !== 0xbc) return false;
  const maskedDb = body.subarray(0, emLen - hLen - 1);
  const h = body.subarray(emLen - hLen - 1, emLen - 1);
  const topBits = 0xff >> (8 * emLen - emBits);
  if ((maskedDb[0]! & ~topBits) !== 0) return false;
  const mask = mgf1(hash, h, maskedDb.length);
  const db = maskedDb.map((b, i) => b ^ mask[i]!);
  db[0] = db[0]! & topBits;
  const psEnd = db.length - hLen - 1;
  for (let i = 0; i < psEnd; i++) if (db[i] !== 0) return false;
  if (db[psEnd] !== 0x01) return false;
  return Buffer.from(pssHash(hash, mHash, db.subarray(psEnd + 1))).equals(Buffer.from(h));
}

function checkHashLength(hash: NodeHash, mHash: Uint8Array): void {
  if (mHash.length !== HASH_LENGTH[hash]) throw new RsaInputError('hash length does not match the algorithm');
}

export function signHash(privateKey: KeyObject, hash: NodeHash, mHash: Uint8Array, pss: boolean): Uint8Array {
  checkHashLength(hash, mHash);
  if (pss) return new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, pssEncode(hash, mHash, modulusBits(privateKey))));
  const digestInfo = Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), mHash]);
  return new Uint8Array(privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo));
}

export function verifyHash(publicKey: KeyObject, hash: NodeHash, mHash: Uint8Array, signature: Uint8Array, pss: boolean): boolean {
  if (mHash.length !== HASH_LENGTH[hash]) return false;
  const k = Math.ceil(modulusBits(publicKey) / 8);
  if (signature.length !== k) return false;
  try {
    if (pss) return pssVerify(hash, mHash, publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature), modulusBits(publicKey));
    const digestInfo = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    return digestInfo.equals(Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), mHash]));
  } catch {
    return false; // signature >= modulus or bad padding
  }
}

export function hashData(hash: NodeHash, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(hash).update(data).digest());
}

/** `oaepHash` null means PKCS#1 v1.5. */
export function encrypt(publicKey: KeyObject, data: Uint8Array, oaepHash: NodeHash | null): Uint8Array {
  const k = Math.ceil(modulusBits(publicKey) / 8);
  const max = oaepHash ? k - 2 * HASH_LENGTH[oaepHash] - 2 : k - 11;
  if (data.length > max) throw new RsaInputError('message too long for the key');
  const options = oaepHash ? { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash } : { key: publicKey, padding: constants.RSA_PKCS1_PADDING };
  return new Uint8Array(publicEncrypt(options, data));
}

/** Throws RsaInputError when the ciphertext does not decrypt under the padding. */
export function decrypt(privateKey: KeyObject, data: Uint8Array, oaepHash: NodeHash | null): Uint8Array {
  const k = Math.ceil(modulusBits(privateKey) / 8);
  if (data.length !== k) throw new RsaInputError('ciphertext length does not match the key');
  try {
    if (oaepHash) return new Uint8Array(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, data));
    const em = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, data);
    // EM = 00 02 PS (at least 8 non-zero bytes) 00 M
    const zero = em.indexOf(0, 2);
    if (em[0] !== 0 || em[1] !== 2 || zero < 10) throw new RsaInputError('bad PKCS#1 padding');
    return new Uint8Array(em.subarray(zero + 1));
  } catch (e) {
    if (e instanceof RsaInputError) throw e;
    throw new RsaInputError('decryption failed');
  }
}
