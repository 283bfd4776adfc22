/**
 * The jsonata dialect: a value written `@jsonata( … )` is evaluated by jsonata against a JSON view of
 * the context (see contextJson). Evaluation is asynchronous; a step and wall-time budget applies as for
 * C#. Syntax errors are OH300 diagnostics located in the policy file; run-time errors are
 * ExpressionEvaluationError with dotnetType `JsonataException`.
 */
import { createRequire } from 'node:module';
import type jsonataModule from 'jsonata';
import type { CompileExpressionOptions, Evaluator, ExpressionCompileResult } from './contract.js';
import type { ExpressionSource } from '../policy/tree.js';
import type { HandshakeState, UrlState } from '../model/state.js';
import { formatQuery } from '../common/query-string.js';
import { diagnostic } from '../policy/diagnostics.js';
import { DEFAULT_BUDGET, MAX_CALL_DEPTH, MAX_COLLECTION_SIZE, limitEvaluation, recordEvaluation, type Meter } from './budget.js';
import type { EvaluationBudget } from './contract.js';
import { guardJsonata, jsonataBudgetError } from './jsonata-guards.js';
import { ExpressionEvaluationError } from './errors.js';
import { ResponseValue } from './host/response.js';
import { toJsonValue } from './json-view.js';
import { BoxedValue } from './values.js';
import { fromObject } from './json/convert.js';
import { Re2JsonataEngine, re2Refusal, regexLiterals } from './jsonata-regex.js';

// Loaded on the first @jsonata expression: a gateway whose policies use only C# never pays for it.
// (Compilation is synchronous, so a dynamic import() cannot be used here.)
let loaded: typeof jsonataModule | undefined;
// Sequences (ranges, paths) are capped at the collection cap; nesting at the C# call-depth cap; regex
// literals run on RE2 (linear time).
const OPTIONS = { sequence: MAX_COLLECTION_SIZE, stack: MAX_CALL_DEPTH * 4, RegexEngine: Re2JsonataEngine as unknown as RegExpConstructor };
const jsonata = (code: string): jsonataModule.Expression =>
  ((loaded ??= createRequire(import.meta.url)('jsonata') as typeof jsonataModule) as unknown as (code: string, options: object) => jsonataModule.Expression)(code, OPTIONS);

const METER = '__onhandshake_meter';
const GUARDRAIL_MESSAGES: Record<string, string> = {
  D2014: `the expression built a collection larger than ${MAX_COLLECTION_SIZE} items`,
  D2015: `the expression built a collection larger than ${MAX_COLLECTION_SIZE} items`,
  D1011: 'the expression nested too deeply (runaway recursion)',
};

export function compileJsonata(source: ExpressionSource, options: CompileExpressionOptions = {}): ExpressionCompileResult {
  let expr: jsonataModule.Expression;
  try {
    expr = jsonata(source.code);
  } catch (e) {
    const err = e as { message?: string; position?: number; code?: string };
    const offset = Math.max(0, Math.min((err.position ?? 1) - 1, source.code.length));
    const at = source.position(offset);
    return { diagnostics: [diagnostic('error', 'OH300', `jsonata syntax error${err.code ? ` ${err.code}` : ''}: ${err.message ?? String(e)}`, { file: source.file, ...at })] };
  }
  for (const re of regexLiterals(expr.ast())) {
    const refusal = re2Refusal(re);
    if (refusal) return { diagnostics: [diagnostic('error', 'OH301', refusal, { file: source.file, ...source.position(Math.max(0, source.code.indexOf(re.source) - 1)) })] };
  }
  (expr.assign as (name: string | symbol, value: unknown) => void)(Symbol.for('jsonata.__evaluate_entry'), (_node: unknown, _input: unknown, env: jsonataModule.Environment) => {
    const m = env.lookup(METER) as Meter | undefined;
    if (!m) return;
    if (++m.steps > m.maxSteps) throw jsonataBudgetError(`the expression exceeded its budget of ${m.maxSteps} steps`);
    if ((m.steps & 255) === 0 && performance.now() > m.deadline) throw jsonataBudgetError(`the expression exceeded its time budget of ${m.maxMillis} ms`);
  });
  guardJsonata(expr, jsonata, METER);
  const budget = { ...DEFAULT_BUDGET, ...options.budget };
  return { evaluator: new JsonataEvaluator(source, expr, budget), diagnostics: [] };
}

class JsonataEvaluator implements Evaluator {
  readonly isAsync = true;
  constructor(
    readonly source: ExpressionSource,
    private readonly expr: jsonataModule.Expression,
    private readonly budget: EvaluationBudget,
  ) {}

