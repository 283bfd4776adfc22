import { describe, expect, it } from 'vitest';
import { DOTNET_MIN_DATE_MS, quotaPeriod, timeSpanText } from '../../src/access/quota-period.js';

describe('quota periods', () => {
  it('anchors at .NET DateTime.MinValue by default', () => {
    expect(new Date(DOTNET_MIN_DATE_MS).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    const now = Date.UTC(2026, 0, 15, 12, 34, 56);
    const hour = quotaPeriod(now, 3600);
    expect(new Date(hour.endsAt!).toISOString()).toBe('2026-01-15T13:00:00.000Z');
    expect(quotaPeriod(Date.UTC(2026, 0, 15, 13, 0, 0), 3600).id).toBe(hour.id + 1);
  });

  it('counts from first-period-start and never renews with 0', () => {
    const anchor = Date.UTC(2026, 0, 1, 0, 30);
    const p = quotaPeriod(Date.UTC(2026, 0, 1, 2, 0), 3600, anchor);
    expect(new Date(p.endsAt!).toISOString()).toBe('2026-01-01T02:30:00.000Z');
    expect(quotaPeriod(Date.now(), 0)).toEqual({ id: 0, endsAt: null });
  });

  it('formats waits as .NET TimeSpans', () => {
    expect(timeSpanText(41_000)).toBe('00:00:41');
    expect(timeSpanText(3_600_500)).toBe('01:00:01');
    expect(timeSpanText(90_061_000)).toBe('1.01:01:01');
  });
});
