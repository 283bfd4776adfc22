import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTable } from './table.js';
import { evaluateAsGateway, type Row } from './evaluate.js';

const S = 'System.String';
const I = 'System.Int32';
const B = 'System.Boolean';

const ROWS: Row[] = [
    ['Regex.IsMatch("abc123", @"\\d+")', ['True', B]],
    ['Regex.IsMatch("ABC", "abc")', ['False', B]],
    ['Regex.IsMatch("ABC", "abc", RegexOptions.IgnoreCase)', ['True', B]],
    ['Regex.IsMatch("ABC", "(?i)abc")', ['True', B]],
    ['Regex.Match("order-42-x", @"(\\d+)").Value', ['42', S]],
    ['Regex.Match("order-42-x", @"(\\d+)").Index', ['6', I]],
    ['Regex.Match("order-42-x", @"(\\d+)").Length', ['2', I]],
    ['Regex.Match("order-42-x", @"(\\d+)").Groups[1].Value', ['42', S]],
    ['Regex.Match("nothing", @"\\d").Success', ['False', B]],
    ['Regex.Match("nothing", @"\\d").Value', ['', S]],
    ['Regex.Match("2024-01-15", @"(?<y>\\d{4})-(?<m>\\d\\d)").Groups["m"].Value', ['01', S]],
    ['Regex.Match("a1b2", @"(?<l>[a-z])(\\d)").Groups[1].Value', ['1', S]],
    ['Regex.Match("a1b2", @"(?<l>[a-z])(\\d)").Groups[2].Value', ['a', S]],
    ['Regex.Match("a1b2", @"(?<l>[a-z])(\\d)").Groups.Count', ['3', I]],
    ['Regex.Match("abc", "(x)?abc").Groups[1].Success', ['False', B]],
    ['Regex.Match("ab", "(?\'first\'a)b").Groups["first"].Value', ['a', S]],
    ['Regex.Match("xx", @"(x)\\1").Success', ['True', B]],
    ['Regex.Match("a-a", @"(?<c>\\w)-\\k<c>").Value', ['a-a', S]],
    ['Regex.Matches("a1b22c333", @"\\d+").Count', ['3', I]],
    ['Regex.Matches("a1b22c333", @"\\d+")[2].Value', ['333', S]],
    ['string.Join("|", Regex.Split("a1b22c", @"\\d+"))', ['a|b|c', S]],
    ['string.Join("|", Regex.Split("a,b;c", "([,;])"))', ['a|,|b|;|c', S]],
    ['Regex.Replace("hello world", @"(\\w+) (\\w+)", "$2 $1")', ['world hello', S]],
    ['Regex.Replace("2024-01-15", @"(?<y>\\d+)-(?<m>\\d+)-(?<d>\\d+)", "${d}/${m}/${y}")', ['15/01/2024', S]],
    ['Regex.Replace("a.b", @"\\.", "$$")', ['a$b', S]],
    ['Regex.Replace("abc", "b", "[$&]")', ['a[b]c', S]],
    ['Regex.Replace("aaa", "a", "b")', ['bbb', S]],
    ['Regex.Replace("line1\\nline2", "^line", "L", RegexOptions.Multiline)', ['L1\nL2', S]],
    ['Regex.IsMatch("a\\nb", "a.b")', ['False', B]],
    ['Regex.IsMatch("a\\nb", "a.b", RegexOptions.Singleline)', ['True', B]],
    ['Regex.IsMatch("abc\\n", "abc$")', ['True', B]],
    ['Regex.IsMatch("abc\\n", @"abc\\z")', ['False', B]],
    ['Regex.Match("ab12", "(a)(b)(\\\\d+)", RegexOptions.ExplicitCapture).Groups.Count', ['1', I]],
    ['new Regex(@"\\d+").Match("x99").Value', ['99', S]],
    ['new Regex(@"(\\d)").Replace("a1b2", "<$1>")', ['a<1>b<2>', S]],
    ['new Regex("b").Match("abcb").NextMatch().Index', ['3', I]],
    ['Regex.Match("k=v", "(?<key>\\\\w)=(?<val>\\\\w)").Result("${val}=${key}")', ['v=k', S]],
    ['Regex.Escape("a.b*c (d)")', ['a\\.b\\*c\\ \\(d\\)', S]],
    ['Regex.Unescape(@"a\\.b\\tc")', ['a.b\tc', S]],
    // atomic groups: no backtracking into the group (a lookahead capture in JS, the worker pool's engine)
    ['Regex.IsMatch("x", "(?>x)")', ['True', B]],
    ['Regex.IsMatch("aaab", "(?>a+)ab")', ['False', B]],
    ['Regex.Match("aaab", "(?>a+)b").Value', ['aaab', S]],
    ['Regex.Match("ab", "(?>(a))(b)").Groups.Count', ['3', I]],
    ['Regex.Match("ab", "(?>(a))(b)").Groups[2].Value', ['b', S]],
    ['Regex.Match("ab", "(?<x>(?>a))(b)").Groups["x"].Value', ['a', S]],
    ['Regex.IsMatch("x", "(?(x)x|y)")', { throws: 'System.NotSupportedException' }],
    ['Regex.IsMatch("x", "a(?i)b")', { throws: 'System.NotSupportedException' }],
    ['Regex.IsMatch("x", "(unclosed")', { throws: 'System.ArgumentException' }],
    ['Regex.IsMatch(null, "x")', { throws: 'System.ArgumentNullException', message: "Value cannot be null. (Parameter 'input')" }],
    // nested quantifiers alone run on RE2 (linear): the answer, not a timeout
    ['Regex.IsMatch("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "^(a+)+$")', ['False', B]],
    ['Regex.IsMatch("aaaa", "^(a+)+$")', ['True', B]],
];

describe('Regex', () => {
  runTable(ROWS);
});

describe('Regex through the gateway entry (RE2 inline, the rest deferred to the worker pool)', () => {
  it.each(ROWS.map((r) => [r[0], r] as const))('%s', async (code, [, expected]) => {
    const got = await evaluateAsGateway(code);
    if (Array.isArray(expected)) expect(got).toEqual({ text: expected[0], type: expected[1] });
    else expect('error' in got ? got.error : got).toBe(expected.throws);
  });
});

describe('Regex guard worker (risky patterns run in a worker started from a real file)', () => {
  runTable([
    ['Regex.Match("abab", @"(ab)\\1").Value', ['abab', S]],
    ['Regex.Replace("xx-yy", @"(\\w)\\1", "$1")', ['x-y', S]],
    ['Regex.Matches("aa bb cc", @"(\\w)\\1").Count', ['3', I]],
    // a back reference needs the backtracking engine: stopped by the gateway's match timeout cap
    ['Regex.IsMatch("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", @"^(a+)+\\1$")', { throws: 'System.Text.RegularExpressions.RegexMatchTimeoutException' }],
  ]);
  it('never starts the worker from evaluated text', () => {
    const dir = fileURLToPath(new URL('../../../src/expressions/runtime/', import.meta.url));
    for (const f of readdirSync(dir).filter((n) => n.startsWith('regex'))) {
      expect(readFileSync(dir + f, 'utf8'), f).not.toMatch(/eval\s*:\s*true|new Function\s*\(|\beval\s*\(/);
    }
  });
});
