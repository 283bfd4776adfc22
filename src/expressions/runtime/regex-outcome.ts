/** What a regex job ended with, wherever it ran; `unwrap` turns it into matches or the .NET exception. */
import { BudgetExceeded } from '../budget.js';
import { fail } from './fail.js';
import { TOO_MANY_MATCHES, type RawMatch } from './regex-exec.js';

export type Outcome = { matches: RawMatch[] } | { timedOut: true } | { error: string };

export const TIMEOUT_MESSAGE =
  'The RegEx engine has timed out while trying to match a pattern to an input string. This can occur for many reasons, including very large inputs or excessive backtracking caused by nested quantifiers, back-references and other factors.';

export function unwrap(o: Outcome, pattern: string, limit: number): RawMatch[] {
  if ('matches' in o) return o.matches;
  if ('timedOut' in o) fail('System.Text.RegularExpressions.RegexMatchTimeoutException', TIMEOUT_MESSAGE);
  if (o.error === TOO_MANY_MATCHES) throw new BudgetExceeded(`the expression collected more than ${limit} regular expression matches`);
  fail('System.ArgumentException', `Invalid pattern '${pattern}'. ${o.error}`.trim());
}
