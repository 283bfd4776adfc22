/**
 * Red team, after issue 13's hardening: C# and jsonata built-ins whose work or output the expression
 * budgets did not count. Each runs from a header through `onhandshake serve` over real sockets; the
 * attacking handshake got 101 (or a bare 500 after seconds) and a plain handshake on the same gateway
 * waited seconds.
 *
 * Fixed (budget.ts chargeProgress, percent.ts, bytes.ts, json/model.ts quote, jsonata-guards $zip): these
 * built-ins are charged as they write and their output size is checked before it outgrows the caps — `Uri.EscapeDataString`/`WebUtility.HtmlEncode` can grow a string 6×/4×,
 * `BitConverter.ToString` 3×, `Encoding.UTF32.GetBytes` 4× (past the 16 Mi character / 16 MiB caps), and
 * `JToken.ToString()` escapes every character of every string it writes without counting; jsonata `$zip`
 * enumerates its inputs without charging the steps. Then each attack fails alone with 500
 * ExpressionValueEvaluationFailure and a plain handshake completes within 1.5 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { WebSocket } from 'ws';
import { echoServer, type EchoServer } from '../gateway/helpers.js';
import { until } from './program.js';

const CSHARP: Record<string, string> = {
  // 16 Mi 'ÿ' → 96 Mi characters of %C3%BF: 5.6 s on the loop, RSS +1.5 GB.
  escape: `Uri.EscapeDataString(new string('\\u00ff', 16000000)).Length`,
  // 16 MiB of zero bytes → "00-00-…", 48 Mi characters: 4.5 s.
  bitconverter: 'BitConverter.ToString(new byte[16000000]).Length',
  // 16 Mi '<' → 64 Mi characters of &lt;: 0.9 s alone, 7 s for six at once.
  htmlencode: `System.Net.WebUtility.HtmlEncode(new string('<', 16000000)).Length`,
  // 1,000 strings of 100,000 quotes, each escaped by ToString(): 10.7 s, RSS 3.4 GB, a 500 without a reason.
  jarraytostring: `new JArray(Enumerable.Repeat(new string('"', 100000), 1000)).ToString().Length`,
  // 64 MB, past the 16 MiB byte-array cap: 2.6 s for six at once.
  utf32: `Encoding.UTF32.GetBytes(new string('a', 16000000)).Length`,
};
const JSONATA: Record<string, string> = {
  // three 1M-item ranges zipped: 0.3 s alone (over the 100 ms budget), 1.5 s for six at once, then 101.
  zip: '$count($zip([1..1000000],[1..1000000],[1..1000000]))',
};

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const when = (kind: string, value: string) =>
  `      <when condition="${xml(`@(context.Request.Headers.GetValueOrDefault("X-Bomb", "") == "${kind}")`)}">\n        <set-variable name="w" value="${xml(value)}" />\n      </when>`;
const POLICY = `<policies>
  <inbound>
    <base />
    <choose>
${[...Object.entries(CSHARP).map(([k, code]) => when(k, `@(${code})`)), ...Object.entries(JSONATA).map(([k, code]) => when(k, `@jsonata(${code})`))].join('\n')}
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
let serve: ChildProcess;
let stdout = '';
let stderr = '';
let url: string;
let dir: string;

beforeAll(async () => {
  backend = await echoServer();
  dir = mkdtempSync(join(tmpdir(), 'oh-redteam-'));
  writeFileSync(join(dir, 'p.xml'), POLICY);
  serve = spawn(process.execPath, ['--import', 'tsx', resolve('src/cli/main.ts'), 'serve', '--policy', join(dir, 'p.xml'), '--path', '/chat', '--backend', backend.url + '/ws', '--port', '0', '--drain-ms', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  serve.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  serve.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  [, url] = (await until(() => stdout.match(/listening on (ws:\/\/127\.0\.0\.1:\d+)/), `the listening line (stderr: ${stderr})`)) as RegExpMatchArray as [string, string];
}, 60_000);
afterAll(async () => {
  serve?.kill('SIGKILL');
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  reason?: string;
  millis: number;
}

function handshake(headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}/chat`, { headers });
    const guard = setTimeout(() => (ws.terminate(), reject(new Error(`no answer within ${timeoutMs} ms`))), timeoutMs);
    const done = (a: Omit<Answer, 'millis'>) => {
      clearTimeout(guard);
      resolve({ ...a, millis: performance.now() - started });
    };
    ws.once('open', () => (done({ status: 101 }), ws.terminate()));
    ws.once('unexpected-response', (_req, res) => {
      done({ status: res.statusCode ?? 0, reason: res.headers['x-reason'] as string | undefined });
      res.resume();
      ws.terminate();
    });
    ws.once('error', (e) => (clearTimeout(guard), reject(e)));
  });
}

/** `attackers` handshakes with X-Bomb: kind at once, while a plain client handshakes every 100 ms. */
async function attack(kind: string, attackers: number): Promise<{ answers: Answer[]; plain: number[] }> {
  // Start from a responsive gateway, whatever an earlier case left running.
  await handshake();
  let running = true;
  const plain: number[] = [];
  const prober = (async () => {
    while (running) {
      plain.push((await handshake()).millis);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const answers = await Promise.all(Array.from({ length: attackers }, () => handshake({ 'X-Bomb': kind })));
  running = false;
  await prober;
  return { answers, plain };
}

const alive = () => serve.exitCode === null && !/Fatal|out of memory/i.test(stderr);

describe('red team: built-ins the expression budgets do not count', () => {
  it('a plain handshake connects (the policy loads)', async () => {
    expect((await handshake()).status).toBe(101);
  });

  const cases: [string, number][] = [
    ['escape', 1],
    ['bitconverter', 1],
    ['jarraytostring', 1],
    ['htmlencode', 6],
    ['utf32', 6],
    ['zip', 6],
  ];
  it.each(cases)('%s (%i attacking handshakes): each fails alone with 500 ExpressionValueEvaluationFailure, a plain handshake completes within 1.5 s', async (kind, attackers) => {
    const { answers, plain } = await attack(kind, attackers);
    for (const answer of answers) expect(answer).toMatchObject({ status: 500, reason: 'ExpressionValueEvaluationFailure' });
    expect(Math.max(...plain), `plain handshakes took ${plain.map(Math.round).join(', ')} ms`).toBeLessThan(1_500);
    expect(alive()).toBe(true);
  }, 120_000);
});
