/**
 * Regular-expression denial of service: pathological patterns answer or time out within bounds through
 * the gateway's evaluation path (replay mode), and the event loop keeps turning meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileExpression, dotnet, ExpressionEvaluationError, setRegexMatchTimeoutCap, sourceFromString } from '../../../src/expressions/index.js';
import { DEFAULT_MATCH_TIMEOUT_CAP_MS } from '../../../src/expressions/runtime/regex-run.js';
import { freshState } from './evaluate.js';

const CAP_MS = 300;
beforeAll(() => setRegexMatchTimeoutCap(CAP_MS));
afterAll(() => setRegexMatchTimeoutCap(DEFAULT_MATCH_TIMEOUT_CAP_MS));

/** Evaluates as the gateway does, measuring the longest gap between event-loop turns meanwhile. */
async function gatewayEvaluate(code: string, headers: Record<string, string> = {}): Promise<{ text?: string; error?: string; message?: string; ms: number; longestStallMs: number }> {
  const r = compileExpression(sourceFromString(code, 'expression'));
  if (!r.evaluator) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  let last = performance.now();
  let longestStallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestStallMs = Math.max(longestStallMs, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  try {
    const v = await r.evaluator.evaluate(freshState(headers));
    return { text: dotnet.toString(v), ms: performance.now() - started, longestStallMs };
  } catch (e) {
    if (!(e instanceof ExpressionEvaluationError)) throw e;
    return { error: e.dotnetType, message: e.dotnetMessage, ms: performance.now() - started, longestStallMs };
  } finally {
    clearInterval(ticker);
    longestStallMs = Math.max(longestStallMs, performance.now() - last);
  }
}

const TIMEOUT = 'System.Text.RegularExpressions.RegexMatchTimeoutException';
const long = (unit: string, n: number, tail = '') => ({ 'X-Input': unit.repeat(n) + tail });
const input = 'context.Request.Headers.GetValueOrDefault("X-Input", "")';

describe('pathological patterns run on RE2 in linear time', () => {
  const cases: Array<[pattern: string, headers: Record<string, string>]> = [
    ['^(a|a)*$', long('a', 8000, '!')],
    ['a*a*a*a*a*b', long('a', 8000)],
    ['^\\s*\\s*\\s*$', long(' ', 8000, '!')],
    ['(a+)+$', long('a', 8000, '!')],
    ['^(\\w+\\s?)*$', long('word ', 1600, '!')],
  ];
  it.each(cases)('%s answers False without stalling the event loop', async (pattern, headers) => {
    const got = await gatewayEvaluate(`Regex.IsMatch(${input}, @"${pattern}")`, headers);
    expect(got.text).toBe('False');
    // RE2 on 8,000 characters inline: milliseconds, where backtracking would take years
    expect(got.ms).toBeLessThan(1000);
  });

  it('a 1M-character input goes to the pool (linear, off the event loop)', async () => {
    const got = await gatewayEvaluate(`Regex.IsMatch(${input}, @"^(a|a)*$")`, long('a', 1_000_000, '!'));
    // linear, yet long work is held to the cap too (a cold worker on a busy machine may reach it)
    expect(got.text ?? got.error).toMatch(/^(False|System\.Text\.RegularExpressions\.RegexMatchTimeoutException)$/);
    expect(got.longestStallMs).toBeLessThan(250);
  });
});

describe('patterns RE2 cannot run go to the worker pool under the gateway cap', () => {
  it('a back reference against a long input: answers or times out, within the cap, never stalling the loop', async () => {
    const got = await gatewayEvaluate(`Regex.IsMatch(${input}, @"^(a+)\\1*$")`, long('a', 30_000, '!'));
    if (got.error) expect(got.error).toBe(TIMEOUT);
    else expect(got.text).toBe('False');
    expect(got.ms).toBeLessThan(CAP_MS + 1500);
    expect(got.longestStallMs).toBeLessThan(250);
  });

  it('exponential backtracking with a back reference throws RegexMatchTimeoutException with .NET message', async () => {
    const got = await gatewayEvaluate(`Regex.IsMatch(${input}, @"^(a+)+\\1$")`, long('a', 40, '!'));
    expect(got.error).toBe(TIMEOUT);
    expect(got.message).toBe(
      'The RegEx engine has timed out while trying to match a pattern to an input string. This can occur for many reasons, including very large inputs or excessive backtracking caused by nested quantifiers, back-references and other factors.',
    );
    expect(got.ms).toBeLessThan(CAP_MS + 1500);
    expect(got.longestStallMs).toBeLessThan(250);
  });

  it('a policy-set TimeSpan.FromSeconds(1000) is capped by the gateway', async () => {
    const got = await gatewayEvaluate(`new Regex(@"^(a+)+\\1$", RegexOptions.None, TimeSpan.FromSeconds(1000)).IsMatch(${input})`, long('a', 40, '!'));
    expect(got.error).toBe(TIMEOUT);
    expect(got.ms).toBeLessThan(CAP_MS + 1500);
  });

  it('the static overloads taking a TimeSpan are capped too', async () => {
    const got = await gatewayEvaluate(`Regex.IsMatch(${input}, @"^(a+)+\\1$", RegexOptions.None, TimeSpan.FromMinutes(10))`, long('a', 40, '!'));
    expect(got.error).toBe(TIMEOUT);
    expect(got.ms).toBeLessThan(CAP_MS + 1500);
  });

  it('C# catch sees the timeout (it is a .NET exception), not the suspension', async () => {
    const got = await gatewayEvaluate(`((Func<string>)(() => { try { return Regex.IsMatch(${input}, @"^(a+)+\\1$").ToString(); } catch (RegexMatchTimeoutException) { return "timed out"; } }))()`, long('a', 40, '!'));
    expect(got.text ?? got.error).toBe('timed out');
  });

  it('back references and lookaround still give .NET results through the pool', async () => {
    const got = await gatewayEvaluate(`Regex.Replace("xx-yy abab", @"(\\w)\\1|(?<=a)b", "<$0>") + "|" + Regex.Matches("aa bb cc", @"(\\w)\\1").Count`);
    expect(got.text ?? got.message).toBe("<xx>-<yy> a<b>a<b>|3");
  });

  it('many pool jobs in one evaluation share the cap', async () => {
    const got = await gatewayEvaluate(`Enumerable.Range(0, 10).Select(i => Regex.IsMatch(${input} + i, @"^(a+)+\\1$")).Count()`, long('a', 40, '!'));
    expect(got.error).toBe(TIMEOUT);
    expect(got.ms).toBeLessThan(CAP_MS + 1500);
  });
});

describe('the re-run after a pooled regex', () => {
  it('applies context.Trace once, with the values of the completed run', async () => {
    const state = freshState({ 'X-Input': 'xx' });
    const traced: string[] = [];
    state.trace = (_source, message) => void traced.push(message);
    const code = `{ context.Trace("before"); var m = Regex.IsMatch(${input}, @"(x)\\1"); context.Trace("after " + m); var n = Regex.IsMatch("yy", @"(y)\\1"); context.Trace("end " + n); return m && n; }`;
    const r = compileExpression(sourceFromString(code.slice(1, -1), 'block'));
    expect(dotnet.toString(await r.evaluator!.evaluate(state))).toBe('True');
    expect(traced).toEqual(['before', 'after True', 'end True']);
  });
});

describe(".NET's Unicode classes", () => {
  const rows: Array<[string, string]> = [
    ['Regex.IsMatch("ÀB", @"^\\w+$")', 'True'],
    ['Regex.IsMatch("ÀB", @"^\\w+$", RegexOptions.ECMAScript)', 'False'],
    ['Regex.IsMatch("\u0663\u0664", @"^\\d+$")', 'True'],
    ['Regex.IsMatch("\u00A0", @"^\\s$")', 'True'],
    ['Regex.Matches("élan vital", @"\\b\\w+\\b").Count', '2'],
    ['Regex.Match("naïve café", @"\\w+$").Value', 'café'],
    ['Regex.IsMatch("Ω", @"^[\\W]$")', 'False'],
    // UTF-16 units as .NET: a surrogate pair is two characters for '.'
    ['Regex.Matches("😀", ".").Count', '2'],
    // '$' before a final newline (the JS engine takes such inputs)
    ['Regex.Match("abc\\n", "c$").Index', '2'],
  ];
  it.each(rows)('%s → %s', async (code, want) => {
    expect((await gatewayEvaluate(code)).text).toBe(want);
  });
});
