/**
 * The console's HTTP API on a real gateway (startHost, as `onhandshake serve` runs it) with a real echo
 * backend: the trace ring and its bound, ids in Apim-Trace-Id, secrets masked, connection events in
 * inspect mode, loopback-only access, the policy workbench (check, try, save), and --no-console.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHost, type GatewayHost, type HostOptions } from '../../src/serve/host.js';
import { echoServer, type EchoServer } from '../gateway/helpers.js';

const SECRET = 'hunter2-very-secret';
const POLICY = `<policies>
    <inbound>
        <base />
        <set-header name="x-api-secret" exists-action="override">
            <value>{{api-secret}}</value>
        </set-header>
        <set-query-parameter name="sig" exists-action="override">
            <value>@("s-" + "{{api-secret}}")</value>
        </set-query-parameter>
        <choose>
            <when condition="@(context.Request.Url.Query.GetValueOrDefault(&quot;deny&quot;, &quot;&quot;) == &quot;1&quot;)">
                <return-response>
                    <set-status code="403" reason="Forbidden" />
                </return-response>
            </when>
        </choose>
    </inbound>
    <backend><base /></backend>
    <outbound><base /></outbound>
    <on-error><base /></on-error>
</policies>
`;
const quiet = { event: () => undefined, info: () => undefined, warn: () => undefined };

let dir: string;
let backend: EchoServer;
let host: GatewayHost | undefined;

beforeAll(async () => {
  backend = await echoServer();
  dir = mkdtempSync(join(tmpdir(), 'onhandshake-console-'));
});
afterEach(async () => {
  await host?.close(0);
  host = undefined;
});
afterAll(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: Partial<HostOptions> = {}): Promise<{ http: string; ws: string; policy: string }> {
  const policy = join(dir, 'echo.xml');
  writeFileSync(policy, POLICY);
  const config = join(dir, 'onhandshake.yaml');
  writeFileSync(config, [
    'listen: { host: 127.0.0.1, port: 0 }',
    'namedValues:',
    `  api-secret: { value: "${SECRET}", secret: true }`,
    'apis:',
    '  - name: echo',
    '    path: /echo',
    `    serviceUrl: ${backend.url}/ws`,
    '    policy: echo.xml',
    '',
  ].join('\n'));
  host = await startHost({ configFile: config, port: 0, watch: false, logger: quiet, ...options });
  const port = host.address.port;
  return { http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}`, policy };
}

interface Handshake {
  status: number;
  traceId: string | undefined;
  socket?: WebSocket;
}

/** Opens a WebSocket; resolves with the answer's status and Apim-Trace-Id (and the open socket on 101). */
function handshake(url: string, headers: Record<string, string> = {}): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    let traceId: string | undefined;
    socket.once('upgrade', (res) => (traceId = res.headers['apim-trace-id'] as string | undefined));
    socket.once('open', () => resolve({ status: 101, traceId, socket }));
    socket.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, traceId: res.headers['apim-trace-id'] as string | undefined });
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

async function closed(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return;
  await new Promise((resolve) => socket.once('close', resolve));
}

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

/** A change as the console page makes it: its Origin and the token the page carries (docs/security.md). */
async function consoleHeaders(url: string): Promise<Record<string, string>> {
  const { origin } = new URL(url);
  const page = await (await fetch(`${origin}/_onhandshake/`)).text();
  const token = /<meta name="onhandshake-token" content="([^"]+)">/.exec(page)![1]!;
  return { origin, 'x-onhandshake-token': token, 'content-type': 'application/json' };
}

