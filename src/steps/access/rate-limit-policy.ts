/**
 * What rate-limit and rate-limit-by-key share once the key and numbers are known: count the call in
 * the store's sliding window, publish remaining/total calls, and refuse with 429 + Retry-After and
 * APIM's body when the window is full.
 */
import type { RunContext } from '../runtime/run-context.js';
import type { Store } from '../../store/contract.js';
import { connectionHolds } from '../../access/connection-holds.js';
import { refusal } from './refusal.js';
import { withStore } from './store-call.js';
import { clockNow } from '../../common/clock.js';

export interface RateLimitNames {
  retryAfterHeader: string;
  retryAfterVariable?: string;
  remainingHeader?: string;
  remainingVariable?: string;
  totalHeader?: string;
}

export const RATE_LIMIT_NAME_ATTRIBUTES = [
  { name: 'retry-after-header-name', default: 'Retry-After', expression: false },
  { name: 'retry-after-variable-name', expression: false },
  { name: 'remaining-calls-header-name', expression: false },
  { name: 'remaining-calls-variable-name', expression: false },
  { name: 'total-calls-header-name', expression: false },
] as const;

/** The header and variable names as written on the element. */
export function rateLimitNames(attr: (name: string) => string | undefined): RateLimitNames {
  const names: RateLimitNames = { retryAfterHeader: attr('retry-after-header-name') ?? 'Retry-After' };
  const set = (key: Exclude<keyof RateLimitNames, 'retryAfterHeader'>, attribute: string) => {
    const v = attr(attribute);
    if (v) names[key] = v;
  };
  set('retryAfterVariable', 'retry-after-variable-name');
  set('remainingHeader', 'remaining-calls-header-name');
  set('remainingVariable', 'remaining-calls-variable-name');
  set('totalHeader', 'total-calls-header-name');
  return names;
}

export async function enforceRateLimit(
  rt: RunContext,
  store: Store,
  source: string,
  key: string,
  calls: number,
  renewalSeconds: number,
  amount: number,
  names: RateLimitNames,
): Promise<void> {
  const now = clockNow();
  const fallback = { allowed: true, count: 0, remaining: calls, retryAfterMs: 0 };
  const decision = await withStore(rt, store, source, () => store.rateLimitHit(key, calls, renewalSeconds * 1000, amount, now), fallback);
  if (names.remainingVariable) rt.state.variables.set(names.remainingVariable, decision.remaining);
  if (rt.entry) rt.note('counter', { key, calls, renewalPeriod: renewalSeconds, counted: decision.count, remaining: decision.remaining, allowed: decision.allowed });
  const headers: Array<[string, string]> = [];
  if (names.remainingHeader) headers.push([names.remainingHeader, String(decision.remaining)]);
  if (names.totalHeader) headers.push([names.totalHeader, String(calls)]);
  if (decision.allowed) {
    const holds = connectionHolds(rt.state);
    for (const [name, value] of headers) holds.responseHeaders.set(name, value);
    return;
  }
  const retrySeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  if (names.retryAfterVariable) rt.state.variables.set(names.retryAfterVariable, retrySeconds);
  const message = `Rate limit is exceeded. Try again in ${retrySeconds} seconds.`;
  throw refusal(source, 'RateLimitExceeded', message, 429, message, [[names.retryAfterHeader, String(retrySeconds)], ...headers]);
}
