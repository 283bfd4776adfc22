/**
 * X509Certificate2, RSA and their helper types through the real engine, on certificates and PFX files that
 * `openssl` makes when this module loads (fixtures.ts). Expected values come from node:crypto (fingerprints,
 * dates, PKCS#1 v1.5 signatures, which are deterministic), from the fixtures' fixed subject/serial, or
 * from .NET's documented text.
 */
import { X509Certificate, createPrivateKey, createPublicKey, sign, verify, constants } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { check, evaluate, type Row } from './evaluate.js';
import { makeFixtures } from './x509/fixtures.js';

const f = makeFixtures();

/** runTable with readable names: the embedded base64 files print as their fixture's name. */
function runTable(rows: Row[]): void {
  const names = new Map(Object.entries(f).map(([name, b64]) => [b64, name]));
  const label = (code: string) =>
    code.replace(/"([A-Za-z0-9+/=]{64,})"/g, (_m, b64: string) => `<${names.get(b64) ?? 'base64'}>`).replace(/"-----BEGIN ([A-Z ]+)-----[^"]*"/g, '<$1 PEM>');
  it.each(rows.map((r) => [label(r[0]), r] as const))('%s', (_label, row) => {
    const { got, want } = check(row);
    expect(got).toEqual(want);
  });
}
const S = 'System.String';
const B = 'System.Boolean';
const I = 'System.Int32';
const CE = 'System.Security.Cryptography.CryptographicException';

const bytes = (b64: string) => `Convert.FromBase64String("${b64}")`;
const cert = (b64: string, password = 'null') => `new X509Certificate2(${bytes(b64)}, ${password})`;
const leaf = cert(f.leafDer);
const pfx = cert(f.pfxLegacy, '"pw"');
const key = `${pfx}.GetRSAPrivateKey()`;
const pub = `${leaf}.GetRSAPublicKey()`;

