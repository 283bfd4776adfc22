/** The X509/RSA types on APIM's allow-list are registered (their signatures are checked with all others in signatures.test.ts). */
import { describe, expect, it } from 'vitest';
import '../../../../src/expressions/core/primitives.js';
import '../../../../src/expressions/runtime/all.js';
import { allTypes } from '../../../../src/expressions/registry.js';

describe('X509/RSA registrations', () => {
  it('registers the types APIM allows', () => {
    const names = allTypes().map((d) => d.fullName);
    for (const t of ['X509Certificates.X509Certificate', 'X509Certificates.X509Certificate2', 'X509Certificates.PublicKey', 'X509Certificates.RSACertificateExtensions', 'X509Certificates.X509ContentType', 'X509Certificates.X509NameType', 'X509Certificates.X500DistinguishedName', 'RSA', 'RSACng', 'RSAEncryptionPadding', 'RSASignaturePadding', 'AsymmetricAlgorithm', 'HashAlgorithmName', 'Oid'])
      expect(names).toContain(`System.Security.Cryptography.${t}`);
  });
});
