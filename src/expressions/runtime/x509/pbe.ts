/**
 * Password-based decryption of PFX contents, by AlgorithmIdentifier: PBES2 (PBKDF2 with HMAC-SHA1/224/
 * 256/384/512, AES-128/192/256-CBC or 3DES-CBC; OpenSSL 3's default) and the PKCS#12 schemes
 * pbeWithSHAAnd3-KeyTripleDES-CBC, pbeWithSHAAnd2-KeyTripleDES-CBC, pbeWithSHAAnd128BitRC2-CBC and
 * pbeWithSHAAnd40BitRC2-CBC (Windows, Key Vault, `openssl -legacy`). Anything else throws PfxError naming
 * the algorithm. A wrong password shows up as bad padding: BadPasswordError.
 */
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { type AsnNode, AsnError, TAG, expectTag, octetString, oid, smallInt } from './der.js';
import { KDF_ID, type KdfHash, pkcs12Kdf } from './pkcs12-kdf.js';
import { rc2CbcDecrypt } from './rc2.js';

/** A PFX that cannot be read for a reason other than its password (names the construct). */
export class PfxError extends Error {}
/** The password does not open the PFX (MAC mismatch or bad padding). */
export class BadPasswordError extends Error {}

/** The two encodings of one password: PKCS#12's BMPString (for the PKCS#12 KDF) and UTF-8 (for PBKDF2). */
export interface PfxPassword {
  bmp: Uint8Array;
  utf8: Uint8Array;
}

/**
 * Iterations allowed across one PFX (.NET 7+'s default limit is 600,000): a hostile file cannot keep the
 * gateway busy deriving keys.
 */
export class IterationBudget {
  used = 0;
  constructor(readonly limit = 600_000) {}
  spend(n: number): void {
    this.used += n;
    // .NET 7+'s text for its own limit (it applies it to password-less loads; here every load is bounded)
    if (n < 1 || this.used > this.limit) throw new PfxError('The PKCS#12/PFX exceeded the maximum allowed iterations. See https://go.microsoft.com/fwlink/?linkid=2233907 for more information.');
  }
}

interface Pkcs12Scheme {
  name: string;
  keyLength: number;
  decrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array;
}

const nodeCbc = (cipher: string) => (key: Uint8Array, iv: Uint8Array, data: Uint8Array) => {
  const d = createDecipheriv(cipher, key, iv);
  return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
};

const PKCS12_SCHEMES: Record<string, Pkcs12Scheme> = {
  '1.2.840.113549.1.12.1.3': { name: 'pbeWithSHAAnd3-KeyTripleDES-CBC', keyLength: 24, decrypt: nodeCbc('des-ede3-cbc') },
  '1.2.840.113549.1.12.1.4': { name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', keyLength: 16, decrypt: nodeCbc('des-ede-cbc') },
  '1.2.840.113549.1.12.1.5': { name: 'pbeWithSHAAnd128BitRC2-CBC', keyLength: 16, decrypt: (k, iv, d) => rc2CbcDecrypt(k, 128, iv, d) },
  '1.2.840.113549.1.12.1.6': { name: 'pbeWithSHAAnd40BitRC2-CBC', keyLength: 5, decrypt: (k, iv, d) => rc2CbcDecrypt(k, 40, iv, d) },
};

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';

const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const PBES2_CIPHERS: Record<string, { cipher: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { cipher: 'des-ede3-cbc', keyLength: 24 },
};

/** Names of schemes this module does not implement, for the error message. */
const KNOWN_UNSUPPORTED: Record<string, string> = {
  '1.2.840.113549.1.12.1.1': 'pbeWithSHAAnd128BitRC4',
  '1.2.840.113549.1.12.1.2': 'pbeWithSHAAnd40BitRC4',
  '1.2.840.113549.1.5.3': 'pbeWithMD5AndDES-CBC',
  '1.2.840.113549.1.5.10': 'pbeWithSHA1AndDES-CBC',
};

function unsupported(what: string, id: string): never {
  const name = KNOWN_UNSUPPORTED[id];
  throw new PfxError(`The PFX uses the ${what} ${id}${name ? ` (${name})` : ''}, which is not supported here.`);
}

/** Runs a cipher; a padding failure means the key was wrong, i.e. the password. */
function decryptOrBadPassword(run: () => Uint8Array): Uint8Array {
  try {
    return run();
  } catch (e) {
    if (e instanceof PfxError || e instanceof AsnError) throw e;
    throw new BadPasswordError('bad decrypt');
  }
}

/** Decrypts `data` encrypted under the AlgorithmIdentifier `algorithm` with `password`. */
export function decryptPbe(algorithm: AsnNode, data: Uint8Array, password: PfxPassword, budget: IterationBudget): Uint8Array {
  const id = oid(algorithm.child(0));
  const scheme = PKCS12_SCHEMES[id];
  if (scheme) {
    const params = expectTag(algorithm.child(1), TAG.SEQUENCE, 'PKCS#12 PBE parameters');
    const salt = octetString(params.child(0), 'PBE salt');
    const iterations = smallInt(params.child(1));
    budget.spend(iterations * 2);
    const hash: KdfHash = 'sha1';
    const key = pkcs12Kdf(hash, password.bmp, salt, iterations, KDF_ID.key, scheme.keyLength);
    const iv = pkcs12Kdf(hash, password.bmp, salt, iterations, KDF_ID.iv, 8);
    return decryptOrBadPassword(() => scheme.decrypt(key, iv, data));
  }
  if (id === PBES2) return decryptPbes2(algorithm.child(1), data, password, budget);
  unsupported('encryption algorithm', id);
}

function decryptPbes2(params: AsnNode, data: Uint8Array, password: PfxPassword, budget: IterationBudget): Uint8Array {
  const kdf = params.child(0, TAG.SEQUENCE);
  const encryption = params.child(1, TAG.SEQUENCE);
  const kdfId = oid(kdf.child(0));
  if (kdfId !== PBKDF2) unsupported('PBES2 key derivation', kdfId);
  const cipherId = oid(encryption.child(0));
  const cipher = PBES2_CIPHERS[cipherId];
  if (!cipher) unsupported('PBES2 cipher', cipherId);
  const iv = octetString(encryption.child(1), 'PBES2 IV');

  const kdfParams = kdf.child(1, TAG.SEQUENCE).children();
  const salt = octetString(kdfParams[0]!, 'PBKDF2 salt');
  const iterations = smallInt(kdfParams[1]!);
  let keyLength = cipher.keyLength;
  let prf = 'sha1';
  for (const extra of kdfParams.slice(2)) {
    if (extra.tag === TAG.INTEGER) keyLength = smallInt(extra);
    else if (extra.tag === TAG.SEQUENCE) {
      const prfId = oid(extra.child(0));
      prf = PRFS[prfId] ?? unsupported('PBKDF2 pseudo-random function', prfId);
    }
  }
  if (keyLength !== cipher.keyLength) throw new PfxError(`The PFX's PBKDF2 key length ${keyLength} does not fit ${cipher.cipher}.`);
  budget.spend(iterations);
  const key = pbkdf2Sync(password.utf8, salt, iterations, keyLength, prf);
  return decryptOrBadPassword(() => nodeCbc(cipher.cipher)(key, iv, data));
}
