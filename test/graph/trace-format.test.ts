import { describe, expect, it } from 'vitest';
import { traceElapsed, traceTimestamp } from '../../src/steps/runtime/trace.js';

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
});
