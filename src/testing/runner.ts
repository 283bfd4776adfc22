/**
 * Runs test files: each file's policy is compiled once, its cases run in parallel (a shared limit
 * across files), and every case ends passed, failed (with located, blamed failures) or in error.
 */
import { MemoryStore } from '../store/memory.js';
import { performance } from 'node:perf_hooks';
import type { Diagnostic } from '../policy/diagnostics.js';
import { blame, type Blame } from './blame.js';
import { checkExpectations, type ExpectationFailure } from './expectations.js';
import type { CaseSpec, MockSpec, YamlLocation } from './format.js';
import { mergeHandshake } from './handshake.js';
import { fixedTime, loadTestFile, type LoadedTestFile, type TestFileProblem } from './load.js';
import { clockNow, withFixedClock } from '../common/clock.js';
import { maskForReport } from './mask.js';
import { requestCredentials } from '../common/mask.js';
import { observe, type Observed } from './observe.js';
import { policySteps, type PolicyStep } from './policy-steps.js';
import type { PreparedTarget } from './target.js';

export interface CaseFailure extends ExpectationFailure {
  /** Where the failed expectation is written in the test file. */
  at: YamlLocation;
  blame: Blame;
}

export interface CaseResult {
  name: string;
  index: number;
  status: 'pass' | 'fail' | 'error';
  durationMs: number;
  failures: CaseFailure[];
  /** For `error`: why the case could not run (bad handshake URL, policy did not compile, crash). */
  error?: string;
  observed?: Observed;
  /** The handshake headers the case sent (for `--update`: only headers the policy changed are written). */
  inputHeaders?: Record<string, string[]>;
  at: YamlLocation;
}

export interface FileResult {
  file: string;
  loaded: LoadedTestFile;
  /** Problems in the test file itself (YAML, schema). */
  problems: TestFileProblem[];
  /** Diagnostics from reading and compiling the policy. */
  diagnostics: Diagnostic[];
  cases: CaseResult[];
  steps: PolicyStep[];
  /** Secret values to mask in anything printed. */
  secrets: string[];
  durationMs: number;
}

export type Prepare = (loaded: LoadedTestFile) => Promise<PreparedTarget>;

export interface RunnerOptions {
  prepare: Prepare;
  /** Only cases whose name contains this text (case-insensitive) or matches this regex. */
  filter?: string | RegExp;
  /** Cases in flight at once, across files (default 64: runs are in-process, callouts are mocked). */
  concurrency?: number;
  /** A case still running after this many milliseconds is an error (default 30 s). */
  caseTimeoutMs?: number;
}

export const DEFAULT_CASE_TIMEOUT_MS = 30_000;

