/**
 * System.Security.Cryptography.X509Certificates: X509Certificate, X509Certificate2, X500DistinguishedName
 * (Name), PublicKey, RSACertificateExtensions (GetRSAPrivateKey/GetRSAPublicKey) and
 * the X509ContentType, X509NameType and X509KeyStorageFlags enums. Certificates come from bytes only
 * (load.ts): the file-name constructors fail, since a policy cannot read files. Dates are local (= UTC on
 * this gateway) with Kind Local, as .NET gives them; text follows .NET on Windows (names in reverse RDN
 * order, "\r\n" line ends in ToString()).
 */
import { createHash } from 'node:crypto';
import { enumValue } from '../../compiler/conversions.js';
import { ctor, method, prop, registerType, typeByFullName } from '../../registry.js';
import { DateTimeValue, type EnumValue } from '../../values.js';
import { formatDateTime } from '../datetime.js';
import { fail } from '../fail.js';
import { NEW_LINE } from '../stringbuilder.js';
import type { CertificateData } from './cert-data.js';
import { HashAlgorithmNameValue, NSC, nodeHash } from './hash-name.js';
import { contentTypeOf, loadCertificate, type LoadedCertificate } from './load.js';
import { nameInfo } from './names.js';
import { AsnEncodedDataValue, oidOf } from './oid.js';
import { loadFromPem } from './pem.js';
import { RsaValue } from './rsa.js';
import { verifyCertificate } from './verify.js';

const NSX = `${NSC}.X509Certificates`;
const KEY_ALGORITHM_NOT_SUPPORTED = 'The certificate key algorithm is not supported.';
const RSA_OID = '1.2.840.113549.1.1.1';

export class CertificateValue {
  constructor(readonly loaded: LoadedCertificate) {}
  get data(): CertificateData {
    return this.loaded.data;
  }
}
export class Certificate2Value extends CertificateValue {}

export class DistinguishedNameValue {
  constructor(readonly name: string) {}
}

export class PublicKeyValue {
  constructor(readonly data: CertificateData) {}
}

const hexUpper = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
const localDate = (ms: number) => new DateTimeValue(ms, 'Local');
const enumOf = (type: string, v: number): EnumValue => enumValue(typeByFullName(type)!, v);

function fromFile(): never {
  fail('System.NotSupportedException', 'X509Certificate2(string fileName): policy expressions cannot read files; pass the certificate bytes instead (e.g. Convert.FromBase64String of a named value).');
}

/** The short ToString() of X509Certificate2 (= X509Certificate.ToString(true)). */
function describe(c: CertificateValue): string {
  const d = c.data;
  const block = (title: string, value: string) => `[${title}]${NEW_LINE}  ${value}${NEW_LINE}`;
  return [
    block('Subject', d.subject),
    block('Issuer', d.issuer),
    block('Serial Number', hexUpper(d.serial)),
    block('Not Before', formatDateTime(localDate(d.notBeforeMs))),
    block('Not After', formatDateTime(localDate(d.notAfterMs))),
    block('Thumbprint', hexUpper(d.thumbprint)),
  ].join(NEW_LINE);
}

function rsaPublic(d: CertificateData): RsaValue | null {
  return d.keyAlgorithm === RSA_OID ? new RsaValue(null, d.publicKey) : null;
}

function rsaPrivate(c: CertificateValue): RsaValue | null {
  const key = c.loaded.privateKey;
  return key && key.asymmetricKeyType === 'rsa' ? new RsaValue(key, c.data.publicKey) : null;
}

function certHash(c: CertificateValue, h: HashAlgorithmNameValue): Uint8Array {
  return new Uint8Array(createHash(nodeHash(h)).update(c.data.der).digest());
}

/** .NET: certificates are equal when their issuer and serial number are. */
const sameCertificate = (a: CertificateValue, b: CertificateValue) => a.data.issuer === b.data.issuer && hexUpper(a.data.serial) === hexUpper(b.data.serial);
const certificateKey = (c: CertificateValue) => `${c.data.issuer}|${hexUpper(c.data.serial)}`;

const X509 = `${NSX}.X509Certificate`;
const X509_2 = `${NSX}.X509Certificate2`;
const FLAGS = `${NSX}.X509KeyStorageFlags`;
const CONTENT_TYPE = `${NSX}.X509ContentType`;
const NAME_TYPE = `${NSX}.X509NameType`;
const HAN = `${NSC}.HashAlgorithmName`;

registerType({ name: CONTENT_TYPE, kind: 'enum', enumMembers: { Unknown: 0, Cert: 1, SerializedCert: 2, Pfx: 3, Pkcs12: 3, SerializedStore: 4, Pkcs7: 5, Authenticode: 6 } });
registerType({ name: NAME_TYPE, kind: 'enum', enumMembers: { SimpleName: 0, EmailName: 1, UpnName: 2, DnsName: 3, DnsFromAlternativeName: 4, UrlName: 5 } });
registerType({
  name: FLAGS,
  kind: 'enum',
  flags: true,
  enumMembers: { DefaultKeySet: 0, UserKeySet: 1, MachineKeySet: 2, Exportable: 4, UserProtected: 8, PersistKeySet: 16, EphemeralKeySet: 32 },
});

