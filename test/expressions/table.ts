/**
 * Table-driven expression cases: `[code, expectedToString, expectedDotnetType]` or
 * `[code, { throws: 'System.X' }]` or `[code, { diagnostic: 'OH3xx' }]`. Code starting with `{` is an
 * `@{ }` block (the braces are stripped); anything else is an `@( )` expression.
 */
import { describe, expect, it } from 'vitest';
import { compileExpression, dotnet, ExpressionEvaluationError, sourceFromString } from '../../src/expressions/index.js';
import { stateFromJson, type ContextFile } from '../../src/expressions/host/state-from-json.js';
import type { HandshakeState } from '../../src/model/state.js';

export type Case =
  | [code: string, text: string | null, type: string]
  | [code: string, outcome: { throws: string; message?: string | RegExp } | { diagnostic: string }];

export interface Outcome {
  text?: string | null;
  type?: string;
  throws?: string;
  message?: string;
  diagnostic?: string;
}

export function evaluate(code: string, state: HandshakeState = stateFromJson({})): Outcome {
  const block = code.startsWith('{');
  const source = sourceFromString(block ? code.slice(1, -1) : code, block ? 'block' : 'expression', 'case.xml');
  const r = compileExpression(source);
  if (!r.evaluator) return { diagnostic: r.diagnostics[0]!.code, message: r.diagnostics[0]!.message };
  try {
    const v = blocking(r.evaluator).call(r.evaluator, state) as unknown;
    return { text: v === null ? null : dotnet.toString(v), type: dotnet.typeName(v) };
  } catch (e) {
    if (!(e instanceof ExpressionEvaluationError)) throw e;
    return { throws: e.dotnetType, message: e.dotnetMessage };
  }
}

export function runTable(area: string, cases: Case[], context?: ContextFile | (() => HandshakeState)): void {
  describe(area, () => {
    it.each(cases.map((c) => [c[0], c] as const))('%s', (_code, c) => {
      const state = typeof context === 'function' ? context() : stateFromJson(context ?? {});
      const got = evaluate(c[0], state);
      if (c.length === 3) {
        expect(got).toEqual({ text: c[1], type: c[2] });
      } else if ('throws' in c[1]) {
        expect(got.throws, got.diagnostic ? `compile error: ${got.message}` : `value ${got.text}`).toBe(c[1].throws);
        if (c[1].message instanceof RegExp) expect(got.message).toMatch(c[1].message);
        else if (c[1].message !== undefined) expect(got.message).toBe(c[1].message);
      } else {
        expect(got.diagnostic, `message: ${got.message}`).toBe(c[1].diagnostic);
      }
    });
  });
}

export const I = 'System.Int32';
export const L = 'System.Int64';
export const D = 'System.Double';
export const S = 'System.String';
export const B = 'System.Boolean';
export const C = 'System.Char';
export const NULL = 'null';

/** The synchronous entry of C# evaluators (a pooled regex blocks, bounded), else `evaluate`. */
function blocking(e: { evaluate(s: HandshakeState): unknown }): (s: HandshakeState) => unknown {
  return (e as { evaluateBlocking?: (s: HandshakeState) => unknown }).evaluateBlocking ?? e.evaluate;
}
