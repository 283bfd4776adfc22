/** jsonata's regex literals run on RE2: linear whatever the pattern; what RE2 cannot run is refused at compile time. */
import { describe, expect, it } from 'vitest';
import { compileExpression, dotnet, sourceFromString } from '../../src/expressions/index.js';
import { freshState } from './runtime/evaluate.js';

async function run(code: string, headers: Record<string, string> = {}): Promise<string> {
  const r = compileExpression(sourceFromString(code, 'jsonata'));
  if (!r.evaluator) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  return dotnet.toString(await r.evaluator.evaluate(freshState(headers)));
}

describe('jsonata regex functions on RE2', () => {
  it.each([
    ['$join($match("a1b22c333", /\\d+/).match, ",")', '1,22,333'],
    ['$match("a1b22", /(\\w)(\\d+)/)[1].groups[1]', '22'],
    ['$replace("hello world", /(\\w+) (\\w+)/, "$2 $1")', 'world hello'],
    ['$join($split("a1b2c", /\\d/), "|")', 'a|b|c'],
    ['$contains("ABC", /b/i)', 'True'],
    ['$contains("x\\nab", /^ab$/m)', 'True'],
  ])('%s → %s', async (code, want) => {
    expect(await run(code)).toBe(want);
  });

  it.each(['^(a|a)*$', 'a*a*a*a*a*b', '^\\s*\\s*\\s*$', '(a+)+$'])('/%s/ on a long header answers at once', async (pattern) => {
    const started = performance.now();
    expect(await run(`$contains($lookup(request.headers, "x-input"), /${pattern}/)`, { 'X-Input': 'a'.repeat(20_000) + '!' })).toBe('False');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each(['(a)\\1', 'a(?=b)', '(?<!x)y'])('/%s/ is refused when the policy is loaded (OH301)', (pattern) => {
    const r = compileExpression(sourceFromString(`$match("ab", /${pattern}/)`, 'jsonata'));
    expect(r.evaluator).toBeUndefined();
    expect(r.diagnostics[0]!.code).toBe('OH301');
    expect(r.diagnostics[0]!.message).toContain('back references and lookaround are not available in @jsonata expressions');
  });
});
