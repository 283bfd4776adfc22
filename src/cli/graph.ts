/**
 * `onhandshake graph POLICY [--format text|mermaid] [--named-value N=V]… [--named-values F] [--fragments DIR]`:
 * the compiled step graph with each node's path and line. Exit 0, 1 on compile errors, 2 on usage errors.
 */
import { resolve } from 'node:path';
import { NAMED_VALUE_OPTIONS, parseCommandLine, usageError, type CommandDescription } from './command-line.js';
import { renderMermaid, renderTree } from '../graph/graph-render.js';
import { APIOPS_API_HELP, APIOPS_API_OPTIONS, loadCommandPolicy } from './apiops-options.js';

const USAGE = `usage: onhandshake graph POLICY [--format text|mermaid] [--named-value N=V]… [--named-values F] [--fragments DIR]
       onhandshake graph --apiops DIR --api NAME [--apiops-config F] [--format text|mermaid]

Prints the compiled step graph of an onHandshake policy: an indented tree (default) or a Mermaid flowchart.

  --format F           text (default; also: tree), an indented tree, or mermaid, a Mermaid flowchart
  --named-value N=V    a named value (repeatable; wins over --named-values and ONHANDSHAKE_NV_*)
  --named-values F     JSON or YAML named values ({"name": "value"} or {"name": {"value", "secret"}})
  --fragments DIR      folder holding <fragment-id>.xml for include-fragment
${APIOPS_API_HELP}
`;

const COMMAND: CommandDescription = {
  name: 'graph',
  usage: USAGE,
  exitCodes: { 0: 'the graph was printed', 1: 'compile errors', 2: 'usage error' },
  formats: { text: ['tree'], mermaid: [] },
};

export default async function graph(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, argv, {
      format: { type: 'string', default: 'text' },
      ...NAMED_VALUE_OPTIONS,
      fragments: { type: 'string' },
      ...APIOPS_API_OPTIONS,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.apiops !== undefined) {
    if (positionals.length) return usage('give either a policy file or --apiops DIR --api NAME');
    if (values.api === undefined) return usage('--apiops needs --api NAME (the API folder to show)');
  } else if (positionals.length !== 1) return usage('give exactly one policy file');
  const loaded = await loadCommandPolicy(values, positionals[0]);
  const g = loaded.compiled?.graph;
  if (!g) return 1;
  process.stdout.write(values.format === 'mermaid' ? renderMermaid(g.sections) : renderTree(g.sections, positionals[0] !== undefined ? { file: positionals[0] } : { cwd: resolve(values.apiops!) }));
  return 0;
}

function usage(message: string): number {
  return usageError(COMMAND, message);
}
