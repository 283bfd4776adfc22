/**
 * Traces keep no long value: 230 handshakes through `onhandshake serve` (console on, so every trace is
 * kept in its ring), each building a 16M-character variable, leave the gateway's memory bounded; the trace
 * shows the value cut, with its length.
 */
import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { echoServer, type EchoServer } from '../gateway/helpers.js';
import { rssMiB, serveConfig } from './served-gateway.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * V8 lets a process that allocates fast grow lazily before it collects: with its default heap limit the
 * garbage of the 230 variables alone can take RSS past a gigabyte for a moment. A 400 MB heap makes it
 * collect first, so what the test sees is what the gateway keeps (today's code, which kept every variable
 * in its trace, fails here: out of memory).
 */
const HEAP_LIMIT = '--max-old-space-size=400';

/** The largest string the expression caps allow. */
const SIZE = 16_777_216;

function handshake(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { 'X-Size': String(SIZE) } });
    ws.once('upgrade', (res) => resolve(String(res.headers['apim-trace-id'])));
    ws.once('open', () => ws.close());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

it('230 handshakes each holding a 16M-character variable keep the gateway under 500 MB', async () => {
  const echo: EchoServer = await echoServer();
  cleanups.push(() => echo.close());
  const gateway = await serveConfig({
    'gateway.yaml': `listen: { port: 0 }\nlogging: { events: false }\napis:\n  - name: chat\n    path: /chat\n    serviceUrl: ${echo.url}\n    policy: ./chat.xml\n`,
    'chat.xml': `<policies><inbound><base />
      <set-variable name="big" value="@(new string((char)97, int.Parse(context.Request.Headers.GetValueOrDefault(&quot;X-Size&quot;, &quot;1&quot;))))" />
      <trace source="memory" severity="information"><message>@((string)context.Variables[&quot;big&quot;])</message></trace>
    </inbound></policies>`,
  }, { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${HEAP_LIMIT}`.trim() });
  const before = rssMiB(gateway.pid);
  let peak = before;
  let lastId = '';
  for (let i = 0; i < 230; i++) {
    lastId = await handshake(`${gateway.url}/chat`);
    if (i % 10 === 0) peak = Math.max(peak, rssMiB(gateway.pid));
  }
  const after = rssMiB(gateway.pid);
  peak = Math.max(peak, after);
  console.log(`gateway RSS: ${before.toFixed(0)} MiB before, ${after.toFixed(0)} MiB after 230 handshakes (peak ${peak.toFixed(0)} MiB)`);
  expect(peak).toBeLessThan(500);

  // The console's ring kept the traces, each with the value cut and its length noted.
  const base = gateway.url.replace(/^ws/, 'http');
  const list = (await (await fetch(`${base}/_onhandshake/traces`)).json()) as { traces: unknown[] };
  expect(list.traces.length).toBe(200);
  const record = (await (await fetch(`${base}/_onhandshake/traces/${lastId}`)).json()) as { trace: { traceEntries: { inbound: Array<{ source: string; data: Record<string, unknown> }> } } };
  const entries = record.trace.traceEntries.inbound;
  const setVariable = entries.find((e) => e.source === 'set-variable')!.data as { variable: { value: string }; expressions: Array<{ value: string }> };
  expect(setVariable.variable.value).toMatch(/^a{8192}…\(truncated, 16777216 characters\)$/);
  expect(setVariable.expressions[0]!.value).toBe(setVariable.variable.value);
  const message = entries.find((e) => e.source === 'memory')!.data.message as string;
  expect(message).toMatch(/…\(truncated, 16777216 characters\)$/);
  expect(JSON.stringify(record).length).toBeLessThan(100_000);
}, 240_000);
