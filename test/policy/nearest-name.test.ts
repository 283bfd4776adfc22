import { describe, expect, it } from 'vitest';
import { editDistance, nearestName } from '../../src/policy/index.js';

describe('nearestName', () => {
  const policies = ['set-header', 'set-variable', 'set-backend-service', 'send-request', 'validate-jwt', 'rate-limit-by-key'];

  it('suggests the closest policy name for a typo', () => {
    expect(nearestName('set-headr', policies)).toBe('set-header');
    expect(nearestName('Set-Variable', policies)).toBe('set-variable');
    expect(nearestName('validate-jwk', policies)).toBe('validate-jwt');
    expect(nearestName('rate-limit-by-keys', policies)).toBe('rate-limit-by-key');
  });

  it('suggests nothing when nothing is close', () => {
    expect(nearestName('frobnicate', policies)).toBeUndefined();
    expect(nearestName('x', [])).toBeUndefined();
  });

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'SAME')).toBe(0);
  });
});
