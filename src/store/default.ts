/**
 * The stores a process uses when the graph's options name none:
 * - `internalStore()`: this process's built-in cache and counters (`caching-type="internal"`), one per
 *   process like APIM's per-gateway internal cache;
 * - `processStore()`: the store named by the environment, `ONHANDSHAKE_STORE=memory|redis://…` with
 *   `ONHANDSHAKE_STORE_FAILURE=open|closed`, so several `onhandshake serve` processes can share a Redis
 *   without a configuration file; its connection events go to stderr. Absent: the internal store.
 */
import type { Store } from './contract.js';
import { createStore } from './index.js';
import { MemoryStore } from './memory.js';

let internal: MemoryStore | undefined;
let fromEnvironment: Store | undefined;

export function internalStore(): MemoryStore {
  return (internal ??= new MemoryStore());
}

export function processStore(env: NodeJS.ProcessEnv = process.env): Store {
  if (fromEnvironment) return fromEnvironment;
  const spec = env.ONHANDSHAKE_STORE?.trim();
  if (!spec || spec === 'memory') return (fromEnvironment = internalStore());
  const failure = env.ONHANDSHAKE_STORE_FAILURE?.trim().toLowerCase();
  const store = createStore({ store: spec, onStoreFailure: failure === 'closed' ? 'closed' : 'open' });
  store.onEvent((e) => process.stderr.write(`onhandshake store: ${e.message}${e.kind === 'disconnected' ? ` (traffic policies fail ${store.failureMode})` : ''}\n`));
  return (fromEnvironment = store);
}
