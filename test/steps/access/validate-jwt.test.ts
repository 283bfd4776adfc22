import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSecretKey, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt, unsignedJwt } from '../../../src/access/jwt-sign.js';
import { JwtValue } from '../../../src/expressions/runtime/jwt.js';
import { compile } from '../../graph/helpers.js';
import { algorithmKeys, rsaPair } from '../../access/keys.js';
import { answer, graphOf, lastError, policy } from './helpers.js';

const now = () => Math.floor(Date.now() / 1000);
const claims = () => ({ sub: 'alice', aud: 'api://chat', iss: 'https://issuer.test/', exp: now() + 600, nbf: now() - 60, role: ['reader', 'writer'] });

/** Flips one bit of the signature's first byte (the last Base64 character may only hold padding bits). */
function tamper(token: string): string {
  const [h, p, sig] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(sig, 'base64url');
  bytes[0] = bytes[0]! ^ 1;
  return `${h}.${p}.${bytes.toString('base64url')}`;
}

function pem(k: import('node:crypto').KeyObject): string {
  return k.export({ type: 'spki', format: 'pem' }).toString();
}

describe('validate-jwt through the executor, for every algorithm', () => {
  for (const { alg, signing, verifying, secret } of algorithmKeys) {
    describe(alg, () => {
      // HMAC keys go in <key> as Base64; RSA keys as n/e; EC keys through a JWKS (openid-config) in the next suite
      // and here through a certificate-less public key: validate-jwt's certificate-id with a PEM public key.
      const keyXml = secret
        ? `<key>${secret.toString('base64')}</key>`
        : verifying.asymmetricKeyType === 'rsa'
          ? `<key n="${verifying.export({ format: 'jwk' }).n}" e="${verifying.export({ format: 'jwk' }).e}" />`
          : `<key certificate-id="ec" />`;
      const xml = policy(`<validate-jwt query-parameter-name="access_token">
  <issuer-signing-keys>${keyXml}</issuer-signing-keys>
  <audiences><audience>api://chat</audience></audiences>
  <issuers><issuer>https://issuer.test/</issuer></issuers>
  <required-claims><claim name="role" match="all"><value>reader</value></claim></required-claims>
</validate-jwt>`);
      const graph = graphOf(xml, verifying.asymmetricKeyType === 'ec' ? { certificates: { ec: { cert: pem(verifying) } } } : {});
      const url = (token: string) => `ws://localhost:8080/chat?access_token=${encodeURIComponent(token)}`;
      const cases: Array<[string, () => string, number, string | null]> = [
        ['valid', () => signJwt(claims(), signing, alg), 101, null],
        ['expired', () => signJwt({ ...claims(), exp: now() - 5 }, signing, alg), 401, 'TokenExpired'],
        ['not yet valid', () => signJwt({ ...claims(), nbf: now() + 300 }, signing, alg), 401, 'JwtInvalid'],
        ['wrong audience', () => signJwt({ ...claims(), aud: 'api://other' }, signing, alg), 401, 'TokenAudienceNotAllowed'],
        ['wrong issuer', () => signJwt({ ...claims(), iss: 'https://evil.test/' }, signing, alg), 401, 'TokenIssuerNotAllowed'],
        ['missing claim', () => signJwt({ ...claims(), role: undefined }, signing, alg), 401, 'TokenClaimNotFound'],
        ['claim value not allowed', () => signJwt({ ...claims(), role: 'guest' }, signing, alg), 401, 'TokenClaimValueNotAllowed'],
        ['tampered signature', () => tamper(signJwt(claims(), signing, alg)), 401, 'TokenSignatureInvalid'],
        ['alg none', () => unsignedJwt(claims()), 401, 'TokenSignatureInvalid'],
      ];
      it.each(cases)('%s', async (_name, token, status, reason) => {
        const a = await answer(graph, { url: url(token()) });
        expect(a.status).toBe(status);
        if (reason) {
          expect(lastError(a)).toMatchObject({ source: 'validate-jwt', reason });
          expect(a.body).toEqual({ statusCode: 401, message: 'Invalid JWT.' });
          expect(a.headers['content-type']).toBe('application/json');
        }
      });
    });
  }
});

