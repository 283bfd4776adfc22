import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/contract.js';
import { storeBehaviour } from './store-behaviour.js';

const opened: Store[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

describe('memory store', () => {
  storeBehaviour(() => {
    const store = new MemoryStore();
    opened.push(store);
    return store;
  });

  it('forgets values when their lifetime ends', async () => {
    let now = 1000;
    const store = new MemoryStore(() => now);
    opened.push(store);
    await store.setValue('k', 'v', 500);
    now = 1499;
    expect(await store.getValue('k')).toBe('v');
    now = 1500;
    expect(await store.getValue('k')).toBeUndefined();
  });
});
