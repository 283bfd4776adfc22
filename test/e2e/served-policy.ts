/**
 * One policy served by `onhandshake serve` (spawned as a user runs it) in front of an echo backend, for
 * the suites that attack a gateway and time a plain client meanwhile; and `handshake`, which answers
 * 101 or the refusal's status and X-Reason, with how long it took.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { WebSocket } from 'ws';
import { echoServer } from '../gateway/helpers.js';
import { until } from './program.js';

/** An on-error section that answers 500 with the LastError's reason in X-Reason (what `handshake` reports). */
export const ON_ERROR_WITH_REASON = `  <on-error>
    <return-response>
      <set-status code="500" reason="Policy failed" />
      <set-header name="X-Reason" exists-action="override"><value>@(context.LastError.Reason)</value></set-header>
    </return-response>
  </on-error>`;

export interface Answer {
  status: number;
  reason?: string;
  millis: number;
}

export interface ServedPolicy {
  url: string;
  stderr(): string;
  /** The process still runs and printed no fatal error. */
  alive(): boolean;
  /** One handshake at /chat: 101 (then closed at once) or the status and X-Reason of the refusal. */
  handshake(headers?: Record<string, string>, timeoutMs?: number): Promise<Answer>;
  close(): Promise<void>;
}

/** Serves `policyXml` at /chat (quiet: no per-connection log lines). */
export async function servePolicy(policyXml: string, options: { quiet?: boolean } = {}): Promise<ServedPolicy> {
  const backend = await echoServer();
  const dir = mkdtempSync(join(tmpdir(), 'oh-served-policy-'));
  writeFileSync(join(dir, 'p.xml'), policyXml);
  const args = ['serve', '--policy', join(dir, 'p.xml'), '--path', '/chat', '--backend', backend.url + '/ws', '--port', '0', '--drain-ms', '0', ...(options.quiet ? ['--quiet'] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli/main.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const [, url] = (await until(() => stdout.match(/listening on (ws:\/\/127\.0\.0\.1:\d+)/), `the listening line (stderr: ${stderr})`)) as RegExpMatchArray as [string, string];
  return {
    url,
    stderr: () => stderr,
    alive: () => child.exitCode === null && !/Fatal|out of memory/i.test(stderr),
    handshake: (headers = {}, timeoutMs = 30_000) => handshake(`${url}/chat`, headers, timeoutMs),
    async close() {
      child.kill('SIGKILL');
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function handshake(url: string, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const guard = setTimeout(() => (ws.terminate(), reject(new Error(`no answer within ${timeoutMs} ms`))), timeoutMs);
    const done = (status: number, reason?: string): void => {
      clearTimeout(guard);
      resolve({ status, ...(reason !== undefined ? { reason } : {}), millis: performance.now() - started });
    };
    ws.once('open', () => (done(101), ws.terminate()));
    ws.once('unexpected-response', (_req, res) => (done(res.statusCode ?? 0, res.headers['x-reason'] as string | undefined), res.resume(), ws.terminate()));
    ws.once('error', (e) => (clearTimeout(guard), reject(e)));
  });
}
