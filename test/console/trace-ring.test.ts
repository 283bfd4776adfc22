/** The trace ring: bounded, newest first, updates and listeners (masking: test/common/mask.test.ts). */
import { describe, expect, it } from 'vitest';
import { TraceRing, type TraceRecord, type TraceSummary } from '../../src/console/trace-ring.js';

const record = (id: string): TraceRecord => ({ id, at: new Date(0).toISOString(), api: 'a', client: '127.0.0.1:1', decision: 'connect', status: 101, durationMs: 1, trace: null });

describe('TraceRing', () => {
  it('keeps the newest `capacity` records, newest first', () => {
    const ring = new TraceRing(2);
    for (const id of ['a', 'b', 'c']) ring.add(record(id));
    expect(ring.list().map((t) => t.id)).toEqual(['c', 'b']);
    expect(ring.get('a')).toBeUndefined();
    expect(ring.size).toBe(2);
  });

  it('tells listeners of new and updated records, and stops when unsubscribed', () => {
    const ring = new TraceRing(5);
    const seen: TraceSummary[] = [];
    const stop = ring.subscribe((s) => seen.push(s));
    ring.add(record('a'));
    ring.update('a', (r) => (r.status = 500));
    ring.update('missing', () => expect.fail('no record'));
    stop();
    ring.add(record('b'));
    expect(seen.map((s) => [s.id, s.status])).toEqual([['a', 101], ['a', 500]]);
    expect('trace' in seen[0]!).toBe(false);
  });

  it('keeps its records within `maxBytes`, oldest dropped first, but always the newest', () => {
    const ring = new TraceRing(100, 50_000);
    const withTrace = (id: string, chars: number): TraceRecord => ({ ...record(id), trace: { message: 'x'.repeat(chars) } });
    for (let i = 0; i < 10; i++) ring.add(withTrace(`t${i}`, 10_000));
    expect(ring.size).toBe(4);
    expect(ring.bytes).toBeLessThanOrEqual(50_000);
    expect(ring.list().map((t) => t.id)).toEqual(['t9', 't8', 't7', 't6']);
    ring.add(withTrace('huge', 80_000));
    expect(ring.list().map((t) => t.id)).toEqual(['huge']);
    ring.add(record('small'));
    expect(ring.list().map((t) => t.id)).toEqual(['small']);
    ring.add(record('small')); // the same id again replaces it
    expect(ring.size).toBe(1);
    expect(ring.bytes).toBeLessThan(1_000);
  });

  it('refuses a capacity that is not a whole number ≥ 1', () => {
    expect(() => new TraceRing(0)).toThrow(/capacity/);
    expect(() => new TraceRing(1.5)).toThrow(/capacity/);
  });
});
