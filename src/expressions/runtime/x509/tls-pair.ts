/**
 * A certificate file's bytes (PFX, DER, PEM or base64, with its password) as the PEM pair Node's TLS and
 * key APIs take. Node's OpenSSL 3 cannot open the RC2-encrypted PFX files Windows and Key Vault write, so
 * every certificate the gateway uses (configured certificates, authentication-certificate body=) goes
 * through this engine's reader instead of `tls` `pfx:`.
 */
import { loadCertificate } from './load.js';

export interface TlsPair {
  /** SHA-1 of the DER, upper-case hex. */
  thumbprint: string;
  certPem: string;
  /** PKCS#8 PEM, when the file holds a private key. */
  keyPem?: string;
}

export function tlsPair(raw: Uint8Array, password: string | null): TlsPair {
  const loaded = loadCertificate(raw, password);
  const der = Buffer.from(loaded.data.der).toString('base64');
  return {
    thumbprint: Buffer.from(loaded.data.thumbprint).toString('hex').toUpperCase(),
    certPem: `-----BEGIN CERTIFICATE-----\n${der.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`,
    ...(loaded.privateKey ? { keyPem: loaded.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } : {}),
  };
}