async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: await consoleHeaders(url), body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('GET /_onhandshake/traces', () => {
  it('lists every handshake (accepted or not) under the id sent in Apim-Trace-Id, newest first, keeping only the last ringSize', async () => {
    const gw = await start({ console: { ringSize: 3 } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const h = await handshake(`${gw.ws}/echo`);
      expect(h.status).toBe(101);
      expect(h.traceId).toMatch(/^[0-9a-f-]{36}$/);
      ids.push(h.traceId!);
      h.socket!.close(1000);
      await closed(h.socket!);
    }
    const denied = await handshake(`${gw.ws}/echo?deny=1`);
    expect(denied.status).toBe(403);
    const missing = await handshake(`${gw.ws}/nothing-here`);
    expect(missing.status).toBe(404);
    ids.push(denied.traceId!, missing.traceId!);
    expect(new Set(ids).size).toBe(5);

    const { status, body } = await getJson(`${gw.http}/_onhandshake/traces`);
    expect(status).toBe(200);
    expect(body.capacity).toBe(3);
    expect(body.traces.map((t: { id: string }) => t.id)).toEqual([ids[4], ids[3], ids[2]]);
    const [notFound, forbidden, accepted] = body.traces;
    expect(notFound).toMatchObject({ api: null, decision: 'rejected', status: 404 });
    expect(forbidden).toMatchObject({ api: 'echo', decision: 'respond', status: 403 });
    expect(accepted).toMatchObject({ api: 'echo', decision: 'connect', status: 101, client: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(accepted.durationMs).toBeGreaterThanOrEqual(0);
    expect(accepted.backendUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\?sig=\*\*\*$/);

    expect((await getJson(`${gw.http}/_onhandshake/traces/${ids[0]}`)).status).toBe(404); // dropped from the ring
    const respond = await getJson(`${gw.http}/_onhandshake/traces/${ids[3]}`);
    expect(respond.body.trace.decision).toMatchObject({ kind: 'respond', statusCode: 403 });
    expect(respond.body.trace.traceEntries.inbound.find((e: { source: string }) => e.source === 'choose').data.branch).toBe('when[1]');
    const rejected = await getJson(`${gw.http}/_onhandshake/traces/${ids[4]}`);
    expect(rejected.body).toMatchObject({ id: ids[4], status: 404, trace: null });
  });

  it('masks secret named values and credentials in a trace', async () => {
    const gw = await start();
    const h = await handshake(`${gw.ws}/echo?access_token=client-query-token-123`, { Authorization: 'Bearer client-header-token-456', 'api-key': 'sub-key-789xyz' });
    expect(h.status).toBe(101);
    h.socket!.close(1000);
    await closed(h.socket!);
    const res = await fetch(`${gw.http}/_onhandshake/traces/${h.traceId}`);
    const text = await res.text();
    expect(res.status).toBe(200);
    for (const secret of [SECRET, 'client-query-token-123', 'client-header-token-456', 'sub-key-789xyz']) expect(text).not.toContain(secret);
    const record = JSON.parse(text);
    const headerEdit = record.trace.traceEntries.inbound.find((e: { source: string }) => e.source === 'set-header');
    expect(JSON.stringify(headerEdit.data)).toContain('***');
    expect(text).toContain('Bearer ***');
    // The backend still got the real values: masking is for the trace only.
    expect(backend.lastRequest?.headers['x-api-secret']).toBe(SECRET);
  });

  it('attaches connection events in inspect mode: messages and bytes each way, the close code and who closed', async () => {
    const gw = await start({ console: { inspect: true } });
    const h = await handshake(`${gw.ws}/echo`);
    const socket = h.socket!;
    const echoed = new Promise((resolve) => socket.once('message', resolve));
    socket.send('hello');
    await echoed;
    socket.send('close 4001 done');
    await closed(socket);
    await expect
      .poll(async () => (await getJson(`${gw.http}/_onhandshake/traces/${h.traceId}`)).body.connection, { timeout: 5000 })
      .toMatchObject({ open: false, closedBy: 'backend', closeCode: 4001, closeReason: 'done', messagesToBackend: 2, messagesToClient: 1, bytesToBackend: 5 + 15, bytesToClient: 5 });
    const summary = (await getJson(`${gw.http}/_onhandshake/traces`)).body.traces[0];
    expect(summary.connection).toMatchObject({ open: false, closeCode: 4001 });
  });

  it('is off with console: false (--no-console): no routes, no Apim-Trace-Id', async () => {
    const gw = await start({ console: false });
    const h = await handshake(`${gw.ws}/echo`);
    expect(h.status).toBe(101);
    expect(h.traceId).toBeUndefined();
    h.socket!.close(1000);
    await closed(h.socket!);
    expect((await fetch(`${gw.http}/_onhandshake/traces`)).status).toBe(404);
    expect((await fetch(`${gw.http}/_onhandshake/`)).status).toBe(404);
  });
});

describe('console page and workbench', () => {
  it('serves the page and its assets, and nothing else from the folder', async () => {
    const gw = await start();
    const page = await fetch(`${gw.http}/_onhandshake/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('/_onhandshake/assets/main.js');
    const js = await fetch(`${gw.http}/_onhandshake/assets/main.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    await js.text();
    expect((await fetch(`${gw.http}/_onhandshake/assets/..%2Fconsole-server.ts`)).status).toBe(404);
    expect((await fetch(`${gw.http}/_onhandshake/assets/nope.js`)).status).toBe(404);
  });

  it('describes each API: scopes, merged policy with source lines, step graph', async () => {
    const gw = await start();
    const { body } = await getJson(`${gw.http}/_onhandshake/apis`);
    const api = body.apis[0];
    expect(api).toMatchObject({ name: 'echo', path: '/echo', trying: false, policyFile: gw.policy });
    expect(api.layers).toEqual([{ scope: 'operation', file: gw.policy, text: POLICY }]);
    const setHeader = api.merged.find((l: { text: string }) => l.text.includes('<set-header'));
    expect(setHeader).toMatchObject({ file: gw.policy, line: 4, scope: 'operation' });
    expect(JSON.stringify(api.merged)).not.toContain(SECRET);
    expect(api.graph.inbound.map((n: { name: string }) => n.name)).toEqual(['set-header', 'set-query-parameter', 'choose']);
    expect(api.graph.inbound[2].branches[0].steps[0]).toMatchObject({ name: 'return-response', line: 12 });
  });

  it('checks edited text with diagnostics at their line, tries it on the next handshake without writing the file, saves on request', async () => {
    const gw = await start();
    const broken = POLICY.replace('<set-header name="x-api-secret"', '<set-header nam="x-api-secret"');
    const check = await post(`${gw.http}/_onhandshake/apis/echo/check`, { text: broken });
    expect(check.status).toBe(200);
    expect(check.body.diagnostics.some((d: { severity: string; line: number; file: string }) => d.severity === 'error' && d.line === 4 && d.file === gw.policy)).toBe(true);
    const refused = await post(`${gw.http}/_onhandshake/apis/echo/try`, { text: broken });
    expect(refused.body.applied).toBe(false);

    const teapot = POLICY.replace('<base />', '<return-response><set-status code="418" reason="Teapot" /></return-response>');
    const tried = await post(`${gw.http}/_onhandshake/apis/echo/try`, { text: teapot });
    expect(tried.body).toMatchObject({ applied: true });
    expect((await handshake(`${gw.ws}/echo`)).status).toBe(418);
    expect(readFileSync(gw.policy, 'utf8')).toBe(POLICY);
    expect((await getJson(`${gw.http}/_onhandshake/apis`)).body.apis[0].trying).toBe(true);

    const reverted = await post(`${gw.http}/_onhandshake/apis/revert`, {});
    expect(reverted.body.applied).toBe(true);
    const back = await handshake(`${gw.ws}/echo`);
    expect(back.status).toBe(101);
    back.socket!.close(1000);
    await closed(back.socket!);

    const saved = await post(`${gw.http}/_onhandshake/apis/echo/save`, { text: teapot });
    expect(saved.body).toMatchObject({ saved: true, applied: true });
    expect(readFileSync(gw.policy, 'utf8')).toBe(teapot);
    expect((await handshake(`${gw.ws}/echo`)).status).toBe(418);
  });

  it('answers bad requests with a message, not a crash', async () => {
    const gw = await start();
    const notJson = await fetch(`${gw.http}/_onhandshake/apis/echo/check`, { method: 'POST', headers: await consoleHeaders(gw.http), body: '{' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { message: string }).message).toMatch(/not JSON/);
    expect((await post(`${gw.http}/_onhandshake/apis/nope/check`, { text: '' })).status).toBe(404);
    expect((await post(`${gw.http}/_onhandshake/sessions/abcdefgh12/send`, { data: 'x' })).status).toBe(404);
  });
});

describe('loopback only', () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

  it('does not answer console requests from a non-loopback address unless allowRemote is set', async () => {
    const gw = await start({ host: '0.0.0.0' });
    expect((await fetch(`${gw.http}/_onhandshake/traces`)).status).toBe(200);
    if (!external) {
      console.log('note: this host has no non-loopback IPv4 address; only the loopback side was checked');
      return;
    }
    const port = host!.address.port;
    const remote = await fetch(`http://${external}:${port}/_onhandshake/traces`);
    expect(remote.status).toBe(404);
    expect(await remote.json()).toEqual({ statusCode: 404, message: 'Resource not found' });
    expect((await fetch(`http://${external}:${port}/_onhandshake/`)).status).toBe(404);
    await host!.close(0);
    host = undefined;
    await start({ host: '0.0.0.0', console: { allowRemote: true } });
    expect((await fetch(`http://${external}:${host!.address.port}/_onhandshake/traces`)).status).toBe(200);
  });
});
