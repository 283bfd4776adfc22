/**
 * Fuzz: random C# expressions built from the allowed surface (strings, LINQ, JArray/JObject, Range and
 * Repeat, string operations) with random sizes up to int.MaxValue, evaluated under the default budget.
 * Each either gives a value or fails with an ExpressionEvaluationError, never a JavaScript error or a
 * crash, and none runs far past the time budget. Seeded: the same expressions on every run.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionEvaluationError, sourceFromString } from '../../src/expressions/index.js';
import { stateFromJson } from '../../src/expressions/host/state-from-json.js';
import { DEFAULT_BUDGET } from '../../src/expressions/budget.js';
import { randomBudgetExpression } from './budget-fuzz-expressions.js';
import { seededRandom } from '../seeded-random.js';

const COUNT = 150;

describe('budget fuzz', () => {
  const random = seededRandom(13);
  const cases = Array.from({ length: COUNT }, () => randomBudgetExpression(random));

  it(`${COUNT} random expressions each end in a value or a .NET-shaped error, within the time cap`, () => {
    const outcomes = { values: 0, stopped: 0, dotnet: 0 };
    let slowest = { code: '', millis: 0 };
    for (const code of cases) {
      const r = compileExpression(sourceFromString(code, 'expression', 'fuzz.xml'));
      expect(r.diagnostics, code).toEqual([]);
      const started = performance.now();
      try {
        r.evaluator!.evaluate(stateFromJson({}));
        outcomes.values++;
      } catch (e) {
        expect(e, `${code}: ${String(e)}`).toBeInstanceOf(ExpressionEvaluationError);
        if ((e as ExpressionEvaluationError).dotnetType === 'System.OperationCanceledException') outcomes.stopped++;
        else outcomes.dotnet++;
      }
      const millis = performance.now() - started;
      if (millis > slowest.millis) slowest = { code, millis };
    }
    if (process.env.BUDGET_FUZZ_REPORT) console.log(outcomes, slowest);
    // The cap is 100 ms of work; a single bounded operation may finish past it. Ten times is "by much".
    expect(slowest.millis, `slowest: ${slowest.code}`).toBeLessThan(DEFAULT_BUDGET.maxMillis * 10);
    // The generator reaches both sides: some values, some budget stops.
    expect(outcomes.values).toBeGreaterThan(10);
    expect(outcomes.stopped).toBeGreaterThan(10);
  }, 120_000);
});
