/**
 * Differential oracle for X509Certificate2 and RSA: the same C# runs in Mono (Microsoft's class library on
 * a real CLR) and in this engine, over the same openssl-made PFX (legacy 3DES/RC2: Mono's PKCS#12 reader
 * has no PBES2) and DER certificate. PKCS#1 v1.5 signatures are deterministic, so they are compared byte
 * for byte; ciphertext made by the engine is decrypted by Mono. Where Mono follows .NET Framework/Linux
 * and we follow .NET 6 on Windows, the case is listed below instead (covered by x509.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { hasMono, runMonoCases } from '../mono-oracle.js';
import { evaluate } from './evaluate.js';
import { makeFixtures } from './x509/fixtures.js';

const f = makeFixtures();

/** Declarations both sides run first: `pfx` has the private key, `der` is the same certificate without. */
const PRELUDE = [
  `var pfx = new X509Certificate2(Convert.FromBase64String("${f.pfxLegacy}"), "pw");`,
  `var der = new X509Certificate2(Convert.FromBase64String("${f.leafDer}"));`,
  `var ca = new X509Certificate2(Convert.FromBase64String("${f.caDer}"));`,
  `var kv = new X509Certificate2(Convert.FromBase64String("${f.pfxLegacyEmpty}"), (string)null);`,
  `var odd = new X509Certificate2(Convert.FromBase64String("${f.oddNameDer}"));`,
  'var data = Encoding.UTF8.GetBytes("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0");',
];

function engineCiphertext(padding: string): string {
  const out = evaluate(`${PRELUDE.join(' ')} return Convert.ToBase64String(der.GetRSAPublicKey().Encrypt(Encoding.UTF8.GetBytes("secret"), RSAEncryptionPadding.${padding}));`);
  if (!('text' in out)) throw new Error(`engine could not encrypt: ${JSON.stringify(out)}`);
  return out.text;
}

const sign = (hash: string) => `Convert.ToBase64String(pfx.GetRSAPrivateKey().SignData(data, HashAlgorithmName.${hash}, RSASignaturePadding.Pkcs1))`;

const CASES: string[] = [
  'pfx.Thumbprint',
  'der.Thumbprint',
  'pfx.Subject',
  'pfx.Issuer',
  'pfx.SubjectName.Name',
  'pfx.IssuerName.Name',
  'ca.Subject',
  'pfx.SerialNumber',
  'pfx.GetSerialNumberString()',
  'BitConverter.ToString(pfx.GetSerialNumber())',
  'pfx.Version',
  'pfx.HasPrivateKey',
  'der.HasPrivateKey',
  'Convert.ToBase64String(pfx.GetCertHash())',
  'pfx.GetCertHashString()',
  'pfx.NotBefore.ToString("yyyy-MM-dd HH:mm:ss")',
  'pfx.NotAfter.ToString("yyyy-MM-dd HH:mm:ss")',
  'pfx.NotBefore.Kind.ToString()',
  'pfx.GetEffectiveDateString()',
  'pfx.GetNameInfo(X509NameType.SimpleName, false)',
  'pfx.GetNameInfo(X509NameType.SimpleName, true)',
  'ca.GetNameInfo(X509NameType.DnsName, false)',
  'pfx.GetNameInfo(X509NameType.EmailName, false)',
  'pfx.GetNameInfo(X509NameType.DnsName, false)',
  'pfx.GetNameInfo(X509NameType.UrlName, false)',
  'pfx.GetNameInfo(X509NameType.DnsFromAlternativeName, false)',
  'pfx.PublicKey.Oid.Value',
  'pfx.PublicKey.Oid.FriendlyName',
  'pfx.SignatureAlgorithm.Value',
  'pfx.SignatureAlgorithm.FriendlyName',
  'pfx.GetKeyAlgorithm()',
  'pfx.GetKeyAlgorithmParametersString()',
  'pfx.GetPublicKeyString()',
  'pfx.GetRawCertDataString()',
  'pfx.GetFormat()',
  'pfx.ToString().Replace("\\r\\n", "\\n")',
  'pfx.Equals(der)',
  'pfx.Equals(ca)',
  'pfx.GetRSAPrivateKey().KeySize',
  'der.GetRSAPublicKey().KeySize',
  'pfx.GetRSAPrivateKey() == null',
  'der.GetRSAPrivateKey() == null',
  sign('SHA256'),
  sign('SHA1'),
  sign('SHA384'),
  sign('SHA512'),
  sign('MD5'),
  'Convert.ToBase64String(pfx.GetRSAPrivateKey().SignData(data, 3, 10, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))',
  'Convert.ToBase64String(pfx.GetRSAPrivateKey().SignHash(SHA256.Create().ComputeHash(data), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))',
  `der.GetRSAPublicKey().VerifyData(data, Convert.FromBase64String(${sign('SHA256')}), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)`,
  `der.GetRSAPublicKey().VerifyData(Encoding.UTF8.GetBytes("other"), Convert.FromBase64String(${sign('SHA256')}), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)`,
  'Convert.ToBase64String(der.GetRSAPublicKey().ExportParameters(false).Modulus)',
  'Convert.ToBase64String(der.GetRSAPublicKey().ExportParameters(false).Exponent)',
  'Convert.ToBase64String(pfx.GetRSAPrivateKey().ExportParameters(true).D)',
  'Convert.ToBase64String(pfx.GetRSAPrivateKey().ExportParameters(true).InverseQ)',
  `Encoding.UTF8.GetString(pfx.GetRSAPrivateKey().Decrypt(Convert.FromBase64String("${engineCiphertext('OaepSHA1')}"), RSAEncryptionPadding.OaepSHA1))`,
  `Encoding.UTF8.GetString(pfx.GetRSAPrivateKey().Decrypt(Convert.FromBase64String("${engineCiphertext('Pkcs1')}"), RSAEncryptionPadding.Pkcs1))`,
  // the corpus snippet's steps, on a Key Vault-style PFX (legacy algorithms, no password)
  'kv.HasPrivateKey',
  'Convert.ToBase64String(kv.GetCertHash()).Split(\'=\')[0].Replace(\'+\', \'-\').Replace(\'/\', \'_\')',
  'Convert.ToBase64String(kv.GetRSAPrivateKey().SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)).Split(\'=\')[0].Replace(\'+\', \'-\').Replace(\'/\', \'_\')',
  'HashAlgorithmName.SHA256.ToString()',
  'RSASignaturePadding.Pkcs1.ToString()',
  'RSAEncryptionPadding.OaepSHA256.ToString()',
  `new X509Certificate2(Convert.FromBase64String("${f.pfxLegacy}"), "wrong").Thumbprint`,
  'new X509Certificate2(new byte[] { 1, 2, 3 }).Thumbprint',
];