/** Rejects when `ms` pass first; the timer does not keep the process alive. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the case did not finish within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A tiny semaphore: at most `limit` tasks run at once. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

function selected(spec: CaseSpec, filter: string | RegExp | undefined): boolean {
  if (filter === undefined) return true;
  return typeof filter === 'string' ? spec.name.toLowerCase().includes(filter.toLowerCase()) : filter.test(spec.name);
}

function describeRequest(r: { method: string; url: string; headers: Iterable<[string, string[]]>; body: Buffer | null }): string {
  const lines = [`${r.method} ${r.url}`];
  for (const [name, values] of r.headers) for (const v of values) lines.push(`${name}: ${v}`);
  if (r.body && r.body.length) lines.push('', r.body.toString('utf8').slice(0, 500));
  return lines.join('\n');
}

async function runCase(
  loaded: LoadedTestFile,
  target: PreparedTarget,
  steps: readonly PolicyStep[],
  spec: CaseSpec,
  index: number,
  timeoutMs: number,
): Promise<CaseResult> {
  const started = performance.now();
  const at = loaded.locate(['cases', index, 'name']);
  const base = { name: spec.name, index, at };
  const defaults = loaded.spec!.defaults;
  const done = (r: Omit<CaseResult, 'durationMs' | 'name' | 'index' | 'at'>): CaseResult => ({
    ...base,
    ...r,
    durationMs: performance.now() - started,
  });

  let input;
  try {
    input = target.buildInput(mergeHandshake(defaults?.handshake, spec.handshake), `${loaded.file}#${spec.name}`);
  } catch (err) {
    return done({ status: 'error', failures: [], error: `handshake: ${(err as Error).message}` });
  }
  const mocks: MockSpec[] = [...(spec.mocks ?? []), ...(defaults?.mocks ?? [])];
  const callouts = target.callouts(mocks);
  let run;
  try {
    // A fresh store per case: rate-limit counters and cached values must not leak between cases.
    const runGraph = () => target.graph!.run(input, { trace: true, callouts: callouts.client, secrets: target.secrets, store: new MemoryStore(clockNow) });
    const now = spec.now ?? defaults?.now;
    run = await within(now === undefined ? runGraph() : withFixedClock(fixedTime(now)!, runGraph), timeoutMs);
  } catch (err) {
    const message = (err as Error).message?.startsWith('the case did not finish') ? (err as Error).message : `the run failed: ${(err as Error).stack ?? String(err)}`;
    return done({ status: 'error', failures: [], error: message });
  }
  for (const release of run.releases) release();
  const observed = observe(run, { toJson: target.toJson, callouts: callouts.calls });
  const inputHeaders: Record<string, string[]> = {};
  for (const [name, values] of input.headers) inputHeaders[name] = values;
  // What the case's client sent as credentials is masked by value in the report, as named values are.
  const reportSecrets = [...target.secrets, ...requestCredentials(input.headers, input.url)];

  if (callouts.unmatched.length) {
    const mocksAt = loaded.locate(spec.mocks ? ['cases', index, 'mocks'] : ['cases', index]);
    const failures: CaseFailure[] = callouts.unmatched.map((request) => {
      const idx = observed.callouts.findIndex((c) => c.url === request.url && c.method === request.method && c.mock === undefined);
      const f: ExpectationFailure = {
        key: [],
        expected: 'a mock for this callout',
        actual: maskForReport(describeRequest(request), reportSecrets),
        message: `no mock matches the callout ${request.method} ${request.url}`,
        hint: { kind: 'callout', index: Math.max(0, idx) },
      };
      return { ...f, at: mocksAt, blame: blame(f.hint, steps, observed) };
    });
    return done({ status: 'fail', failures, observed, inputHeaders });
  }

  const expectations = await checkExpectations(spec.expect, observed);
  const failures: CaseFailure[] = expectations.map((f) => ({
    ...f,
    actual: maskForReport(f.actual, reportSecrets),
    at: loaded.locate(['cases', index, 'expect', ...f.key]),
    blame: blame(f.hint, steps, observed),
  }));
  if (!spec.expect || Object.keys(spec.expect).length === 0) {
    const f: ExpectationFailure = {
      key: [],
      expected: 'an `expect` block',
      actual: observed.decision.kind === 'connect' ? `connect to ${observed.decision.url}` : `respond ${observed.decision.status} ${observed.decision.reason}`,
      message: 'the case has no expectations (run with --update to record the current decision)',
      hint: { kind: 'decision' },
    };
    failures.push({ ...f, at, blame: {} });
  }
  return done({ status: failures.length ? 'fail' : 'pass', failures, observed, inputHeaders });
}

export async function runFile(loaded: LoadedTestFile, options: RunnerOptions, gate = limiter(options.concurrency ?? 64)): Promise<FileResult> {
  const started = performance.now();
  const result: FileResult = { file: loaded.file, loaded, problems: loaded.problems, diagnostics: [], cases: [], steps: [], secrets: [], durationMs: 0 };
  const finish = () => ({ ...result, durationMs: performance.now() - started });
  if (!loaded.spec) return finish();

  let target: PreparedTarget;
  try {
    target = await options.prepare(loaded);
  } catch (err) {
    result.problems = [...result.problems, { ...loaded.locate([]), message: (err as Error).message }];
    return finish();
  }
  result.diagnostics = target.diagnostics;
  result.secrets = target.secrets;
  result.steps = policySteps(target.sections);
  const cases = loaded.spec.cases.map((spec, index) => ({ spec, index })).filter(({ spec }) => selected(spec, options.filter));
  if (!target.graph) {
    const errors = target.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const why = first
      ? `${errors.length} error(s), the first at ${first.file}:${first.line}:${first.column}: ${first.code} ${first.message}`
      : 'no diagnostics';
    result.cases = cases.map(({ spec, index }) => ({
      name: spec.name,
      index,
      status: 'error',
      durationMs: 0,
      failures: [],
      error: `the policy did not compile (${why})`,
      at: loaded.locate(['cases', index, 'name']),
    }));
    return finish();
  }
  result.cases = await Promise.all(cases.map(({ spec, index }) => gate(() => runCase(loaded, target, result.steps, spec, index, options.caseTimeoutMs ?? DEFAULT_CASE_TIMEOUT_MS))));
  return finish();
}

export async function runFiles(files: readonly string[], options: RunnerOptions): Promise<FileResult[]> {
  const gate = limiter(options.concurrency ?? 64);
  return Promise.all(files.map((file) => runFile(loadTestFile(file), options, gate)));
}

export interface Totals {
  files: number;
  cases: number;
  passed: number;
  failed: number;
  errors: number;
  /** Files that could not be loaded or compiled. */
  brokenFiles: number;
}

export function totals(results: readonly FileResult[]): Totals {
  const t: Totals = { files: results.length, cases: 0, passed: 0, failed: 0, errors: 0, brokenFiles: 0 };
  for (const r of results) {
    if (r.problems.length) t.brokenFiles++;
    for (const c of r.cases) {
      t.cases++;
      if (c.status === 'pass') t.passed++;
      else if (c.status === 'fail') t.failed++;
      else t.errors++;
    }
  }
  return t;
}

export function succeeded(results: readonly FileResult[]): boolean {
  const t = totals(results);
  return t.failed === 0 && t.errors === 0 && t.brokenFiles === 0 && t.cases > 0;
}
