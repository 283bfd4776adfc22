import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore, parseRedisUrl } from '../../src/store/redis.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import type { StoreEvent } from '../../src/store/contract.js';
import { redisInstalled, startRedis, type RedisServer } from './redis-server.js';
import { storeBehaviour } from './store-behaviour.js';

let server: RedisServer | undefined;
const stores: RedisStore[] = [];

const installed = redisInstalled();
if (!installed) console.log('skipped: redis-server not installed');

beforeAll(async () => {
  if (installed) server = await startRedis();
});

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await server?.stop();
});

function open(): RedisStore {
  const store = new RedisStore(parseRedisUrl(server!.url), { commandTimeoutMs: 2000 });
  stores.push(store);
  return store;
}

describe('redis url', () => {
  it('reads host, port, credentials and database, and refuses what it cannot use', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380/2')).toEqual({ host: '127.0.0.1', port: 6380, db: 2 });
    expect(parseRedisUrl('redis://u:p%40ss@localhost')).toEqual({ host: 'localhost', port: 6379, username: 'u', password: 'p@ss' });
    expect(parseRedisUrl('rediss://cache.example:6380')).toEqual({ host: 'cache.example', port: 6380, tls: true });
    expect(() => parseRedisUrl('http://x')).toThrow(/redis:\/\//);
    expect(() => parseRedisUrl('redis://x/abc')).toThrow(/database/);
  });
});

describe.skipIf(!installed)('redis store', () => {
  storeBehaviour(open);

  it('shares counters between two clients (two gateways)', async () => {
    const a = open();
    const b = open();
    const key = `shared-${Math.random()}`;
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).rateLimitHit(key, 6, 60_000, 1, now + i)));
    expect(results.filter((r) => r.allowed)).toHaveLength(6);
    await a.setValue(key, 'from a', 10_000);
    expect(await b.getValue(key)).toBe('from a');
  });

  it('fails fast while Redis is down, reports it, and recovers when it returns', async () => {
    const store = open();
    const events: StoreEvent[] = [];
    store.onEvent((e) => events.push(e));
    await store.ready();
    await store.setValue('k', 'v', 60_000);
    await server!.stop(true);
    await expect(store.getValue('k')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.rateLimitHit('x', 1, 1000, 1, Date.now())).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(events.map((e) => e.kind)).toContain('disconnected');
    await server!.restart();
    for (let i = 0; i < 400 && !events.some((e, j) => e.kind === 'connected' && j > 0); i++) await new Promise((r) => setTimeout(r, 50));
    expect(events.at(-1)?.kind).toBe('connected');
    // A fresh server lost the data (no persistence) but works again.
    expect(await store.getValue('k')).toBeUndefined();
    expect((await store.rateLimitHit('x', 1, 1000, 1, Date.now())).allowed).toBe(true);
  });

  it("frees a crashed gateway's concurrency slots when their lease lapses", async () => {
    const crashed = new RedisStore(parseRedisUrl(server!.url), { slotLeaseMs: 300 });
    const survivor = open();
    const key = `lease-${Math.random()}`;
    expect(await crashed.acquireSlot(key, 1, Date.now())).not.toBeNull();
    await crashed.close(); // gone without releasing: no renewals any more
    expect(await survivor.acquireSlot(key, 1, Date.now())).toBeNull();
    let lease = null;
    for (let i = 0; i < 100 && !lease; i++) {
      await new Promise((r) => setTimeout(r, 50));
      lease = await survivor.acquireSlot(key, 1, Date.now());
    }
    expect(lease).not.toBeNull();
    lease!.release();
  });

  it('keeps a live lease renewed past its lifetime', async () => {
    const store = new RedisStore(parseRedisUrl(server!.url), { slotLeaseMs: 1000 });
    stores.push(store);
    const other = open();
    const key = `renew-${Math.random()}`;
    const lease = await store.acquireSlot(key, 1, Date.now());
    expect(lease).not.toBeNull();
    await new Promise((r) => setTimeout(r, 2500));
    expect(await other.acquireSlot(key, 1, Date.now())).toBeNull();
    lease!.release();
    await store.getValue('sync');
    expect(await other.acquireSlot(key, 1, Date.now())).not.toBeNull();
  });

  it('speaks TLS for rediss://: against a plain-text Redis the handshake fails and the store is unavailable', async () => {
    const store = new RedisStore(parseRedisUrl(server!.url.replace(/^redis:/, 'rediss:')), { commandTimeoutMs: 1000 });
    stores.push(store);
    await expect(store.ready()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.getValue('k')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('rejects the first connection clearly when nothing listens', async () => {
    const store = new RedisStore({ host: '127.0.0.1', port: 1 });
    stores.push(store);
    await expect(store.ready()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.getValue('k')).rejects.toThrow(/not connected/);
  });
});
