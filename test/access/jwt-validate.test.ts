import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64UrlDecode, base64UrlEncode } from '../../src/access/base64url.js';
import { encryptJwe } from '../../src/access/jwe.js';
import { JwtFailure } from '../../src/access/jwt-failure.js';
import { keysFromJwks, rsaKeyFromModulus, symmetricKeyFromBase64 } from '../../src/access/jwt-keys.js';
import { signJwt, unsignedJwt } from '../../src/access/jwt-sign.js';
import { validateJwt, type JwtValidationOptions } from '../../src/access/jwt-validate.js';
import { algorithmKeys, rsaPair } from './keys.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const nowSec = NOW / 1000;
const claims = { sub: 'alice', aud: 'api://chat', iss: 'https://issuer.test/', exp: nowSec + 3600, nbf: nowSec - 60 };

async function reason(token: string, options: JwtValidationOptions): Promise<string> {
  try {
    await validateJwt(token, options);
    return 'ok';
  } catch (err) {
    if (err instanceof JwtFailure) return err.reason;
    throw err;
  }
}

function tamper(token: string): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  const sig = base64UrlDecode(s);
  sig[0] = sig[0]! ^ 0x01;
  return `${h}.${p}.${base64UrlEncode(sig)}`;
}

describe.each(algorithmKeys)('validate-jwt with $alg', ({ alg, signing, verifying }) => {
  const base: JwtValidationOptions = {
    signingKeys: [{ key: verifying }],
    audiences: ['api://chat'],
    issuers: ['https://issuer.test/'],
    now: NOW,
  };

  it('accepts a valid token and returns its claims', async () => {
    const result = await validateJwt(signJwt(claims, signing, alg), base);
    expect(result.claims.sub).toBe('alice');
    expect(result.header.alg).toBe(alg);
  });

  it('refuses a tampered signature', async () => {
    expect(await reason(tamper(signJwt(claims, signing, alg)), base)).toBe('TokenSignatureInvalid');
  });

  it('refuses a tampered payload', async () => {
    const [h, , s] = signJwt(claims, signing, alg).split('.');
    const forged = base64UrlEncode(JSON.stringify({ ...claims, sub: 'mallory' }));
    expect(await reason(`${h}.${forged}.${s}`, base)).toBe('TokenSignatureInvalid');
  });

  it('refuses an expired token', async () => {
    expect(await reason(signJwt({ ...claims, exp: nowSec - 10 }, signing, alg), base)).toBe('TokenExpired');
  });

  it('refuses a token not yet valid', async () => {
    expect(await reason(signJwt({ ...claims, nbf: nowSec + 120 }, signing, alg), base)).toBe('JwtInvalid');
  });

  it('refuses a wrong audience and a wrong issuer', async () => {
    expect(await reason(signJwt({ ...claims, aud: 'api://other' }, signing, alg), base)).toBe('TokenAudienceNotAllowed');
    expect(await reason(signJwt({ ...claims, iss: 'https://evil.test/' }, signing, alg), base)).toBe('TokenIssuerNotAllowed');
  });
});

