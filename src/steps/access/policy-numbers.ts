/** Numbers read from attributes whose value may come from an expression: checked when the step runs. */
import { PolicyError } from '../runtime/errors.js';

export function integerAttribute(text: string, attribute: string, source: string, min = Number.MIN_SAFE_INTEGER): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < min) {
    const what = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : 'an integer';
    throw new PolicyError(source, 'ExpressionValueEvaluationFailure', `'${attribute}' must be ${what}, not '${text}'.`);
  }
  return n;
}