describe('validate-jwt token sources and attributes', () => {
  const secret = randomBytes(32);
  const key = createSecretKey(secret);
  const keys = `<issuer-signing-keys><key>${secret.toString('base64')}</key></issuer-signing-keys>`;
  const token = () => signJwt(claims(), key, 'HS256');

  it('reads the Authorization header, with or without Bearer, and requires the scheme when told', async () => {
    const g = graphOf(policy(`<validate-jwt header-name="Authorization">${keys}</validate-jwt>`));
    expect((await answer(g, { headers: [['Authorization', `Bearer ${token()}`]] })).status).toBe(101);
    expect((await answer(g, { headers: [['Authorization', token()]] })).status).toBe(101);
    const strict = graphOf(policy(`<validate-jwt header-name="Authorization" require-scheme="Bearer">${keys}</validate-jwt>`));
    expect((await answer(strict, { headers: [['Authorization', `Bearer ${token()}`]] })).status).toBe(101);
    const plain = await answer(strict, { headers: [['Authorization', token()]] });
    expect(plain.status).toBe(401);
    expect(lastError(plain)?.reason).toBe('TokenNotPresent');
  });

  it('answers TokenNotPresent with "JWT not present." when the token is missing', async () => {
    const g = graphOf(policy(`<validate-jwt query-parameter-name="access_token">${keys}</validate-jwt>`));
    const a = await answer(g, { url: 'ws://localhost:8080/chat?other=1' });
    expect(a.status).toBe(401);
    expect(a.body).toEqual({ statusCode: 401, message: 'JWT not present.' });
    expect(lastError(a)).toMatchObject({ source: 'validate-jwt', reason: 'TokenNotPresent', section: 'inbound' });
  });

  it('takes the token from an expression, and a custom status and message', async () => {
    const g = graphOf(
      policy(`<validate-jwt token-value="@(context.Request.Headers.GetValueOrDefault(&quot;X-Token&quot;, &quot;&quot;))" failed-validation-httpcode="403" failed-validation-error-message="Go away">${keys}</validate-jwt>`),
    );
    expect((await answer(g, { headers: [['X-Token', token()]] })).status).toBe(101);
    const a = await answer(g, { headers: [['X-Token', 'junk']] });
    expect(a.status).toBe(403);
    expect(a.body).toEqual({ statusCode: 403, message: 'Go away' });
    expect(lastError(a)?.reason).toBe('JwtInvalid');
  });

  it('honours require-expiration-time, clock-skew and require-signed-tokens', async () => {
    const { exp: _e, ...noExp } = claims();
    const g = graphOf(policy(`<validate-jwt query-parameter-name="t" require-expiration-time="false" clock-skew="120" require-signed-tokens="false">${keys}</validate-jwt>`));
    expect((await answer(g, { url: `ws://h/chat?t=${signJwt(noExp, key, 'HS256')}` })).status).toBe(101);
    expect((await answer(g, { url: `ws://h/chat?t=${signJwt({ ...claims(), exp: now() - 60 }, key, 'HS256')}` })).status).toBe(101);
    expect((await answer(g, { url: `ws://h/chat?t=${unsignedJwt(claims())}` })).status).toBe(101);
  });

  it('stores the validated token in output-token-variable-name and masks it in the trace', async () => {
    const g = graphOf(policy(`<validate-jwt query-parameter-name="t" output-token-variable-name="jwt">${keys}</validate-jwt>`));
    const t = token();
    const a = await answer(g, { url: `ws://h/chat?t=${t}` });
    const jwt = a.run.state.variables.get('jwt') as JwtValue;
    expect(jwt).toBeInstanceOf(JwtValue);
    expect(jwt.payload.sub).toBe('alice');
    expect(jwt.claims.map.get('role')).toEqual(['reader', 'writer']);
    // The stored value is the runtime's Jwt: expressions read it as APIM's Jwt type.
    const read = await answer(
      graphOf(policy(`<validate-jwt query-parameter-name="t" output-token-variable-name="jwt">${keys}</validate-jwt><set-variable name="who" value="@(((Jwt)context.Variables[&quot;jwt&quot;]).Subject + &quot;/&quot; + ((Jwt)context.Variables[&quot;jwt&quot;]).Claims.GetValueOrDefault(&quot;role&quot;, &quot;&quot;))" />`)),
      { url: `ws://h/chat?t=${t}` },
    );
    expect(read.run.state.variables.get('who')).toBe('alice/reader,writer');
    expect(JSON.stringify(a.run.trace)).not.toContain(t);
  });

  it('lets on-error take over the answer with LastError set', async () => {
    const xml = policy(
      `<validate-jwt header-name="Authorization">${keys}</validate-jwt>`,
      `<return-response><set-status code="418" reason="Teapot" /><set-header name="X-Reason" exists-action="override"><value>@(context.LastError.Reason)</value></set-header></return-response>`,
    );
    const a = await answer(graphOf(xml));
    expect(a.status).toBe(418);
    expect(a.headers['x-reason']).toBe('TokenNotPresent');
  });

  it('fails with a 500 when a key read at run time is not Base64', async () => {
    const g = graphOf(policy(`<validate-jwt header-name="A"><issuer-signing-keys><key>@("not base64!")</key></issuer-signing-keys></validate-jwt>`));
    const a = await answer(g, { headers: [['A', token()]] });
    expect(a.status).toBe(500);
    expect(lastError(a)).toMatchObject({ source: 'validate-jwt', reason: 'ExpressionValueEvaluationFailure' });
  });

  it('reports bad keys and missing token sources at compile time', () => {
    const bad = compile(policy(`<validate-jwt header-name="Authorization"><issuer-signing-keys><key>not base64!</key></issuer-signing-keys></validate-jwt>`));
    expect(bad.graph).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.message).join()).toMatch(/invalid signing key/);
    const none = compile(policy(`<validate-jwt>${keys}</validate-jwt>`));
    expect(none.diagnostics.map((d) => d.message).join()).toMatch(/requires one of 'header-name', 'query-parameter-name', 'token-value'/);
    // An unresolved named value (check without a named-values source) is not a compile error: read at run time.
    const deferred = compile(policy(`<validate-jwt header-name="A"><issuer-signing-keys><key>{{signing-key}}</key></issuer-signing-keys></validate-jwt>`));
    expect(deferred.graph).toBeDefined();
    const cert = compile(policy(`<validate-jwt header-name="A"><issuer-signing-keys><key certificate-id="nope" /></issuer-signing-keys></validate-jwt>`));
    expect(cert.diagnostics.map((d) => d.message).join()).toMatch(/certificate-id 'nope'/);
  });
});