registerType({
  name: `${NSX}.X500DistinguishedName`,
  jsClass: DistinguishedNameValue,
  members: { Name: prop('string', (n: DistinguishedNameValue) => n.name) },
});

registerType({
  name: `${NSX}.PublicKey`,
  jsClass: PublicKeyValue,
  members: {
    Oid: prop(`${NSC}.Oid`, (p: PublicKeyValue) => oidOf(p.data.keyAlgorithm)),
    // .NET's text; here also for EC/DSA keys, which this gateway's RSA-only surface cannot hand out
    Key: prop(`${NSC}.AsymmetricAlgorithm`, (p: PublicKeyValue) => rsaPublic(p.data) ?? fail('System.NotSupportedException', KEY_ALGORITHM_NOT_SUPPORTED)),
    EncodedKeyValue: prop(`${NSC}.AsnEncodedData`, (p: PublicKeyValue) => new AsnEncodedDataValue(oidOf(p.data.keyAlgorithm), p.data.keyValue)),
    EncodedParameters: prop(`${NSC}.AsnEncodedData`, (p: PublicKeyValue) => new AsnEncodedDataValue(oidOf(p.data.keyAlgorithm), p.data.keyParameters)),
    GetRSAPublicKey: method(`() => ${NSC}.RSA`, (p: PublicKeyValue) => rsaPublic(p.data)),
  },
});

const loadCtors = (make: (l: LoadedCertificate) => CertificateValue) => [
  ctor('(byte[] data)', (b: Uint8Array | null) => make(loadCertificate(b, null))),
  ctor('(byte[] rawData, string password)', (b: Uint8Array | null, p: string | null) => make(loadCertificate(b, p))),
  ctor(`(byte[] rawData, string password, ${FLAGS} keyStorageFlags)`, (b: Uint8Array | null, p: string | null) => make(loadCertificate(b, p))),
  ctor('(string fileName)', fromFile),
  ctor('(string fileName, string password)', fromFile),
  ctor(`(string fileName, string password, ${FLAGS} keyStorageFlags)`, fromFile),
];

registerType({
  name: X509,
  jsClass: CertificateValue,
  interfaces: ['System.IDisposable'],
  constructors: loadCtors((l) => new CertificateValue(l)),
  members: {
    Subject: prop('string', (c: CertificateValue) => c.data.subject),
    Issuer: prop('string', (c: CertificateValue) => c.data.issuer),
    GetCertHash: [method('() => byte[]', (c: CertificateValue) => new Uint8Array(c.data.thumbprint)), method(`(${HAN} hashAlgorithm) => byte[]`, certHash)],
    GetCertHashString: [method('() => string', (c: CertificateValue) => hexUpper(c.data.thumbprint)), method(`(${HAN} hashAlgorithm) => string`, (c: CertificateValue, h: HashAlgorithmNameValue) => hexUpper(certHash(c, h)))],
    GetSerialNumber: method('() => byte[]', (c: CertificateValue) => new Uint8Array(c.data.serial).reverse()),
    GetSerialNumberString: method('() => string', (c: CertificateValue) => hexUpper(c.data.serial)),
    GetRawCertData: method('() => byte[]', (c: CertificateValue) => new Uint8Array(c.data.der)),
    GetRawCertDataString: method('() => string', (c: CertificateValue) => hexUpper(c.data.der)),
    GetPublicKey: method('() => byte[]', (c: CertificateValue) => new Uint8Array(c.data.keyValue)),
    GetPublicKeyString: method('() => string', (c: CertificateValue) => hexUpper(c.data.keyValue)),
    GetKeyAlgorithm: method('() => string', (c: CertificateValue) => c.data.keyAlgorithm),
    GetKeyAlgorithmParameters: method('() => byte[]', (c: CertificateValue) => new Uint8Array(c.data.keyParameters)),
    GetKeyAlgorithmParametersString: method('() => string', (c: CertificateValue) => hexUpper(c.data.keyParameters)),
    GetEffectiveDateString: method('() => string', (c: CertificateValue) => formatDateTime(localDate(c.data.notBeforeMs))),
    GetExpirationDateString: method('() => string', (c: CertificateValue) => formatDateTime(localDate(c.data.notAfterMs))),
    GetFormat: method('() => string', () => 'X509'),
    GetName: method('() => string', (c: CertificateValue) => c.data.subject),
    GetIssuerName: method('() => string', (c: CertificateValue) => c.data.issuer),
    Export: method(`(${CONTENT_TYPE} contentType) => byte[]`, (c: CertificateValue, t: EnumValue) => {
      if (t.value !== 1 && t.value !== 2 && t.value !== 3) fail(`${NSC}.CryptographicException`, 'Invalid content type.');
      if (t.value !== 1) fail('System.PlatformNotSupportedException', `X509Certificate.Export(X509ContentType.${t.name}) is not supported here; only X509ContentType.Cert is.`);
      return new Uint8Array(c.data.der);
    }),
    // .NET: the first four bytes of the thumbprint, big-endian
    GetHashCode: method('() => int', (c: CertificateValue) => Buffer.from(c.data.thumbprint).readInt32BE(0)),
    ToString: [
      method('() => string', (c: CertificateValue) => (c instanceof Certificate2Value ? describe(c) : X509)),
      method('(bool fVerbose) => string', (c: CertificateValue, verbose: boolean) => {
        if (c instanceof Certificate2Value && verbose) fail('System.NotSupportedException', 'X509Certificate2.ToString(true) (the verbose dump with extensions) is not supported here; ToString() is.');
        return verbose || c instanceof Certificate2Value ? describe(c) : X509;
      }),
    ],
    Equals: [
      method(`(${X509} other) => bool`, (c: CertificateValue, o: CertificateValue | null) => o !== null && sameCertificate(c, o)),
      method('(object obj) => bool', (c: CertificateValue, o: unknown) => o instanceof CertificateValue && sameCertificate(c, o)),
    ],
    Dispose: method('() => void', () => undefined),
  },
  toString: (c: CertificateValue) => (c instanceof Certificate2Value ? describe(c) : X509),
  equals: sameCertificate,
  hash: certificateKey,
  toJson: (c: CertificateValue) => ({ Subject: c.data.subject, Issuer: c.data.issuer, Thumbprint: hexUpper(c.data.thumbprint), HasPrivateKey: c.loaded.privateKey !== null }),
});

