import { createServer as createTcpServer, connect, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dotnet } from '../../src/expressions/index.js';
import { policy, run, startServer, type TestServer } from '../graph/helpers.js';

const servers: TestServer[] = [];
async function server(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const send = (url: string, attrs = '', children = '') =>
  `<send-request response-variable-name="r" ${attrs}><set-url>${url}</set-url><set-method>GET</set-method>${children}</send-request>`;

/** A port with nothing listening (a server bound then closed). */
async function closedPort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('send-request against real HTTP servers', () => {
  it('stores the response and return-response sends it back', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-from': 'app' });
      res.end('{"url":"http://svc/client/?hub=chat"}');
    });
    const r = await run(policy(send(`${s.url}/negotiate?v=1`) + '<return-response response-variable-name="r" />'));
    expect(s.arrivals).toHaveLength(1);
    expect(s.arrivals[0]).toMatchObject({ method: 'GET', url: '/negotiate?v=1' });
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 200, statusReason: 'OK' });
    if (r.decision.kind !== 'respond') return;
    expect(r.decision.body.toString()).toBe('{"url":"http://svc/client/?hub=chat"}');
    expect(r.decision.headers.get('x-from')).toBe('app');
    const stored = dotnet.readResponse(r.state.variables.get('r'));
    expect(stored?.statusCode).toBe(200);
    const entry = r.trace!.traceEntries.inbound.find((e) => e.source === 'send-request')!;
    expect(entry.data).toMatchObject({
      message: 'Request is being forwarded to the backend service. Timeout set to 60 seconds',
      request: { method: 'GET', url: `${s.url}/negotiate?v=1` },
      response: { status: { code: 200, reason: 'OK' }, body: '{"url":"http://svc/client/?hub=chat"}' },
    });
  });

  it.each([404, 500, 503])('stores a %i answer instead of failing', async (status) => {
    const s = await server((_req, res) => {
      res.writeHead(status);
      res.end('nope');
    });
    const r = await run(policy(send(s.url)));
    expect(r.decision.kind).toBe('connect');
    expect(dotnet.readResponse(r.state.variables.get('r'))?.statusCode).toBe(status);
    expect(r.state.lastError).toBeNull();
  });

  it('fails with Timeout when the answer does not come in time', async () => {
    const s = await server(() => {
      /* never answers */
    });
    const r = await run(policy(send(s.url, 'timeout="1" id="neg"')));
    expect(r.state.lastError).toMatchObject({ source: 'send-request', reason: 'Timeout', section: 'inbound', scope: 'operation', path: 'send-request[1]', policyId: 'neg' });
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 500 });
  });

  it('fails with BackendConnectionFailure when nothing listens', async () => {
    const port = await closedPort();
    const r = await run(policy(send(`http://127.0.0.1:${port}/x`)));
    expect(r.state.lastError).toMatchObject({ source: 'send-request', reason: 'BackendConnectionFailure' });
    expect(r.state.lastError!.message).toContain(`127.0.0.1:${port}`);
    if (r.decision.kind !== 'respond') throw new Error('expected respond');
    expect(r.decision.statusCode).toBe(500);
    expect(r.decision.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(r.decision.body.toString())).toEqual({ statusCode: 500, message: 'Internal server error', activityId: r.state.requestId });
  });

  it('ignore-error="true" sets the variable to null and goes on', async () => {
    const port = await closedPort();
    const r = await run(policy(send(`http://127.0.0.1:${port}/x`, 'ignore-error="true"')));
    expect(r.decision.kind).toBe('connect');
    expect(r.state.variables.has('r')).toBe(true);
    expect(r.state.variables.get('r')).toBeNull();
  });

  it('ignore-error="false" (explicit) goes to on-error', async () => {
    const port = await closedPort();
    const r = await run(
      policy(send(`http://127.0.0.1:${port}/x`, 'ignore-error="false"'), '<return-response><set-status code="502" reason="Bad Gateway" /></return-response>'),
    );
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 502, statusReason: 'Bad Gateway' });
  });

  it('mode="copy" starts from the handshake headers (not its WebSocket ones) and the backend URL', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const backend = s.url.replace('http:', 'ws:') + '/hub';
    const r = await run(policy('<send-request mode="copy" response-variable-name="r"><set-header name="X-Added" exists-action="override"><value>1</value></set-header></send-request>'), {
      url: 'ws://gw.test/chat?room=a%20b',
      serviceUrl: backend,
      headers: [['X-Client', 'c1'], ['Authorization', 'Bearer t']],
    });
    expect(r.decision.kind).toBe('connect');
    const got = s.arrivals[0]!;
    expect(got.method).toBe('GET');
    expect(got.url).toBe('/hub?room=a%20b');
    expect(got.headers['x-client']).toBe('c1');
    expect(got.headers['authorization']).toBe('Bearer t');
    expect(got.headers['x-added']).toBe('1');
    expect(got.headers['sec-websocket-key']).toBeUndefined();
    expect(got.headers['upgrade']).toBeUndefined();
  });

  it('sends method, headers, body and basic credentials; the password is masked in the trace', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const r = await run(
      policy(`<send-request response-variable-name="r">
        <set-url>${s.url}/p</set-url><set-method>POST</set-method>
        <set-header name="Content-Type" exists-action="override"><value>application/json</value></set-header>
        <set-body>{"a":1}</set-body>
        <authentication-basic username="bob" password="s3cret-pw" />
      </send-request>`),
    );
    expect(r.decision.kind).toBe('connect');
    const got = s.arrivals[0]!;
    expect(got).toMatchObject({ method: 'POST', url: '/p', body: '{"a":1}' });
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['authorization']).toBe(`Basic ${Buffer.from('bob:s3cret-pw').toString('base64')}`);
    const text = JSON.stringify(r.trace);
    expect(text).not.toContain('s3cret-pw');
    expect(text).not.toContain(Buffer.from('bob:s3cret-pw').toString('base64'));
  });

  it('adds a managed identity bearer token for the resource, masked in the trace', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const r = await run(
      policy(`<send-request response-variable-name="r"><set-url>${s.url}</set-url><set-method>GET</set-method>
        <authentication-managed-identity resource="https://vault.azure.net" /></send-request>`),
      {},
      {},
      { tokenProvider: { getToken: (resource) => `token-for-${resource}` } },
    );
    expect(r.decision.kind).toBe('connect');
    expect(s.arrivals[0]!.headers['authorization']).toBe('Bearer token-for-https://vault.azure.net');
    expect(JSON.stringify(r.trace)).not.toContain('token-for-');
  });

  it('does not follow redirects: the 302 is stored', async () => {
    const s = await server((req, res) => {
      if (req.url === '/from') {
        res.writeHead(302, { location: '/to' });
        res.end();
      } else res.end('followed');
    });
    const r = await run(policy(send(`${s.url}/from`) + '<return-response response-variable-name="r" />'));
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 302 });
    expect(s.arrivals.map((a) => a.url)).toEqual(['/from']);
  });

  it('fails a response body larger than the configured cap', async () => {
    const s = await server((_req, res) => res.end(Buffer.alloc(256 * 1024, 0x61)));
    const capped = await run(policy(send(s.url)), {}, {}, { maxCalloutBodyBytes: 64 * 1024 });
    expect(capped.state.lastError).toMatchObject({ source: 'send-request', reason: 'BackendConnectionFailure' });
    expect(capped.state.lastError!.message).toContain('65536');
    const fits = await run(policy(send(s.url)), {}, {}, { maxCalloutBodyBytes: 512 * 1024 });
    expect(dotnet.readResponse(fits.state.variables.get('r'))?.body.length).toBe(256 * 1024);
  });

  it('truncates large bodies in the trace', async () => {
    const s = await server((_req, res) => res.end('x'.repeat(10_000)));
    const r = await run(policy(send(s.url)));
    const entry = r.trace!.traceEntries.inbound.find((e) => e.source === 'send-request')!;
    const body = (entry.data as { response: { body: string } }).response.body;
    expect(body.length).toBeLessThan(5000);
    expect(body).toContain('10000 bytes, truncated');
  });

  it('goes through a <proxy> (CONNECT tunnel)', async () => {
    const s = await server((_req, res) => res.end('via proxy'));
    const seen: string[] = [];
    const sockets = new Set<import('node:net').Socket>();
    const proxy: TcpServer = createTcpServer((client) => {
      sockets.add(client);
      client.once('data', (head: Buffer) => {
        const line = head.toString().split('\r\n')[0]!;
        seen.push(line);
        const [host, port] = line.split(' ')[1]!.split(':');
        const upstream = connect(Number(port), host!, () => {
          sockets.add(upstream);
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const { port } = proxy.address() as AddressInfo;
      const r = await run(policy(send(`${s.url}/p`, '', `<proxy url="http://127.0.0.1:${port}" />`) + '<return-response response-variable-name="r" />'));
      expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 200 });
      expect(seen[0]).toMatch(/^CONNECT 127\.0\.0\.1:\d+ HTTP\/1\.1$/);
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((r) => {
        proxy.close(() => r());
      });
    }
  });
});

describe('send-one-way-request', () => {
  it('does not wait for the answer', async () => {
    let release: () => void = () => {};
    const s = await server((_req, res) => {
      release = () => res.end('late');
    });
    const r = await run(policy(`<send-one-way-request><set-url>${s.url}/fire</set-url><set-method>POST</set-method></send-one-way-request>`));
    // The handshake decided while the server still holds the answer.
    expect(r.decision.kind).toBe('connect');
    await expect.poll(() => s.arrivals.length).toBe(1);
    expect(s.events).not.toContain('respond:/fire');
    release();
  });
});
