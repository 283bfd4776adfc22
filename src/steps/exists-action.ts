/** The `exists-action` of set-header and set-query-parameter (override | skip | append | delete). */
import { PolicyError } from './runtime/errors.js';

export const EXISTS_ACTIONS = ['override', 'skip', 'append', 'delete'] as const;
export type ExistsAction = (typeof EXISTS_ACTIONS)[number];

/** Validates an exists-action produced by an expression at run time. */
export function toExistsAction(source: string, text: string): ExistsAction {
  const action = text.trim().toLowerCase();
  if ((EXISTS_ACTIONS as readonly string[]).includes(action)) return action as ExistsAction;
  throw new PolicyError(source, 'ExpressionValueEvaluationFailure', `'exists-action' must be override, skip, append or delete, not '${text}'.`);
}

/**
 * The values a name ends with: `undefined` means remove it, `null` means leave it as it is.
 * override → exactly the listed values; skip → the listed values only if absent; append → existing
 * then listed; delete → removed.
 */
export function resolveValues(action: ExistsAction, current: readonly string[] | undefined, values: readonly string[]): string[] | undefined | null {
  switch (action) {
    case 'delete':
      return undefined;
    case 'skip':
      return current !== undefined ? null : [...values];
    case 'append':
      return [...(current ?? []), ...values];
    case 'override':
      return [...values];
  }
}