/*
 * Where Mono answers like .NET Framework/Linux and this engine like .NET 6 on Windows (x509.test.ts covers
 * these with .NET's values):
 * - wrong PFX password: Mono "Unable to decode certificate."; Windows "The specified network password is
 *   not correct." (the cases above compare only the exception type);
 * - garbage bytes: Mono "Unable to decode certificate."; Windows "Cannot find the requested object.";
 * - GetRSAPrivateKey()'s type: Mono RSACryptoServiceProvider, Windows RSACng (only results are compared);
 * - signing with a public key: Mono "Incomplete private key - missing CRT."; here .NET's managed
 *   "Object contains only the public half of a key pair. A private key must also be provided.";
 * - a PFX with a plain keyBag: Mono ignores the key (HasPrivateKey false), .NET reads it;
 * - a PBES2 (OpenSSL 3 default) PFX: Mono cannot read it, .NET 6 can;
 * - a subject with quotes and a multi-valued RDN: Mono drops the quotes and joins the RDN with ", "
 *   (`CN=" padded quoted ", OU=A, OU=B`); Windows' CertNameToStr doubles them and joins with " + "
 *   (`CN=" padded ""quoted"" ", OU=A + OU=B`).
 */

const mono = hasMono();

describe('X509/RSA Mono oracle', () => {
  if (!mono) {
    it.skip('skipped: mono not installed (apt-get install mono-devel)', () => undefined);
    return;
  }
  const results = runMonoCases(CASES, {
    usings: ['System.Security.Cryptography', 'System.Security.Cryptography.X509Certificates'],
    references: ['System.Core', 'System.Security'],
    prelude: PRELUDE,
    // TZ=UTC: the engine's local zone is UTC, and NotBefore/NotAfter are local times
    env: { TZ: 'UTC' },
  });
  it.each(CASES.map((c, i) => [c.length > 140 ? c.slice(0, 140) + '…' : c, i] as const))('%s', (_label, i) => {
    const expected = results.get(i);
    expect(expected, 'Mono produced a result').toBeDefined();
    const got = evaluate(`${PRELUDE.join(' ')} return ${CASES[i]};`);
    if ('error' in expected!) expect('error' in got ? got.error : got).toBe(expected.error);
    else expect(got).toEqual(expected);
  });
});
