/**
 * Attaching to a live gateway: a DAP session waits for the handshake its filter names; that one pauses
 * at a breakpoint while another client's handshake goes through unpaused; continuing lets it connect.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { quickConfig } from '../../src/config/quick.js';
import { AttachRegistry } from '../../src/debug/attach.js';
import { listen, type DebugServer } from '../../src/debug/server.js';
import { startHost, type GatewayHost } from '../../src/serve/host.js';
import { DapClient } from './dap-client.js';

let dir: string;
let backend: WebSocketServer;
let host: GatewayHost;
let debugServer: DebugServer;
let policyFile: string;
const sockets: Socket[] = [];

const POLICY = [
  '<policies>',
  '  <inbound>',
  '    <set-variable name="who" value="@(context.Request.Headers.GetValueOrDefault("X-Debug", "nobody"))" />',
  '    <set-query-parameter name="who" exists-action="override"><value>@((string)context.Variables["who"])</value></set-query-parameter>',
  '  </inbound>',
  '  <backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error>',
  '</policies>',
].join('\n');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oh-attach-'));
  policyFile = join(dir, 'policy.xml');
  writeFileSync(policyFile, POLICY);
  // The backend tells each client the URL it was called with.
  backend = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  backend.on('connection', (socket, req) => socket.send(req.url ?? ''));
  await new Promise((r) => backend.once('listening', r));
  const { config, diagnostics } = quickConfig({ policy: policyFile, path: '/live', backend: `ws://127.0.0.1:${(backend.address() as AddressInfo).port}/socket`, namedValues: [], port: 0 });
  expect(diagnostics).toEqual([]);
  const registry = new AttachRegistry();
  host = await startHost({ config: config!, watch: false, console: false, logger: { event: () => undefined, info: () => undefined, warn: () => undefined }, gatewayOptions: { debugger: registry } });
  debugServer = await listen(0, '127.0.0.1', registry);
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await debugServer.close();
  await host.close(0);
  await new Promise((r) => {
    for (const c of backend.clients) c.terminate();
    backend.close(r);
  });
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a client; resolves with the first message (the backend URL) once connected. */
function connectClient(headers: Record<string, string> = {}): { ws: WebSocket; first: Promise<string> } {
  const ws = new WebSocket(`${host.address.url}/live`, { headers });
  const first = new Promise<string>((resolve, reject) => {
    ws.once('message', (d) => resolve(d.toString()));
    ws.once('error', reject);
  });
  return { ws, first };
}

