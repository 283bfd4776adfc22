/**
 * Process entry: in-process micro-benchmarks of the policy engine without I/O — the cost per
 * evaluation of five typical expressions, and a full step-graph run of policies (a) and (b) (with
 * canned callout answers). Prints one JSON line per figure, or `{"unavailable": reason}`.
 * The engine is loaded from dist/src at run time, so this file builds whatever state src/ is in.
 */
import { performance } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { ACCESS_TOKEN } from '../backends/negotiate-routes.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '../../..');
const DIST = join(ROOT, 'dist/src');
const quick = process.argv.includes('--quick');

export interface MicroLine {
  name: string;
  nsPerOp: number;
  iterations: number;
  note?: string;
}

function emit(line: MicroLine | { unavailable: string; name?: string }): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}

/* Minimal local views of the engine's modules (loaded dynamically; see the header). */
interface SourceLike {
  kind: 'expression' | 'block' | 'jsonata';
  code: string;
  file: string;
  position(offset: number): { line: number; column: number };
}
interface EvaluatorLike {
  evaluate(state: unknown): unknown;
}
interface ExpressionsModule {
  compileExpression(source: SourceLike, options?: unknown): { evaluator?: EvaluatorLike; diagnostics: Array<{ message: string }> };
  dotnet: { createResponse(init: { statusCode: number; statusReason: string; headers: unknown; body: Buffer }): unknown };
}
interface GraphLike {
  run(input: unknown, options?: unknown): Promise<{ decision: { kind: string }; trace: unknown }>;
}
interface GraphModule {
  compileSections(sections: unknown, options?: unknown): { graph?: GraphLike; diagnostics: Array<{ message: string }> };
}
interface PolicyModule {
  readPolicyFile(file: string, options?: unknown): { document?: { sections: unknown }; diagnostics: Array<{ message: string; severity?: string }> };
  mergeScopes(layers: unknown[], options?: unknown): { sections: unknown; diagnostics: unknown[] };
}

async function load<T>(relative: string): Promise<T | string> {
  const file = join(DIST, relative);
  if (!existsSync(file)) return `${relative} is not built yet`;
  try {
    return (await import(pathToFileURL(file).href)) as T;
  } catch (err) {
    return `${relative} failed to load: ${(err as Error).message.split('\n')[0]}`;
  }
}

/** ns per call: warm up, then the median of several timed batches. */
async function measure(name: string, fn: () => unknown | Promise<unknown>, isAsync: boolean): Promise<void> {
  const batchMs = quick ? 100 : 300;
  const batches = quick ? 3 : 7;
  const warm = performance.now();
  let warmIterations = 0;
  while (performance.now() - warm < batchMs) {
    if (isAsync) await fn();
    else fn();
    warmIterations++;
  }
  const perBatch = Math.max(10, Math.round(warmIterations));
  const results: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    if (isAsync) for (let i = 0; i < perBatch; i++) await fn();
    else for (let i = 0; i < perBatch; i++) fn();
    results.push(((performance.now() - t0) * 1e6) / perBatch);
  }
  results.sort((x, y) => x - y);
  emit({ name, nsPerOp: results[results.length >> 1]!, iterations: perBatch * batches });
}

function source(code: string): SourceLike {
  return { kind: 'expression', code, file: 'bench/micro', position: () => ({ line: 1, column: 1 }) };
}

/** The five typical expressions of issue 3 (the SignalR body read is the shipped policy's own). */
const EXPRESSIONS: Array<{ name: string; code: string; isAsync?: boolean }> = [
  {
    name: 'expression: SignalR body read',
    code: '((IResponse)context.Variables["appNegotiate"]).Body.As<JObject>(preserveContent: true)["url"].ToString()',
  },
  { name: 'expression: header read', code: 'context.Request.Headers.GetValueOrDefault("User-Agent", "unknown")' },
  {
    name: 'expression: string concatenation',
    code: '"Bearer " + (string)context.Variables["serviceAccessToken"] + "&hub=" + context.Request.Url.Query.GetValueOrDefault("room", "lobby")',
  },
  {
    name: 'expression: LINQ query',
    code: 'string.Join(",", context.Request.Headers.Where(h => h.Key.StartsWith("X-")).Select(h => h.Key.ToLower()).OrderBy(k => k))',
  },
  {
    name: 'expression: JWT parse',
    code: 'context.Request.Headers.GetValueOrDefault("Authorization", "").AsJwt()?.Claims.GetValueOrDefault("aud", "")',
  },
  // a regex RE2 runs inline, and one it cannot (a back reference): a worker-pool round trip and a re-run
  { name: 'expression: Regex.Match (RE2)', code: 'Regex.Match(context.Request.Headers.GetValueOrDefault("User-Agent", "unknown"), @"(\\w+)/(\\d+)").Groups[2].Value' },
  { name: 'expression: Regex back reference (worker pool)', code: 'Regex.IsMatch(context.Request.Headers.GetValueOrDefault("User-Agent", "unknown"), @"(\\w)\\1")', isAsync: true },  // the same price arithmetic (int → number, * * / +, Round) in double and in exact decimal (issue 16)
  { name: 'expression: double arithmetic', code: 'Math.Round(context.Request.Headers.Count * 19.99 * 1.2 / 3 + 0.5, 2)' },
  { name: 'expression: decimal arithmetic', code: 'Math.Round(context.Request.Headers.Count * 19.99m * 1.2m / 3 + 0.5m, 2)' },
];

