import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { HeaderBag } from '../../src/common/headers.js';
import { defaultCalloutClient } from '../../src/graph/undici-callouts.js';
import { RecordingCalloutClient } from '../../src/testing/record.js';

let server: Server | undefined;
afterEach(async () => {
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
    const recorder = new RecordingCalloutClient(defaultCalloutClient());
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
        name: `recorded 1: GET ${base}/negotiate?negotiateVersion=1`,
        method: 'GET',
        url: `${base}/negotiate?negotiateVersion=1`,
        status: 200,
        reason: 'OK',
        headers: { 'content-type': 'application/json', 'x-trace': 'a' },
        body: { url: 'https://svc.test/client/?hub=chat', accessToken: 'tok' },
      },
      { name: `recorded 2: POST ${base}/other`, method: 'POST', url: `${base}/other`, status: 500, reason: 'Internal Server Error', headers: { 'content-type': 'text/plain' }, body: 'oops' },
      { name: `recorded 3: GET http://127.0.0.1:${port}/gone`, method: 'GET', url: `http://127.0.0.1:${port}/gone`, fail: 'connect' },
    ]);
  });
});
