/**
 * Expression budgets. Every evaluation runs under a Meter: steps (loop iterations, lambda and method
 * calls, and work done inside runtime functions — elements enumerated, characters built or scanned,
 * nodes cloned or parsed) and wall time. Evaluations of one handshake share a per-handshake allowance,
 * and all handshakes share a per-gateway allowance of expression time per second, so that no handshake
 * can hold the one event loop for long (see docs/expressions.md, "Budgets").
 *
 * Allocation caps: runtime functions that build strings, arrays or collections the policy controls
 * check the size before allocating (checkStringLength / checkArrayLength / checkCollectionSize).
 */
import type { EvaluationBudget } from './contract.js';
import { dotnetError } from './errors.js';

export const DEFAULT_BUDGET: EvaluationBudget = {
  maxSteps: 1_000_000,
  maxMillis: 100,
  handshakeMaxSteps: 4_000_000,
  handshakeMaxMillis: 250,
  // Only a gateway shares its time between handshakes (see GATEWAY_EXPRESSION_BUDGET in src/steps/runtime/options.ts);
  // eval, trace and policy tests evaluate one handshake at a time.
  gatewayMillisPerSecond: Number.POSITIVE_INFINITY,
};
/** An evaluation always gets at least this much time, even when the gateway's allowance is spent. */
export const MIN_EVALUATION_MILLIS = 5;
/** Longest string an expression may build (UTF-16 code units). */
export const MAX_STRING_LENGTH = 16 * 1024 * 1024;
/** Deepest nesting of lambda and local-function calls (recursion). */
export const MAX_CALL_DEPTH = 200;
/** Largest collection (array, list, dictionary, JSON or XML container) an expression may build. */
export const MAX_COLLECTION_SIZE = 1_000_000;
/** Characters of string work charged as one step (ToUpper of 16M characters: 64K steps). */
export const CHARS_PER_STEP = 256;
/** .NET's own limits: beyond them .NET itself throws OutOfMemoryException. */
const DOTNET_MAX_STRING_LENGTH = 0x3fffffdf;
const DOTNET_MAX_ARRAY_LENGTH = 0x7fffffc7;

/** Thrown when the budget is exhausted; C# `catch` cannot catch it. */
export class BudgetExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceeded';
  }
}

/** The state of one evaluation. */
export interface Meter {
  steps: number;
  maxSteps: number;
  deadline: number;
  maxMillis: number;
}

/** What one handshake's evaluations have spent so far (kept on its HandshakeState). */
export interface HandshakeSpend {
  steps: number;
  millis: number;
}

let current: Meter | undefined;

export function setCurrentMeter(m: Meter | undefined): Meter | undefined {
  const prev = current;
  current = m;
  return prev;
}

function stop(m: Meter, what: 'steps' | 'time'): never {
  if (what === 'steps') throw new BudgetExceeded(`the expression exceeded its budget of ${m.maxSteps} steps`);
  throw new BudgetExceeded(`the expression exceeded its time budget of ${m.maxMillis} ms`);
}

/**
 * Charge one step; checks the clock every 1024 steps. A deadline of 0 is set at the first check, so
 * short evaluations never read the clock (the budget then counts from the 1024th step: microseconds late).
 */
export function tick(m: Meter): void {
  if (++m.steps > m.maxSteps) stop(m, 'steps');
  if ((m.steps & 1023) === 0) checkClock(m);
}

function checkClock(m: Meter): void {
  const now = performance.now();
  if (m.deadline === 0) m.deadline = now + m.maxMillis;
  else if (now > m.deadline) stop(m, 'time');
}

/** Charge a step to the evaluation in progress (for runtime loops that call no lambda). */
export function chargeStep(): void {
  if (current) tick(current);
}

/**
 * Charge `n` steps of work about to be done (call it before the work: a refused charge costs nothing).
 * The clock is read whenever the count crosses a multiple of 1024, as tick does.
 */
export function chargeSteps(n: number): void {
  const m = current;
  if (!m || n <= 0) return;
  const before = m.steps;
  m.steps += n;
  if (m.steps > m.maxSteps) stop(m, 'steps');
  if (Math.floor(before / 1024) !== Math.floor(m.steps / 1024)) checkClock(m);
}

/** Charge the work of reading or writing `length` characters. */
export function chargeChars(length: number): void {
  if (length >= CHARS_PER_STEP) chargeSteps(length / CHARS_PER_STEP);
}

