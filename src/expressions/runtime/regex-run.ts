/**
 * Where a regex runs. Three rules keep the gateway's event loop free:
 *
 * 1. Patterns RE2 can express (no back reference, no lookaround) run on re2js, which is linear in the
 *    input whatever the pattern: `^(a|a)*$`, `a*a*a*a*a*b`, `^\s*\s*\s*$` cannot backtrack there.
 *    Small inputs run inline; inputs above INLINE_MAX_INPUT go to the worker pool (linear is still
 *    seconds for 16M characters). Inputs RE2 would read differently from .NET (surrogate pairs:
 *    RE2 reads code points, .NET UTF-16 units; a final newline before '$'; non-ASCII text around a
 *    Unicode \b) take the JS engine.
 * 2. Everything else (V8's backtracking RegExp) runs in the worker pool (regex-pool.ts) under the
 *    match timeout, never on the main thread.
 * 3. The C# interpreter is synchronous, so it cannot await a pool job in the middle of an expression.
 *    Instead the gateway's evaluation runs in replay mode: a regex call that needs the pool throws
 *    RegexPending (which C# `catch` cannot catch, like a budget stop); the evaluator awaits the job,
 *    records its outcome, and re-runs the expression from the start, where the same call now finds its
 *    recorded outcome. Expressions are side-effect free apart from context.Trace (kept once, see
 *    compile.ts), so the re-run computes the same thing. Chosen over a step-counting backtracking
 *    matcher of our own because that would still spend its whole budget on the event loop (10 attacking
 *    handshakes × budget stall everyone) and would be a second regex engine to keep .NET-exact; chosen
 *    over making the interpreter asynchronous because that would cost a Promise per call everywhere.
 *    The re-runs are bounded (MAX_DEFERRED_JOBS) and share one time budget.
 *
 * Synchronous callers with no replay in progress (unit tables, `Evaluator.run`) keep the blocking guard
 * of regex-guard.ts.
 */
import { BudgetExceeded, chargeStep, MAX_COLLECTION_SIZE } from '../budget.js';
import { execJob, type RawMatch, type RegexJob } from './regex-exec.js';
import { runBlocking } from './regex-guard.js';
import { runInPool } from './regex-pool.js';
import { unwrap, type Outcome } from './regex-outcome.js';
import type { TranslatedRegex } from './regex-translate.js';

/** Longest input RE2 runs on the main thread (about a millisecond of work). */
export const INLINE_MAX_INPUT = 16 * 1024;
/** Pool jobs one evaluation may wait for (each costs one re-run of the expression). */
export const MAX_DEFERRED_JOBS = 32;
/** The gateway's cap on any match timeout, and on the pool time of one evaluation (limits.regexMatchTimeoutMs). */
export const DEFAULT_MATCH_TIMEOUT_CAP_MS = 1000;

let matchTimeoutCapMs = DEFAULT_MATCH_TIMEOUT_CAP_MS;

/** Set by the gateway from its configuration. */
export function setRegexMatchTimeoutCap(ms: number): void {
  matchTimeoutCapMs = ms;
}

export function regexMatchTimeoutCap(): number {
  return matchTimeoutCapMs;
}

/** Thrown to suspend an evaluation until `job` has run in the pool. */
export class RegexPending extends BudgetExceeded {
  constructor(
    readonly key: string,
    readonly job: RegexJob,
    readonly timeoutMs: number,
  ) {
    super('a regular expression is waiting for the worker pool');
  }
}

/** The outcomes of pool jobs recorded for one evaluation, and the pool time it has used. */
export class RegexReplay {
  readonly outcomes = new Map<string, Outcome>();
  poolMs = 0;
  jobs = 0;

  /** Runs the pending job in the pool and records its outcome. */
  async settle(p: RegexPending): Promise<void> {
    if (++this.jobs > MAX_DEFERRED_JOBS) throw new BudgetExceeded(`the expression ran more than ${MAX_DEFERRED_JOBS} regular expressions that need the worker pool`);
    const { outcome, ranMs } = await runInPool(p.job, p.timeoutMs);
    this.poolMs += ranMs;
    this.outcomes.set(p.key, outcome);
  }

  remainingMs(): number {
    return Math.max(0, matchTimeoutCapMs - this.poolMs);
  }
}

let replay: RegexReplay | undefined;

export function setCurrentReplay(r: RegexReplay | undefined): RegexReplay | undefined {
  const prev = replay;
  replay = r;
  return prev;
}

const SURROGATE = /[\uD800-\uDFFF]/;
const NON_ASCII = /[^\x00-\x7F]/;

function re2Fits(t: TranslatedRegex, input: string): boolean {
  const r = t.re2;
  if (!r) return false;
  if (r.endNewline && input.endsWith('\n')) return false;
  if (r.ascii ? NON_ASCII.test(input) : SURROGATE.test(input)) return false;
  return true;
}

/** All matches of `t` in `input` from `start` (or only the first), wherever they must run. */
export function runRegex(t: TranslatedRegex, input: string, start: number, all: boolean, policyTimeoutMs: number, pattern: string): RawMatch[] {
  const limit = MAX_COLLECTION_SIZE;
  const re2 = re2Fits(t, input);
  const job: RegexJob = re2 ? { engine: 're2', source: t.re2!.source, flags: '', input, start, all, limit } : { engine: 'js', source: t.source, flags: t.flags, input, start, all, limit };
  const inline = re2 ? input.length <= INLINE_MAX_INPUT || !replay : !replay && !t.risky;
  if (inline) {
    // inline work counts against the evaluation's budget: a step per 256 characters, so the clock is read
    chargeInput(input.length);
    return unwrap(runInline(job), pattern, limit);
  }
  const timeoutMs = Math.min(policyTimeoutMs, matchTimeoutCapMs);
  if (!replay) return unwrap(runBlocking(job, timeoutMs), pattern, limit);
  const key = `${job.engine}\u0000${job.source}\u0000${job.flags}\u0000${start}\u0000${all}\u0000${input}`;
  const recorded = replay.outcomes.get(key);
  if (recorded) return unwrap(recorded, pattern, limit);
  const left = replay.remainingMs();
  if (left <= 0) return unwrap({ timedOut: true }, pattern, limit);
  throw new RegexPending(key, job, Math.min(timeoutMs, left));
}

function chargeInput(length: number): void {
  for (let i = 0; i <= length >> 8; i++) chargeStep();
}

function runInline(job: RegexJob): Outcome {
  try {
    return { matches: execJob(job) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
