import { describe, expect, it } from 'vitest';
import { maskHeader, maskSecrets, traceElapsed, traceTimestamp } from '../../src/graph/trace.js';

describe('trace formats', () => {
  it('timestamps are ISO-8601 UTC with 7 fractional digits', () => {
    expect(traceTimestamp(Date.UTC(2026, 0, 2, 3, 4, 5, 678) + 0.5)).toBe('2026-01-02T03:04:05.6785000Z');
    expect(traceTimestamp(Date.UTC(2026, 0, 2, 3, 4, 5, 0))).toBe('2026-01-02T03:04:05.0000000Z');
  });
  it('elapsed is hh:mm:ss.fffffff', () => {
    expect(traceElapsed(0)).toBe('00:00:00.0000000');
    expect(traceElapsed(298.3315)).toBe('00:00:00.2983315');
    expect(traceElapsed(3_723_004.5)).toBe('01:02:03.0045000');
  });
  it('masks Authorization-like header values, keeping the scheme', () => {
    expect(maskHeader('Authorization', 'Bearer abc')).toBe('Bearer ***');
    expect(maskHeader('authorization', 'opaque-token')).toBe('***');
    expect(maskHeader('Ocp-Apim-Subscription-Key', 'k')).toBe('***');
    expect(maskHeader('X-Other', 'Bearer abc')).toBe('Bearer abc');
  });
  it('masks every occurrence of every secret, deeply, without changing the input', () => {
    const input = { a: 'x s3cret y s3cret', b: [{ c: 'tok-123' }], n: 5, nil: null };
    expect(maskSecrets(input, ['s3cret', 'tok-123'])).toEqual({ a: 'x *** y ***', b: [{ c: '***' }], n: 5, nil: null });
    expect(input.a).toBe('x s3cret y s3cret');
  });
});
