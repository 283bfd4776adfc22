import { describe, expect, it } from 'vitest';
import { scanExpression, type ScanResult } from '../../src/policy/csharp-scanner.js';

/** Scans `expr` (which starts with its opener) followed by `rest`; returns the scan and what follows it. */
function scan(expr: string, rest = '" other="x"/>', decodeEntities = false): { result: ScanResult; after: string } {
  const text = expr + rest;
  const result = scanExpression(text, 0, { decodeEntities });
  return { result, after: result.ok ? text.slice(result.end) : '' };
}

function ends(expr: string, decodeEntities = false): void {
  const { result, after } = scan(expr, '" other="x"/>', decodeEntities);
  expect(result, expr).toMatchObject({ ok: true });
  expect(after).toBe('" other="x"/>');
}

function fails(expr: string, code: string, at: number): void {
  const { result } = scan(expr, '');
  expect(result).toMatchObject({ ok: false, code, at });
}

/** Each literal form, as it appears inside code. */
const forms: Record<string, string> = {
  regular: '"a ) } ] \\" // /* \' {"',
  verbatim: '@"a ) } "" \\ // /* { \n second line"',
  interpolated: '$"a {x} {{ }} ) \\" {y:N2} {z,5}"',
  interpolatedVerbatim: '$@"a {x} "" {{ }} )\nline"',
  verbatimInterpolated: '@$"a {x} "" ) \n"',
  charQuote: "'\"'",
  charParen: "')'",
  charEscape: "'\\''",
  charUnicode: "'\\u0029'",
  lineComment: '// ) } " \' ]\n',
  blockComment: '/* ) } " \' ] \n */',
};

describe('scanExpression: each string and comment form alone', () => {
  for (const [name, form] of Object.entries(forms)) {
    it(`${name} inside @( )`, () => ends(`@(f(${form}))`));
    it(`${name} inside @{ }`, () => ends(`@{ var v = ${form}; return v; }`));
  }
});

describe('scanExpression: forms nested in each other', () => {
  const holes = Object.entries(forms).filter(([n]) => !n.includes('Comment') || n === 'blockComment');
  for (const [name, form] of holes) {
    it(`${name} inside an interpolation hole`, () => ends(`@($"x{f(${form})}y")`));
    it(`${name} inside a verbatim interpolated hole`, () => ends(`@($@"x{f(${form})}""y")`));
  }
  it('a line comment inside a hole of a verbatim interpolated string', () => ends('@($@"a{x // note } " \n}b")'));
  it('interpolated strings nested three deep', () => ends('@($"a{$"b{$@"c{d}"""}"}e")'));
  it('comment markers inside strings are text', () => ends('@("http://x/*y*/" + @"//" + $"{a}/*")'));
  it('string quotes inside comments are ignored', () => ends('@{ /* " */ // "\n return 1; }'));
  it('braces of a format clause', () => ends('@($"{DateTime.Now:yyyy-MM-dd}")'));
  it('a ternary inside parentheses in a hole', () => ends('@($"{(a ? "x" : "y")}")'));
  it('generics, lambdas and && in code', () => ends('@(ctx.Body.As<JObject>()["a"].Where(x => x != null && x.Value<int>() > 2).Count())'));
  it('a block of statements with nested blocks', () => ends('@{ if (a) { return "}"; } else { return \'}\'.ToString(); } }'));
});

describe('scanExpression: jsonata', () => {
  it('strings in both quotes and backtick names', () => ends('@jsonata($.a[b = ")"].`c ) d` & \'}\' & "\\"")'));
  it('comments', () => ends('@jsonata(/* ) */ $.a)'));
  it('an unclosed string', () => fails('@jsonata("abc)', 'OH111', 9));
});

describe('scanExpression: escaped spelling in raw XML', () => {
  it('reads &quot; as a quote', () => ends('@(f(&quot;a)b&quot;))', true));
  it('reads &lt; &gt; &amp; as operators', () => ends('@(a &lt; b &amp;&amp; c &gt; d)', true));
  it('reads &apos; as a char quote', () => ends("@(f(&apos;)&apos;))", true));
  it('numeric references', () => ends('@(f(&#34;)&#x22;))', true));
  it('without decoding, &quot; is plain text', () => {
    const { result } = scan('@(f(&quot;a)', '', false);
    expect(result).toMatchObject({ ok: false, code: 'OH110' });
  });
});

describe('scanExpression: faults are located', () => {
  it('unclosed @(', () => fails('@(a + (b', 'OH110', 0));
  it('unclosed @{', () => fails('@{ return 1;', 'OH110', 0));
  it('regular string runs into a newline', () => fails('@(f("abc\n"))', 'OH111', 4));
  it('regular string runs to the end', () => fails('@(f("abc', 'OH111', 4));
  it('an escape at the end of a line', () => fails('@(f("abc\\\n"))', 'OH111', 4));
  it('verbatim string not closed', () => fails('@(f(@"abc""))', 'OH111', 4));
  it('interpolated string not closed', () => fails('@($"a{b}c)', 'OH111', 2));
  it('interpolated string with a newline', () => fails('@($"a\n")', 'OH111', 2));
  it('char literal not closed', () => fails("@(f('a", 'OH112', 4));
  it('block comment not closed', () => fails('@(a /* b )', 'OH113', 4));
  it('mismatched bracket', () => fails('@(a[1)', 'OH114', 5));
  it('closing brace for a paren', () => fails('@(a})', 'OH114', 3));
});

describe('scanExpression: results', () => {
  it('gives the body and the literal ranges', () => {
    const text = '@( "a" + x /*c*/ )';
    const result = scanExpression(text, 0, { decodeEntities: false, recordLiterals: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(text.slice(result.bodyStart, result.bodyEnd)).toBe(' "a" + x /*c*/ ');
    const ranges: string[] = [];
    for (let k = 0; k < result.literalRanges.length; k += 2) ranges.push(text.slice(result.literalRanges[k], result.literalRanges[k + 1]));
    expect(ranges).toEqual(['"a"', '/*c*/']);
  });
  it('records interpolated literal parts but not holes', () => {
    const text = '@($"a{x}b")';
    const result = scanExpression(text, 0, { decodeEntities: false, recordLiterals: true });
    if (!result.ok) throw new Error('scan failed');
    const ranges: string[] = [];
    for (let k = 0; k < result.literalRanges.length; k += 2) ranges.push(text.slice(result.literalRanges[k], result.literalRanges[k + 1]));
    expect(ranges).toEqual(['$"a', 'b"']);
  });
  it('is linear on deep nesting (no recursion)', () => {
    const depth = 100_000;
    const text = '@(' + '('.repeat(depth) + ')'.repeat(depth) + ')';
    const result = scanExpression(text, 0, { decodeEntities: false });
    expect(result).toMatchObject({ ok: true, end: text.length });
  });
});
