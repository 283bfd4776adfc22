/**
 * `onhandshake policies [--format text|markdown|json]`: the policy support matrix, from the handler
 * table (docs/policies.md is this command's markdown output).
 */
import { parseArgs } from 'node:util';
import { supportMatrixJson, supportMatrixMarkdown, supportMatrixText } from '../steps/support-matrix.js';

const USAGE = `usage: onhandshake policies [--format text|markdown|json]

Prints every policy element the compiler knows and whether this version runs it.
`;

export default async function policies(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    process.stderr.write(`onhandshake policies: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
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
      process.stderr.write(`onhandshake policies: --format must be text, markdown or json, not '${values.format}'\n`);
      return 2;
  }
}
