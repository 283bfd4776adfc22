import { describe, expect, it } from 'vitest';
import { connectionHolds, takeConnectionHolds } from '../../src/access/connection-holds.js';
import { storeMeter } from '../../src/access/relay-meter.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { HandshakeState } from '../../src/model/state.js';

describe('connection holds', () => {
  it('collect releases and meters per handshake, release once, and are taken once', () => {
    const state = {} as HandshakeState;
    const calls: string[] = [];
    const holds = connectionHolds(state);
    holds.releases.push(() => calls.push('a'), () => {
      throw new Error('boom');
    }, () => calls.push('c'));
    let bytes = 0;
    holds.meters.push({ add: (n) => (bytes += n) });
    expect(connectionHolds(state)).toBe(holds);
    const taken = takeConnectionHolds(state);
    expect(taken).toBe(holds);
    expect(takeConnectionHolds(state)).not.toBe(holds);
    taken.relayed(10);
    taken.relayed(5);
    expect(bytes).toBe(15);
    taken.release();
    taken.release();
    expect(calls).toEqual(['a', 'c']);
  });

  it('a store meter batches bytes and writes them when closed', async () => {
    const store = new MemoryStore();
    const period = { id: 1, endsAt: null };
    const meter = storeMeter(store, 'k', () => period, 60_000);
    meter.add(700);
    meter.add(400);
    expect((await store.quotaHit('k', { bytes: 1024 }, period, 0, 0)).bytes).toBe(0);
    meter.close();
    expect(await store.quotaHit('k', { bytes: 1024 }, period, 0, 0)).toMatchObject({ allowed: false, exceeded: 'bandwidth', bytes: 1100 });
    await store.close();
  });
});