  async evaluate(state: HandshakeState): Promise<unknown> {
    // The clock starts now (jsonata's hook checks it every 256 nodes); the work counts towards the handshake's and the gateway's budgets.
    const meter: Meter = { steps: 0, maxSteps: 0, deadline: 0, maxMillis: 0 };
    const spend = (state.expressionSpend ??= { steps: 0, millis: 0 });
    try {
      try {
        limitEvaluation(meter, this.budget, spend);
      } catch (e) {
        throw jsonataBudgetError((e as Error).message);
      }
      meter.deadline = performance.now() + meter.maxMillis;
      const result = (await this.expr.evaluate(contextJson(state), { [METER]: meter })) as unknown;
      return fromJsonata(result);
    } catch (e) {
      const err = e as { message?: string; position?: number; code?: string; budget?: boolean };
      // jsonata's own guardrails (sequence length, nesting) are our caps: reported as budget stops.
      if (err.code !== undefined && err.code in GUARDRAIL_MESSAGES) Object.assign(err, { budget: true, message: GUARDRAIL_MESSAGES[err.code] });
      const offset = Math.max(0, Math.min((err.position ?? 1) - 1, this.source.code.length));
      const at = this.source.position(offset);
      const type = err.budget ? 'System.OperationCanceledException' : 'JsonataException';
      const message = err.budget ? `The expression was stopped: ${err.message}.` : `${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`;
      throw new ExpressionEvaluationError(type, message, this.source.file, at.line, at.column, this.source.code);
    } finally {
      if (meter.deadline !== 0) recordEvaluation(meter, spend);
    }
  }
}

/** A jsonata result as a .NET value: strings, ints, doubles, bools, null; objects and arrays as JTokens. */
function fromJsonata(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) return v;
    return new BoxedValue('System.Double', v);
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return fromObject(plain(v));
}

/** JSON data as the shapes fromObject understands (anonymous-object-like records, arrays, numbers). */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && typeof x !== 'function');
    return { names: entries.map(([k]) => k), values: entries.map(([, x]) => plain(x)) };
  }
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : new BoxedValue('System.Double', v);
  return v;
}

function urlText(u: UrlState): string {
  const defaultPort = u.scheme === 'https' || u.scheme === 'wss' ? 443 : 80;
  const q = u.query.length ? '?' + formatQuery(u.query) : '';
  return `${u.scheme}://${u.host}${u.port === defaultPort ? '' : `:${u.port}`}${u.path}${q}`;
}

function queryObject(u: UrlState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of u.query) out[k] = k in out ? `${out[k]},${v}` : v;
  return out;
}

/** A response stored by send-request: `{statusCode, statusReason, headers, body}` with a JSON body parsed. */
function responseJson(r: ResponseValue): unknown {
  const text = r.body.bytes.toString('utf8');
  let body: unknown = text;
  const type = r.headers.get('content-type') ?? '';
  if (/json/i.test(type) || /^\s*[[{]/.test(text)) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { statusCode: r.statusCode, statusReason: r.statusReason, headers: Object.fromEntries([...r.headers].map(([n, v]) => [n.toLowerCase(), v.join(',')])), body };
}

/**
 * The JSON view of the context for jsonata: request (method, url, originalUrl, host, path, headers with
 * lower-cased names and comma-joined values, query, ipAddress, matchedParameters), variables (responses
 * as {statusCode, statusReason, headers, body}), api, operation, product, subscription, user,
 * deployment, lastError, requestId, timestamp.
 */
export function contextJson(state: HandshakeState): Record<string, unknown> {
  const req = state.request;
  const variables: Record<string, unknown> = {};
  for (const [k, v] of state.variables) variables[k] = v instanceof ResponseValue ? responseJson(v) : toJsonValue(v);
  return {
    request: {
      method: req.method,
      url: urlText(req.url),
      originalUrl: urlText(req.originalUrl),
      scheme: req.url.scheme,
      host: req.url.host,
      port: req.url.port,
      path: req.url.path,
      query: queryObject(req.url),
      headers: Object.fromEntries([...req.headers].map(([n, v]) => [n.toLowerCase(), v.join(',')])),
      ipAddress: req.ipAddress,
      matchedParameters: Object.fromEntries(req.matchedParameters),
    },
    variables,
    api: { ...state.api },
    operation: { ...state.operation },
    product: state.product,
    subscription: state.subscription,
    user: state.user,
    deployment: { ...state.deployment },
    lastError: state.lastError,
    requestId: state.requestId,
    timestamp: state.timestamp.toISOString(),
  };
}
