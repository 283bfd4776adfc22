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
import { ON_ERROR_WITH_REASON, servePolicy, type Answer, type ServedPolicy } from './served-policy.js';

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
${ON_ERROR_WITH_REASON}
</policies>`;

let gw: ServedPolicy;
beforeAll(async () => {
  gw = await servePolicy(POLICY, { quiet: true });
}, 60_000);
afterAll(async () => {
  await gw?.close();
});

const handshake = (headers: Record<string, string> = {}, timeoutMs?: number) => gw.handshake(headers, timeoutMs);

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

const alive = () => gw.alive();

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
