import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { HeaderBag } from '../../src/common/headers.js';
import { UndiciCalloutClient } from '../../src/graph/undici-callouts.js';
import { RecordingCalloutClient, recordTo } from '../../src/testing/record.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockCalloutClient, parseMocks } from '../../src/graph/mock-callouts.js';

let server: Server | undefined;
const clients: UndiciCalloutClient[] = [];
function network(): UndiciCalloutClient {
  const c = new UndiciCalloutClient();
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(): Promise<string> {
  server = createServer((req, res) => {
    if (req.url?.startsWith('/negotiate')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Trace': 'a' });
      res.end(JSON.stringify({ url: 'https://svc.test/client/?hub=chat', accessToken: 'tok' }));
    } else {
      res.writeHead(500, 'Boom', { 'Content-Type': 'text/plain' });
      res.end('oops');
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

function request(url: string, method = 'GET') {
  return { method, url, headers: new HeaderBag([['Authorization', 'Bearer secret-token']]), body: null, timeoutMs: 5000, maxBodyBytes: 1 << 20 };
}

describe('recording callouts', () => {
  it('passes calls through to real servers and writes them as mocks, without credentials', async () => {
    const base = await listen();
    const recorder = new RecordingCalloutClient(network());
    const ok = await recorder.send(request(`${base}/negotiate?negotiateVersion=1`));
    expect(ok.statusCode).toBe(200);
    const failed = await recorder.send(request(`${base}/other`, 'POST'));
    expect(failed.statusCode).toBe(500);
    // A refused connection (the server is closed) is recorded as a connect failure.
    const port = Number(new URL(base).port);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(recorder.send(request(`http://127.0.0.1:${port}/gone`))).rejects.toMatchObject({ reason: 'BackendConnectionFailure' });

    const text = recorder.toMockFile();
    expect(text).not.toContain('secret-token');
    const file = parse(text) as { mocks: Array<Record<string, unknown>> };
    expect(file.mocks).toEqual([
      {
        method: 'GET',
        url: `${base}/negotiate?negotiateVersion=1`,
        status: 200,
        headers: { 'content-type': 'application/json', 'x-trace': 'a' },
        body: { url: 'https://svc.test/client/?hub=chat', accessToken: 'tok' },
      },
      { method: 'POST', url: `${base}/other`, status: 500, headers: { 'content-type': 'text/plain' }, body: 'oops' },
      { method: 'GET', url: `http://127.0.0.1:${port}/gone`, fail: 'connect' },
    ]);

    // Replay: the graph's mock client reads the file and answers as the servers did.
    const replay = new MockCalloutClient(parseMocks(text, 'recorded.yaml'));
    const again = await replay.send(request(`${base}/negotiate?negotiateVersion=1`));
    expect([again.statusCode, JSON.parse(again.body.toString())]).toEqual([200, { url: 'https://svc.test/client/?hub=chat', accessToken: 'tok' }]);
    await expect(replay.send(request(`http://127.0.0.1:${port}/gone`))).rejects.toMatchObject({ reason: 'BackendConnectionFailure' });
  });

  it('recordTo rewrites the file after every exchange, failures included', async () => {
    const base = await listen();
    const dir = mkdtempSync(join(tmpdir(), 'oh-rec-'));
    try {
      const file = join(dir, 'callouts.yaml');
      const recorder = recordTo(file, network());
      expect((parse(readFileSync(file, 'utf8')) as { mocks: unknown[] }).mocks).toEqual([]);
      await recorder.send(request(`${base}/negotiate`));
      expect((parse(readFileSync(file, 'utf8')) as { mocks: unknown[] }).mocks).toHaveLength(1);
      await expect(recorder.send(request('http://127.0.0.1:1/refused'))).rejects.toMatchObject({ reason: 'BackendConnectionFailure' });
      expect((parse(readFileSync(file, 'utf8')) as { mocks: Array<{ fail?: string }> }).mocks[1]!.fail).toBe('connect');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
