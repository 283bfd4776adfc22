/**
 * get-authorization-context against the local credential manager: a static connection, a client
 * credentials grant against a real token endpoint on 127.0.0.1 (cached until it expires), the
 * `Authorization` object in expressions, ignore-error, the reasons of a missing or disconnected
 * connection, and identity-type="jwt" checked against the connection's access policy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialManager, type ConnectionConfig } from '../../src/steps/access/credential-manager.js';
import { policy, run, startServer, type TestServer } from '../graph/helpers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const tokenServer = async (): Promise<TestServer> => {
  let issued = 0;
  const s = await startServer((_req, res, body) => {
    const form = new URLSearchParams(body);
    if (form.get('client_secret') !== 's3cret-client-value') {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_client' }));
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ access_token: `fetched-token-${++issued}`, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') }));
  });
  servers.push(s);
  return s;
};

const get = (attrs = '') =>
  `<get-authorization-context provider-id="github" authorization-id="auth1" context-variable-name="auth" ${attrs} />
   <set-backend-service base-url="@("ws://backend.test/" + ((Authorization)context.Variables["auth"])?.AccessToken)" />`;

const withConnections = (connections: ConnectionConfig[]) => ({ credentials: new CredentialManager(connections) });

describe('get-authorization-context', () => {
  it('puts a static connection in the variable as an Authorization with its claims', async () => {
    const r = await run(
      policy(`${get()}<set-variable name="scope" value="@((string)((Authorization)context.Variables[&quot;auth&quot;]).Claims[&quot;scope&quot;])" />`),
      {},
      {},
      withConnections([{ providerId: 'github', authorizationId: 'auth1', accessToken: 'static-token-value', claims: { scope: 'repo', expires_in: 3600 }, status: 'connected' }]),
    );
    expect(r.decision).toMatchObject({ kind: 'connect' });
    expect((r.decision as { backendUrl: string }).backendUrl).toContain('static-token-value');
    expect(r.state.variables.get('scope')).toBe('repo');
    // The token is a credential: the trace never shows it.
    expect(JSON.stringify(r.trace)).not.toContain('static-token-value');
  });

  it('fetches a token with a client credentials grant from a local endpoint, once while it is valid', async () => {
    const s = await tokenServer();
    const options = withConnections([
      { providerId: 'GitHub', authorizationId: 'Auth1', tokenUrl: `${s.url}/token`, clientId: 'app', clientSecret: 's3cret-client-value', scope: 'repo', status: 'connected' },
    ]);
    const first = await run(policy(get()), {}, {}, options);
    const second = await run(policy(get()), {}, {}, options);
    expect((first.decision as { backendUrl: string }).backendUrl).toBe('ws://backend.test/fetched-token-1');
    expect((second.decision as { backendUrl: string }).backendUrl).toBe('ws://backend.test/fetched-token-1');
    expect(s.arrivals).toHaveLength(1);
    expect(s.arrivals[0]!.method).toBe('POST');
    expect(new URLSearchParams(s.arrivals[0]!.body).get('grant_type')).toBe('client_credentials');
    expect(JSON.stringify(first.trace)).not.toContain('fetched-token-1');
  });

  it('a token endpoint that refuses is AuthorizationTokenFailure through on-error', async () => {
    const s = await tokenServer();
    const r = await run(
      policy(get()),
      {},
      {},
      withConnections([{ providerId: 'github', authorizationId: 'auth1', tokenUrl: `${s.url}/token`, clientSecret: 'wrong', status: 'connected' }]),
    );
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 500 });
    expect(r.state.lastError).toMatchObject({ source: 'get-authorization-context', reason: 'AuthorizationTokenFailure' });
    expect(r.state.lastError!.message).toContain('invalid_client');
  });

  it('a missing or disconnected connection fails with its reason; ignore-error stores null', async () => {
    const missing = await run(policy(get()), {}, {}, withConnections([]));
    expect(missing.state.lastError).toMatchObject({ reason: 'AuthorizationNotFound', message: "Authorization 'auth1' of provider 'github' was not found." });
    const none = await run(policy(get()));
    expect(none.state.lastError).toMatchObject({ reason: 'AuthorizationNotFound' });
    const broken = withConnections([{ providerId: 'github', authorizationId: 'auth1', accessToken: 't', status: 'error' }]);
    const disconnected = await run(policy(get()), {}, {}, broken);
    expect(disconnected.state.lastError).toMatchObject({ reason: 'AuthorizationNotConnected' });
    const ignored = await run(policy(get('ignore-error="true"')), {}, {}, broken);
    expect(ignored.decision).toMatchObject({ kind: 'connect', backendUrl: 'ws://backend.test/' });
    expect(ignored.state.variables.get('auth')).toBeNull();
  });

  it('identity-type="jwt" passes only an identity the connection allows', async () => {
    const jwt = (oid: string) => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ oid })).toString('base64url')}.`;
    const options = withConnections([{ providerId: 'github', authorizationId: 'auth1', accessToken: 'tok-for-user', status: 'connected', allowedObjectIds: ['user-1'] }]);
    const allowed = await run(policy(get(`identity-type="jwt" identity="${jwt('user-1')}"`)), {}, {}, options);
    expect((allowed.decision as { backendUrl: string }).backendUrl).toBe('ws://backend.test/tok-for-user');
    const denied = await run(policy(get(`identity-type="jwt" identity="${jwt('user-2')}"`)), {}, {}, options);
    expect(denied.state.lastError).toMatchObject({ reason: 'AuthorizationAccessDenied' });
  });
});
