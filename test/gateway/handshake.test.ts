import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { createServer as createNetServer } from 'node:net';
import { acceptKey } from '../../src/gateway/upgrade-request.js';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { HeaderBag } from '../../src/common/headers.js';
import type { HandshakeInput } from '../../src/steps/runtime/contract.js';
import type { GatewaySubscription } from '../../src/gateway/runtime.js';
import { api, closed, waitFor, echoServer, graphTo, nextMessage, open, refusal, runtime, startGateway } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
const fixtures = join(import.meta.dirname, 'fixtures');

async function gatewayFor(...args: Parameters<typeof startGateway>) {
  const started = await startGateway(...args);
  cleanups.push(() => started.gateway.shutdown(0));
  return started;
}

async function echo(options: Parameters<typeof echoServer>[0] = {}) {
  const server = await echoServer(options);
  cleanups.push(() => server.close());
  return server;
}

describe('routing and plain HTTP', () => {
  it('answers an unknown API URL suffix with APIM\'s 404', async () => {
    const { url } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => 'ws://127.0.0.1:1'))]));
    const r = await refusal(url + '/nothing-here');
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toEqual({ statusCode: 404, message: 'Resource not found' });
    expect(r.headers['content-type']).toContain('application/json');
  });

  it('routes by the whole suffix, case-insensitively; a deeper path matches no operation', async () => {
    const backend = await echo();
    const seen: string[] = [];
    const graph = (name: string) => graphTo(() => backend.url, (input) => (seen.push(`${name} ${new URL(input.url).pathname}`), undefined));
    const { url } = await gatewayFor(runtime([api('a', '/chat', graph('a')), api('b', '/chat/admin', graph('b')), api('root', '', graph('root'))]));
    for (const path of ['/chat', '/CHAT/', '/chat/admin', '/']) {
      const ws = await open(url + path);
      ws.close();
      await closed(ws);
    }
    expect(seen).toEqual(['a /chat', 'a /CHAT/', 'b /chat/admin', 'root /']);
    expect((await refusal(url + '/chat/room')).status).toBe(404);
  });

  it('serves a health endpoint and answers plain requests to an API with 426', async () => {
    const { url } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => 'ws://127.0.0.1:1'))]));
    const http = url.replace('ws://', 'http://');
    const health = await fetch(http + '/_onhandshake/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', connections: 0, handshakesInProgress: 0, apis: [{ name: 'chat', path: '/chat' }] });
    const plain = await fetch(http + '/chat');
    expect(plain.status).toBe(426);
    expect(plain.headers.get('upgrade')).toBe('websocket');
    expect((await fetch(http + '/elsewhere')).status).toBe(404);
  });
});

describe('subscription keys', () => {
  const product = { id: 'starter', name: 'Starter', subscriptionRequired: true, approvalRequired: false, state: 'Published' as const, subscriptionsLimit: null, groups: [] };
  const subscription = (id: string, key: string, state: 'active' | 'suspended' = 'active'): GatewaySubscription => ({
    info: { id, name: id, key, primaryKey: key, secondaryKey: `${key}-2`, createdDate: new Date(0), startDate: null, endDate: null },
    product,
    state,
  });
  const subs = new Map([['good-key', subscription('alice', 'good-key')], ['good-key-2', subscription('alice', 'good-key')], ['off-key', subscription('bob', 'off-key', 'suspended')]]);

  async function setup(names?: { header: string; query: string }) {
    const backend = await echo();
    const inputs: HandshakeInput[] = [];
    const chat = api('chat', '/chat', graphTo(() => backend.url, (input) => (inputs.push(input), undefined)), { subscriptionRequired: true, productIds: ['starter'] });
    if (names) chat.info.subscriptionKeyParameterNames = names;
    const { url } = await gatewayFor(runtime([chat], subs));
    return { url: url + '/chat', inputs };
  }

  it('refuses a missing key with APIM\'s 401', async () => {
    const { url, inputs } = await setup();
    const r = await refusal(url);
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ statusCode: 401, message: 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.' });
    expect(inputs).toHaveLength(0);
  });

  it.each([['an unknown key', 'nope'], ['a suspended subscription', 'off-key']])('refuses %s with APIM\'s 401', async (_what, key) => {
    const { url } = await setup();
    const r = await refusal(url, { 'Ocp-Apim-Subscription-Key': key });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).message).toBe('Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.');
  });

  it('accepts a key in the header or the query and fills context.Subscription and Product', async () => {
    const { url, inputs } = await setup();
    for (const ws of [await open(url, undefined, { headers: { 'Ocp-Apim-Subscription-Key': 'good-key' } }), await open(url + '?subscription-key=good-key-2')]) {
      ws.close();
      await closed(ws);
    }
    expect(inputs.map((i) => [i.subscription?.id, i.subscription?.key, i.product?.id])).toEqual([
      ['alice', 'good-key', 'starter'],
      ['alice', 'good-key-2', 'starter'],
    ]);
  });

  it('uses the API\'s own subscription key parameter names', async () => {
    const { url } = await setup({ header: 'api-key', query: 'api-key' });
    expect((await refusal(url + '?subscription-key=good-key')).status).toBe(401);
    const ws = await open(url + '?api-key=good-key');
    ws.close();
    await closed(ws);
  });
});

