import { describe, expect, it } from 'vitest';
import { BoundedValues } from '../../src/telemetry/bounded-values.js';

describe('BoundedValues', () => {
  it('keeps the first distinct values and reports later ones as Other', () => {
    const hostnames = new BoundedValues(2);
    expect(['a', 'b', 'a', 'c', 'b', 'd'].map((h) => hostnames.admit(h))).toEqual(['a', 'b', 'a', 'Other', 'b', 'Other']);
  });
});
