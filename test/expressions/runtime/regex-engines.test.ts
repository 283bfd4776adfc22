/**
 * RE2 (linear) and V8's RegExp (backtracking) give the same matches, groups and indices for every
 * pattern both can run: the RE2 route changes where a regex runs, not what it answers.
 */
import { describe, expect, it } from 'vitest';
import { execJob, type Engine } from '../../../src/expressions/runtime/regex-exec.js';
import { OPTIONS, translateRegex } from '../../../src/expressions/runtime/regex-translate.js';

const { IgnoreCase, Multiline, Singleline, ExplicitCapture, IgnorePatternWhitespace, ECMAScript } = OPTIONS;

const PATTERNS: Array<[string, number]> = [
  ['\\d+', 0],
  ['abc', IgnoreCase],
  ['(?i)abc', 0],
  ['(\\d+)', 0],
  ['(?<y>\\d{4})-(?<m>\\d\\d)', 0],
  ['(?<l>[a-z])(\\d)', 0],
  ["(?'first'a)b", 0],
  ['(x)?abc', 0],
  ['([,;])', 0],
  ['(\\w+) (\\w+)', 0],
  ['\\.', 0],
  ['^line', Multiline],
  ['line\\d$', Multiline],
  ['a.b', 0],
  ['a.b', Singleline],
  ['abc\\z', 0],
  ['\\Aab', 0],
  ['(a)(b)(\\d+)', ExplicitCapture],
  ['a b # comment\n c', IgnorePatternWhitespace],
  ['(a|ab)(c|bcd)(d*)', 0],
  ['a*?b', 0],
  ['x*', 0],
  ['\\b\\w+\\b', 0],
  ['\\w+', ECMAScript],
  ['\\s+', ECMAScript],
  ['[^\\d\\s]+', 0],
  ['[\\w-]+@[\\w.]+', 0],
  ['\\u0041\\x42\\cC?\\e?\\0?', 0],
  ['[[]+', 0],
  ['a{2,3}', 0],
  ['{x}', 0],
  ['^(a|a)*$', 0],
  ['(a+)+$', 0],
  ['^\\s*\\s*\\s*$', 0],
  ['^Bearer\\s+([A-Za-z0-9\\-._~+/]+=*)$', IgnoreCase],
  ['^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$', 0],
  ['(\\w+)=(\\w*)(&|$)', 0],
  ['^\\/api\\/v(\\d+)\\/', 0],
];

const INPUTS = ['', 'abc123', 'ABC', 'order-42-x', '2024-01-15', 'a1b2', 'ab', 'abc', 'a,b;c', 'hello world', 'a.b', 'line1\nline2', 'a\nb', 'ab12', 'abc c', 'ab', 'abcd', 'aab', 'élan vital naïve', 'a-b@c.d e_f@g.h', 'AB\u0003\u001B\u0000', '[[x', 'aaaa', '{x}', '   ', 'bearer abc.def', '0f8fad5b-d9cb-469f-a165-70867728950e', 'a=1&b=&c=3', '/api/v2/x', 'ÀB \u00A0 \u0663'];

function run(engine: Engine, pattern: string, options: number, input: string) {
  const t = translateRegex(pattern, options);
  const job = engine === 're2' ? { engine, source: t.re2!.source, flags: '' } : { engine, source: t.source, flags: t.flags };
  return execJob({ ...job, input, start: 0, all: true, limit: 1000 });
}

describe('RE2 and the JS engine agree', () => {
  it.each(PATTERNS)('%s (options %i)', (pattern, options) => {
    const t = translateRegex(pattern, options);
    expect(t.re2, 'RE2 can express it').not.toBeNull();
    let compared = 0;
    for (const input of INPUTS) {
      // the inputs the router sends to the JS engine anyway
      if (t.re2!.endNewline && input.endsWith('\n')) continue;
      if (t.re2!.ascii && /[^\x00-\x7F]/.test(input)) continue;
      expect(run('re2', pattern, options, input), JSON.stringify(input)).toEqual(run('js', pattern, options, input));
      compared++;
    }
    expect(compared).toBeGreaterThan(INPUTS.length / 2);
  });

  it('where they differ, RE2 is the one that agrees with .NET: a group keeps its capture from an earlier iteration', () => {
    // .NET: Regex.Match("ab", "(?:(a)|b)+").Groups[1].Value == "a"; JavaScript resets it each iteration
    expect(run('re2', '(?:(a)|b)+', 0, 'ab')[0]!.groups[1]).toBe('a');
    expect(run('js', '(?:(a)|b)+', 0, 'ab')[0]!.groups[1]).toBeUndefined();
  });

  it('back references and lookaround have no RE2 form', () => {
    for (const p of ['(a)\\1', '(?<c>\\w)-\\k<c>', 'a(?=b)', '(?<!x)y', 'a(?!b)']) expect(translateRegex(p, 0).re2, p).toBeNull();
  });
});
