/**
 * The fields of one X.509 certificate that X509Certificate2 exposes, read from its DER (der.ts) and checked
 * by node:crypto's X509Certificate (which also supplies the public key).
 */
import { X509Certificate as NodeCertificate, createHash, type KeyObject } from 'node:crypto';
import { type AsnNode, TAG, expectTag, oid, parseAsn, time } from './der.js';
import { type AltNames, type NameAttribute, formatName, readAltNames, readName } from './names.js';

const SUBJECT_ALT_NAME = '2.5.29.17';
const ISSUER_ALT_NAME = '2.5.29.18';

export class CertificateData {
  readonly thumbprint: Uint8Array;
  readonly version: number;
  /** Serial number bytes, big-endian as encoded. */
  readonly serial: Uint8Array;
  readonly subjectRdns: NameAttribute[][];
  readonly issuerRdns: NameAttribute[][];
  readonly subject: string;
  readonly issuer: string;
  readonly subjectNameRaw: Uint8Array;
  readonly issuerNameRaw: Uint8Array;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  readonly signatureAlgorithm: string;
  readonly keyAlgorithm: string;
  /** The key algorithm's parameters (05 00 for RSA). */
  readonly keyParameters: Uint8Array;
  /** The subjectPublicKey BIT STRING's value (for RSA: the RSAPublicKey DER). */
  readonly keyValue: Uint8Array;
  readonly subjectAlt: AltNames;
  readonly issuerAlt: AltNames;
  readonly publicKey: KeyObject;
  readonly node: NodeCertificate;

  /** Throws (AsnError or node's error) when `der` is not a certificate. */
  constructor(readonly der: Uint8Array) {
    const root = parseAsn(der);
    const tbs = expectTag(root.child(0), TAG.SEQUENCE, 'tbsCertificate').children();
    let i = 0;
    this.version = tbs[0]?.contextNumber === 0 ? tbs[i++]!.child(0).contents[0]! + 1 : 1;
    this.serial = expectTag(tbs[i++]!, TAG.INTEGER, 'serial number').contents;
    i++; // signature algorithm (repeated outside the TBS)
    const issuer = expectTag(tbs[i++]!, TAG.SEQUENCE, 'issuer');
    const validity = expectTag(tbs[i++]!, TAG.SEQUENCE, 'validity');
    const subject = expectTag(tbs[i++]!, TAG.SEQUENCE, 'subject');
    const spki = expectTag(tbs[i++]!, TAG.SEQUENCE, 'subject public key info');
    const extensions = tbs.slice(i).find((n) => n.contextNumber === 3)?.child(0).children() ?? [];

    this.node = new NodeCertificate(der);
    this.publicKey = this.node.publicKey;
    this.thumbprint = new Uint8Array(createHash('sha1').update(der).digest());
    this.issuerRdns = readName(issuer);
    this.subjectRdns = readName(subject);
    this.issuer = formatName(this.issuerRdns);
    this.subject = formatName(this.subjectRdns);
    this.issuerNameRaw = issuer.raw;
    this.subjectNameRaw = subject.raw;
    this.notBeforeMs = time(validity.child(0));
    this.notAfterMs = time(validity.child(1));
    this.signatureAlgorithm = oid(root.child(1, TAG.SEQUENCE).child(0));
    const keyAlgorithm = spki.child(0, TAG.SEQUENCE);
    this.keyAlgorithm = oid(keyAlgorithm.child(0));
    this.keyParameters = keyAlgorithm.children()[1]?.raw ?? new Uint8Array(0);
    this.keyValue = expectTag(spki.child(1), TAG.BIT_STRING, 'subject public key').contents.subarray(1);
    this.subjectAlt = altNames(extensions, SUBJECT_ALT_NAME);
    this.issuerAlt = altNames(extensions, ISSUER_ALT_NAME);
  }
}

function altNames(extensions: AsnNode[], extensionOid: string): AltNames {
  for (const ext of extensions) {
    if (oid(ext.child(0)) !== extensionOid) continue;
    const value = ext.children().at(-1)!;
    return readAltNames(parseAsn(expectTag(value, TAG.OCTET_STRING, 'extension value').contents));
  }
  return { email: [], dns: [], uri: [], upn: [] };
}