describe('validate-jwt with openid-config served locally', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.endsWith('/.well-known/openid-configuration')) res.end(JSON.stringify({ issuer: 'https://issuer.test/', jwks_uri: `${base}/jwks` }));
      else res.end(JSON.stringify({ keys: [{ ...rsaPair.publicKey.export({ format: 'jwk' }), kid: 'rsa1', alg: 'RS256', use: 'sig' }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('validates with the JWKS keys and the metadata issuer', async () => {
    const g = graphOf(policy(`<validate-jwt header-name="Authorization"><openid-config url="${base}/.well-known/openid-configuration" /></validate-jwt>`));
    const good = signJwt(claims(), rsaPair.privateKey, 'RS256', { kid: 'rsa1' });
    expect((await answer(g, { headers: [['Authorization', `Bearer ${good}`]] })).status).toBe(101);
    const unknownKid = await answer(g, { headers: [['Authorization', `Bearer ${signJwt(claims(), rsaPair.privateKey, 'RS256', { kid: 'zzz' })}`]] });
    expect(lastError(unknownKid)?.reason).toBe('TokenSignatureKeyNotFound');
    const wrongIssuer = await answer(g, { headers: [['Authorization', `Bearer ${signJwt({ ...claims(), iss: 'x' }, rsaPair.privateKey, 'RS256', { kid: 'rsa1' })}`]] });
    expect(lastError(wrongIssuer)?.reason).toBe('TokenIssuerNotAllowed');
  });

  it('validate-azure-ad-token against a local stand-in for Entra ID', async () => {
    const tenant = '11111111-2222-3333-4444-555555555555';
    const xml = policy(`<validate-azure-ad-token tenant-id="${tenant}" query-parameter-name="access_token">
  <client-application-ids><application-id>client-app</application-id></client-application-ids>
  <backend-application-ids><application-id>backend-app</application-id></backend-application-ids>
</validate-azure-ad-token>`);
    const g = graphOf(xml, { entraAuthority: `${base}/entra` });
    // The stand-in answers every metadata path with the same document: the issuer is https://issuer.test/.
    const entra = { ...claims(), aud: 'api://backend-app', azp: 'client-app' };
    const url = (t: string) => `ws://h/chat?access_token=${t}`;
    expect((await answer(g, { url: url(signJwt(entra, rsaPair.privateKey, 'RS256', { kid: 'rsa1' })) })).status).toBe(101);
    const v1 = { ...entra, iss: `https://sts.windows.net/${tenant}/` };
    expect((await answer(g, { url: url(signJwt(v1, rsaPair.privateKey, 'RS256', { kid: 'rsa1' })) })).status).toBe(101);
    const otherClient = await answer(g, { url: url(signJwt({ ...entra, azp: 'intruder' }, rsaPair.privateKey, 'RS256', { kid: 'rsa1' })) });
    expect(otherClient.status).toBe(401);
    expect(lastError(otherClient)).toMatchObject({ source: 'validate-azure-ad-token', reason: 'TokenClaimValueNotAllowed' });
    const otherAudience = await answer(g, { url: url(signJwt({ ...entra, aud: 'api://else' }, rsaPair.privateKey, 'RS256', { kid: 'rsa1' })) });
    expect(lastError(otherAudience)?.reason).toBe('TokenAudienceNotAllowed');
  });
});
