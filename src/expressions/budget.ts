/**
 * The per-evaluation budget: steps (loop iterations, lambda and method calls) and wall time, plus caps
 * on string and collection growth. Runtime functions that build strings or collections the policy
 * controls call checkStringLength / checkCollectionSize.
 */
import type { EvaluationBudget } from './contract.js';

export const DEFAULT_BUDGET: EvaluationBudget = { maxSteps: 1_000_000, maxMillis: 1_000 };
/** Longest string an expression may build (UTF-16 code units). */
export const MAX_STRING_LENGTH = 16 * 1024 * 1024;
/** Deepest nesting of lambda and local-function calls (recursion). */
export const MAX_CALL_DEPTH = 200;
/** Largest collection an expression may build. */
export const MAX_COLLECTION_SIZE = 1_000_000;

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

let current: Meter | undefined;

export function setCurrentMeter(m: Meter | undefined): Meter | undefined {
  const prev = current;
  current = m;
  return prev;
}

/**
 * Charge one step; checks the clock every 1024 steps. A deadline of 0 is set at the first check, so
 * short evaluations never read the clock (the budget then counts from the 1024th step: microseconds late).
 */
export function tick(m: Meter): void {
  if (++m.steps > m.maxSteps) throw new BudgetExceeded(`the expression exceeded its budget of ${m.maxSteps} steps`);
  if ((m.steps & 1023) === 0) {
    const now = performance.now();
    if (m.deadline === 0) m.deadline = now + m.maxMillis;
    else if (now > m.deadline) throw new BudgetExceeded(`the expression exceeded its time budget of ${m.maxMillis} ms`);
  }
}

/** Charge a step to the evaluation in progress (for runtime loops that call no lambda). */
export function chargeStep(): void {
  if (current) tick(current);
}

export function checkStringLength(length: number): void {
  if (length > MAX_STRING_LENGTH) throw new BudgetExceeded(`the expression built a string longer than ${MAX_STRING_LENGTH} characters`);
}

export function checkCollectionSize(size: number): void {
  if (size > MAX_COLLECTION_SIZE) throw new BudgetExceeded(`the expression built a collection larger than ${MAX_COLLECTION_SIZE} items`);
}
