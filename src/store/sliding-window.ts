/**
 * The sliding-window arithmetic both stores share (the Redis Lua script mirrors it):
 * a call of weight `amount` fits when the weights counted in the last `windowMs` plus it stay within
 * `limit`; a refused call is not counted. A call with weight 0 (increment-condition false) is
 * refused only when the window is already full.
 */
import type { RateDecision } from './contract.js';

export interface WindowEntry {
  at: number;
  amount: number;
}

export function decide(entries: readonly WindowEntry[], limit: number, windowMs: number, amount: number, now: number): RateDecision {
  const count = entries.reduce((sum, e) => sum + e.amount, 0);
  const need = Math.max(amount, 1);
  if (count + need <= limit) {
    const after = count + amount;
    return { allowed: true, count: after, remaining: Math.max(0, limit - after), retryAfterMs: 0 };
  }
  return { allowed: false, count, remaining: Math.max(0, limit - count), retryAfterMs: retryAfter(entries, limit, windowMs, need, now) };
}

/** Time until enough of the oldest entries leave the window for `need` to fit. */
export function retryAfter(entries: readonly WindowEntry[], limit: number, windowMs: number, need: number, now: number): number {
  if (need > limit) return windowMs;
  let count = entries.reduce((sum, e) => sum + e.amount, 0);
  for (const e of entries) {
    count -= e.amount;
    if (count + need <= limit) return Math.max(1, e.at + windowMs - now);
  }
  return windowMs;
}