const node = new X509Certificate(Buffer.from(f.leafDer, 'base64'));
const thumbprint = node.fingerprint.replace(/:/g, '');
const sha256Print = node.fingerprint256.replace(/:/g, '');
const pad = (n: number) => String(n).padStart(2, '0');
const dotnetDate = (text: string) => {
  const d = new Date(text);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
const toStringDate = (text: string) => {
  const d = new Date(text);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
const privateKey = createPrivateKey(f.leafKeyPem);
/** A root of Node's bundled store that is valid now: Verify() trusts it. */
const trustedRoot = rootCertificates.map((pem) => new X509Certificate(pem)).find((c) => new Date(c.validFrom) < new Date() && new Date(c.validTo) > new Date(Date.now() + 86_400_000))!;
const message = 'header.claims';
const nodeSignature = (hash: string, data = message) => sign(hash, Buffer.from(data), privateKey).toString('base64');

const SUBJECT = 'E=ops@contoso.com, CN=client.contoso.com, OU=Eng, O=Contoso Ltd, L=Redmond, S=WA, C=US';
const ISSUER = 'CN=Contoso Root, O=Contoso Test CA, C=US';
const NL = '\r\n';
const TO_STRING = [`[Subject]${NL}  ${SUBJECT}${NL}`, `[Issuer]${NL}  ${ISSUER}${NL}`, `[Serial Number]${NL}  00A1B2C3D4E5F60718${NL}`, `[Not Before]${NL}  ${toStringDate(node.validFrom)}${NL}`, `[Not After]${NL}  ${toStringDate(node.validTo)}${NL}`, `[Thumbprint]${NL}  ${thumbprint}${NL}`].join(NL);

describe('X509Certificate2: loading each certificate and PFX flavour', () => {
  runTable([
    [`${cert(f.pfxAesEmpty)}.Thumbprint`, [thumbprint, S]],
    [`${cert(f.pfxAesEmpty, '""')}.HasPrivateKey`, ['True', B]],
    [`${cert(f.pfxAesPassword, '"s3cret"')}.Subject`, [SUBJECT, S]],
    [`${cert(f.pfxAesPassword, '"s3cret"')}.HasPrivateKey`, ['True', B]],
    [`${cert(f.pfxAesPassword, '"wrong"')}`, { throws: CE, message: 'The specified network password is not correct.' }],
    [`${cert(f.pfxAesPassword)}`, { throws: CE, message: 'The specified network password is not correct.' }],
    [`${pfx}.Thumbprint`, [thumbprint, S]],
    [`${pfx}.HasPrivateKey`, ['True', B]],
    [`${cert(f.pfxLegacy, '"PW"')}`, { throws: CE, message: 'The specified network password is not correct.' }],
    [`${cert(f.pfxLegacy, '""')}`, { throws: CE, message: 'The specified network password is not correct.' }],
    [`${cert(f.pfxLegacyEmpty)}.HasPrivateKey`, ['True', B]],
    [`${cert(f.pfxLegacyEmpty, '""')}.Thumbprint`, [thumbprint, S]],
    [`${cert(f.pfxLegacyEmpty, '"pw"')}`, { throws: CE, message: 'The specified network password is not correct.' }],
    [`${cert(f.pfxNone)}.HasPrivateKey`, ['True', B]],
    [`${cert(f.pfx3des, '"x"')}.HasPrivateKey`, ['True', B]],
    [`${cert(f.pfxRc2128, '"x"')}.Thumbprint`, [thumbprint, S]],
    [`${cert(f.pfxAesMixed, '"x"')}.HasPrivateKey`, ['True', B]],
    [`${cert(f.pfxNoMac, '"x"')}.HasPrivateKey`, ['True', B]],
    [`${cert(f.pfxNoMac, '"y"')}`, { throws: CE, message: 'The specified network password is not correct.' }],
    [`${cert(f.pfxNoKey, '"x"')}.HasPrivateKey`, ['False', B]],
    [`${cert(f.pfxNoKey, '"x"')}.GetRSAPrivateKey() == null`, ['True', B]],
    [`${leaf}.Thumbprint`, [thumbprint, S]],
    [`${leaf}.HasPrivateKey`, ['False', B]],
    [`new X509Certificate2(${bytes(f.leafPem)}).Thumbprint`, [thumbprint, S]],
    [`new X509Certificate2(Encoding.ASCII.GetBytes(${JSON.stringify(f.leafPemText)})).Subject`, [SUBJECT, S]],
    [`new X509Certificate2(${bytes(f.pfxAesPassword)}, "s3cret", X509KeyStorageFlags.MachineKeySet | X509KeyStorageFlags.Exportable).HasPrivateKey`, ['True', B]],
    [`new X509Certificate2(Encoding.ASCII.GetBytes("${f.leafDer}")).Thumbprint`, [thumbprint, S]],
    [`new X509Certificate2(Encoding.ASCII.GetBytes("${f.pfxNone}"))`, { throws: CE, message: 'Cannot find the requested object.' }],
    [`${cert(f.pfxManyIterations, '"x"')}`, { throws: CE, message: 'The PKCS#12/PFX exceeded the maximum allowed iterations. See https://go.microsoft.com/fwlink/?linkid=2233907 for more information.' }],
    ['new X509Certificate2(new byte[] { 1, 2, 3 })', { throws: CE, message: 'Cannot find the requested object.' }],
    ['new X509Certificate2(Encoding.UTF8.GetBytes("not a certificate"))', { throws: CE, message: 'Cannot find the requested object.' }],
    ['new X509Certificate2(Convert.FromBase64String("MAMCAQM="))', { throws: CE, message: 'Cannot find the requested object.' }],
    ['new X509Certificate2(new byte[0])', { throws: 'System.ArgumentException', message: "Array may not be empty or null. (Parameter 'rawData')" }],
    ['new X509Certificate2((byte[])null, (string)null)', { throws: 'System.ArgumentException', message: "Array may not be empty or null. (Parameter 'rawData')" }],
    ['new X509Certificate2("C:\\\\certs\\\\client.pfx", "pw")', { throws: 'System.NotSupportedException' }],
    [`new X509Certificate(${bytes(f.leafDer)}).ToString()`, ['System.Security.Cryptography.X509Certificates.X509Certificate', S]],
    [`new X509Certificate(${bytes(f.leafDer)}).Subject`, [SUBJECT, S]],
    [`new X509Certificate2(new X509Certificate(${bytes(f.pfxLegacy)}, "pw")).HasPrivateKey`, ['True', B]],
    [`X509Certificate2.GetCertContentType(${bytes(f.pfxNone)})`, ['Pfx', 'System.Security.Cryptography.X509Certificates.X509ContentType']],
    [`X509Certificate2.GetCertContentType(${bytes(f.leafDer)}).ToString()`, ['Cert', S]],
    ['X509Certificate2.GetCertContentType(new byte[] { 9, 9 }).ToString()', ['Unknown', S]],
    ['context.Request.Certificate == null', ['True', B]],
    [`X509Certificate2.CreateFromPem(${JSON.stringify(f.leafPemText)}).Thumbprint`, [thumbprint, S]],
    [`X509Certificate2.CreateFromPem(${JSON.stringify(f.leafPemText)}, ${JSON.stringify(f.leafKeyPem)}).HasPrivateKey`, ['True', B]],
    [`Convert.ToBase64String(X509Certificate2.CreateFromPem(${JSON.stringify(f.leafPemText)}, ${JSON.stringify(f.leafRsaKeyPem)}).GetRSAPrivateKey().SignData(Encoding.UTF8.GetBytes("${message}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))`, [nodeSignature('sha256'), S]],
    [`X509Certificate2.CreateFromPem(${JSON.stringify(f.leafPemText)}, ${JSON.stringify(f.caKeyPem)})`, { throws: 'System.ArgumentException', message: "The provided key does not match the public key for this certificate. (Parameter 'privateKey')" }],
    [`X509Certificate2.CreateFromPem(${JSON.stringify(f.leafPemText)}, "no key here")`, { throws: 'System.ArgumentException' }],
    ['X509Certificate2.CreateFromPem("no certificate")', { throws: CE, message: 'No PEM encoded certificate was found.' }],
  ]);
});

describe('X509Certificate2 members', () => {
  runTable([
    [`${leaf}.Issuer`, [ISSUER, S]],
    [`${leaf}.SubjectName.Name`, [SUBJECT, S]],
    [`${leaf}.IssuerName.Name`, [ISSUER, S]],
    [`${cert(f.oddNameDer)}.Subject`, ['CN=" padded ""quoted"" ", OU=A + OU=B, O="Contoso, Inc."', S]],
    [`${leaf}.SerialNumber`, ['00A1B2C3D4E5F60718', S]],
    [`${leaf}.GetSerialNumberString()`, ['00A1B2C3D4E5F60718', S]],
    [`BitConverter.ToString(${leaf}.GetSerialNumber())`, ['18-07-F6-E5-D4-C3-B2-A1-00', S]],
    [`${leaf}.Version`, ['3', I]],
    [`${leaf}.NotBefore.Kind`, ['Local', 'System.DateTimeKind']],
    [`${leaf}.NotBefore.ToString("yyyy-MM-dd HH:mm:ss")`, [dotnetDate(node.validFrom), S]],
    [`${leaf}.NotAfter.ToString("yyyy-MM-dd HH:mm:ss")`, [dotnetDate(node.validTo), S]],
    [`${leaf}.GetEffectiveDateString()`, [toStringDate(node.validFrom), S]],
    [`${leaf}.GetCertHashString()`, [thumbprint, S]],
    [`Convert.ToBase64String(${leaf}.GetCertHash())`, [Buffer.from(thumbprint, 'hex').toString('base64'), S]],
    [`${leaf}.GetCertHashString(HashAlgorithmName.SHA256)`, [sha256Print, S]],
    [`${leaf}.RawData.Length`, [String(Buffer.from(f.leafDer, 'base64').length), I]],
    [`${leaf}.GetRawCertDataString() == BitConverter.ToString(${leaf}.RawData).Replace("-", "")`, ['True', B]],
    [`${leaf}.GetNameInfo(X509NameType.SimpleName, false)`, ['client.contoso.com', S]],
    [`${leaf}.GetNameInfo(X509NameType.SimpleName, true)`, ['Contoso Root', S]],
    [`${leaf}.GetNameInfo(X509NameType.EmailName, false)`, ['alt@contoso.com', S]],
    [`${leaf}.GetNameInfo(X509NameType.DnsName, false)`, ['api.contoso.com', S]],
    [`${leaf}.GetNameInfo(X509NameType.DnsFromAlternativeName, false)`, ['api.contoso.com', S]],
    [`${leaf}.GetNameInfo(X509NameType.UrlName, false)`, ['https://contoso.com/id', S]],
    [`${leaf}.GetNameInfo(X509NameType.UpnName, false)`, ['', S]],
    [`${cert(f.ecDer)}.GetNameInfo(X509NameType.DnsName, false)`, ['ec.contoso.com', S]],
    [`${cert(f.ecDer)}.GetNameInfo(X509NameType.DnsFromAlternativeName, false)`, ['', S]],
    [`${leaf}.PublicKey.Oid.Value`, ['1.2.840.113549.1.1.1', S]],
    [`${leaf}.PublicKey.Oid.FriendlyName`, ['RSA', S]],
    [`${leaf}.PublicKey.Key is RSA`, ['True', B]],
    [`${leaf}.PublicKey.EncodedParameters.RawData.Length`, ['2', I]],
    [`${cert(f.ecDer)}.PublicKey.Oid.FriendlyName`, ['ECC', S]],
    [`${cert(f.ecDer)}.GetRSAPublicKey() == null`, ['True', B]],
    [`${cert(f.ecDer)}.PublicKey.Key`, { throws: 'System.NotSupportedException', message: 'The certificate key algorithm is not supported.' }],
    [`${cert(f.pfxEc, '"x"')}.HasPrivateKey`, ['True', B]],
    [`${cert(f.pfxEc, '"x"')}.GetRSAPrivateKey() == null`, ['True', B]],
    [`${cert(f.pfxEc, '"x"')}.PrivateKey`, { throws: 'System.NotSupportedException', message: 'The certificate key algorithm is not supported.' }],
    [`${leaf}.PrivateKey == null`, ['True', B]],
    [`${pfx}.PrivateKey.KeySize`, ['2048', I]],
    [`${leaf}.SignatureAlgorithm.FriendlyName`, ['sha256RSA', S]],
    [`${leaf}.GetKeyAlgorithm()`, ['1.2.840.113549.1.1.1', S]],
    [`${leaf}.GetKeyAlgorithmParametersString()`, ['0500', S]],
    [`${leaf}.GetFormat()`, ['X509', S]],
    [`${cert(f.pfxAesPassword, '"s3cret"')}.FriendlyName`, ['My Client Cert', S]],
    [`${leaf}.FriendlyName`, ['', S]],
    [`${leaf}.ToString()`, [TO_STRING, S]],
    [`${leaf}.ToString(false)`, [TO_STRING, S]],
    [`${leaf}.ToString(true)`, { throws: 'System.NotSupportedException' }],
    [`${leaf}.Equals(${pfx})`, ['True', B]],
    [`${leaf}.Equals(${cert(f.caDer)})`, ['False', B]],
    [`${leaf}.Verify()`, ['False', B]],
    [`${cert(f.caDer)}.Verify()`, ['False', B]],
    [`${cert(trustedRoot.raw.toString('base64'))}.Verify()`, ['True', B]],
    ['context.Request.Certificate?.Thumbprint ?? "none"', ['none', S]],
    [`Convert.ToBase64String(${leaf}.Export(X509ContentType.Cert)) == "${f.leafDer}"`, ['True', B]],
    [`${leaf}.Export(X509ContentType.Pfx)`, { throws: 'System.PlatformNotSupportedException' }],
    [`${leaf}.Export(X509ContentType.Pkcs7)`, { throws: CE, message: 'Invalid content type.' }],
    [`var b = ${bytes(f.leafDer)}; var c = new X509Certificate2(b); b[200] = (byte)(b[200] ^ 1); c.RawData[0] = 0; return c.Thumbprint;`, [thumbprint, S]],
    [`${leaf}.GetHashCode()`, [String(Buffer.from(thumbprint, 'hex').readInt32BE(0)), I]],
    ['new Oid("1.2.840.113549.1.1.11").FriendlyName', ['sha256RSA', S]],
    ['new Oid("sha256").Value', ['2.16.840.1.101.3.4.2.1', S]],
  ]);
});

describe('RSA from a certificate', () => {
  runTable([
    [`${key} as RSACng != null`, ['True', B]],
    [`${key} is RSACryptoServiceProvider`, ['False', B]],
    [`(${key} as RSA).KeySize`, ['2048', I]],
    [`${key} as RSACryptoServiceProvider == null`, ['True', B]],
    [`${key}.KeyExchangeAlgorithm + "/" + ${key}.SignatureAlgorithm`, ['RSA/RSA', S]],
    [`${key}.GetType().FullName`, ['System.Security.Cryptography.RSACng', S]],
    [`${key}.KeySize`, ['2048', I]],
    [`${pub}.KeySize`, ['2048', I]],
    [`${leaf}.GetRSAPrivateKey() == null`, ['True', B]],
    [`Convert.ToBase64String(${key}.SignData(Encoding.UTF8.GetBytes("${message}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))`, [nodeSignature('sha256'), S]],
    [`Convert.ToBase64String(${key}.SignData(Encoding.UTF8.GetBytes("${message}"), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1))`, [nodeSignature('sha1'), S]],
    [`Convert.ToBase64String(${key}.SignData(Encoding.UTF8.GetBytes("${message}"), HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1))`, [nodeSignature('sha384'), S]],
    [`Convert.ToBase64String(${key}.SignData(Encoding.UTF8.GetBytes("${message}"), HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1))`, [nodeSignature('sha512'), S]],
    [`Convert.ToBase64String(${key}.SignData(Encoding.UTF8.GetBytes("${message}"), HashAlgorithmName.MD5, RSASignaturePadding.Pkcs1))`, [nodeSignature('md5'), S]],
    [`Convert.ToBase64String(${key}.SignData(Encoding.UTF8.GetBytes("${message}"), 7, 3, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))`, [nodeSignature('sha256', message.slice(7, 10)), S]],
    [`Convert.ToBase64String(${key}.SignHash(SHA256.Create().ComputeHash(Encoding.UTF8.GetBytes("${message}")), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))`, [nodeSignature('sha256'), S]],
    [`${pub}.VerifyData(Encoding.UTF8.GetBytes("${message}"), Convert.FromBase64String("${nodeSignature('sha256')}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)`, ['True', B]],
    [`${pub}.VerifyData(Encoding.UTF8.GetBytes("${message}!"), Convert.FromBase64String("${nodeSignature('sha256')}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)`, ['False', B]],
    [`${pub}.VerifyData(Encoding.UTF8.GetBytes("${message}"), Convert.FromBase64String("${nodeSignature('sha256')}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pss)`, ['False', B]],
    [`${pub}.VerifyHash(SHA1.Create().ComputeHash(Encoding.UTF8.GetBytes("${message}")), Convert.FromBase64String("${nodeSignature('sha1')}"), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1)`, ['True', B]],
    [`${pub}.VerifyData(new byte[] { 1 }, new byte[] { 1, 2 }, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)`, ['False', B]],
    [`${pub}.SignData(new byte[] { 1 }, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)`, { throws: CE, message: 'Object contains only the public half of a key pair. A private key must also be provided.' }],
    [`${key}.SignHash(new byte[] { 1, 2, 3 }, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)`, { throws: CE, message: 'The parameter is incorrect.' }],
    [`${key}.SignData(new byte[] { 1 }, new HashAlgorithmName("SHA3"), RSASignaturePadding.Pkcs1)`, { throws: CE, message: "'SHA3' is not a known hash algorithm." }],
    [`${key}.SignData(new byte[] { 1 }, new HashAlgorithmName(), RSASignaturePadding.Pkcs1)`, { throws: 'System.ArgumentException', message: "The hash algorithm name cannot be null or empty. (Parameter 'hashAlgorithm')" }],
    [`${key}.SignData(new byte[] { 1 }, HashAlgorithmName.SHA256, null)`, { throws: 'System.ArgumentNullException', message: "Value cannot be null. (Parameter 'padding')" }],
    [`${key}.SignData((byte[])null, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)`, { throws: 'System.ArgumentNullException', message: "Value cannot be null. (Parameter 'data')" }],
    [`Encoding.UTF8.GetString(${key}.Decrypt(${pub}.Encrypt(Encoding.UTF8.GetBytes("secret"), RSAEncryptionPadding.OaepSHA256), RSAEncryptionPadding.OaepSHA256))`, ['secret', S]],
    [`Encoding.UTF8.GetString(${key}.Decrypt(${pub}.Encrypt(Encoding.UTF8.GetBytes("secret"), RSAEncryptionPadding.OaepSHA1), RSAEncryptionPadding.OaepSHA1))`, ['secret', S]],
    [`Encoding.UTF8.GetString(${key}.Decrypt(${pub}.Encrypt(Encoding.UTF8.GetBytes("secret"), RSAEncryptionPadding.Pkcs1), RSAEncryptionPadding.Pkcs1))`, ['secret', S]],
    [`${pub}.Encrypt(Encoding.UTF8.GetBytes("secret"), RSAEncryptionPadding.Pkcs1).Length`, ['256', I]],
    [`${key}.Decrypt(new byte[256], RSAEncryptionPadding.OaepSHA256)`, { throws: CE, message: 'The parameter is incorrect.' }],
    [`${pub}.Decrypt(new byte[256], RSAEncryptionPadding.Pkcs1)`, { throws: CE, message: 'Object contains only the public half of a key pair. A private key must also be provided.' }],
    [`${pub}.Encrypt(new byte[300], RSAEncryptionPadding.Pkcs1)`, { throws: CE, message: 'The parameter is incorrect.' }],
    [`${pub}.ExportParameters(false).Modulus.Length`, ['256', I]],
    [`Convert.ToBase64String(${pub}.ExportParameters(false).Exponent)`, ['AQAB', S]],
    [`${pub}.ExportParameters(false).D == null`, ['True', B]],
    [`${key}.ExportParameters(true).D.Length`, ['256', I]],
    [`${key}.ExportParameters(true).InverseQ.Length`, ['128', I]],
    [`${pub}.ExportParameters(true)`, { throws: CE }],
    [`RSA.Create(${pub}.ExportParameters(false)).VerifyData(Encoding.UTF8.GetBytes("${message}"), Convert.FromBase64String("${nodeSignature('sha256')}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)`, ['True', B]],
    [`var rsa = ${key}; rsa.Dispose(); return rsa.KeySize;`, { throws: 'System.ObjectDisposedException' }],
    [`using (var rsa = ${key}) { return rsa.KeySize; }`, ['2048', I]],
  ]);
});

describe('RSA.Create, HashAlgorithmName and paddings', () => {
  runTable([
    ['RSA.Create().KeySize', ['2048', I]],
    ['RSA.Create(1024).KeySize', ['1024', I]],
    ['RSA.Create(1000)', { throws: CE, message: 'Specified key is not a valid size for this algorithm.' }],
    ['var rsa = RSA.Create(1024); var d = new byte[] { 1, 2, 3 }; return rsa.VerifyData(d, rsa.SignData(d, HashAlgorithmName.SHA256, RSASignaturePadding.Pss), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);', ['True', B]],
    ['HashAlgorithmName.SHA256.Name', ['SHA256', S]],
    ['HashAlgorithmName.SHA512.ToString()', ['SHA512', S]],
    ['HashAlgorithmName.SHA256 == new HashAlgorithmName("SHA256")', ['True', B]],
    ['HashAlgorithmName.SHA256.Equals(HashAlgorithmName.SHA1)', ['False', B]],
    ['RSASignaturePadding.Pss.ToString()', ['Pss', S]],
    ['RSASignaturePadding.Pkcs1.Mode.ToString()', ['Pkcs1', S]],
    ['RSAEncryptionPadding.Pkcs1.ToString()', ['Pkcs1', S]],
    ['RSAEncryptionPadding.OaepSHA384.ToString()', ['OaepSHA384', S]],
    ['RSAEncryptionPadding.OaepSHA1.OaepHashAlgorithm.Name', ['SHA1', S]],
    ['RSAEncryptionPadding.CreateOaep(HashAlgorithmName.SHA256).Equals(RSAEncryptionPadding.OaepSHA256)', ['True', B]],
    ['X509NameType.DnsName.ToString()', ['DnsName', S]],
  ]);
});

describe('signatures checked with node:crypto', () => {
  it('a PSS signature made by the engine verifies with node:crypto (salt length = hash length)', () => {
    const out = evaluate(`Convert.ToBase64String(${key}.SignData(Encoding.UTF8.GetBytes("${message}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pss))`);
    expect('text' in out).toBe(true);
    const signature = Buffer.from((out as { text: string }).text, 'base64');
    const publicKey = createPublicKey(privateKey);
    expect(verify('sha256', Buffer.from(message), { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)).toBe(true);
    expect(verify('sha256', Buffer.from(message + 'x'), { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)).toBe(false);
  });

  it('a PSS signature made by node:crypto verifies in the engine', () => {
    const signature = sign('sha384', Buffer.from(message), { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }).toString('base64');
    const verifies = (data: string) => evaluate(`${pub}.VerifyData(Encoding.UTF8.GetBytes("${data}"), Convert.FromBase64String("${signature}"), HashAlgorithmName.SHA384, RSASignaturePadding.Pss)`);
    expect(verifies(message)).toEqual({ text: 'True', type: B });
    expect(verifies(message + 'x')).toEqual({ text: 'False', type: B });
  });
});
