/**
 * `onhandshake policies [--format text|markdown|json]`: the policy support matrix, from the handler
 * table (docs/policies.md is this command's markdown output).
 * `onhandshake policies --effective --apiops DIR [--apiops-config F] [--api A] [--diff F2]`: the merged
 * onHandshake policy of each WebSocket API of an APIOps estate, or what changes between two environments.
 */
import { parseCommandLine, usageError, type CommandDescription } from './command-line.js';
import { supportMatrixJson, supportMatrixMarkdown, supportMatrixText } from '../steps/support-matrix.js';
import { APIOPS_HELP, APIOPS_OPTIONS, loadApiopsArguments } from './apiops-options.js';
import { effectivePolicies, renderEffective, renderEffectiveDiff } from './effective-policy.js';
import { formatDiagnostic } from '../gateway/format-diagnostic.js';

const USAGE = `usage: onhandshake policies [--format text|markdown|json]
       onhandshake policies --effective --apiops DIR [--apiops-config F] [--api NAME] [--diff F2]
                            [--named-values SECRETS]

Prints every policy element the compiler knows and whether this version runs it; with --effective, the
merged onHandshake policy of each WebSocket API of an APIOps estate, each line followed by the file it
came from (docs/apiops.md).

  --format F           text (default), markdown (docs/policies.md; also: md) or json
  --effective          the merged policies of an estate (needs --apiops)
${APIOPS_HELP}
  --api NAME           only this API (its folder name)
  --diff F2            what changes from --apiops-config F (or no override file) to override file F2
  --named-values F     secret and Key Vault values (displayName: value)
`;

const COMMAND: CommandDescription = {
  name: 'policies',
  usage: USAGE,
  exitCodes: { 0: 'the matrix (or the effective policies) was printed', 1: 'the estate has errors', 2: 'usage error' },
  formats: { text: [], markdown: ['md'], json: [] },
};

export default async function policies(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, argv, {
    format: { type: 'string', default: 'text' },
    effective: { type: 'boolean' },
    ...APIOPS_OPTIONS,
    api: { type: 'string' },
    diff: { type: 'string' },
    'named-values': { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length) return usageError(COMMAND, `unexpected argument '${positionals[0]}'`);
  if (values.effective || values.apiops !== undefined) {
    if (!values.effective || values.apiops === undefined) return usageError(COMMAND, '--effective and --apiops DIR go together');
    return effective(values);
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
      return 2; // parseCommandLine accepts only the formats above
  }
}

interface EffectiveArguments {
  apiops?: string;
  'apiops-config'?: string;
  'named-values'?: string;
  api?: string;
  diff?: string;
}

function effective(args: EffectiveArguments): number {
  const before = loadApiopsArguments(args);
  if (!before.config) return 1;
  if (args.api !== undefined && !before.config.apis.some((a) => a.name.toLowerCase() === args.api!.toLowerCase())) {
    return usageError(COMMAND, `no WebSocket API '${args.api}' in the estate (its WebSocket APIs: ${before.config.apis.map((a) => a.name).join(', ')})`);
  }
  const first = effectivePolicies(before.config, args.api);
  for (const d of first.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  if (args.diff === undefined) {
    process.stdout.write(renderEffective(first.policies));
    return first.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  }
  const after = loadApiopsArguments({ ...args, 'apiops-config': args.diff });
  if (!after.config) return 1;
  const second = effectivePolicies(after.config, args.api);
  for (const d of second.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  process.stdout.write(renderEffectiveDiff(first.policies, second.policies, { before: args['apiops-config'] ?? '(no override file)', after: args.diff }));
  return [...first.diagnostics, ...second.diagnostics].some((d) => d.severity === 'error') ? 1 : 0;
}
