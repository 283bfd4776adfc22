/** Runs a table of rows through the real engine, one vitest case per row. */
import { expect, it } from 'vitest';
import { check, type Row } from './evaluate.js';

export function runTable(rows: Row[]): void {
  it.each(rows.map((r) => [r[0], r] as const))('%s', (_code, row) => {
    const { got, want } = check(row);
    expect(got).toEqual(want);
  });
}
