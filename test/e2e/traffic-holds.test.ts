/**
 * Traffic policies whose effect lasts as long as the WebSocket does, through a real gateway:
 * rate-limit-by-key's headers on the 101, quota-by-key bandwidth counted from the bytes relayed,
 * and a limit-concurrency slot freed when the connection closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { startHost, type GatewayHost } from '../../src/serve/host.js';
import { closed, refusal } from '../gateway/helpers.js';

let dir: string;
let backend: WebSocketServer;
let host: GatewayHost;

const doc = (inbound: string): string => `<policies><inbound>${inbound}</inbound></policies>`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oh-traffic-'));
  backend = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  backend.on('connection', (socket) => socket.on('message', (data, binary) => socket.send(data, { binary })));
  await new Promise((r) => backend.once('listening', r));
  const backendUrl = `ws://127.0.0.1:${(backend.address() as AddressInfo).port}/echo`;
  writeFileSync(join(dir, 'headers.xml'), doc('<rate-limit-by-key calls="5" renewal-period="60" counter-key="headers" remaining-calls-header-name="X-Remaining" total-calls-header-name="X-Total" />'));
  writeFileSync(join(dir, 'bandwidth.xml'), doc('<quota-by-key bandwidth="1" renewal-period="3600" counter-key="bandwidth" />'));
  writeFileSync(join(dir, 'single.xml'), doc('<limit-concurrency key="single" max-count="1"><set-variable name="in" value="yes" /></limit-concurrency>'));
  writeFileSync(
    join(dir, 'gateway.yaml'),
    [
      'listen: { port: 0 }',
      'store: memory',
      'apis:',
      ...['headers', 'bandwidth', 'single'].map((name) => `  - { name: ${name}, path: /${name}, serviceUrl: "${backendUrl}", policy: ${name}.xml }`),
    ].join('\n'),
  );
  host = await startHost({ configFile: join(dir, 'gateway.yaml'), watch: false, console: false, logger: { event: () => undefined, info: () => undefined, warn: () => undefined } });
});

afterAll(async () => {
  await host.close(0);
  await new Promise((r) => backend.close(r));
  rmSync(dir, { recursive: true, force: true });
});

function open(path: string): Promise<{ ws: WebSocket; headers: Record<string, string | string[] | undefined> }> {
  const ws = new WebSocket(`${host.address.url}${path}`);
  return new Promise((resolve, reject) => {
    ws.once('upgrade', (res) => ws.once('open', () => resolve({ ws, headers: res.headers })));
    ws.once('error', reject);
  });
}

async function echo(ws: WebSocket, payload: Buffer): Promise<void> {
  const back = new Promise<Buffer>((resolve) => ws.once('message', (d) => resolve(d as Buffer)));
  ws.send(payload);
  expect((await back).equals(payload)).toBe(true);
}

describe('traffic policies held for the connection', () => {
  it('puts rate-limit-by-key headers on the 101', async () => {
    const { ws, headers } = await open('/headers');
    expect(headers['x-remaining']).toBe('4');
    expect(headers['x-total']).toBe('5');
    ws.close();
    await closed(ws);
  });

  it('counts relayed bytes against a bandwidth quota, refusing the next handshake with 403', async () => {
    const { ws } = await open('/bandwidth');
    await echo(ws, Buffer.alloc(1500, 7)); // 1.5 KB each way: over the 1 KB quota
    ws.close();
    await closed(ws);
    let status = 0;
    for (let i = 0; i < 50 && status !== 403; i++) {
      status = (await refusal(`${host.address.url}/bandwidth`).catch(() => ({ status: 101 }))).status;
      if (status !== 403) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(403);
  });

  it('holds a limit-concurrency slot while the connection lives and frees it on close', async () => {
    const first = await open('/single');
    expect((await refusal(`${host.address.url}/single`)).status).toBe(429);
    first.ws.close();
    await closed(first.ws);
    let again: Awaited<ReturnType<typeof open>> | undefined;
    for (let i = 0; i < 50 && !again; i++) {
      again = await open('/single').catch(() => undefined);
      if (!again) await new Promise((r) => setTimeout(r, 20));
    }
    expect(again).toBeDefined();
    again!.ws.close();
    await closed(again!.ws);
  });
});
