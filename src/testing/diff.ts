/**
 * Expected-versus-actual as a readable line diff (`- expected`, `+ actual`, `  same`), the way test
 * runners show it. Values are rendered as YAML, so the diff reads like the test file.
 */
import { stringify } from 'yaml';

export type DiffLine = { op: ' ' | '-' | '+'; text: string };

/** Longest-common-subsequence line diff; inputs are small (one expectation), so O(n·m) is fine. */
export function diffLines(expected: string[], actual: string[]): DiffLine[] {
  const n = expected.length;
  const m = actual.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = expected[i] === actual[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (expected[i] === actual[j]) {
      out.push({ op: ' ', text: expected[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ op: '-', text: expected[i++]! });
    } else {
      out.push({ op: '+', text: actual[j++]! });
    }
  }
  while (i < n) out.push({ op: '-', text: expected[i++]! });
  while (j < m) out.push({ op: '+', text: actual[j++]! });
  return out;
}

/** A value as the lines a person would write it in the test file. */
export function render(value: unknown): string[] {
  if (value === undefined) return ['(absent)'];
  if (typeof value === 'string') {
    // A JSON body reads better pretty-printed.
    const trimmed = value.trim();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && trimmed.length > 40) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2).split('\n');
      } catch {
        // not JSON
      }
    }
    return value.includes('\n') ? value.split('\n') : [JSON.stringify(value)];
  }
  return stringify(value, { lineWidth: 0 }).replace(/\n$/, '').split('\n');
}

/** The diff lines for one failed expectation, or a two-line expected/actual for single values. */
export function diffValues(expected: unknown, actual: unknown): DiffLine[] {
  return diffLines(render(expected), render(actual));
}
