import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import token from '../../src/cli/token.js';
import { keysFromJwks, symmetricKeyFromBase64 } from '../../src/access/jwt-keys.js';
import { validateJwt } from '../../src/access/jwt-validate.js';
import { serveJwks } from '../../src/access/jwks-server.js';
import { OpenIdConfigCache } from '../../src/access/openid-config.js';
import { JwtFailure } from '../../src/access/jwt-failure.js';

const dir = mkdtempSync(join(tmpdir(), 'onhandshake-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function mint(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await token(args);
    return { code, out: out.trim(), err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('onhandshake token', () => {
  it('mints an HS256 token that validate-jwt accepts with the same Base64 key', async () => {
    const secret = randomBytes(32).toString('base64');
    const { code, out } = await mint('--key', secret, '--sub', 'alice', '--aud', 'api://chat', '--iss', 'local', '--exp', '1h', '--claim', 'role=["reader"]', '--claim', 'n=42');
    expect(code).toBe(0);
    const jwt = await validateJwt(out, { signingKeys: [symmetricKeyFromBase64(secret)], audiences: ['api://chat'], issuers: ['local'] });
    expect(jwt.claims).toMatchObject({ sub: 'alice', role: ['reader'], n: 42 });
    expect((jwt.claims.exp as number) - (jwt.claims.iat as number)).toBe(3600);
  });

  it('mints expired and not-yet-valid tokens for negative tests', async () => {
    const secret = randomBytes(32).toString('base64');
    const keys = [symmetricKeyFromBase64(secret)];
    const expired = (await mint('--key', secret, '--exp=-5m')).out;
    await expect(validateJwt(expired, { signingKeys: keys })).rejects.toMatchObject({ reason: 'TokenExpired' });
    const early = (await mint('--key', secret, '--nbf', '10m')).out;
    await expect(validateJwt(early, { signingKeys: keys })).rejects.toBeInstanceOf(JwtFailure);
  });

  it('writes a JWKS for ES256 with the kid, and the key it generated', async () => {
    const jwksFile = join(dir, 'jwks.json');
    const keyFile = join(dir, 'key.pem');
    const { code, out } = await mint('--alg', 'ES256', '--kid', 'k1', '--jwks-out', jwksFile, '--key-out', keyFile, '--sub', 'bob');
    expect(code).toBe(0);
    const jwks = JSON.parse(readFileSync(jwksFile, 'utf8'));
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'k1', alg: 'ES256' });
    expect((await validateJwt(out, { signingKeys: keysFromJwks(jwks) })).claims.sub).toBe('bob');
    // Reusing the saved key signs tokens the same JWKS accepts.
    const again = await mint('--alg', 'ES256', '--kid', 'k1', '--key', keyFile);
    expect((await validateJwt(again.out, { signingKeys: keysFromJwks(jwks) })).header.kid).toBe('k1');
  });

  it('serves the JWKS as an OpenID configuration that validate-jwt can fetch', async () => {
    const jwksFile = join(dir, 'rsa.json');
    const { out } = await mint('--alg', 'RS256', '--kid', 'r', '--jwks-out', jwksFile, '--iss', 'https://local-idp/');
    const server = await serveJwks(JSON.parse(readFileSync(jwksFile, 'utf8')), { issuer: 'https://local-idp/' });
    try {
      const source = new OpenIdConfigCache().source(server.metadataUrl);
      expect((await validateJwt(out, { signingKeys: [], keySources: [source] })).claims.iss).toBe('https://local-idp/');
    } finally {
      await server.close();
    }
  });

  it('refuses bad options with exit code 2', async () => {
    expect((await mint('--alg', 'none')).code).toBe(2);
    expect((await mint('--exp', 'soon')).code).toBe(2);
    expect((await mint('--claim', 'novalue')).code).toBe(2);
    expect((await mint('--key', 'not base64!')).code).toBe(2);
    expect((await mint('--jwks-out', join(dir, 'x.json'))).code).toBe(2);
    expect((await mint('--bogus')).code).toBe(2);
  });
});
