/**
 * Red team, after issue 13's hardening: a callout's response body is untrusted input (docs/security.md),
 * and parsing it is not charged to the expression budgets. A send-request target answers 3 MB of
 * `[[],[],…]` (990,000 empty arrays: under the 4 MiB body limit and the 1,000,000-item cap);
 * `Body.As<JToken>()` builds it on the event loop in 0.5–1 s per handshake, and sixteen clients
 * doing so for 5 s hold a plain handshake for seconds (a plain client waits behind every parse).
 *
 * Fixed in src/expressions/json/parse.ts: every value read is a step of the evaluation's budget, so an
 * over-budget body fails its handshake alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { WebSocket } from 'ws';
import { echoServer, type EchoServer } from '../gateway/helpers.js';
import { until } from './program.js';

const BODY = '[' + Array.from({ length: 990_000 }, () => '[]').join(',') + ']';

const policy = (calloutUrl: string) => `<policies>
  <inbound>
    <base />
    <choose>
      <when condition="@(context.Request.Headers.ContainsKey(&quot;X-Callout&quot;))">
        <send-request mode="new" response-variable-name="resp" timeout="20" ignore-error="false">
          <set-url>${calloutUrl}</set-url>
          <set-method>GET</set-method>
        </send-request>
        <set-variable name="kind" value="@(((IResponse)context.Variables[&quot;resp&quot;]).Body.As&lt;JToken&gt;().Type.ToString())" />
      </when>
    </choose>
  </inbound>
  <on-error>
    <return-response>
      <set-status code="500" reason="Policy failed" />
      <set-header name="X-Reason" exists-action="override"><value>@(context.LastError.Reason)</value></set-header>
    </return-response>
  </on-error>
</policies>`;

let backend: EchoServer;
let callout: http.Server;
let serve: ChildProcess;
let stdout = '';
let stderr = '';
let url: string;
let dir: string;

beforeAll(async () => {
  backend = await echoServer();
  callout = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(BODY);
  });
  await new Promise<void>((r) => callout.listen(0, '127.0.0.1', r));
  dir = mkdtempSync(join(tmpdir(), 'oh-redteam-callout-'));
  writeFileSync(join(dir, 'p.xml'), policy(`http://127.0.0.1:${(callout.address() as AddressInfo).port}/arrays`));
  serve = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli/main.ts'), 'serve', '--policy', join(dir, 'p.xml'), '--path', '/chat', '--backend', backend.url + '/ws', '--port', '0', '--drain-ms', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  serve.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  serve.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  [, url] = (await until(() => stdout.match(/listening on (ws:\/\/127\.0\.0\.1:\d+)/), `the listening line (stderr: ${stderr})`)) as RegExpMatchArray as [string, string];
}, 60_000);
afterAll(async () => {
  serve?.kill('SIGKILL');
  await backend?.close();
  await new Promise((r) => callout?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

function handshake(headers: Record<string, string> = {}): Promise<{ status: number; millis: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/chat`, { headers });
    const guard = setTimeout(() => (ws.terminate(), reject(new Error('no answer within 30 s'))), 30_000);
    const done = (status: number) => (clearTimeout(guard), resolve({ status, millis: performance.now() - started }));
    ws.once('open', () => (done(101), ws.terminate()));
    ws.once('unexpected-response', (_req, res) => (done(res.statusCode ?? 0), res.resume(), ws.terminate()));
    ws.once('error', (e) => (clearTimeout(guard), reject(e)));
  });
}

describe('red team: a callout body parsed outside the budget', () => {
  it('a plain handshake connects (the policy loads)', async () => {
    expect((await handshake()).status).toBe(101);
  });

  it('while sixteen clients keep handshaking to parse a 3 MB array-of-arrays callout body, a plain handshake completes within 1.5 s', async () => {
    let running = true;
    const plain: number[] = [];
    const prober = (async () => {
      while (running) {
        plain.push((await handshake()).millis);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    // Sixteen attackers, each handshaking again as soon as it is answered, for 5 s.
    const end = Date.now() + 5_000;
    const answers: { status: number }[] = [];
    const attacker = async () => {
      while (Date.now() < end) answers.push(await handshake({ 'X-Callout': '1' }));
    };
    await Promise.all(Array.from({ length: 16 }, attacker));
    running = false;
    await prober;
    for (const answer of answers) expect([101, 500]).toContain(answer.status);
    expect(serve.exitCode).toBeNull();
    expect(Math.max(...plain), `plain handshakes took ${plain.map(Math.round).join(', ')} ms`).toBeLessThan(1_500);
  }, 120_000);
});
