/** The behaviour every store must share; run against memory and against a real redis-server. */
import { expect, it } from 'vitest';
import type { Store } from '../../src/store/contract.js';

export function storeBehaviour(make: () => Store): void {
  const T = 1_800_000_000_000;

  it('counts calls in a sliding window and says when to retry', async () => {
    const store = make();
    const key = `rl-${Math.random()}`;
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await store.rateLimitHit(key, 3, 10_000, 1, T + i * 1000));
    expect(results.map((r) => [r.allowed, r.count, r.remaining])).toEqual([
      [true, 1, 2],
      [true, 2, 1],
      [true, 3, 0],
    ]);
    const refused = await store.rateLimitHit(key, 3, 10_000, 1, T + 5000);
    expect(refused).toEqual({ allowed: false, count: 3, remaining: 0, retryAfterMs: 5000 });
    // Refused calls do not count: at T+10s the first call left the window.
    expect((await store.rateLimitHit(key, 3, 10_000, 1, T + 10_000)).allowed).toBe(true);
    expect((await store.rateLimitHit(key, 3, 10_000, 1, T + 10_500)).retryAfterMs).toBe(500);
  });

  it('weighs calls by increment-count and checks without counting at 0', async () => {
    const store = make();
    const key = `rlw-${Math.random()}`;
    expect((await store.rateLimitHit(key, 5, 60_000, 3, T)).remaining).toBe(2);
    expect((await store.rateLimitHit(key, 5, 60_000, 3, T + 1)).allowed).toBe(false);
    expect(await store.rateLimitHit(key, 5, 60_000, 0, T + 2)).toMatchObject({ allowed: true, count: 3 });
    expect((await store.rateLimitHit(key, 5, 60_000, 2, T + 3)).allowed).toBe(true);
    expect(await store.rateLimitHit(key, 5, 60_000, 0, T + 4)).toMatchObject({ allowed: false, count: 5, retryAfterMs: 59_996 });
    expect((await store.rateLimitHit(key, 5, 60_000, 9, T + 5)).retryAfterMs).toBe(60_000);
  });

  it('keeps quota periods apart and refuses once a limit is reached', async () => {
    const store = make();
    const key = `q-${Math.random()}`;
    const period = { id: 7, endsAt: T + 60_000 };
    expect(await store.quotaHit(key, { calls: 2 }, period, 1, T)).toEqual({ allowed: true, calls: 1, bytes: 0 });
    expect((await store.quotaHit(key, { calls: 2 }, period, 1, T)).allowed).toBe(true);
    expect(await store.quotaHit(key, { calls: 2 }, period, 1, T)).toEqual({ allowed: false, exceeded: 'calls', calls: 2, bytes: 0 });
    expect((await store.quotaHit(key, { calls: 2 }, { id: 8, endsAt: T + 120_000 }, 1, T + 60_000)).allowed).toBe(true);

    const bw = `qb-${Math.random()}`;
    expect((await store.quotaHit(bw, { bytes: 1024 }, period, 1, T)).allowed).toBe(true);
    await store.quotaAddBytes(bw, period, 1000);
    expect((await store.quotaHit(bw, { bytes: 1024 }, period, 1, T)).allowed).toBe(true);
    await store.quotaAddBytes(bw, period, 100);
    expect(await store.quotaHit(bw, { bytes: 1024, calls: 10 }, period, 1, T)).toEqual({ allowed: false, exceeded: 'bandwidth', calls: 2, bytes: 1100 });
  });

  it('hands out at most max concurrency slots and takes them back', async () => {
    const store = make();
    const key = `c-${Math.random()}`;
    const a = await store.acquireSlot(key, 2, Date.now());
    const b = await store.acquireSlot(key, 2, Date.now());
    expect(a && b).toBeTruthy();
    expect(await store.acquireSlot(key, 2, Date.now())).toBeNull();
    a!.release();
    a!.release();
    // Redis release is fire-and-forget; a later command on the same connection sees it.
    await store.getValue('sync');
    const c = await store.acquireSlot(key, 2, Date.now());
    expect(c).not.toBeNull();
    expect(await store.acquireSlot(key, 2, Date.now())).toBeNull();
    b!.release();
    c!.release();
  });

  it('stores, reads and removes values with a lifetime', async () => {
    const store = make();
    const key = `v-${Math.random()}`;
    expect(await store.getValue(key)).toBeUndefined();
    await store.setValue(key, 'héllo', 60_000);
    expect(await store.getValue(key)).toBe('héllo');
    await store.deleteValue(key);
    expect(await store.getValue(key)).toBeUndefined();
    await store.setValue(key, 'x', 0);
    expect(await store.getValue(key)).toBeUndefined();
  });
}
