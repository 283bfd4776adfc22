/**
 * validate-jwt with a certificate: `<key certificate-id>` naming a PEM certificate of the configuration,
 * and the key helpers on PEM, Base64 DER and a JWKS `x5c` chain. The fixture is a self-signed test
 * certificate with its private key (test/access/fixtures, never used for anything else).
 */
import { createPrivateKey, createSecretKey, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keyFromCertificate, keysFromJwks } from '../../src/access/jwt-keys.js';
import { signJwt } from '../../src/access/jwt-sign.js';
import { validateJwt } from '../../src/access/jwt-validate.js';
import { answer, graphOf, lastError, policy } from '../steps/access/helpers.js';

const certPem = readFileSync(new URL('./fixtures/signing-cert.pem', import.meta.url), 'utf8');
const privateKey = createPrivateKey(readFileSync(new URL('./fixtures/signing-key.pem', import.meta.url)));
const der = new X509Certificate(certPem).raw.toString('base64');
const claims = () => ({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 300 });

describe('certificate keys', () => {
  it('reads a PEM certificate, Base64 DER, and x5c in a JWKS', async () => {
    const token = signJwt(claims(), privateKey, 'RS256', { kid: 'c1' });
    for (const key of [keyFromCertificate(certPem), keyFromCertificate(der), ...keysFromJwks({ keys: [{ kty: 'RSA', kid: 'c1', x5c: [der] }] })]) {
      expect((await validateJwt(token, { signingKeys: [key] })).claims.sub).toBe('alice');
    }
  });

  it('validate-jwt checks signatures with <key certificate-id> from the configured certificates', async () => {
    const g = graphOf(
      policy(`<validate-jwt header-name="Authorization"><issuer-signing-keys><key certificate-id="issuer-cert" /></issuer-signing-keys></validate-jwt>`),
      { certificates: { 'issuer-cert': { cert: certPem } } },
    );
    expect((await answer(g, { headers: [['Authorization', `Bearer ${signJwt(claims(), privateKey, 'PS256')}`]] })).status).toBe(101);
    // An HS256 token cannot be checked with a certificate's RSA key: no key fits.
    const hs = await answer(g, { headers: [['Authorization', `Bearer ${signJwt(claims(), createSecretKey(randomBytes(32)), 'HS256')}`]] });
    expect(lastError(hs)?.reason).toBe('TokenSignatureKeyNotFound');
  });
});