/** How often (in items read) a built-in that writes its output piece by piece reports its progress. */
export const PROGRESS_EVERY = 4096;

/**
 * Progress of a built-in that writes its output piece by piece (escaping, encoding, serialising):
 * `items` more items done, `outputLength` written so far. Charging as it goes lets the time budget stop a
 * long call partway (the clock is read on steps), and an output past the string cap is refused before it
 * grows further, whatever its final size would have been.
 */
export function chargeProgress(items: number, outputLength: number): void {
  chargeSteps(items / 16);
  if (outputLength > MAX_STRING_LENGTH) checkStringLength(outputLength);
}

/** A string of `length` characters is about to be built: refuse it over the caps, charge its work. */
export function checkStringLength(length: number): void {
  if (length > MAX_STRING_LENGTH) {
    if (length > DOTNET_MAX_STRING_LENGTH) throw dotnetError('System.OutOfMemoryException', 'Insufficient memory to continue the execution of the program.');
    throw new BudgetExceeded(`the expression built a string longer than ${MAX_STRING_LENGTH} characters`);
  }
  chargeChars(length);
}

export function checkCollectionSize(size: number): void {
  if (size > MAX_COLLECTION_SIZE) throw new BudgetExceeded(`the expression built a collection larger than ${MAX_COLLECTION_SIZE} items`);
}

/** `new T[n]`: .NET refuses lengths past Array.MaxLength; our cap is the collection cap (bytes: the string cap). */
export function checkArrayLength(n: number, bytes: boolean): void {
  if (n > DOTNET_MAX_ARRAY_LENGTH) throw dotnetError('System.OutOfMemoryException', 'Array dimensions exceeded supported range.');
  const cap = bytes ? MAX_STRING_LENGTH : MAX_COLLECTION_SIZE;
  if (n > cap) throw new BudgetExceeded(`the expression allocated an array of ${n} elements (the cap is ${cap})`);
  chargeSteps(bytes ? n / CHARS_PER_STEP : n);
}

// ── the per-gateway allowance: expression time per one-second window, shared by all handshakes ──

let windowStart = 0;
let windowMillis = 0;

/** Expression time (ms) spent in the current one-second window by all handshakes. */
function gatewaySpent(now: number): number {
  if (now - windowStart >= 1000) {
    windowStart = now;
    windowMillis = 0;
  }
  return windowMillis;
}

/**
 * Sets an evaluation's limits from its own budget and what its handshake and the gateway have left.
 * A handshake whose allowance is spent fails at once; when the gateway's is spent, each evaluation still
 * gets MIN_EVALUATION_MILLIS (a plain expression needs microseconds), so heavy ones fail fast and light
 * ones go through.
 */
export function limitEvaluation(m: Meter, budget: EvaluationBudget, spend: HandshakeSpend): void {
  // A handshake always allows at least one evaluation's budget (a test that raises maxMillis raises both).
  const handshakeSteps = Math.max(budget.handshakeMaxSteps, budget.maxSteps);
  const handshakeMillis = Math.max(budget.handshakeMaxMillis, budget.maxMillis);
  const stepsLeft = handshakeSteps - spend.steps;
  const millisLeft = handshakeMillis - spend.millis;
  if (stepsLeft <= 0 || millisLeft <= 0) {
    throw new BudgetExceeded(`the handshake's expressions exceeded their budget of ${stepsLeft <= 0 ? `${handshakeSteps} steps` : `${handshakeMillis} ms`}`);
  }
  m.maxSteps = Math.min(budget.maxSteps, stepsLeft);
  let millis = Math.min(budget.maxMillis, millisLeft);
  if (windowMillis > 0 && budget.gatewayMillisPerSecond !== Number.POSITIVE_INFINITY) {
    const gatewayLeft = budget.gatewayMillisPerSecond - gatewaySpent(performance.now());
    if (gatewayLeft < millis) millis = Math.max(MIN_EVALUATION_MILLIS, gatewayLeft);
  }
  m.maxMillis = millis;
}

/** Adds an evaluation's work to its handshake and to the gateway (only evaluations that read the clock took measurable time). */
export function recordEvaluation(m: Meter, spend: HandshakeSpend): void {
  spend.steps += m.steps;
  if (m.deadline === 0) return;
  const now = performance.now();
  const elapsed = Math.max(0, now - (m.deadline - m.maxMillis));
  spend.millis += elapsed;
  gatewaySpent(now);
  windowMillis += elapsed;
}
