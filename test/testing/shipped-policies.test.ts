/**
 * The tests written beside the shipped policies (policies/*.test.yaml) run in `npm test`: this runs
 * `onhandshake test policies/` and fails, with its report, on any failing case.
 */
import { describe, expect, it } from 'vitest';
import { testCommand } from '../../src/cli/test.js';

describe('policies/*.test.yaml', () => {
  it('every case passes', async () => {
    let out = '';
    const code = await testCommand(['policies/', '--no-color'], {
      stdout: (t) => (out += t),
      stderr: (t) => (out += t),
      isTTY: false,
      cwd: process.cwd(),
    });
    expect(out).toMatch(/\d+ passed/);
    expect(code, out).toBe(0);
  });
});
