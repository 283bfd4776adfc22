import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/store/memory.js';
import type { Store } from '../../../src/store/contract.js';
import { answer, graphOf, lastError, policy } from './helpers.js';

const stores: Store[] = [];
function memory(): MemoryStore {
  const s = new MemoryStore();
  stores.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe('rate-limit-by-key', () => {
  it('lets N handshakes per key through, then answers 429 with Retry-After and APIM body', async () => {
    const g = graphOf(
      policy(`<rate-limit-by-key calls="3" renewal-period="60" counter-key="@(context.Request.Url.Query.GetValueOrDefault(&quot;user&quot;, &quot;&quot;))" remaining-calls-header-name="X-Remaining" remaining-calls-variable-name="left" total-calls-header-name="X-Total" retry-after-variable-name="wait" />`),
      { store: memory() },
    );
    const url = (user: string) => `ws://h/chat?user=${user}`;
    for (let i = 0; i < 3; i++) {
      const ok = await answer(g, { url: url('alice') });
      expect(ok.status).toBe(101);
      expect(ok.run.state.variables.get('left')).toBe(2 - i);
      expect(ok.run.connection?.responseHeaders.get('X-Remaining')).toBe(String(2 - i));
    }
    const refused = await answer(g, { url: url('alice') });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(refused.headers['x-total']).toBe('3');
    expect(refused.headers['x-remaining']).toBe('0');
    expect(refused.body).toEqual({ statusCode: 429, message: `Rate limit is exceeded. Try again in ${refused.headers['retry-after']} seconds.` });
    expect(lastError(refused)).toMatchObject({ source: 'rate-limit-by-key', reason: 'RateLimitExceeded' });
    expect(refused.run.state.variables.get('wait')).toBe(Number(refused.headers['retry-after']));
    // Another key has its own counter.
    expect((await answer(g, { url: url('bob') })).status).toBe(101);
  });

  it('does not count when increment-condition is false, and weighs by increment-count', async () => {
    const store = memory();
    const g = graphOf(policy(`<rate-limit-by-key calls="4" renewal-period="60" counter-key="k" increment-condition="@(context.Request.Headers.ContainsKey(&quot;X-Count&quot;))" increment-count="2" retry-after-header-name="X-Wait" />`), { store });
    for (let i = 0; i < 5; i++) expect((await answer(g)).status).toBe(101);
    expect((await answer(g, { headers: [['X-Count', '1']] })).status).toBe(101);
    expect((await answer(g, { headers: [['X-Count', '1']] })).status).toBe(101);
    const refused = await answer(g, { headers: [['X-Count', '1']] });
    expect(refused.status).toBe(429);
    expect(refused.headers['x-wait']).toBeDefined();
    // A full window refuses even calls that would not count.
    expect((await answer(g)).status).toBe(429);
  });

  it('refuses renewal periods above 300 seconds at compile time', async () => {
    const { compile } = await import('../../graph/helpers.js');
    expect(compile(policy(`<rate-limit-by-key calls="1" renewal-period="301" counter-key="k" />`)).diagnostics.map((d) => d.message).join()).toMatch(/at most 300/);
  });
});

describe('rate-limit (per subscription)', () => {
  const xml = policy(`<rate-limit calls="2" renewal-period="30"><api name="chat" calls="1" renewal-period="30" /></rate-limit>`);

  it('counts per subscription, applies API limits, and skips callers without a subscription', async () => {
    const g = graphOf(xml, { store: memory() });
    expect((await answer(g, { subscription: 's1', apiPath: 'other' })).status).toBe(101);
    expect((await answer(g, { subscription: 's1', apiPath: 'other' })).status).toBe(101);
    const third = await answer(g, { subscription: 's1', apiPath: 'other' });
    expect([third.status, lastError(third)?.reason]).toEqual([429, 'RateLimitExceeded']);
    expect((await answer(g, { subscription: 's2', apiPath: 'other' })).status).toBe(101);
    // The <api name="chat"> limit is 1 for that API (on top of the subscription's own limit).
    expect((await answer(g, { subscription: 's3', url: 'ws://h/chat' })).status).toBe(101);
    expect((await answer(g, { subscription: 's3', url: 'ws://h/chat' })).status).toBe(429);
    for (let i = 0; i < 5; i++) expect((await answer(g, { url: 'ws://h/other' })).status).toBe(101);
  });
});

describe('quota-by-key and quota', () => {
  it('refuses with 403, Retry-After and the replenish time once calls are used', async () => {
    const g = graphOf(policy(`<quota-by-key calls="2" renewal-period="3600" counter-key="@(context.Request.IpAddress)" />`), { store: memory() });
    expect((await answer(g)).status).toBe(101);
    expect((await answer(g)).status).toBe(101);
    const refused = await answer(g);
    expect(refused.status).toBe(403);
    expect(lastError(refused)).toMatchObject({ source: 'quota-by-key', reason: 'QuotaExceeded' });
    const wait = Number(refused.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(3600);
    expect((refused.body as { message: string }).message).toMatch(/^Out of call volume quota\. Quota will be replenished in \d\d:\d\d:\d\d\.$/);
    expect((await answer(g, { ipAddress: '10.9.9.9' })).status).toBe(101);
  });

  it('counts relayed bytes against bandwidth and refuses later handshakes', async () => {
    const store = memory();
    const g = graphOf(policy(`<quota-by-key bandwidth="2" renewal-period="0" counter-key="bw" />`), { store });
    const first = await answer(g);
    expect(first.status).toBe(101);
    first.run.connection!.relayed(1500);
    first.run.connection!.relayed(600);
    for (const release of first.run.releases) release();
    await new Promise((r) => setImmediate(r));
    const refused = await answer(g);
    expect(refused.status).toBe(403);
    expect((refused.body as { message: string }).message).toBe('Out of bandwidth quota.');
    expect(refused.headers['retry-after']).toBeUndefined();
  });

  it('counts a key once per handshake even when several policies use it', async () => {
    const g = graphOf(policy(`<quota-by-key calls="2" renewal-period="3600" counter-key="same" /><quota-by-key calls="2" renewal-period="3600" counter-key="same" />`), { store: memory() });
    expect((await answer(g)).status).toBe(101);
    expect((await answer(g)).status).toBe(101);
    expect((await answer(g)).status).toBe(403);
  });

  it('quota applies per subscription only', async () => {
    const g = graphOf(policy(`<quota calls="1" renewal-period="3600" />`), { store: memory() });
    expect((await answer(g, { subscription: 'a' })).status).toBe(101);
    expect((await answer(g, { subscription: 'a' })).status).toBe(403);
    expect((await answer(g, { subscription: 'b' })).status).toBe(101);
    expect((await answer(g)).status).toBe(101);
    expect((await answer(g)).status).toBe(101);
  });
});

describe('limit-concurrency', () => {
  const xml = policy(`<limit-concurrency key="@(context.Request.Url.Query.GetValueOrDefault(&quot;room&quot;, &quot;&quot;))" max-count="2"><set-variable name="inside" value="yes" /></limit-concurrency>`);

  it('holds a slot for each connection until it is released, and 429s beyond max-count', async () => {
    const g = graphOf(xml, { store: memory() });
    const a = await answer(g, { url: 'ws://h/chat?room=1' });
    const b = await answer(g, { url: 'ws://h/chat?room=1' });
    expect([a.status, b.status]).toEqual([101, 101]);
    expect(a.run.state.variables.get('inside')).toBe('yes');
    const c = await answer(g, { url: 'ws://h/chat?room=1' });
    expect(c.status).toBe(429);
    expect(lastError(c)).toMatchObject({ source: 'limit-concurrency', reason: 'ConcurrencyLimitExceeded' });
    expect(c.run.state.variables.has('inside')).toBe(false);
    expect((await answer(g, { url: 'ws://h/chat?room=2' })).status).toBe(101);
    for (const release of a.run.releases) release();
    expect((await answer(g, { url: 'ws://h/chat?room=1' })).status).toBe(101);
  });

  it('frees the slot at once when the enclosed policies fail', async () => {
    const g = graphOf(policy(`<limit-concurrency key="k" max-count="1"><check-header name="X-Need" failed-check-httpcode="400" failed-check-error-message="no" ignore-case="true" /></limit-concurrency>`), { store: memory() });
    expect((await answer(g)).status).toBe(400);
    expect((await answer(g, { headers: [['X-Need', '1']] })).status).toBe(101);
  });
});

describe('cache values', () => {
  it('stores, looks up with types kept, falls back to default-value, and removes', async () => {
    const store = memory();
    const put = graphOf(policy(`<cache-store-value key="flag" value="@(true)" duration="60" /><cache-store-value key="name" value="alice" duration="60" /><cache-store-value key="n" value="@(41 + 1)" duration="60" />`), { store });
    expect((await answer(put)).status).toBe(101);
    const get = graphOf(
      policy(`<cache-lookup-value key="flag" variable-name="flag" />
<cache-lookup-value key="name" variable-name="name" />
<cache-lookup-value key="n" variable-name="n" />
<cache-lookup-value key="absent" variable-name="absent" />
<cache-lookup-value key="absent" variable-name="dflt" default-value="fallback" />
<set-variable name="typed" value="@(context.Variables.GetValueOrDefault&lt;bool&gt;(&quot;flag&quot;) &amp;&amp; (int)context.Variables[&quot;n&quot;] == 42)" />`),
      { store },
    );
    const vars = (await answer(get)).run.state.variables;
    expect(vars.get('flag')).toBe(true);
    expect(vars.get('name')).toBe('alice');
    expect(vars.get('n')).toBe(42);
    expect(vars.has('absent')).toBe(false);
    expect(vars.get('dflt')).toBe('fallback');
    expect(vars.get('typed')).toBe(true);
    await answer(graphOf(policy(`<cache-remove-value key="name" />`), { store }));
    expect((await answer(get)).run.state.variables.has('name')).toBe(false);
  });

  it('keeps a decimal and its scale through the store', async () => {
    const store = memory();
    expect((await answer(graphOf(policy(`<cache-store-value key="d" value="@(1.50m)" duration="60" />`), { store }))).status).toBe(101);
    const get = graphOf(
      policy(`<cache-lookup-value key="d" variable-name="d" />
<set-variable name="text" value="@(((decimal)context.Variables[&quot;d&quot;] * 2).ToString())" />`),
      { store },
    );
    expect((await answer(get)).run.state.variables.get('text')).toBe('3.00');
  });

  it('keeps internal values apart from the configured store', async () => {
    const store = memory();
    await answer(graphOf(policy(`<cache-store-value key="x" value="internal" duration="60" caching-type="internal" />`), { store }));
    const vars = (await answer(graphOf(policy(`<cache-lookup-value key="x" variable-name="x" />`), { store }))).run.state.variables;
    expect(vars.has('x')).toBe(false);
  });
});
