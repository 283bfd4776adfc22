import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenIdConfigCache } from '../../src/access/openid-config.js';
import { signJwt } from '../../src/access/jwt-sign.js';
import { validateJwt } from '../../src/access/jwt-validate.js';
import { JwtFailure } from '../../src/access/jwt-failure.js';

const first = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const second = generateKeyPairSync('ec', { namedCurve: 'P-256' });
let jwksKeys = [{ ...first.publicKey.export({ format: 'jwk' }), kid: 'one', use: 'sig' }];
let fetches = 0;
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: 'https://issuer.test/', jwks_uri: `${base}/keys` }));
    } else if (req.url === '/keys') {
      fetches++;
      res.end(JSON.stringify({ keys: jwksKeys }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const claims = () => ({ sub: 'alice', iss: 'https://issuer.test/', exp: Math.floor(Date.now() / 1000) + 60 });

describe('openid-config', () => {
  it('fetches the metadata and its JWKS, caches them, refetches on an unknown kid no more than allowed', async () => {
    let clock = 1_000_000;
    const cache = new OpenIdConfigCache({ now: () => clock, minRefreshMs: 300_000, ttlMs: 3_600_000 });
    const source = cache.source(`${base}/.well-known/openid-configuration`);
    const options = { signingKeys: [], keySources: [source] };
    fetches = 0;

    const token = signJwt(claims(), first.privateKey, 'ES256', { kid: 'one' });
    expect((await validateJwt(token, options)).claims.sub).toBe('alice');
    await validateJwt(token, options);
    expect(fetches).toBe(1);

    // Issuer from the metadata applies when the policy lists none.
    await expect(validateJwt(signJwt({ ...claims(), iss: 'https://x/' }, first.privateKey, 'ES256', { kid: 'one' }), options)).rejects.toMatchObject({
      reason: 'TokenIssuerNotAllowed',
    });

    // Key rollover: the new kid is unknown until a refetch, which waits for the minimum interval.
    jwksKeys = [...jwksKeys, { ...second.publicKey.export({ format: 'jwk' }), kid: 'two', use: 'sig' }];
    const rolled = signJwt(claims(), second.privateKey, 'ES256', { kid: 'two' });
    clock += 60_000;
    await expect(validateJwt(rolled, options)).rejects.toMatchObject({ reason: 'TokenSignatureKeyNotFound' });
    expect(fetches).toBe(1);
    clock += 300_000;
    expect((await validateJwt(rolled, options)).claims.sub).toBe('alice');
    expect(fetches).toBe(2);

    // After the cache lifetime the keys are fetched again even for known kids.
    clock += 3_600_000;
    await validateJwt(token, options);
    expect(fetches).toBe(3);
  });

  it('reports a failed fetch and then finds no key', async () => {
    const cache = new OpenIdConfigCache();
    const source = cache.source(`${base}/missing`);
    const err = await validateJwt(signJwt(claims(), first.privateKey, 'ES256', { kid: 'one' }), { signingKeys: [], keySources: [source] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JwtFailure);
    expect((err as JwtFailure).reason).toBe('TokenSignatureKeyNotFound');
    expect(source.lastError()).toMatch(/HTTP 404/);
  });

  it('accepts a bare JWKS URL', async () => {
    const cache = new OpenIdConfigCache();
    const token = signJwt(claims(), first.privateKey, 'ES256', { kid: 'one' });
    expect((await validateJwt(token, { signingKeys: [], keySources: [cache.source(`${base}/keys`)] })).claims.sub).toBe('alice');
  });
});