describe('validate-jwt rules', () => {
  const secret = randomBytes(32);
  const key = createSecretKey(secret);
  const options: JwtValidationOptions = { signingKeys: [symmetricKeyFromBase64(secret.toString('base64'))], now: NOW };

  it('refuses alg none while signed tokens are required, accepts it when they are not', async () => {
    expect(await reason(unsignedJwt(claims), options)).toBe('TokenSignatureInvalid');
    expect(await reason(unsignedJwt(claims), { ...options, requireSignedTokens: false })).toBe('ok');
  });

  it('never lets alg none pass a signature check by stripping the signature of a signed token', async () => {
    const [, p] = signJwt(claims, key, 'HS256').split('.');
    const header = base64UrlEncode(JSON.stringify({ alg: 'none' }));
    expect(await reason(`${header}.${p}.`, options)).toBe('TokenSignatureInvalid');
  });

  it('refuses a token signed with another key', async () => {
    expect(await reason(signJwt(claims, createSecretKey(randomBytes(32)), 'HS256'), options)).toBe('TokenSignatureInvalid');
  });

  it('refuses an HS256 token "signed" with an RSA public key (algorithm confusion)', async () => {
    const pem = rsaPair.publicKey.export({ type: 'spki', format: 'pem' });
    const forged = signJwt(claims, createSecretKey(Buffer.from(pem)), 'HS256');
    expect(await reason(forged, { signingKeys: [{ key: rsaPair.publicKey }], now: NOW })).toBe('TokenSignatureKeyNotFound');
  });

  it('requires an expiration time unless told otherwise', async () => {
    const { exp: _exp, ...noExp } = claims;
    expect(await reason(signJwt(noExp, key, 'HS256'), options)).toBe('JwtInvalid');
    expect(await reason(signJwt(noExp, key, 'HS256'), { ...options, requireExpirationTime: false })).toBe('ok');
  });

  it('applies clock skew to exp and nbf', async () => {
    const expired = signJwt({ ...claims, exp: nowSec - 30 }, key, 'HS256');
    expect(await reason(expired, { ...options, clockSkewSeconds: 60 })).toBe('ok');
    expect(await reason(expired, { ...options, clockSkewSeconds: 10 })).toBe('TokenExpired');
    const early = signJwt({ ...claims, nbf: nowSec + 30 }, key, 'HS256');
    expect(await reason(early, { ...options, clockSkewSeconds: 60 })).toBe('ok');
  });

  it('matches any of several audiences, in a string or an array claim', async () => {
    const opts = { ...options, audiences: ['a', 'b'] };
    expect(await reason(signJwt({ ...claims, aud: ['x', 'b'] }, key, 'HS256'), opts)).toBe('ok');
    expect(await reason(signJwt({ ...claims, aud: 'a' }, key, 'HS256'), opts)).toBe('ok');
    const { aud: _aud, ...noAud } = claims;
    expect(await reason(signJwt(noAud, key, 'HS256'), opts)).toBe('TokenAudienceNotAllowed');
  });

  it('checks required claims: presence, all, any, separator', async () => {
    const token = signJwt({ ...claims, scp: 'chat.read chat.write', roles: ['admin', 'user'] }, key, 'HS256');
    const check = (name: string, match: 'all' | 'any', values: string[], separator?: string) =>
      reason(token, { ...options, requiredClaims: [{ name, match, values, ...(separator ? { separator } : {}) }] });
    expect(await check('missing', 'all', [])).toBe('TokenClaimNotFound');
    expect(await check('sub', 'all', [])).toBe('ok');
    expect(await check('sub', 'all', ['bob'])).toBe('TokenClaimValueNotAllowed');
    expect(await check('roles', 'all', ['admin', 'user'])).toBe('ok');
    expect(await check('roles', 'all', ['admin', 'owner'])).toBe('TokenClaimValueNotAllowed');
    expect(await check('roles', 'any', ['admin', 'owner'])).toBe('ok');
    expect(await check('scp', 'all', ['chat.read', 'chat.write'], ' ')).toBe('ok');
    expect(await check('scp', 'all', ['chat.read'])).toBe('TokenClaimValueNotAllowed');
  });

  it('refuses garbage as JwtInvalid', async () => {
    expect(await reason('not-a-token', options)).toBe('JwtInvalid');
    expect(await reason('a.b.c', options)).toBe('JwtInvalid');
    expect(await reason(`${base64UrlEncode('[1]')}.${base64UrlEncode('{}')}.`, options)).toBe('JwtInvalid');
  });

  it('reports a missing key when no key fits', async () => {
    expect(await reason(signJwt(claims, rsaPair.privateKey, 'RS256'), options)).toBe('TokenSignatureKeyNotFound');
    expect(await reason(signJwt(claims, key, 'HS256'), { signingKeys: [], now: NOW })).toBe('TokenSignatureKeyNotFound');
  });

  it('picks keys by kid, and tries keys without an id when no kid matches', async () => {
    const other = randomBytes(32);
    const keyed: JwtValidationOptions = {
      signingKeys: [symmetricKeyFromBase64(other.toString('base64'), 'k2'), symmetricKeyFromBase64(secret.toString('base64'), 'k1')],
      now: NOW,
    };
    expect(await reason(signJwt(claims, key, 'HS256', { kid: 'k1' }), keyed)).toBe('ok');
    expect(await reason(signJwt(claims, key, 'HS256', { kid: 'k2' }), keyed)).toBe('TokenSignatureInvalid');
    expect(await reason(signJwt(claims, key, 'HS256', { kid: 'k9' }), keyed)).toBe('TokenSignatureKeyNotFound');
    expect(await reason(signJwt(claims, key, 'HS256', { kid: 'k9' }), options)).toBe('ok');
  });

  it('takes RSA keys as modulus and exponent, and from a JWKS', async () => {
    const jwk = rsaPair.publicKey.export({ format: 'jwk' });
    const token = signJwt(claims, rsaPair.privateKey, 'RS256', { kid: 'r1' });
    expect(await reason(token, { signingKeys: [rsaKeyFromModulus(jwk.n!, jwk.e!)], now: NOW })).toBe('ok');
    const jwks = { keys: [{ ...jwk, kid: 'r1', use: 'sig' }, { kty: 'weird' }] };
    expect(await reason(token, { signingKeys: keysFromJwks(jwks), now: NOW })).toBe('ok');
  });

  it('decrypts JWE tokens with decryption keys before validating the inner token', async () => {
    const inner = signJwt(claims, key, 'HS256');
    const cek = createSecretKey(randomBytes(32));
    const kek = createSecretKey(randomBytes(16));
    const rsaEnc = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cases: Array<[string, string, typeof cek, typeof cek]> = [
      ['dir', 'A128CBC-HS256', cek, cek],
      ['A128KW', 'A256CBC-HS512', kek, kek],
      ['A128KW', 'A256GCM', kek, kek],
      ['RSA-OAEP-256', 'A128CBC-HS256', rsaEnc.publicKey, rsaEnc.privateKey],
      ['RSA-OAEP', 'A192CBC-HS384', rsaEnc.publicKey, rsaEnc.privateKey],
    ];
    for (const [alg, enc, wrapKey, unwrapKey] of cases) {
      const jwe = encryptJwe(inner, wrapKey, alg, enc, { cty: 'JWT' });
      const result = await validateJwt(jwe, { ...options, decryptionKeys: [{ key: unwrapKey }] });
      expect(result.claims.sub, `${alg}/${enc}`).toBe('alice');
      expect(await reason(jwe, { ...options, decryptionKeys: [{ key: createSecretKey(randomBytes(32)) }] })).toBe('JwtInvalid');
    }
  });
});
