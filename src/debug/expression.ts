/**
 * C# (or `@jsonata(…)`) typed in the debugger — watch, hover, debug console, breakpoint conditions,
 * logpoint `{…}` parts, setVariable values — compiled by the policy engine and evaluated against the
 * paused handshake's state. Failures read as .NET reports them (`System.NullReferenceException: …`).
 */
import { sourceOf } from '../expressions/host/typed-source.js';
import { compileExpression, ExpressionEvaluationError, type Evaluator } from '../expressions/index.js';
import type { HandshakeState } from '../model/state.js';

export class DebugExpressionError extends Error {}

/** Compiles once (a breakpoint condition is evaluated on every hit). */
export function compileDebugExpression(text: string): Evaluator {
  const candidates = sourceOf(text);
  let compiled = compileExpression(candidates[0]!);
  // Bare statements (`var x = …; return x;`) are a block.
  if (!compiled.evaluator && candidates[1]) {
    const asBlock = compileExpression(candidates[1]);
    if (asBlock.evaluator) compiled = asBlock;
  }
  if (!compiled.evaluator) {
    const d = compiled.diagnostics[0];
    throw new DebugExpressionError(d ? `${d.code} at column ${d.column}: ${d.message}` : 'the expression does not compile');
  }
  return compiled.evaluator;
}

export async function evaluateDebugExpression(evaluator: Evaluator, state: HandshakeState): Promise<unknown> {
  try {
    return await evaluator.evaluate(state);
  } catch (e) {
    if (e instanceof ExpressionEvaluationError) throw new DebugExpressionError(`${e.dotnetType}: ${e.dotnetMessage}`);
    throw e;
  }
}
