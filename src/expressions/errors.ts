/**
 * Runtime failures. Runtime functions throw a `DotnetException` (via `dotnetError`); the interpreter
 * catches it at the top of an evaluation and raises an `ExpressionEvaluationError` located at the
 * sub-expression that failed, shaped like APIM's ExpressionValueEvaluationFailure.
 */
import type { ExpressionFailure } from './contract.js';

/** A .NET exception in flight inside the interpreter (catchable by C# `try`/`catch`). */
export class DotnetException extends Error {
  constructor(
    /** Full .NET type name, e.g. `System.FormatException`. */
    readonly dotnetType: string,
    message: string,
    /** The inner exception, when one exists. */
    readonly inner?: DotnetException,
  ) {
    super(message);
    this.name = dotnetType;
  }
}

/** Build a .NET exception to `throw`: `throw dotnetError('System.FormatException', '…')`. */
export function dotnetError(dotnetType: string, message?: string, inner?: DotnetException): DotnetException {
  return new DotnetException(dotnetType, message ?? DEFAULT_MESSAGES[dotnetType] ?? `Exception of type '${dotnetType}' was thrown.`, inner);
}

/** The messages .NET uses when a parameterless exception constructor is called. */
export const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  'System.NullReferenceException': 'Object reference not set to an instance of an object.',
  'System.InvalidCastException': 'Specified cast is not valid.',
  'System.FormatException': 'One of the identified items was in an invalid format.',
  'System.OverflowException': 'Arithmetic operation resulted in an overflow.',
  'System.DivideByZeroException': 'Attempted to divide by zero.',
  'System.IndexOutOfRangeException': 'Index was outside the bounds of the array.',
  'System.ArgumentException': 'Value does not fall within the expected range.',
  'System.ArgumentNullException': 'Value cannot be null.',
  'System.ArgumentOutOfRangeException': 'Specified argument was out of the range of valid values.',
  'System.InvalidOperationException': 'Operation is not valid due to the current state of the object.',
  'System.NotSupportedException': 'Specified method is not supported.',
  'System.Exception': "Exception of type 'System.Exception' was thrown.",
};

export function nullReference(): DotnetException {
  return dotnetError('System.NullReferenceException');
}

/**
 * An expression failed at run time. `reason` is APIM's LastError.Reason for it; the other fields are
 * the ExpressionFailure contract (the .NET exception and where it happened in the policy file).
 */
export class ExpressionEvaluationError extends Error implements ExpressionFailure {
  readonly reason = 'ExpressionValueEvaluationFailure';
  constructor(
    readonly dotnetType: string,
    readonly dotnetMessage: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    /** The text of the expression that failed (for traces). */
    readonly expression?: string,
  ) {
    super(`${dotnetType}: ${dotnetMessage} (${file}:${line}:${column})`);
    this.name = 'ExpressionEvaluationError';
  }
}