registerType({
  name: X509_2,
  base: X509,
  jsClass: Certificate2Value,
  equals: sameCertificate,
  hash: certificateKey,
  constructors: [...loadCtors((l) => new Certificate2Value(l)), ctor(`(${X509} certificate)`, (c: CertificateValue | null) => (c ? new Certificate2Value(c.loaded) : fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'certificate')")))],
  statics: {
    CreateFromPem: [
      method(`(string certPem) => ${X509_2}`, (c: string | null) => new Certificate2Value(loadFromPem(c))),
      method(`(string certPem, string keyPem) => ${X509_2}`, (c: string | null, k: string | null) => new Certificate2Value(loadFromPem(c, k))),
    ],
    GetCertContentType: method(`(byte[] rawData) => ${CONTENT_TYPE}`, (b: Uint8Array | null) => enumOf(CONTENT_TYPE, contentTypeOf(b))),
  },
  members: {
    Thumbprint: prop('string', (c: Certificate2Value) => hexUpper(c.data.thumbprint)),
    SubjectName: prop(`${NSX}.X500DistinguishedName`, (c: Certificate2Value) => new DistinguishedNameValue(c.data.subject)),
    IssuerName: prop(`${NSX}.X500DistinguishedName`, (c: Certificate2Value) => new DistinguishedNameValue(c.data.issuer)),
    NotBefore: prop('DateTime', (c: Certificate2Value) => localDate(c.data.notBeforeMs)),
    NotAfter: prop('DateTime', (c: Certificate2Value) => localDate(c.data.notAfterMs)),
    SerialNumber: prop('string', (c: Certificate2Value) => hexUpper(c.data.serial)),
    HasPrivateKey: prop('bool', (c: Certificate2Value) => c.loaded.privateKey !== null),
    RawData: prop('byte[]', (c: Certificate2Value) => new Uint8Array(c.data.der)),
    Version: prop('int', (c: Certificate2Value) => c.data.version),
    PublicKey: prop(`${NSX}.PublicKey`, (c: Certificate2Value) => new PublicKeyValue(c.data)),
    SignatureAlgorithm: prop(`${NSC}.Oid`, (c: Certificate2Value) => oidOf(c.data.signatureAlgorithm)),
    FriendlyName: prop('string', (c: Certificate2Value) => c.loaded.friendlyName),
    Archived: prop('bool', () => false),
    PrivateKey: prop(`${NSC}.AsymmetricAlgorithm`, (c: Certificate2Value) => (c.loaded.privateKey === null ? null : (rsaPrivate(c) ?? fail('System.NotSupportedException', KEY_ALGORITHM_NOT_SUPPORTED)))),
    GetNameInfo: method(`(${NAME_TYPE} nameType, bool forIssuer) => string`, (c: Certificate2Value, t: EnumValue, forIssuer: boolean) =>
      forIssuer ? nameInfo(t.value, c.data.issuerRdns, c.data.issuerAlt) : nameInfo(t.value, c.data.subjectRdns, c.data.subjectAlt),
    ),
    Verify: method('() => bool', (c: Certificate2Value) => verifyCertificate(c.data)),
  },
});

registerType({
  name: `${NSX}.RSACertificateExtensions`,
  kind: 'static',
  extensions: {
    GetRSAPrivateKey: method(`(this ${X509_2} certificate) => ${NSC}.RSA`, (c: Certificate2Value | null) => (c ? rsaPrivate(c) : fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'certificate')"))),
    GetRSAPublicKey: method(`(this ${X509_2} certificate) => ${NSC}.RSA`, (c: Certificate2Value | null) => (c ? rsaPublic(c.data) : fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'certificate')"))),
  },
});
