/** The trace ring: bounded, newest first, updates and listeners; masking helpers. */
import { describe, expect, it } from 'vitest';
import { TraceRing, type TraceRecord, type TraceSummary } from '../../src/console/trace-ring.js';
import { harvestUrlCredentials, maskDeep } from '../../src/console/mask-trace.js';

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

  it('refuses a capacity that is not a whole number ≥ 1', () => {
    expect(() => new TraceRing(0)).toThrow(/capacity/);
    expect(() => new TraceRing(1.5)).toThrow(/capacity/);
  });
});

describe('masking', () => {
  it('masks secrets, credential headers, URL credentials and JWTs; finds URL credentials to mask elsewhere', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZSJ9.sig_part';
    const trace = {
      url: 'ws://h/c?hub=chat&access_token=tok-123456789&id=conn-abcdefgh',
      body: '{"connectionToken":"conn-abcdefgh","note":"the-secret-value"}',
      headers: [{ name: 'Authorization', value: 'Bearer abc' }, { name: 'X-Other', value: 'visible' }, { name: 'api-key', values: ['k1'] }],
      token: jwt,
    };
    const found = harvestUrlCredentials(trace);
    expect([...found].sort()).toEqual(['conn-abcdefgh', 'tok-123456789']);
    const masked = maskDeep(trace, ['the-secret-value', ...found]) as typeof trace;
    expect(masked.url).toBe('ws://h/c?hub=chat&access_token=***&id=***');
    expect(masked.body).toBe('{"connectionToken":"***","note":"***"}');
    expect(masked.headers).toEqual([{ name: 'Authorization', value: 'Bearer ***' }, { name: 'X-Other', value: 'visible' }, { name: 'api-key', values: ['***'] }]);
    expect(masked.token).toBe('***');
    expect(trace.token).toBe(jwt); // a copy: the original is untouched
  });
});
