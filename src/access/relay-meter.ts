/**
 * Counts a connection's relayed bytes into a bandwidth quota: batched in memory and written to the
 * store about once a second and when the connection ends, so the hot path costs one addition.
 */
import type { QuotaPeriod, Store } from '../store/contract.js';
import type { RelayMeter } from './connection-holds.js';

export interface StoreMeter extends RelayMeter {
  /** Writes what is pending and stops the timer. */
  close(): void;
}

export function storeMeter(store: Store, key: string, periodAt: (now: number) => QuotaPeriod, flushEveryMs = 1000): StoreMeter {
  let pending = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    if (pending === 0) return;
    const bytes = pending;
    pending = 0;
    // Bandwidth is approximate by design (as in APIM): a failed write is dropped, not retried.
    store.quotaAddBytes(key, periodAt(Date.now()), bytes).catch(() => undefined);
  };
  return {
    add(bytes) {
      pending += bytes;
      if (!timer) {
        timer = setTimeout(flush, flushEveryMs);
        timer.unref();
      }
    },
    close() {
      if (timer) clearTimeout(timer);
      flush();
    },
  };
}
