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
import { ON_ERROR_WITH_REASON, servePolicy, type ServedPolicy } from './served-policy.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
${ON_ERROR_WITH_REASON}
</policies>`;

let callout: http.Server;
let gw: ServedPolicy;
beforeAll(async () => {
  callout = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(BODY);
  });
  await new Promise<void>((r) => callout.listen(0, '127.0.0.1', r));
  gw = await servePolicy(policy(`http://127.0.0.1:${(callout.address() as AddressInfo).port}/arrays`), { quiet: true });
}, 60_000);
afterAll(async () => {
  await gw?.close();
  await new Promise((r) => callout?.close(r));
});

const handshake = (headers: Record<string, string> = {}) => gw.handshake(headers);

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
    expect(gw.alive()).toBe(true);
    expect(Math.max(...plain), `plain handshakes took ${plain.map(Math.round).join(', ')} ms`).toBeLessThan(1_500);
  }, 120_000);
});
