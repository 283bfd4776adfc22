/**
 * Calling the store from a policy: the configured store (or this process's memory), and what happens
 * when it cannot answer: fail open (the policy lets the handshake through, noted in the trace) or fail
 * closed (the policy fails: APIM's 500 unless on-error handles it). Reason `StoreUnavailable` is ours.
 */
import { PolicyError } from '../runtime/errors.js';
import type { RunContext } from '../runtime/run-context.js';
import type { Store } from '../../store/contract.js';
import { processStore } from '../../store/default.js';
import { StoreUnavailableError } from '../../store/errors.js';
import './options.js';

export function configuredStore(rt: RunContext): Store {
  return rt.options.store ?? processStore();
}

/** Runs `op`; when the store is unavailable, returns `fallback` (fail open) or throws (fail closed). */
export async function withStore<T>(rt: RunContext, store: Store, source: string, op: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    if (store.failureMode === 'open') {
      if (rt.entry) rt.note('store', { unavailable: err.message, failure: 'open: the policy was not enforced' });
      return fallback;
    }
    throw new PolicyError(source, 'StoreUnavailable', `The ${store.kind} store is unavailable: ${err.message}`);
  }
}
