/**
 * Certificates and PFX files for the X509/RSA tests, made with the `openssl` CLI when a test module loads
 * (in a temporary directory removed right after: no private key is ever committed). Every file is returned
 * as base64, ready to paste into a C# expression.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Fixtures {
  /** Leaf certificate (RSA 2048, CA-signed, SAN with DNS/e-mail/URI) as DER, PEM, and PFX flavours. */
  leafDer: string;
  leafPem: string;
  /** Its PEM as UTF-8 text (not base64). */
  leafPemText: string;
  /** The leaf's private key as PKCS#8 PEM (to verify and sign with node:crypto in tests). */
  leafKeyPem: string;
  /** The leaf's private key as PKCS#1 PEM ("RSA PRIVATE KEY"). */
  leafRsaKeyPem: string;
  /** The CA's private key as PKCS#8 PEM (matches no leaf). */
  caKeyPem: string;
  /** OpenSSL 3 default: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), SHA-256 MAC; password "". */
  pfxAesEmpty: string;
  /** Same, password "s3cret", with the CA in the file and a friendly name. */
  pfxAesPassword: string;
  /** -legacy: RC2-40 certificates, 3DES key, SHA-1 MAC; password "pw". */
  pfxLegacy: string;
  /** -legacy with an empty password (what Key Vault secrets look like). */
  pfxLegacyEmpty: string;
  /** -keypbe NONE -certpbe NONE: unencrypted bags, MAC with password "". */
  pfxNone: string;
  /** PKCS#12 3DES for both bags, SHA-1 MAC; password "x". */
  pfx3des: string;
  /** -legacy with RC2-128 certificates; password "x". */
  pfxRc2128: string;
  /** AES-128 key, AES-192 certificates, SHA-512 MAC; password "x". */
  pfxAesMixed: string;
  /** No MAC at all; password "x". */
  pfxNoMac: string;
  /** Certificate only (-nokeys); password "x". */
  pfxNoKey: string;
  /** 700,000 PBKDF2 and MAC iterations (over the 600,000 limit); password "x". */
  pfxManyIterations: string;
  /** The EC certificate with its key; password "x". */
  pfxEc: string;
  /** The CA (self-signed RSA) as DER. */
  caDer: string;
  /** A self-signed EC (P-256) certificate as DER. */
  ecDer: string;
  /** A self-signed certificate whose subject needs quoting and has a multi-valued RDN. */
  oddNameDer: string;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

export function makeFixtures(): Fixtures {
  const dir = mkdtempSync(join(tmpdir(), 'x509-fixtures-'));
  try {
    const o = (...args: string[]) => openssl(dir, args);
    const b64 = (name: string) => readFileSync(join(dir, name)).toString('base64');
    o('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/C=US/O=Contoso Test CA/CN=Contoso Root', '-days', '3650');
    o('x509', '-in', 'ca.pem', '-outform', 'DER', '-out', 'ca.der');
    o('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/C=US/ST=WA/L=Redmond/O=Contoso Ltd/OU=Eng/CN=client.contoso.com/emailAddress=ops@contoso.com');
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:api.contoso.com,DNS:www.contoso.com,email:alt@contoso.com,URI:https://contoso.com/id\n');
    o('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '0x00a1b2c3d4e5f60718', '-days', '365', '-extfile', 'ext.cnf', '-out', 'leaf.pem');
    o('x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der');
    o('pkcs8', '-topk8', '-nocrypt', '-in', 'leaf.key', '-out', 'leaf.p8');
    o('rsa', '-in', 'leaf.key', '-traditional', '-out', 'leaf.rsa');
    const pfx = (out: string, pass: string, ...extra: string[]) => o('pkcs12', '-export', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-out', out, '-passout', `pass:${pass}`, ...extra);
    pfx('aes-empty.pfx', '');
    pfx('aes-password.pfx', 's3cret', '-certfile', 'ca.pem', '-name', 'My Client Cert');
    pfx('legacy.pfx', 'pw', '-legacy');
    pfx('legacy-empty.pfx', '', '-legacy');
    pfx('none.pfx', '', '-keypbe', 'NONE', '-certpbe', 'NONE');
    pfx('3des.pfx', 'x', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1');
    pfx('rc2-128.pfx', 'x', '-legacy', '-certpbe', 'PBE-SHA1-RC2-128');
    pfx('aes-mixed.pfx', 'x', '-keypbe', 'AES-128-CBC', '-certpbe', 'AES-192-CBC', '-macalg', 'sha512');
    pfx('nomac.pfx', 'x', '-nomac');
    pfx('many-iterations.pfx', 'x', '-iter', '700000');
    o('pkcs12', '-export', '-in', 'leaf.pem', '-nokeys', '-out', 'nokey.pfx', '-passout', 'pass:x');
    o('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ec.key', '-outform', 'DER', '-out', 'ec.der', '-subj', '/CN=ec.contoso.com', '-days', '30');
    o('x509', '-in', 'ec.der', '-inform', 'DER', '-out', 'ec.pem');
    o('pkcs12', '-export', '-in', 'ec.pem', '-inkey', 'ec.key', '-out', 'ec.pfx', '-passout', 'pass:x');
    o('req', '-x509', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'odd.key', '-outform', 'DER', '-out', 'odd.der', '-multivalue-rdn', '-subj', '/O=Contoso, Inc./OU=A+OU=B/CN= padded "quoted" ', '-days', '30');
    return {
      leafDer: b64('leaf.der'),
      leafPem: b64('leaf.pem'),
      leafPemText: readFileSync(join(dir, 'leaf.pem'), 'utf8'),
      leafKeyPem: readFileSync(join(dir, 'leaf.p8'), 'utf8'),
      leafRsaKeyPem: readFileSync(join(dir, 'leaf.rsa'), 'utf8'),
      caKeyPem: readFileSync(join(dir, 'ca.key'), 'utf8'),
      pfxAesEmpty: b64('aes-empty.pfx'),
      pfxAesPassword: b64('aes-password.pfx'),
      pfxLegacy: b64('legacy.pfx'),
      pfxLegacyEmpty: b64('legacy-empty.pfx'),
      pfxNone: b64('none.pfx'),
      pfx3des: b64('3des.pfx'),
      pfxRc2128: b64('rc2-128.pfx'),
      pfxAesMixed: b64('aes-mixed.pfx'),
      pfxNoMac: b64('nomac.pfx'),
      pfxNoKey: b64('nokey.pfx'),
      pfxManyIterations: b64('many-iterations.pfx'),
      pfxEc: b64('ec.pfx'),
      caDer: b64('ca.der'),
      ecDer: b64('ec.der'),
      oddNameDer: b64('odd.der'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