describe('the policy decision', () => {
  it('answers a respond decision as plain HTTP, without upgrading', async () => {
    const graph = graphTo(() => 'ws://127.0.0.1:1', () => ({ kind: 'respond', statusCode: 403, statusReason: 'Forbidden', headers: new HeaderBag([['X-Why', 'policy']]), body: Buffer.from('{"denied":true}') }));
    const { url } = await gatewayFor(runtime([api('chat', '/chat', graph)]));
    const r = await refusal(url + '/chat');
    expect(r.status).toBe(403);
    expect(r.headers['x-why']).toBe('policy');
    expect(r.body).toBe('{"denied":true}');
  });

  it('gives the handshake input what context.Request needs', async () => {
    const backend = await echo();
    const inputs: HandshakeInput[] = [];
    const { url } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => backend.url, (i) => (inputs.push(i), undefined)))]));
    const ws = await open(url + '/chat?a=1&b=two', undefined, { headers: { 'X-Test': 'yes' } });
    ws.close();
    await closed(ws);
    expect(inputs[0]).toMatchObject({ method: 'GET', url: `${url}/chat?a=1&b=two`, ipAddress: '127.0.0.1', deployment: { region: 'local' } });
    expect(inputs[0]!.headers.get('x-test')).toBe('yes');
    expect(inputs[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers APIM\'s 500 when running the policy fails', async () => {
    const graph = { run: async () => Promise.reject(new Error('boom')) };
    const { url, lines } = await gatewayFor(runtime([api('chat', '/chat', graph)]));
    const r = await refusal(url + '/chat');
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toMatchObject({ statusCode: 500, message: 'Internal server error' });
    expect(lines.join('\n')).toContain('policy run failed: boom');
  });

  it('calls the policy\'s releases when the connection ends', async () => {
    const backend = await echo();
    let released = 0;
    const graph = {
      run: async (input: HandshakeInput) => ({ decision: { kind: 'connect' as const, backendUrl: backend.url, headers: input.headers }, state: {} as never, trace: null, releases: [() => void released++] }),
    };
    const { url } = await gatewayFor(runtime([api('chat', '/chat', graph)]));
    const ws = await open(url + '/chat');
    expect(released).toBe(0);
    ws.close();
    await closed(ws);
    await new Promise((r) => setTimeout(r, 50));
    expect(released).toBe(1);
  });
});

