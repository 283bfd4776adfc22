/**
 * Hot reload through the real pipeline (reader → compiler → gateway) and the real file watcher: a live
 * connection keeps its policy, the next handshake uses the edited one, a broken edit keeps the last good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { quickConfig } from '../../src/config/quick.js';
import { startHost, type GatewayHost } from '../../src/serve/host.js';
import { closed, nextMessage } from '../gateway/helpers.js';

const policy = (version: string): string => `<policies>
  <inbound>
    <base />
    <set-query-parameter name="policy-version" exists-action="override">
      <value>${version}</value>
    </set-query-parameter>
  </inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>
`;

let dir: string;
let backend: WebSocketServer;
let host: GatewayHost;
const log: string[] = [];
const listeners: Array<() => void> = [];
function logged(line: string): void {
  log.push(line);
  for (const listener of listeners.splice(0)) listener();
}
/**
 * Resolves when the gateway logs a line that `matches` (at once if it already has). It waits on the log
 * event, not on a clock: a loaded machine only makes it later, and the test's own timeout bounds it.
 */
function whenLogged(matches: (line: string) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (log.some(matches)) resolve();
      else listeners.push(check);
    };
    check();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oh-reload-'));
  writeFileSync(join(dir, 'policy.xml'), policy('1'));
  // The backend tells each client the URL it was called with, then echoes.
  backend = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  backend.on('connection', (socket, req) => {
    socket.send(req.url ?? '');
    socket.on('message', (d) => socket.send(d));
  });
  await new Promise((r) => backend.once('listening', r));
  const { config, diagnostics } = quickConfig({ policy: join(dir, 'policy.xml'), path: '/live', backend: `ws://127.0.0.1:${(backend.address() as AddressInfo).port}/socket`, namedValues: [], port: 0 });
  expect(diagnostics).toEqual([]);
  host = await startHost({ config: config!, watchIntervalMs: 50, logger: { event: () => undefined, info: logged, warn: logged } });
});

afterAll(async () => {
  await host.close(0);
  await new Promise((r) => { for (const c of backend.clients) c.terminate(); backend.close(r); });
  rmSync(dir, { recursive: true, force: true });
});

async function connect(): Promise<{ ws: WebSocket; version: string | null }> {
  // The backend's first message can arrive in the same packet as the 101: listen before opening.
  const ws = new WebSocket(`${host.address.url}/live`);
  const first = await new Promise<string>((resolve, reject) => {
    ws.once('message', (d) => resolve(d.toString()));
    ws.once('error', reject);
  });
  return { ws, version: new URL(first, 'ws://x').searchParams.get('policy-version') };
}

describe('hot reload', () => {
  it('applies an edit to new handshakes, keeps live connections up, and keeps the last good version on a broken edit', async () => {
    const a = await connect();
    expect(a.version).toBe('1');

    writeFileSync(join(dir, 'policy.xml'), policy('2'));
    await whenLogged((l) => l.startsWith('reloaded'));
    const b = await connect();
    expect(b.version).toBe('2');
    a.ws.send('still alive');
    expect((await nextMessage(a.ws)).data.toString()).toBe('still alive');

    writeFileSync(join(dir, 'policy.xml'), policy('3').replace('</set-query-parameter>', ''));
    await whenLogged((l) => l.includes('keeping the last good version'));
    expect(log.some((l) => l.includes(join(dir, 'policy.xml') + ':'))).toBe(true);
    const c = await connect();
    expect(c.version).toBe('2');

    for (const { ws } of [a, b, c]) {
      ws.send('ping');
      expect((await nextMessage(ws)).data.toString()).toBe('ping');
      ws.close();
      await closed(ws);
    }
  });
});
