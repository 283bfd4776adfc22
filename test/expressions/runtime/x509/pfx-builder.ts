/**
 * Builds PFX files OpenSSL's CLI cannot make, for the loader tests: a truly empty (null) password, as some
 * Windows and Key Vault exports use (OpenSSL writes "" as a two-byte terminator), and BER encodings
 * (indefinite lengths, a chunked OCTET STRING) as Windows and Java write them. 3DES bags, SHA-1 MAC.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { KDF_ID, bmpPassword, pkcs12Kdf } from '../../../../src/expressions/runtime/x509/pkcs12-kdf.js';

const length = (n: number): number[] => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
const tlv = (tag: number, ...parts: Uint8Array[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag, ...length(body.length)]), body]);
};
/** The same element with an indefinite length (BER). */
const indefinite = (tag: number, ...parts: Uint8Array[]): Buffer => Buffer.concat([Buffer.from([tag, 0x80]), ...parts, Buffer.from([0, 0])]);
const seq = (...parts: Uint8Array[]) => tlv(0x30, ...parts);
const octet = (b: Uint8Array) => tlv(0x04, b);
const explicit0 = (...parts: Uint8Array[]) => tlv(0xa0, ...parts);
const int = (n: number) => tlv(0x02, Buffer.from(n < 0x80 ? [n] : [n >> 8, n & 0xff]));

function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const bytes = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

const PBE_3DES = '1.2.840.113549.1.12.1.3';
const DATA = '1.2.840.113549.1.7.1';
const ITERATIONS = 1000;

function encrypt3des(password: Uint8Array, plain: Uint8Array): { algorithm: Buffer; ciphertext: Buffer } {
  const salt = randomBytes(8);
  const key = pkcs12Kdf('sha1', password, salt, ITERATIONS, KDF_ID.key, 24);
  const iv = pkcs12Kdf('sha1', password, salt, ITERATIONS, KDF_ID.iv, 8);
  const c = createCipheriv('des-ede3-cbc', key, iv);
  return { algorithm: seq(oid(PBE_3DES), seq(octet(salt), int(ITERATIONS))), ciphertext: Buffer.concat([c.update(plain), c.final()]) };
}

/** A PFX holding `certificateDer` and the PKCS#8 `keyDer`, protected by `password` (null = empty byte string). */
export function buildPfx(certificateDer: Uint8Array, keyDer: Uint8Array, password: string | null, options: { ber?: boolean } = {}): Buffer {
  const pw = bmpPassword(password);
  const key = encrypt3des(pw, keyDer);
  const keyBag = seq(oid('1.2.840.113549.1.12.10.1.2'), explicit0(seq(key.algorithm, octet(key.ciphertext))));
  const keySafe = seq(oid(DATA), explicit0(octet(seq(keyBag))));

  const certBag = seq(oid('1.2.840.113549.1.12.10.1.3'), explicit0(seq(oid('1.2.840.113549.1.9.22.1'), explicit0(octet(certificateDer)))));
  const cert = encrypt3des(pw, seq(certBag));
  const certSafe = seq(oid('1.2.840.113549.1.7.6'), explicit0(seq(int(0), seq(oid(DATA), cert.algorithm, tlv(0x80, cert.ciphertext)))));

  const authSafe = seq(keySafe, certSafe);
  const macSalt = randomBytes(8);
  const macKey = pkcs12Kdf('sha1', pw, macSalt, ITERATIONS, KDF_ID.mac, 20);
  const mac = createHmac('sha1', macKey).update(authSafe).digest();
  const macData = seq(seq(seq(oid('1.3.14.3.2.26'), tlv(0x05)), octet(mac)), octet(macSalt), int(ITERATIONS));

  if (!options.ber) return seq(int(3), seq(oid(DATA), explicit0(octet(authSafe))), macData);
  // BER: indefinite lengths outside, the authenticated safe as a constructed OCTET STRING in 100-byte chunks
  const chunks: Buffer[] = [];
  for (let at = 0; at < authSafe.length; at += 100) chunks.push(octet(authSafe.subarray(at, at + 100)));
  return indefinite(0x30, int(3), indefinite(0x30, oid(DATA), indefinite(0xa0, indefinite(0x24, ...chunks))), macData);
}