describe('onhandshake serve --debug-port: attach', () => {
  it('pauses the matching live handshake at a breakpoint while a second client connects unpaused', async () => {
    const { client, socket } = await DapClient.overSocket(debugServer.address.port);
    sockets.push(socket);
    await client.ok('initialize', { adapterID: 'onhandshake' });
    await client.ok('attach', { filter: { path: '/live', headers: { 'X-Debug': 'me' } } });
    await client.waitFor('initialized');
    const pending = await client.ok('setBreakpoints', { source: { path: policyFile }, breakpoints: [{ line: 4 }] });
    expect(pending.breakpoints[0].verified).toBe(false);
    await client.ok('configurationDone');
    await client.waitFor('output', (e) => String(e.body.output).includes('waiting for a handshake'));

    const paused = connectClient({ 'X-Debug': 'me' });
    const stopped = await client.waitFor('stopped');
    expect(stopped.body.reason).toBe('breakpoint');
    // The breakpoint was verified when the handshake arrived with its policy.
    expect(client.events.find((e) => e.event === 'breakpoint')?.body.breakpoint).toMatchObject({ verified: true, line: 4 });
    expect((await client.ok('stackTrace', { threadId: 1 })).stackFrames[0]).toMatchObject({ name: 'set-query-parameter', line: 4 });

    // Another client, not matching the filter, is not held by the paused one.
    const other = connectClient({ 'X-Debug': 'someone-else' });
    expect(await other.first).toBe('/socket?who=someone-else');
    expect(paused.ws.readyState).toBe(WebSocket.CONNECTING);

    expect((await client.ok('evaluate', { expression: '(string)context.Variables["who"]', frameId: 1 })).result).toBe('"me"');
    const vars = (await client.ok('scopes', { frameId: 1 })).scopes[0].variablesReference;
    await client.ok('setVariable', { variablesReference: vars, name: 'who', value: '"debugged"' });
    await client.ok('continue', { threadId: 1 });
    expect(await paused.first).toBe('/socket?who=debugged');
    const decision = await client.waitFor('output', (e) => e.body.data?.decision !== undefined);
    expect(decision.body.data.decision.kind).toBe('connect');
    await client.waitFor('terminated');

    // The session claimed one handshake: the next matching one runs unpaused.
    const again = connectClient({ 'X-Debug': 'me' });
    expect(await again.first).toBe('/socket?who=me');
    for (const ws of [paused.ws, other.ws, again.ws]) ws.close();
  });

  it('lets a paused handshake go on, unpaused, when the debugger goes away', async () => {
    const { client, socket } = await DapClient.overSocket(debugServer.address.port);
    await client.ok('initialize', { adapterID: 'onhandshake' });
    await client.ok('attach', { filter: { query: { debug: '1' } }, stopOnEntry: true });
    await client.ok('configurationDone');
    await client.waitFor('output', (e) => String(e.body.output).includes('waiting for a handshake'));
    const ws = new WebSocket(`${host.address.url}/live?debug=1`);
    const first = new Promise<string>((resolve, reject) => {
      ws.once('message', (d) => resolve(d.toString()));
      ws.once('error', reject);
    });
    expect((await client.waitFor('stopped')).body.reason).toBe('entry');
    socket.destroy();
    expect(await first).toBe('/socket?debug=1&who=nobody');
    ws.close();
  });

  it('refuses a filter it cannot use, naming the field', async () => {
    const { client, socket } = await DapClient.overSocket(debugServer.address.port);
    sockets.push(socket);
    await client.ok('initialize', { adapterID: 'onhandshake' });
    expect(await client.request('attach', { filter: { header: { 'X-Debug': 'me' } } })).toMatchObject({ success: false, message: 'filter.header is not a filter field (api, path, headers, query)' });
    expect(await client.request('attach', { filter: { query: { n: 1 } } })).toMatchObject({ success: false, message: 'filter.query must map names to string values' });
  });

  it('refuses attach on an adapter that is not inside a gateway', async () => {
    const plain = await listen(0);
    const { client, socket } = await DapClient.overSocket(plain.address.port);
    sockets.push(socket);
    await client.ok('initialize', { adapterID: 'onhandshake' });
    const r = await client.request('attach', { filter: {} });
    expect(r).toMatchObject({ success: false, message: expect.stringContaining('serve --debug-port') });
    socket.destroy();
    await plain.close();
  });
});

describe('onhandshake serve --debug-port (the spawned CLI)', () => {
  it('prints where the adapter listens, accepts an attach, and stops cleanly on SIGTERM with a session connected', async () => {
    const { spawn } = await import('node:child_process');
    const { cliEntry, cliEnvironment, repositoryRoot, tsxLoader } = await import('../cli/run-cli.js');
    const child = spawn(
      process.execPath,
      ['--import', tsxLoader, cliEntry, 'serve', '--policy', policyFile, '--path', '/live', '--backend', 'ws://127.0.0.1:9/x', '--port', '0', '--debug-port', '0', '--quiet', '--no-console'],
      { cwd: repositoryRoot, env: cliEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let stdout = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /debug adapter: 127\.0\.0\.1:(\d+) \(attach with a filter; see docs\/debugging\.md\)\n/.exec(stdout);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', () => reject(new Error(`serve exited: ${stdout}`)));
    });
    const { client } = await DapClient.overSocket(port);
    await client.ok('initialize', { adapterID: 'onhandshake' });
    await client.ok('attach', { filter: { path: '/live' } });
    await client.ok('configurationDone');
    await client.waitFor('output', (e) => String(e.body.output).includes('waiting for a handshake matching {"path":"/live"}'));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
