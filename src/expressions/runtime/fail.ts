/**
 * Short helpers for raising .NET exceptions with .NET's exact messages (the exception object is the
 * core engine's DotnetException, so C# `catch` and the ExpressionValueEvaluationFailure mapping see it).
 */
import { dotnetError } from '../errors.js';

export function fail(dotnetType: string, message: string): never {
  throw dotnetError(dotnetType, message);
}

/** .NET's ArgumentNullException text. */
export function argumentNull(parameter: string): never {
  fail('System.ArgumentNullException', `Value cannot be null. (Parameter '${parameter}')`);
}

export function argumentOutOfRange(parameter: string, detail: string): never {
  fail('System.ArgumentOutOfRangeException', `${detail} (Parameter '${parameter}')`);
}

/** .NET 8's FormatException text for a number or value that does not parse. */
export function badInputFormat(input: string): never {
  fail('System.FormatException', `The input string '${input}' was not in a correct format.`);
}
