/** Picks the store from the gateway configuration: `memory` (default) or `redis://…`. */
import type { Store, StoreFailureMode } from './contract.js';
import { MemoryStore } from './memory.js';
import { RedisStore, parseRedisUrl } from './redis.js';

export type { Store, StoreEvent, StoreFailureMode, RateDecision, QuotaDecision, QuotaLimits, QuotaPeriod, SlotLease } from './contract.js';
export { StoreUnavailableError } from './errors.js';
export { MemoryStore } from './memory.js';
export { RedisStore, parseRedisUrl } from './redis.js';

export interface StoreSettings {
  /** `memory`, or a `redis://[user:password@]host[:port][/db]` URL. */
  store?: string;
  /** What traffic policies do when Redis cannot answer (default `open`). */
  onStoreFailure?: StoreFailureMode;
  commandTimeoutMs?: number;
}

export function createStore(settings: StoreSettings = {}): Store {
  const spec = settings.store?.trim() ?? 'memory';
  if (spec === '' || spec === 'memory') return new MemoryStore();
  return new RedisStore(parseRedisUrl(spec), {
    failureMode: settings.onStoreFailure ?? 'open',
    ...(settings.commandTimeoutMs ? { commandTimeoutMs: settings.commandTimeoutMs } : {}),
  });
}
