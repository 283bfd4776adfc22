/**
 * X509Certificate2.CreateFromPem(certPem[, keyPem]) (.NET 5+): the first CERTIFICATE block of `certPem`,
 * with the private key of `keyPem` (PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY", "EC PRIVATE KEY")
 * attached when given. Errors carry .NET's texts.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { fail } from '../fail.js';
import { CertificateData } from './cert-data.js';
import { NSC } from './hash-name.js';
import type { LoadedCertificate } from './load.js';

const CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*)-----END CERTIFICATE-----/;
const KEY = /-----BEGIN (PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY)-----[A-Za-z0-9+/=\s]*-----END \1-----/;
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----/;

function certificateFromPem(certPem: string): CertificateData {
  const m = CERTIFICATE.exec(certPem);
  if (!m) fail(`${NSC}.CryptographicException`, 'No PEM encoded certificate was found.');
  try {
    return new CertificateData(new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
  } catch {
    return fail(`${NSC}.CryptographicException`, 'ASN1 corrupted data.');
  }
}

function keyFromPem(keyPem: string): KeyObject {
  const m = KEY.exec(keyPem);
  if (!m) {
    if (ENCRYPTED_KEY.test(keyPem)) fail('System.ArgumentException', "An encrypted key was found, but no password was provided. Use ImportFromEncryptedPem to import this key. (Parameter 'input')");
    fail('System.ArgumentException', "No supported key formats were found. Check that the input represents the contents of a PEM-encoded key file, not the path to such a file. (Parameter 'input')");
  }
  try {
    return createPrivateKey(m[0]);
  } catch {
    return fail(`${NSC}.CryptographicException`, 'ASN1 corrupted data.');
  }
}

export function loadFromPem(certPem: string | null, keyPem?: string | null): LoadedCertificate {
  const data = certificateFromPem(certPem ?? '');
  if (keyPem === undefined) return { data, privateKey: null, friendlyName: '', contentType: 1 };
  const key = keyFromPem(keyPem ?? '');
  if (!data.node.checkPrivateKey(key)) fail('System.ArgumentException', "The provided key does not match the public key for this certificate. (Parameter 'privateKey')");
  return { data, privateKey: key, friendlyName: '', contentType: 1 };
}
