/**
 * Regex denial of service against a real `onhandshake serve` process: a policy whose Regex takes its
 * pattern and input from headers. Handshakes with a catastrophic pattern fail alone (500,
 * ExpressionValueEvaluationFailure) or get a linear-time answer, and a plain handshake sent while
 * they run completes within 1.5 s (the acceptance bound).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { echoServer, type EchoServer } from '../gateway/helpers.js';
import { runProgram, until } from './program.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const POLICY = `<policies>
  <inbound>
    <base />
    <set-variable name="matched" value="@(Regex.IsMatch(context.Request.Headers.GetValueOrDefault(&quot;X-Input&quot;, &quot;&quot;), context.Request.Headers.GetValueOrDefault(&quot;X-Pattern&quot;, &quot;^$&quot;)))" />
    <choose>
      <when condition="@(context.Request.Headers.ContainsKey(&quot;X-Slow-Timeout&quot;))">
        <set-variable name="timed" value="@(new Regex(context.Request.Headers.GetValueOrDefault(&quot;X-Pattern&quot;, &quot;&quot;), RegexOptions.None, TimeSpan.FromSeconds(1000)).IsMatch(context.Request.Headers.GetValueOrDefault(&quot;X-Input&quot;, &quot;&quot;)))" />
      </when>
    </choose>
    <set-header name="X-Matched" exists-action="override"><value>@(context.Variables[&quot;matched&quot;].ToString())</value></set-header>
  </inbound>
</policies>`;

async function startServe(): Promise<{ url: string; backend: EchoServer; log: () => string }> {
  const backend = await echoServer();
  cleanups.push(() => backend.close());
  const dir = mkdtempSync(join(tmpdir(), 'oh-regex-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'p.xml'), POLICY);
  writeFileSync(join(dir, 'gw.yaml'), `apis:\n  - { name: chat, path: /chat, serviceUrl: "${backend.url}/ws", policy: p.xml }\nlimits:\n  regexMatchTimeoutMs: 500\n  drainMs: 0\nlogging:\n  json: true\n`);
  const serve = runProgram('src/cli/main.ts', ['serve', '--config', join(dir, 'gw.yaml'), '--port', '0']);
  const [, url] = await until(() => serve.stdout().match(/listening on (ws:\/\/127\.0\.0\.1:\d+)/), 'the listening line');
  return { url: url!, backend, log: serve.stderr };
}

interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** One handshake: 101 (then closed) or the refusal's status and body. */
function handshake(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/chat`, { headers });
    ws.once('open', () => {
      ws.close();
      resolve({ status: 101, body: '', ms: performance.now() - started });
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started }));
    });
    ws.once('error', reject);
  });
}

const A = (n: number, tail = '!') => 'a'.repeat(n) + tail;

describe('regex denial of service through the built gateway', () => {
  it('attacks fail alone or answer in linear time; a plain handshake during the attack completes within 1.5 s', async () => {
    const { url, log } = await startServe();
    // warm up: the worker pool and the compiled policy
    expect((await handshake(url)).status).toBe(101);
    expect((await handshake(url, { 'X-Pattern': '(a)\\1', 'X-Input': 'aa' })).status).toBe(101);

    const attacks: Array<Promise<Answer>> = [];
    // exponential backtracking that RE2 cannot take (a back reference): stopped by the gateway's cap
    for (let i = 0; i < 6; i++) attacks.push(handshake(url, { 'X-Pattern': '^(a+)+\\1$', 'X-Input': A(40 + i) }));
    // a policy-set 1000 s timeout is capped too
    attacks.push(handshake(url, { 'X-Pattern': '^(a+)+\\1$', 'X-Input': A(45), 'X-Slow-Timeout': '1' }));
    // patterns that used to hang the gateway: RE2 answers them in linear time
    const linear = ['^(a|a)*$', 'a*a*a*a*a*b', '(a+)+$'].map((p) => handshake(url, { 'X-Pattern': p, 'X-Input': A(8000) }));
    const spaces = handshake(url, { 'X-Pattern': '^\\s*\\s*\\s*$', 'X-Input': 'x' + ' '.repeat(8000) + 'x' });

    await new Promise((r) => setTimeout(r, 100));
    const plain = await handshake(url);
    expect(plain.status).toBe(101);
    expect(plain.ms).toBeLessThan(1500);

    for (const a of await Promise.all(attacks)) {
      expect(a.status).toBe(500);
      expect(a.body).toContain('Internal server error');
    }
    // the connection log names APIM's reason and the .NET exception of each refused handshake
    const refused = () => log().split('\n').filter((l) => l.includes('ExpressionValueEvaluationFailure'));
    const failures = await until(() => (refused().length >= 7 ? refused() : null), 'seven ExpressionValueEvaluationFailure log lines', 5000);
    expect(failures.join('\n')).toContain('The RegEx engine has timed out');
    for (const l of await Promise.all([...linear, spaces])) expect(l.status).toBe(101);
  }, 60_000);
});
