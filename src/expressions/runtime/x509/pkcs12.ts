/**
 * PKCS#12 / PFX reading (RFC 7292): verifies the password MAC, decrypts the encrypted safes and shrouded
 * key bags (pbe.ts) and returns the certificates (DER) and private keys (PKCS#8 DER) it holds.
 *
 * Passwords: null and "" are different PKCS#12 passwords (empty byte string vs a lone terminator), and tools
 * use either for "no password"; like .NET, a null or empty password tries both.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type AsnNode, AsnError, TAG, directoryString, expectTag, octetString, octets, oid, parseAsn, smallInt } from './der.js';
import { BadPasswordError, IterationBudget, PfxError, type PfxPassword, decryptPbe } from './pbe.js';
import { KDF_ID, type KdfHash, bmpPassword, pkcs12Kdf } from './pkcs12-kdf.js';

export interface PfxCertificate {
  der: Uint8Array;
  /** The bag's friendlyName attribute (Windows shows it as X509Certificate2.FriendlyName). */
  friendlyName: string;
}

export interface PfxContents {
  certificates: PfxCertificate[];
  keys: Uint8Array[];
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
} as const;

const MAC_HASHES: Record<string, KdfHash> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.2.840.113549.2.5': 'md5',
};
const HASH_BYTES: Record<KdfHash, number> = { md5: 16, sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/** Whether a parsed element looks like a PFX (version 3, then a ContentInfo). */
export function looksLikePfx(root: AsnNode): boolean {
  if (root.tag !== TAG.SEQUENCE) return false;
  const kids = root.children();
  return kids.length >= 2 && kids[0]!.tag === TAG.INTEGER && kids[0]!.contents.length === 1 && kids[0]!.contents[0] === 3 && kids[1]!.tag === TAG.SEQUENCE;
}

function passwordsToTry(password: string | null): PfxPassword[] {
  const utf8 = new Uint8Array(Buffer.from(password ?? '', 'utf8'));
  if (password) return [{ bmp: bmpPassword(password), utf8 }];
  return [
    { bmp: bmpPassword(''), utf8 },
    { bmp: bmpPassword(null), utf8 },
  ];
}

/** The octets a ContentInfo of type data carries ([0] EXPLICIT OCTET STRING). */
function dataContent(contentInfo: AsnNode): Uint8Array {
  return octetString(contentInfo.child(1).child(0), 'data content');
}

function macMatches(macData: AsnNode, authSafe: Uint8Array, password: PfxPassword, budget: IterationBudget): boolean {
  const digestInfo = macData.child(0, TAG.SEQUENCE);
  const hashId = oid(digestInfo.child(0, TAG.SEQUENCE).child(0));
  const hash = MAC_HASHES[hashId];
  if (!hash) throw new PfxError(`The PFX's integrity MAC uses the hash ${hashId}, which is not supported here.`);
  const expected = octetString(digestInfo.child(1), 'MAC digest');
  const salt = octetString(macData.child(1), 'MAC salt');
  const iterations = macData.children()[2] ? smallInt(macData.child(2)) : 1;
  budget.spend(iterations);
  const key = pkcs12Kdf(hash, password.bmp, salt, iterations, KDF_ID.mac, HASH_BYTES[hash]);
  const actual = createHmac(hash, key).update(authSafe).digest();
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Reads a PFX. Throws BadPasswordError when the password does not open it, PfxError for a construct that is
 * not supported (named), AsnError for malformed data.
 */
export function readPfx(root: AsnNode, password: string | null): PfxContents {
  const authSafeInfo = root.child(1, TAG.SEQUENCE);
  const contentType = oid(authSafeInfo.child(0));
  if (contentType === OID.signedData) throw new PfxError('The PFX uses public-key integrity mode (signedData), which is not supported here.');
  if (contentType !== OID.data) throw new PfxError(`The PFX's content type ${contentType} is not supported here.`);
  const authSafe = dataContent(authSafeInfo);
  const macData = root.children()[2];
  const budget = new IterationBudget();
  const candidates = passwordsToTry(password);
  if (macData) {
    const match = candidates.find((p) => macMatches(macData, authSafe, p, budget));
    if (!match) throw new BadPasswordError('MAC mismatch');
    return readAuthenticatedSafe(authSafe, match, budget);
  }
  // no MAC (rare): the first password that decrypts everything wins
  let last: unknown;
  for (const p of candidates) {
    try {
      return readAuthenticatedSafe(authSafe, p, budget);
    } catch (e) {
      if (!(e instanceof BadPasswordError)) throw e;
      last = e;
    }
  }
  throw last;
}

function readAuthenticatedSafe(authSafe: Uint8Array, password: PfxPassword, budget: IterationBudget): PfxContents {
  const out: PfxContents = { certificates: [], keys: [] };
  for (const info of expectTag(parseAsn(authSafe), TAG.SEQUENCE, 'authenticated safe').children()) {
    const type = oid(info.child(0));
    if (type === OID.data) readSafeContents(dataContent(info), password, budget, out);
    else if (type === OID.encryptedData) {
      const encryptedContentInfo = info.child(1).child(0, TAG.SEQUENCE).child(1, TAG.SEQUENCE);
      const algorithm = encryptedContentInfo.child(1, TAG.SEQUENCE);
      const content = encryptedContentInfo.children()[2];
      if (!content || content.contextNumber !== 0) continue; // no content: nothing to read
      const plain = decryptPbe(algorithm, octets(content), password, budget);
      readSafeContents(plain, password, budget, out);
    } else if (type === OID.envelopedData) throw new PfxError('The PFX holds a public-key encrypted safe (envelopedData), which is not supported here.');
    else throw new PfxError(`The PFX holds a safe of content type ${type}, which is not supported here.`);
  }
  return out;
}

/** Nested safeContentsBags deeper than this are refused (real files nest once, if at all). */
const MAX_BAG_NESTING = 8;

function readSafeContents(bytes: Uint8Array, password: PfxPassword, budget: IterationBudget, out: PfxContents, depth = 0): void {
  if (depth > MAX_BAG_NESTING) throw new PfxError('The PFX nests safe contents too deeply.');
  let bags: AsnNode[];
  try {
    bags = expectTag(parseAsn(bytes), TAG.SEQUENCE, 'safe contents').children();
  } catch (e) {
    // decrypted with the wrong key but the padding happened to look right
    if (e instanceof AsnError) throw new BadPasswordError('undecodable safe contents');
    throw e;
  }
  for (const bag of bags) {
    const type = oid(bag.child(0));
    const value = bag.child(1).child(0);
    if (type === OID.keyBag) out.keys.push(value.raw);
    else if (type === OID.shroudedKeyBag) {
      const algorithm = value.child(0, TAG.SEQUENCE);
      out.keys.push(decryptPbe(algorithm, octetString(value.child(1), 'encrypted key'), password, budget));
    } else if (type === OID.certBag) {
      if (oid(value.child(0)) === OID.x509Certificate) out.certificates.push({ der: octetString(value.child(1).child(0), 'certificate'), friendlyName: friendlyName(bag) });
    } else if (type === OID.safeContentsBag) readSafeContents(value.raw, password, budget, out, depth + 1);
    // CRL and secret bags carry nothing X509Certificate2 exposes
  }
}

/** The friendlyName bag attribute (a BMPString), '' when absent. */
function friendlyName(bag: AsnNode): string {
  const attributes = bag.children()[2];
  if (!attributes || attributes.tag !== TAG.SET) return '';
  for (const attribute of attributes.children()) {
    if (oid(attribute.child(0)) !== OID.friendlyName) continue;
    const value = attribute.child(1).children()[0];
    return value ? directoryString(value) : '';
  }
  return '';
}
