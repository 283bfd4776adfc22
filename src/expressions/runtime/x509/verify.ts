/**
 * X509Certificate2.Verify(). .NET builds a chain against the Windows machine's trust store and checks
 * revocation online; neither exists here. The local choice: true when the certificate is within its
 * validity period now and is either one of Node's bundled root certificates (tls.rootCertificates, the
 * Mozilla store) or directly signed by one. Self-signed test certificates and certificates that need an
 * intermediate are false, as they would be on a gateway without those in its store. No revocation check.
 */
import { X509Certificate as NodeCertificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { CertificateData } from './cert-data.js';
import { clockNow } from '../../../common/clock.js';

let roots: NodeCertificate[] | undefined;

function trustedRoots(): NodeCertificate[] {
  roots ??= rootCertificates.map((pem) => new NodeCertificate(pem));
  return roots;
}

export function verifyCertificate(cert: CertificateData, nowMs = clockNow()): boolean {
  if (nowMs < cert.notBeforeMs || nowMs > cert.notAfterMs) return false;
  const fingerprint = cert.node.fingerprint256;
  for (const root of trustedRoots()) {
    if (root.fingerprint256 === fingerprint) return true;
    if (cert.node.checkIssued(root) && cert.node.verify(root.publicKey)) return true;
  }
  return false;
}
