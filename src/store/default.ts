/**
 * This process's built-in cache and counters: used by `caching-type="internal"` and whenever no store
 * was configured. One per process, like APIM's per-gateway internal cache.
 */
import { MemoryStore } from './memory.js';

let internal: MemoryStore | undefined;

export function internalStore(): MemoryStore {
  return (internal ??= new MemoryStore());
}
