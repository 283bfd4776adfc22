/**
 * Issue 13, findings 2, 3, 5 and 10 through `onhandshake serve` over real sockets: a policy evaluates
 * header-controlled expressions; each bomb (n = int.MaxValue from a header …) fails its handshake alone
 * with 500 and LastError.Reason ExpressionValueEvaluationFailure, the process stays up, and while several
 * attacking handshakes run a plain handshake completes within 1.5 s. Then a few hundred fuzzed handshakes
 * (seeded) and the gateway still answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ON_ERROR_WITH_REASON, servePolicy, type ServedPolicy } from './served-policy.js';
import { seededRandom } from '../seeded-random.js';

const BOMBS: Record<string, string> = {
  concat: 'string.Concat(Enumerable.Repeat("a", n)).Length',
  orderby: 'Enumerable.Range(0, n).OrderBy(i => -i).First()',
  sum: 'Enumerable.Range(0, n).Sum()',
  contains: 'Enumerable.Range(0, n).Contains(-1) ? 1 : 0',
  last: 'Enumerable.Range(0, n).Last()',
  join: 'string.Join(",", Enumerable.Range(0, n)).Length',
  jarray: 'new JArray(Enumerable.Range(0, n)).Count',
  doubling: 'Enumerable.Range(0, Math.Min(n, 64)).Aggregate(new JArray(1), (a, i) => new JArray(a, a)).Count',
  upper: 'Enumerable.Range(0, 1000).Sum(i => new string(\'a\', Math.Min(n, 16000000)).ToUpper().Length)',
  concat2: 'string.Concat(new string(\'a\', Math.Min(n, 10000000)), new string(\'a\', Math.Min(n, 10000000))).Length',
  xml: 'XDocument.Parse("<a " + string.Join(" ", Enumerable.Range(0, Math.Min(n, 200000)).Select(i => "a" + i + "=\'1\'")) + "/>").Root.Attributes().Count()',
  spin: 'Enumerable.Range(0, n).Count(i => i >= 0)',
  checked: 'checked(int.MaxValue + n)',
  divide: 'int.MinValue / -n',
  array: 'new int[n].Length',
};

const POLICY = `<policies>
  <inbound>
    <base />
    <set-variable name="work" value="@{
      var kind = context.Request.Headers.GetValueOrDefault(&quot;X-Bomb&quot;, &quot;&quot;);
      var n = int.Parse(context.Request.Headers.GetValueOrDefault(&quot;X-N&quot;, &quot;0&quot;));
${Object.entries(BOMBS).map(([k, code]) => `      if (kind == "${k}") return ${code};`).join('\n')}
      return 0;
    }" />
    <set-variable name="padded" value="@jsonata($length($pad('', $number(request.headers.'x-pad' ? request.headers.'x-pad' : '0'), 'a')))" />
  </inbound>
${ON_ERROR_WITH_REASON}
</policies>`;

let gw: ServedPolicy;
beforeAll(async () => {
  gw = await servePolicy(POLICY.replace(/&quot;/g, '"'));
}, 60_000);
afterAll(async () => {
  await gw?.close();
});

const handshake = (headers: Record<string, string> = {}, timeoutMs?: number) => gw.handshake(headers, timeoutMs);

const alive = () => gw.alive();

describe('expression budgets through serve', () => {
  it('a plain handshake connects', async () => {
    expect((await handshake()).status).toBe(101);
  });

  it.each(Object.keys(BOMBS))('bomb %s with n = int.MaxValue fails alone with 500 and ExpressionValueEvaluationFailure', async (kind) => {
    const n = kind === 'divide' ? '1' : '2147483647';
    const answer = await handshake({ 'X-Bomb': kind, 'X-N': n });
    expect(answer).toMatchObject({ status: 500, reason: 'ExpressionValueEvaluationFailure' });
    expect(alive()).toBe(true);
  });

  it('jsonata $pad past every cap fails alone', async () => {
    expect(await handshake({ 'X-Pad': '100000000' })).toMatchObject({ status: 500, reason: 'ExpressionValueEvaluationFailure' });
    expect((await handshake({ 'X-Pad': '10' })).status).toBe(101);
    expect(alive()).toBe(true);
  });

  it('while several attacking handshakes run, a plain handshake completes within 1.5 s', async () => {
    const kinds = Object.keys(BOMBS).filter((k) => !['checked', 'divide', 'array', 'concat2'].includes(k));
    const until = Date.now() + 4_000;
    let attacks = 0;
    const attacker = async (i: number) => {
      while (Date.now() < until) {
        const answer = await handshake({ 'X-Bomb': kinds[(i + attacks) % kinds.length]!, 'X-N': '2147483647' });
        expect(answer.status).toBe(500);
        attacks++;
      }
    };
    const plain: number[] = [];
    const prober = async () => {
      while (Date.now() < until) {
        const answer = await handshake();
        expect(answer.status).toBe(101);
        plain.push(answer.millis);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await Promise.all([...Array.from({ length: 6 }, (_, i) => attacker(i)), prober()]);
    if (process.env.BUDGET_REPORT) console.log({ attacks, plain: plain.map(Math.round) });
    expect(attacks).toBeGreaterThan(6);
    expect(plain.length).toBeGreaterThan(2);
    expect(Math.max(...plain), `plain handshakes took ${plain.map((m) => Math.round(m)).join(', ')} ms`).toBeLessThan(1_500);
    expect(alive()).toBe(true);
  }, 30_000);

  it('a few hundred fuzzed handshakes (seeded kinds and sizes): each answered, the gateway stays up and responsive', async () => {
    const random = seededRandom(1313);
    const kinds = [...Object.keys(BOMBS), ''];
    const sizes = ['0', '1', '10', '1000', '100000', '1000000', '16777217', '2147483647', '-1'];
    const statuses = new Map<number, number>();
    const started = Date.now();
    let next = 0;
    const TOTAL = 240;
    const worker = async () => {
      while (next < TOTAL && Date.now() - started < 60_000) {
        next++;
        const headers: Record<string, string> = { 'X-Bomb': kinds[Math.floor(random() * kinds.length)]!, 'X-N': sizes[Math.floor(random() * sizes.length)]! };
        if (random() < 0.2) headers['X-Pad'] = sizes[Math.floor(random() * sizes.length)]!;
        const answer = await handshake(headers);
        expect([101, 500]).toContain(answer.status);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect((statuses.get(101) ?? 0) + (statuses.get(500) ?? 0)).toBe(TOTAL);
    expect(statuses.get(500)).toBeGreaterThan(10);
    expect(alive()).toBe(true);
    const plain = await handshake();
    expect(plain.status).toBe(101);
    expect(plain.millis).toBeLessThan(1_500);
  }, 90_000);
});
