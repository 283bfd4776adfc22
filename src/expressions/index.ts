/**
 * The expression engine's public surface (see contract.ts): compileExpression, the `dotnet` value
 * helpers, ExpressionEvaluationError, and sourceFromString for tests, eval and the CLI.
 */
import type { DotnetValueHelpers } from './contract.js';
import type { ExpressionSource } from '../policy/tree.js';
import { toDotnetString, typeNameOf } from './format.js';
import { dotnetError } from './errors.js';
import { toJsonValue } from './json-view.js';
import { ResponseValue } from './host/response.js';

export { compileExpression } from './compile.js';
export { ExpressionEvaluationError, DotnetException, dotnetError } from './errors.js';
export { setRegexMatchTimeoutCap } from './runtime/regex-run.js';
export type { CompileExpressionOptions, Evaluator, ExpressionCompileResult, ExpressionFailure, DotnetValueHelpers } from './contract.js';

export const dotnet: DotnetValueHelpers = {
  toString: toDotnetString,
  toBoolean(value: unknown): boolean {
    if (typeof value === 'boolean') return value;
    throw dotnetError(
      'System.InvalidCastException',
      value === null || value === undefined ? 'Null object cannot be converted to a value type.' : `Unable to cast object of type '${typeNameOf(value)}' to type 'System.Boolean'.`,
    );
  },
  typeName: typeNameOf,
  toJson: toJsonValue,
  fromString: (text: string) => text,
  createResponse: (init) => new ResponseValue(init.statusCode, init.statusReason, init.headers, init.body),
  readResponse(value: unknown) {
    if (!(value instanceof ResponseValue)) return undefined;
    return { statusCode: value.statusCode, statusReason: value.statusReason, headers: value.headers, body: value.body.bytes };
  },
};

/**
 * An ExpressionSource over a plain string (tests, `eval`, CLI): positions are line/column within `code`,
 * shifted by `origin` (the 1-based line/column of code's first character in `file`).
 */
export function sourceFromString(
  code: string,
  kind: ExpressionSource['kind'] = 'expression',
  file = '<expression>',
  origin: { line: number; column: number } = { line: 1, column: 1 },
): ExpressionSource {
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  return {
    kind,
    code,
    file,
    position(offset: number) {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      const column = offset - lineStarts[lo]! + 1;
      return lo === 0 ? { line: origin.line, column: origin.column + column - 1 } : { line: origin.line + lo, column };
    },
  };
}
