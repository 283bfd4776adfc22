/**
 * `onhandshake policies [--format text|markdown|json]`: the policy support matrix, from the handler
 * table (docs/policies.md is this command's markdown output).
 */
import { parseCommandLine, usageError, type CommandDescription } from './command-line.js';
import { supportMatrixJson, supportMatrixMarkdown, supportMatrixText } from '../steps/support-matrix.js';

const USAGE = `usage: onhandshake policies [--format text|markdown|json]

Prints every policy element the compiler knows and whether this version runs it.

  --format F           text (default), markdown (docs/policies.md; also: md) or json
`;

const COMMAND: CommandDescription = {
  name: 'policies',
  usage: USAGE,
  exitCodes: { 0: 'the matrix was printed', 2: 'usage error' },
  formats: { text: [], markdown: ['md'], json: [] },
};

export default async function policies(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, argv, { format: { type: 'string', default: 'text' } });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length) return usageError(COMMAND, `unexpected argument '${positionals[0]}'`);
  switch (values.format) {
    case 'text':
      process.stdout.write(supportMatrixText());
      return 0;
    case 'markdown':
      process.stdout.write(supportMatrixMarkdown());
      return 0;
    case 'json':
      process.stdout.write(JSON.stringify(supportMatrixJson(), null, 2) + '\n');
      return 0;
    default:
      return 2; // parseCommandLine accepts only the formats above
  }
}
