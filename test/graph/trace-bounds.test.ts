/** What a trace keeps of a value: long strings cut with their length, long lists, deep nesting, a budget per trace. */
import { describe, expect, it } from 'vitest';
import { TraceBudget, TRACE_FULL, approximateSize, truncateText } from '../../src/steps/runtime/trace-bounds.js';

const limits = { maxStringChars: 10, maxItems: 3, maxDepth: 3, maxTraceBytes: 10_000 };

describe('TraceBudget', () => {
  it('keeps values within the bounds as they are (the same objects)', () => {
    const value = { a: 'short', b: [1, 2, 3], c: { d: null, e: true } };
    expect(new TraceBudget(limits).bound(value)).toBe(value);
  });

  it('cuts a long string and notes its length, in a copy that leaves the original alone', () => {
    const value = { name: 'v', value: 'a'.repeat(16_777_216) };
    const bounded = new TraceBudget(limits).bound(value) as { value: string };
    expect(bounded).not.toBe(value);
    expect(bounded.value).toBe('aaaaaaaaaa…(truncated, 16777216 characters)');
    expect(value.value.length).toBe(16_777_216);
  });

  it('keeps the first items of long arrays and objects, and stops deep nesting', () => {
    const budget = new TraceBudget(limits);
    expect(budget.bound([1, 2, 3, 4, 5])).toEqual([1, 2, 3, '…(truncated, 5 items)']);
    expect(budget.bound({ a: 1, b: 2, c: 3, d: 4 })).toEqual({ a: 1, b: 2, c: 3, '…': '(truncated, 4 properties)' });
    expect(budget.bound({ a: { b: { c: { d: 1 } } } })).toEqual({ a: { b: { c: '…(nested too deep)' } } });
  });

  it('replaces values with a marker once the trace has spent its budget', () => {
    const budget = new TraceBudget({ ...limits, maxStringChars: 1000, maxTraceBytes: 100 });
    expect(budget.bound('x'.repeat(60))).toBe('x'.repeat(60));
    expect(budget.bound('y'.repeat(60))).toMatch(/^y+…\(truncated, 60 characters\)$/);
    expect(budget.exhausted).toBe(true);
    expect(budget.bound({ any: 'thing' })).toBe(TRACE_FULL);
    expect(budget.charge(10)).toBe(false);
  });

  it('approximateSize counts characters and a small cost per value', () => {
    expect(approximateSize('abc')).toBeLessThan(approximateSize('abcdef'));
    expect(approximateSize({ k: 'x'.repeat(1000) })).toBeGreaterThan(1000);
    expect(approximateSize({ k: 'x'.repeat(1000) })).toBeLessThan(1100);
  });

  it('never cuts a secret in two (the finished trace masks whole secrets)', () => {
    const budget = new TraceBudget(limits, ['s3cr3t-value']);
    expect(budget.bound('abcdefghs3cr3t-value and more')).toBe('abcdefgh…(truncated, 29 characters)');
    expect(budget.bound('s3cr3t-value and more')).toBe('…(truncated, 21 characters)');
    expect(budget.bound('ab s3cr3t-value')).toBe('ab …(truncated, 15 characters)');
  });

  it('truncateText keeps a lone surrogate at the cut as it is', () => {
    expect(truncateText('a😀b', 2)).toBe('a\ud83d…(truncated, 4 characters)');
  });
});
