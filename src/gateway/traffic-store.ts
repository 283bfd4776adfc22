/**
 * The store named by the configuration, created once per process and spec: a reload that keeps the
 * same `store:` keeps its counters and its Redis connection. Absent from the configuration, traffic
 * policies use the process store (ONHANDSHAKE_STORE, or memory).
 */
import type { GatewayConfig } from '../config/types.js';
import { createStore, type Store } from '../store/index.js';

const stores = new Map<string, Store>();

export function storeFor(traffic: GatewayConfig['traffic'], report: (message: string) => void): Store | undefined {
  if (!traffic.store) return undefined;
  const key = `${traffic.store} ${traffic.storeFailure}`;
  let store = stores.get(key);
  if (!store) {
    store = createStore({ store: traffic.store, onStoreFailure: traffic.storeFailure });
    const failureMode = store.failureMode;
    store.onEvent((e) => report(`store: ${e.message}${e.kind === 'disconnected' ? ` (traffic policies fail ${failureMode})` : ''}`));
    stores.set(key, store);
  }
  return store;
}
