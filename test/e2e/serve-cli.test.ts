/**
 * `onhandshake serve` as a user runs it: a real process, the quick form and --config, what it prints,
 * its exit codes, and SIGTERM closing live connections with 1001.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closed, echoServer, nextMessage, open, type EchoServer } from '../gateway/helpers.js';
import serveCommand from '../../src/cli/serve.js';
import { runProgram, until } from './program.js';

/** Runs the command in this process (for the cases that end before listening) and captures stderr. */
async function serveInProcess(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    return { code: await serveCommand(args), stderr };
  } finally {
    process.stderr.write = original;
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const run = (args: string[]) => runProgram('src/cli/main.ts', args);

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oh-serve-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function echo(): Promise<EchoServer> {
  const server = await echoServer();
  cleanups.push(() => server.close());
  return server;
}

describe('onhandshake serve', () => {
  it('quick form: prints where it listens and the API, relays, and on SIGTERM closes with 1001 and exits 0', async () => {
    const backend = await echo();
    const dir = tempDir();
    writeFileSync(join(dir, 'p.xml'), '<policies><inbound><base /><set-header name="X-From-Policy" exists-action="override"><value>{{greeting}}</value></set-header></inbound></policies>');
    const serve = run(['serve', '--policy', join(dir, 'p.xml'), '--path', '/chat', '--backend', backend.url + '/ws', '--named-value', 'greeting=hello', '--port', '0', '--drain-ms', '0']);
    const [, url] = await until(() => serve.stdout().match(/listening on (ws:\/\/127\.0\.0\.1:\d+)/), 'the listening line');
    await until(() => serve.stdout().match(/APIs:\n.*\n/), 'the APIs lines');
    expect(serve.stdout()).toContain(`${url}/chat  →  ${backend.url}/ws`);
    const ws = await open(`${url}/chat`);
    expect(backend.lastRequest?.headers['x-from-policy']).toBe('hello');
    ws.send('through the CLI');
    expect((await nextMessage(ws)).data.toString()).toBe('through the CLI');
    const clientClosed = closed(ws);
    serve.child.kill('SIGTERM');
    expect((await clientClosed).code).toBe(1001);
    expect(await serve.exit).toBe(0);
  }, 60_000);

  it('--config: refuses to start on a broken configuration, naming file, line and column', async () => {
    const dir = tempDir();
    const file = join(dir, 'gw.yaml');
    writeFileSync(file, 'apis:\n  - name: a\n    path: /a\n    serviceUrl: ws://127.0.0.1:1/\n    polcy: a.xml\n');
    const serve = await serveInProcess(['--config', file]);
    expect(serve.code).toBe(1);
    expect(serve.stderr).toContain(`${file}:5:5: error OH602: unknown key 'polcy' in apis[0] (did you mean 'policy'?)`);
  });

  it('--config: refuses to start on a policy error, naming the policy file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.xml'), '<policies><inbound><set-query-parameter name="x"><value>1</value></inbound></policies>');
    writeFileSync(join(dir, 'gw.yaml'), 'apis:\n  - { name: a, path: /a, serviceUrl: "ws://127.0.0.1:1/", policy: bad.xml }\n');
    const serve = await serveInProcess(['--config', join(dir, 'gw.yaml'), '--port', '0']);
    expect(serve.code).toBe(1);
    expect(serve.stderr).toMatch(new RegExp(`${join(dir, 'bad.xml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: error OH1`));
  });

  it('exits 2 with usage on bad arguments', async () => {
    const serve = await serveInProcess(['--policy', 'x.xml']);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain('--backend ws://host/path is required');
  });
});
