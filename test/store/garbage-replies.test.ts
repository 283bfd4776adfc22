/**
 * A Redis server that answers nonsense: the store reports every answer it cannot read (not RESP, or not the
 * integers a script returns) as unavailable (so storeFailure decides), never as a decision such as "limit reached".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RedisStore, parseRedisUrl } from '../../src/store/redis.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { GARBAGE, garbageServer } from './garbage-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('RedisStore against a server answering nonsense', () => {
  for (const [kind, reply] of Object.entries(GARBAGE)) {
    it(`${kind}: the store is unavailable, not a refusal`, async () => {
      const server = await garbageServer(reply);
      const store = new RedisStore(parseRedisUrl(server.url), { commandTimeoutMs: 1000 });
      cleanups.push(() => server.close(), () => store.close());
      await expect(store.rateLimitHit('k', 5, 60_000, 1, Date.now())).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.quotaHit('k', { calls: 5 }, { id: 1, endsAt: Date.now() + 60_000 }, 1)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.acquireSlot('k', 5, Date.now())).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  }
});
