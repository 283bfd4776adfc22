/**
 * `new X509Certificate2(byte[] rawData, string password)`: recognises a DER certificate, a certificate as
 * base64 text with or without PEM armour (Windows' CryptQueryObject reads both) or a PKCS#12/PFX, and
 * fails with the CryptographicException .NET 6 on Windows gives: "Cannot find the requested object." for
 * bytes that are none of these, "The specified network password is not correct." for a PFX the password
 * does not open. Whatever goes wrong inside a malformed file ends as one of these, never as a crash.
 */
import { type KeyObject, createHash, createPrivateKey } from 'node:crypto';
import { DotnetException } from '../../errors.js';
import { type AsnNode, parseAsn } from './der.js';
import { CertificateData } from './cert-data.js';
import { BadPasswordError, PfxError } from './pbe.js';
import { looksLikePfx, readPfx } from './pkcs12.js';
import { fail } from '../fail.js';
import { NSC } from './hash-name.js';

export const NOT_FOUND = 'Cannot find the requested object.';
export const BAD_PASSWORD = 'The specified network password is not correct.';

export interface LoadedCertificate {
  data: CertificateData;
  privateKey: KeyObject | null;
  friendlyName: string;
  /** X509ContentType of the input: 1 Cert, 3 Pfx. */
  contentType: number;
}

const cryptoFail = (message: string): never => fail(`${NSC}.CryptographicException`, message);

function certificateOrNotFound(der: Uint8Array): CertificateData {
  try {
    return new CertificateData(der);
  } catch {
    return cryptoFail(NOT_FOUND);
  }
}

const PEM = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*)-----END CERTIFICATE-----/;
const BASE64_TEXT = /^\s*[A-Za-z0-9+/]+={0,2}\s*$/;

/** The DER inside PEM text bytes, or undefined when the bytes are not PEM. */
function pemBody(raw: Uint8Array): Uint8Array | undefined {
  if (raw.length > 1 << 20) return undefined;
  const m = PEM.exec(Buffer.from(raw).toString('latin1'));
  return m ? new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')) : undefined;
}

/** The bytes a bare base64 text decodes to (line breaks allowed), or undefined. */
function base64Body(raw: Uint8Array): Uint8Array | undefined {
  if (raw.length > 1 << 20) return undefined;
  const text = Buffer.from(raw).toString('latin1').replace(/[\r\n]+/g, '');
  return BASE64_TEXT.test(text) ? new Uint8Array(Buffer.from(text.trim(), 'base64')) : undefined;
}

function tryParse(raw: Uint8Array): AsnNode | undefined {
  try {
    return parseAsn(raw);
  } catch {
    return undefined;
  }
}

const asCertificate = (data: CertificateData): LoadedCertificate => ({ data, privateKey: null, friendlyName: '', contentType: 1 });

/**
 * Loaded certificates by (bytes, password) digest: a policy that loads the same Key Vault PFX on every
 * handshake pays for the key derivation once. Entries are immutable (every member returns copies).
 */
const cache = new Map<string, LoadedCertificate>();
const CACHE_SIZE = 16;

function cacheKey(raw: Uint8Array, password: string | null): string {
  const h = createHash('sha256').update(raw);
  h.update(password === null ? '\u0000' : '\u0001' + password);
  return h.digest('base64');
}

export function loadCertificate(raw: Uint8Array | null, password: string | null): LoadedCertificate {
  if (raw === null || raw === undefined || raw.length === 0) fail('System.ArgumentException', "Array may not be empty or null. (Parameter 'rawData')");
  const key = cacheKey(raw, password);
  const hit = cache.get(key);
  if (hit) return hit;
  // a copy: the policy may change its byte[] afterwards, the certificate must not change with it
  const loaded = load(new Uint8Array(raw), password);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, loaded);
  return loaded;
}

function load(raw: Uint8Array, password: string | null): LoadedCertificate {
  const pem = pemBody(raw);
  if (pem) return asCertificate(certificateOrNotFound(pem));
  const root = tryParse(raw);
  if (!root) {
    const text = base64Body(raw);
    return text ? asCertificate(certificateOrNotFound(text)) : cryptoFail(NOT_FOUND);
  }
  try {
    if (!looksLikePfx(root)) return asCertificate(certificateOrNotFound(raw));
    return fromPfx(root, password);
  } catch (e) {
    if (e instanceof DotnetException) throw e;
    if (e instanceof BadPasswordError) cryptoFail(BAD_PASSWORD);
    if (e instanceof PfxError) cryptoFail(e.message);
    // malformed structure anywhere (AsnError, a missing element, runaway nesting): not a certificate
    return cryptoFail(NOT_FOUND);
  }
}

/** .NET returns the PFX's first certificate that has a private key, else its first certificate. */
function fromPfx(root: AsnNode, password: string | null): LoadedCertificate {
  const contents = readPfx(root, password);
  const keys = contents.keys.map((der) => {
    try {
      return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
    } catch {
      throw new PfxError('The PFX holds a private key that cannot be read.');
    }
  });
  const certificates = contents.certificates.map((c) => ({ data: certificateOrNotFound(c.der), friendlyName: c.friendlyName }));
  if (certificates.length === 0) cryptoFail(NOT_FOUND);
  for (const c of certificates) {
    const key = keys.find((k) => c.data.node.checkPrivateKey(k));
    if (key) return { ...c, privateKey: key, contentType: 3 };
  }
  return { ...certificates[0]!, privateKey: null, contentType: 3 };
}

/** X509Certificate2.GetCertContentType: Cert (1), Pfx (3) or Unknown (0). */
export function contentTypeOf(raw: Uint8Array | null): number {
  if (raw === null || raw === undefined || raw.length === 0) fail('System.ArgumentException', "Array may not be empty or null. (Parameter 'rawData')");
  if (pemBody(raw)) return 1;
  const text = base64Body(raw);
  if (text && tryParse(raw) === undefined) return contentTypeOf(text) === 1 ? 1 : 0;
  try {
    const root = parseAsn(raw);
    if (looksLikePfx(root)) return 3;
    new CertificateData(raw);
    return 1;
  } catch {
    return 0;
  }
}
