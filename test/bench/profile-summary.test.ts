/** The profile summary used as evidence in RESULTS.md: self time, inclusive time, per-file grouping. */
import { describe, expect, it } from 'vitest';
import { summarize } from '../../bench/profile-summary.js';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

describe('profile summary', () => {
  it('adds self time per function and file, and inclusive time per named function', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 5] },
        { id: 2, callFrame: frame('handleUpgrade', 'file:///p/dist/src/gateway/handshake.js'), children: [3, 4] },
        { id: 3, callFrame: frame('run', 'file:///p/dist/src/graph/execute.js') },
        { id: 4, callFrame: frame('run', 'file:///p/dist/src/expressions/compile.js') },
        { id: 5, callFrame: frame('(idle)') },
      ],
      samples: [3, 3, 4, 2, 5, 5],
      timeDeltas: [1000, 1000, 2000, 500, 4000, 4000],
    };
    const summary = summarize(profile, 10, ['handleUpgrade', 'run@graph/execute', 'run']);
    expect(summary.totalMs).toBe(12.5);
    expect(summary.idleMs).toBe(8);
    expect(summary.functions[0]).toEqual({ name: 'run dist/src/graph/execute.js:1', ms: 2 });
    expect(summary.inclusive).toEqual([
      { name: 'handleUpgrade', ms: 4.5 },
      { name: 'run@graph/execute', ms: 2 },
      { name: 'run', ms: 4 },
    ]);
    expect(summary.files.find((f) => f.file === 'dist/src/gateway/handshake.js')?.ms).toBe(0.5);
  });
});
