/**
 * Record and replay end to end: a policy's callout goes to a real server on 127.0.0.1 through the
 * recording client; the recorded mocks, pasted into a test case, give the same decision with the
 * server gone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { UndiciCalloutClient } from '../../src/graph/undici-callouts.js';
import { loadTestFile } from '../../src/testing/load.js';
import { preparePolicyTarget, prepareTarget } from '../../src/testing/prepare.js';
import { RecordingCalloutClient } from '../../src/testing/record.js';
import { runFile } from '../../src/testing/runner.js';

const POLICY = resolve('test/fixtures/testing/room-lookup.xml');
let server: Server | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('record and replay', () => {
  it('records real callouts once and replays them offline with the same decision', async () => {
    server = createServer((req, res) => {
      res.writeHead(req.headers.authorization === 'Bearer s3cret-token' ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ room: 'lobby' }));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = mkdtempSync(join(tmpdir(), 'oh-record-'));
    dirs.push(dir);
    const header = { policy: POLICY, namedValues: { 'lookup-url': base } };

    // Record: the real network through the recording client.
    const target = preparePolicyTarget(loadTestFile(join(dir, 'x.test.yaml'), stringify({ ...header, cases: [{ name: 'x' }] })));
    expect(target.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const network = new UndiciCalloutClient();
    const recorder = new RecordingCalloutClient(network);
    const live = await target.graph!.run(target.buildInput({ url: '/chat' }, 'live'), { trace: true, callouts: recorder });
    await network.close();
    expect(live.decision.kind === 'connect' && live.decision.backendUrl).toBe('ws://backend.test/?room=lobby');
    const mockFile = join(dir, 'callouts.yaml');
    recorder.save(mockFile);
    expect(readFileSync(mockFile, 'utf8')).not.toContain('s3cret-token');

    // Replay: the server is gone; the recorded answer is a case's mocks.
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    const { mocks } = parse(readFileSync(mockFile, 'utf8')) as { mocks: unknown[] };
    const testFile = join(dir, 'room.test.yaml');
    writeFileSync(testFile, stringify({ ...header, cases: [{ name: 'replayed', mocks, expect: { connect: { query: { room: 'lobby' } } } }] }));
    const result = await runFile(loadTestFile(testFile), { prepare: prepareTarget });
    expect(result.cases.map((c) => [c.status, c.failures.map((f) => f.message)])).toEqual([['pass', []]]);
    expect(result.cases[0]!.observed!.callouts).toMatchObject([{ method: 'GET', url: `${base}/rooms?user=alice`, mock: 'mocks[0]', status: 200 }]);
  });
});
