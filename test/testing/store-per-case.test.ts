/** Rate-limit counters and cached values must not leak from one policy-test case into the next. */
import { describe, expect, it } from 'vitest';
import { testCommand } from '../../src/cli/test.js';

describe('onhandshake test: one store per case', () => {
  it('a calls="1" rate limit lets each case through', async () => {
    let out = '';
    const code = await testCommand(['test/fixtures/testing/store/', '--no-color'], {
      stdout: (t) => (out += t),
      stderr: (t) => (out += t),
      isTTY: false,
      cwd: process.cwd(),
    });
    expect(out).toMatch(/2 passed/);
    expect(code, out).toBe(0);
  });
});
