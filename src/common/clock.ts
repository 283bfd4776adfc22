/**
 * The time a handshake sees: the real clock, unless a policy test fixed it for its case (`now:`).
 * One function serves every reader of the time during a run (DateTime.UtcNow, context.Timestamp,
 * validate-jwt's lifetime checks, rate limits and quotas), so a fixed time reaches all of them. The
 * fixed time follows the run through its awaits (AsyncLocalStorage) and stands still: the same case
 * sees the same instant however long it runs, so signed test tokens never expire.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const fixed = new AsyncLocalStorage<number>();

/** Milliseconds since the epoch: the fixed time of the current run, or the real clock. */
export function clockNow(): number {
  return fixed.getStore() ?? Date.now();
}

/** Runs `fn` (and everything it awaits) with the clock fixed at `epochMs`. */
export function withFixedClock<T>(epochMs: number, fn: () => T): T {
  return fixed.run(epochMs, fn);
}
