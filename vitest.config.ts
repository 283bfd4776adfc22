import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'policies/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Socket-heavy suites share two cores; forks isolate servers per file.
    pool: 'forks',
  },
});