function negotiateBody(): Buffer {
  return Buffer.from(
    JSON.stringify({ url: 'http://127.0.0.1:1/client/?hub=chat&asrs.op=%2Fchat&asrs_request_id=abc', accessToken: ACCESS_TOKEN }),
  );
}

const CANNED_CALLOUTS = {
  async send(request: { url: string }): Promise<{ statusCode: number; statusReason: string; headers: unknown; body: Buffer }> {
    const { HeaderBag } = (await import(pathToFileURL(join(DIST, 'common/headers.js')).href)) as {
      HeaderBag: new (init?: Array<[string, string]>) => unknown;
    };
    const headers = new HeaderBag([['Content-Type', 'application/json; charset=utf-8']]);
    const body = request.url.includes('/client/negotiate')
      ? Buffer.from(JSON.stringify({ negotiateVersion: 1, connectionId: 'c-1', connectionToken: 't-1' }))
      : negotiateBody();
    return { statusCode: 200, statusReason: 'OK', headers, body };
  },
};

async function main(): Promise<void> {
  const expressions = await load<ExpressionsModule>('expressions/index.js');
  const graphModule = await load<GraphModule>('graph/index.js');
  const simulated = await load<{ simulatedInput(sim: unknown): unknown }>('graph/simulated-input.js');
  const stateModule = await load<{ createState(input: unknown, tracing: boolean, sink: null): { variables: Map<string, unknown> } }>(
    'graph/create-state.js',
  );
  const policy = await load<PolicyModule>('policy/index.js');
  const headersModule = await load<{ HeaderBag: new (init?: Array<[string, string]>) => unknown }>('common/headers.js');
  for (const m of [expressions, graphModule, simulated, stateModule, policy, headersModule]) {
    if (typeof m === 'string') return emit({ unavailable: m });
  }
  const ex = expressions as ExpressionsModule;
  const input = (simulated as { simulatedInput(sim: unknown): unknown }).simulatedInput({
    url: 'ws://127.0.0.1:8080/a?room=vip&tenant=contoso',
    headers: [
      ['User-Agent', 'onhandshake-bench'],
      ['X-Tenant', 'contoso'],
      ['X-Client', 'bench'],
      ['Authorization', ACCESS_TOKEN],
    ],
    serviceUrl: 'ws://127.0.0.1:1/a',
  });

  // Expressions, evaluated against a state that holds the callout answers policy (b) would have.
  const state = (stateModule as { createState(i: unknown, t: boolean, s: null): { variables: Map<string, unknown> } }).createState(input, false, null);
  const HeaderBag = (headersModule as { HeaderBag: new (init?: Array<[string, string]>) => unknown }).HeaderBag;
  state.variables.set(
    'appNegotiate',
    ex.dotnet.createResponse({ statusCode: 200, statusReason: 'OK', headers: new HeaderBag([['Content-Type', 'application/json']]), body: negotiateBody() }),
  );
  state.variables.set('serviceAccessToken', ACCESS_TOKEN);
  for (const { name, code, isAsync = false } of EXPRESSIONS) {
    const compiled = ex.compileExpression(source(code));
    if (!compiled.evaluator) {
      emit({ unavailable: `does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`, name });
      continue;
    }
    const evaluator = compiled.evaluator;
    try {
      await evaluator.evaluate(state);
    } catch (err) {
      emit({ unavailable: `fails: ${(err as Error).message.split('\n')[0]}`, name });
      continue;
    }
    // Each iteration stands for one handshake: the per-handshake expression allowance starts afresh.
    const handshake = state as { expressionSpend?: unknown };
    await measure(name, () => ((handshake.expressionSpend = undefined), evaluator.evaluate(state)), isAsync);
  }

  // Full graph runs: read, merge and compile once; run per handshake, tracing off, no network.
  const policies: Array<{ name: string; file: string }> = [
    { name: 'executor: policy (a), one handshake', file: join(ROOT, 'bench/policies/a-no-callouts.xml') },
    { name: 'executor: policy (b), one handshake, canned callouts', file: join(ROOT, 'policies/signalr-chat.xml') },
  ];
  const p = policy as PolicyModule;
  const g = graphModule as GraphModule;
  const namedValues = new Map([['chat-app-url', { value: 'http://127.0.0.1:1', secret: false }]]);
  for (const { name, file } of policies) {
    const read = p.readPolicyFile(file, { namedValues });
    if (!read.document) {
      emit({ unavailable: `cannot read ${file}: ${read.diagnostics.map((d) => d.message).join('; ')}`, name });
      continue;
    }
    const merged = p.mergeScopes([{ scope: 'operation', document: read.document }]);
    const compiled = g.compileSections(merged.sections, {});
    if (!compiled.graph) {
      emit({ unavailable: `does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`, name });
      continue;
    }
    const graph = compiled.graph;
    const first = await graph.run(input, { callouts: CANNED_CALLOUTS });
    if (first.decision.kind !== 'connect') {
      emit({ unavailable: `decision was ${first.decision.kind}, not connect`, name });
      continue;
    }
    await measure(name, () => graph.run(input, { callouts: CANNED_CALLOUTS }), true);
    // The console is on by default, so every handshake is traced; reading it (JSON) is what the
    // console does when a trace is opened, and where masking costs once the trace is lazy.
    await measure(`${name}, traced`, () => graph.run(input, { callouts: CANNED_CALLOUTS, trace: true }), true);
    await measure(`${name}, traced and read`, async () => JSON.stringify((await graph.run(input, { callouts: CANNED_CALLOUTS, trace: true })).trace), true);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    emit({ unavailable: `micro-benchmark crashed: ${err instanceof Error ? err.message : String(err)}` });
    process.exit(1);
  },
);
