/**
 * `onhandshake graph POLICY [--format tree|mermaid] [--named-values F] [--fragments DIR]`:
 * the compiled step graph with each node's path and line. Exit 0, 1 on compile errors, 2 on usage errors.
 */
import { parseCommandLine, usageError } from './command-line.js';
import { formatDiagnosticsHuman } from '../policy/index.js';
import { renderMermaid, renderTree } from '../graph/graph-render.js';
import { loadPolicy } from '../graph/load-policy.js';

const USAGE = `usage: onhandshake graph POLICY [--format tree|mermaid] [--named-values F] [--fragments DIR]

Prints the compiled step graph of an onHandshake policy: an indented tree (default) or a Mermaid flowchart.
`;

export default async function graph(argv: string[]): Promise<number> {
  const parsed = parseCommandLine('graph', USAGE, argv, {
      format: { type: 'string', default: 'tree' },
      'named-values': { type: 'string' },
      fragments: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usage('give exactly one policy file');
  if (values.format !== 'tree' && values.format !== 'mermaid') return usage(`--format must be tree or mermaid, not '${values.format}'`);
  const loaded = loadPolicy(positionals[0]!, {
    ...(values['named-values'] ? { namedValuesFile: values['named-values'] } : {}),
    ...(values.fragments ? { fragmentsDir: values.fragments } : {}),
  });
  if (loaded.diagnostics.length > 0) process.stderr.write(formatDiagnosticsHuman(loaded.diagnostics, loaded.sources, { color: process.stderr.isTTY === true }));
  const g = loaded.compiled?.graph;
  if (!g) return 1;
  process.stdout.write(values.format === 'mermaid' ? renderMermaid(g.sections) : renderTree(g.sections, { file: positionals[0]! }));
  return 0;
}

function usage(message: string): number {
  return usageError('graph', USAGE, message);
}
