/**
 * Red team, after issue 13's hardening: a secret named value's characters as decimal codes leak through
 * a `<trace>` message. The same derivation stored with set-variable is masked (the variable shows `***`),
 * and hex, reversed, Caesar-shifted, JSON-escaped and 4-character chunks of the secret are masked too; but
 * `<trace>` with `string.Join(",", secret.Select(c => (int)c))` puts "90,113,55,…" in the trace the
 * console serves, from which anyone reading traces gets the secret back.
 *
 * The fix (src/graph trace masking; not done here): mask a `<trace>` message by how it was derived, as
 * set-variable values are, not only by its text. Until then this case is `it.fails`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { echoServer } from '../gateway/helpers.js';
import { serveConfig } from './served-gateway.js';

const SECRET = 'Zq7wPx93LmNvBt42';
const CODES = [...SECRET].map((c) => c.charCodeAt(0)).join(',');

const POLICY = `<policies>
  <inbound>
    <base />
    <set-variable name="codes" value="@(string.Join(&quot;,&quot;, &quot;{{api-secret}}&quot;.Select(c => (int)c)))" />
    <trace source="redteam">@(&quot;codes:&quot; + string.Join(&quot;,&quot;, &quot;{{api-secret}}&quot;.Select(c => (int)c)))</trace>
  </inbound>
</policies>`;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('red team: forms of a secret in traces', () => {
  it.fails('the character codes of a secret named value do not appear in the trace a <trace> message wrote', async () => {
    const echo = await echoServer();
    cleanups.push(() => echo.close());
    const gw = await serveConfig({
      'gateway.yaml': `listen: { port: 0 }\ntrace: true\nnamedValues:\n  api-secret: { value: "${SECRET}", secret: true }\napis:\n  - name: chat\n    path: /chat\n    serviceUrl: ${echo.url}\n    policy: chat.xml\n`,
      'chat.xml': POLICY,
    });
    const ws = new WebSocket(`${gw.url}/chat`);
    await new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)));
    ws.terminate();
    const http = gw.url.replace(/^ws/, 'http');
    let traces: Array<{ id: string }> = [];
    for (let i = 0; i < 40 && traces.length === 0; i++) {
      traces = ((await (await fetch(`${http}/_onhandshake/traces`)).json()) as { traces: Array<{ id: string }> }).traces;
      if (!traces.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(traces.length).toBeGreaterThan(0);
    const shown = await (await fetch(`${http}/_onhandshake/traces/${traces[0]!.id}`)).text();
    expect(shown).toContain('redteam'); // the trace message was recorded
    expect(shown).not.toContain(CODES);
  }, 60_000);
});
