import { describe, expect, it } from 'vitest';
import { waitSeconds } from '../../src/steps/retry.js';

describe('retry intervals (reference §2.23)', () => {
  it('interval alone is fixed', () => {
    expect([1, 2, 3].map((n) => waitSeconds({ interval: 4, firstFast: false }, n))).toEqual([4, 4, 4]);
  });
  it('interval + delta is linear', () => {
    expect([1, 2, 3].map((n) => waitSeconds({ interval: 2, delta: 3, firstFast: false }, n))).toEqual([2, 5, 8]);
  });
  it('interval + max-interval + delta is exponential with ±20% jitter on delta, capped', () => {
    for (let n = 1; n <= 6; n++) {
      const w = waitSeconds({ interval: 1, max: 30, delta: 2, firstFast: false }, n);
      const k = 2 ** n - 1;
      expect(w).toBeGreaterThanOrEqual(Math.min(30, 1 + k * 1.6));
      expect(w).toBeLessThanOrEqual(Math.min(30, 1 + k * 2.4));
    }
    expect(waitSeconds({ interval: 1, max: 30, delta: 2, firstFast: false }, 10)).toBe(30);
  });
  it('first-fast-retry makes only the first retry immediate', () => {
    expect([1, 2].map((n) => waitSeconds({ interval: 5, firstFast: true }, n))).toEqual([0, 5]);
  });
});
