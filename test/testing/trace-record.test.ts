/** `onhandshake trace POLICY --record F` records a real callout; the mock client replays it offline. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import trace from '../../src/cli/trace.js';
import { loadMockFile, MockCalloutClient } from '../../src/graph/mock-callouts.js';
import { loadTestFile } from '../../src/testing/load.js';
import { preparePolicyTarget } from '../../src/testing/prepare.js';

let server: Server | undefined;
let dir: string | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function runTrace(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const code = await trace(args);
  vi.restoreAllMocks();
  return { code, out };
}

describe('trace --record', () => {
  it('writes the exchanges as a mock file that the mock client replays with the server gone', async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"room":"lobby"}');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    dir = mkdtempSync(join(tmpdir(), 'oh-trace-record-'));
    const namedValues = join(dir, 'nv.json');
    writeFileSync(namedValues, JSON.stringify({ 'lookup-url': `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
    const recording = join(dir, 'callouts.yaml');
    const policy = resolve('test/fixtures/testing/room-lookup.xml');

    const live = await runTrace([policy, '--named-values', namedValues, '--record', recording, '--format', 'json']);
    expect(live.code).toBe(0);
    expect(readFileSync(recording, 'utf8')).toMatch(/mocks:\n {2}- method: GET\n {4}url: http:\/\/127\.0\.0\.1:\d+\/rooms\?user=alice\n {4}status: 200/);

    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    // Replay in process through the mock client trace --mock uses (trace itself closes the shared
    // network client, so it runs once per process).
    const target = preparePolicyTarget(loadTestFile(join(dir, 'x.test.yaml'), `policy: ${policy}\nnamedValuesFile: nv.json\ncases:\n  - name: x\n`));
    const replay = await target.graph!.run(target.buildInput({}, 'x'), { trace: true, callouts: new MockCalloutClient(loadMockFile(recording)) });
    expect(replay.decision.kind === 'connect' && replay.decision.backendUrl).toBe('ws://backend.test/?room=lobby');
  });
});