describe('the backend handshake', () => {
  it('relays a backend refusal: its status, headers and body', async () => {
    const backend = await echo({ verifyClient: (_info, done) => done(false, 403, 'Forbidden by backend', { 'X-Backend': 'says-no' }) });
    const { url, lines } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => backend.url))]));
    const r = await refusal(url + '/chat');
    expect(r.status).toBe(403);
    expect(r.headers['x-backend']).toBe('says-no');
    expect(r.body).toBe('Forbidden by backend');
    expect(lines.some((l) => l.includes('"BackendRefused"'))).toBe(true);
  });

  it('answers APIM\'s 500 with BackendConnectionFailure in the log when the backend is unreachable', async () => {
    const backend = await echoServer();
    const deadUrl = backend.url;
    await backend.close();
    const { url, lines } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => deadUrl))]));
    const r = await refusal(url + '/chat');
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toEqual({ statusCode: 500, message: 'Internal server error', activityId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const event = lines.map((l) => JSON.parse(l)).find((e) => e.EventName === 'BackendConnectionFailed');
    expect(event.Error).toMatch(/^BackendConnectionFailure: Unable to connect to the remote server/);
  });

  it.each([
    ['a wrong Sec-WebSocket-Accept', (_key: string) => 'Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n', /wrong Sec-WebSocket-Accept/],
    ['a subprotocol the client did not offer', (key: string) => `Sec-WebSocket-Accept: ${acceptKey(key)}\r\nSec-WebSocket-Protocol: sneaky\r\n`, /subprotocol 'sneaky' that the client did not offer/],
    ['extensions the client did not offer', (key: string) => `Sec-WebSocket-Accept: ${acceptKey(key)}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n`, /extensions 'permessage-deflate' that the client did not offer/],
  ])('treats a backend 101 with %s as a failed connection (500)', async (_what, extra, logged) => {
    const server = createNetServer((socket) => {
      socket.once('data', (d) => {
        const key = /sec-websocket-key: *(\S+)/i.exec(d.toString())?.[1] ?? '';
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${extra(key)}\r\n`);
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const backendUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { url, lines } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => backendUrl))]));
    const r = await refusal(url + '/chat', { 'Sec-WebSocket-Protocol': 'chat' }, { perMessageDeflate: false });
    expect(r.status).toBe(500);
    expect(lines.join('\n')).toMatch(logged);
  });

  describe('wss:// backends', () => {
    async function tlsBackend(cert: string, key: string): Promise<string> {
      const server = createHttpsServer({ cert: readFileSync(join(fixtures, cert)), key: readFileSync(join(fixtures, key)) });
      const wss = new WebSocketServer({ server });
      wss.on('connection', (s) => s.on('message', (d, b) => s.send(d, { binary: b })));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      cleanups.push(() => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); server.close(() => r()); server.closeAllConnections(); }));
      return `wss://localhost:${(server.address() as AddressInfo).port}`;
    }

    it('connects when the certificate chains to a trusted local CA and names the host', async () => {
      const backendUrl = await tlsBackend('localhost.pem', 'localhost.key');
      const { url } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => backendUrl))]), { backendCa: readFileSync(join(fixtures, 'ca.pem')) });
      const ws = await open(url + '/chat');
      ws.send('over tls');
      expect((await nextMessage(ws)).data.toString()).toBe('over tls');
      ws.close();
      await closed(ws);
    });

    it.each([
      ['an untrusted certificate', 'localhost.pem', 'localhost.key', false],
      ['a certificate for another host name', 'wrong-host.pem', 'wrong-host.key', true],
    ])('refuses %s with 500 BackendConnectionFailure', async (_what, cert, key, trustCa) => {
      const backendUrl = await tlsBackend(cert, key);
      const { url, lines } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => backendUrl))]), trustCa ? { backendCa: readFileSync(join(fixtures, 'ca.pem')) } : {});
      const r = await refusal(url + '/chat');
      expect(r.status).toBe(500);
      expect(lines.join('\n')).toMatch(/BackendConnectionFailure: TLS failure/);
    });
  });
});

describe('limits', () => {
  it('answers 503 beyond the connection limit and accepts again when a connection ends', async () => {
    const backend = await echo();
    const { url, gateway } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => backend.url))]), { limits: { maxConnections: 2 } });
    const a = await open(url + '/chat');
    const b = await open(url + '/chat');
    const r = await refusal(url + '/chat');
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBe('1');
    a.close();
    await closed(a);
    await waitFor(() => gateway.connectionCount === 1);
    const c = await open(url + '/chat');
    for (const ws of [b, c]) {
      ws.close();
      await closed(ws);
    }
  });

  it('keeps a healthy connection alive with pings, even while only one side talks', async () => {
    const sink = await echo();
    sink.wss.removeAllListeners('connection'); // a backend that listens but never sends data
    const received: string[] = [];
    sink.wss.on('connection', (socket) => socket.on('message', (d) => received.push(d.toString())));
    const { url, gateway } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => sink.url))]), { limits: { keepAliveIntervalMs: 300, idleTimeoutMs: 0 } });
    const ws = await open(url + '/chat');
    let clientPings = 0;
    ws.on('ping', () => clientPings++);
    for (let i = 0; i < 20; i++) {
      ws.send(`m${i}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 1000)); // then everyone quiet for several intervals
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(gateway.connectionCount).toBe(1);
    expect(clientPings).toBeGreaterThan(0);
    await waitFor(() => received.length === 20);
    expect(received).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    ws.close();
    await closed(ws);
  });

  it('detects a dead backend with keep-alive pings and releases both legs', async () => {
    const backend = await echo({ autoPong: false });
    const { url, gateway } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => backend.url))]), { limits: { keepAliveIntervalMs: 100, idleTimeoutMs: 0 } });
    const ws = await open(url + '/chat');
    const end = await closed(ws);
    expect(end.code).toBe(1006);
    await waitFor(() => gateway.connectionCount === 0);
  });
});

describe('listening with TLS', () => {
  it('serves wss:// with the configured certificate', async () => {
    const backend = await echo();
    const { url } = await gatewayFor(runtime([api('chat', '/chat', graphTo(() => backend.url))]), {
      tls: { cert: readFileSync(join(fixtures, 'localhost.pem')), key: readFileSync(join(fixtures, 'localhost.key')) },
    });
    expect(url).toMatch(/^wss:\/\//);
    const port = new URL(url).port;
    const ws = await open(`wss://localhost:${port}/chat`, undefined, { ca: readFileSync(join(fixtures, 'ca.pem')) });
    ws.send('secure');
    expect((await nextMessage(ws)).data.toString()).toBe('secure');
    ws.close();
    await closed(ws);
  });
});
