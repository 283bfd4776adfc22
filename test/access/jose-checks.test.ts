/**
 * What validate-jwt gains from jose beyond the old hand-written primitives: a GCM tag shorter than
 * 128 bits no longer decrypts, and an RSA key under 2048 bits is refused in IdentityModel's words.
 */
import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64UrlDecode, base64UrlEncode } from '../../src/access/base64url.js';
import { encryptJwe } from '../../src/access/jwe.js';
import { JwtFailure } from '../../src/access/jwt-failure.js';
import { signJwt } from '../../src/access/jwt-sign.js';
import { validateJwt } from '../../src/access/jwt-validate.js';

const claims = { sub: 'alice', exp: Math.floor(Date.now() / 1000) + 3600 };

async function failure(token: string, options: Parameters<typeof validateJwt>[1]): Promise<JwtFailure> {
  const err = await validateJwt(token, options).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(JwtFailure);
  return err as JwtFailure;
}

describe('validate-jwt on jose', () => {
  it('refuses a GCM token whose tag was cut short (the full tag decrypts)', async () => {
    const signing = createSecretKey(randomBytes(32));
    const cek = createSecretKey(randomBytes(16));
    const jwe = encryptJwe(signJwt(claims, signing, 'HS256'), cek, 'dir', 'A128GCM', { cty: 'JWT' });
    const options = { signingKeys: [{ key: signing }], decryptionKeys: [{ key: cek }] };
    expect((await validateJwt(jwe, options)).claims.sub).toBe('alice');
    const parts = jwe.split('.');
    const shortTag = base64UrlEncode(base64UrlDecode(parts[4]!).subarray(0, 4));
    const truncated = [...parts.slice(0, 4), shortTag].join('.');
    const refused = await failure(truncated, options);
    expect(refused.reason).toBe('JwtInvalid');
    expect(refused.message).toContain('IDX10603: Decryption failed.');
  });

  it('refuses an RSA key under 2048 bits, saying so', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const refused = await failure(signJwt(claims, small.privateKey, 'RS256'), { signingKeys: [{ key: small.publicKey }] });
    expect(refused.reason).toBe('TokenSignatureInvalid');
    expect(refused.message).toBe("IDX10630: The 'RS256' key for signing cannot be smaller than '2048' bits. KeySize: '1024'.");
  });
});
