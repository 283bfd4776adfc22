/**
 * `onhandshake check FILE… [--named-values F] [--fragments DIR] [--format json]`
 * Exit 0: no error; 1: errors found; 2: usage error.
 */
import { parseCommandLine, usageError as commandUsageError } from './command-line.js';
import { statSync } from 'node:fs';
import {
  checkFiles,
  formatDiagnosticsHuman,
  formatDiagnosticsJson,
  loadNamedValues,
  mergeNamedValues,
  namedValuesFromEnv,
  summarize,
  type ExtraPass,
  type FileDiagnostics,
} from '../policy/index.js';
import { compilerCheckPass } from '../graph/check-pass.js';

const USAGE = `usage: onhandshake check FILE… [--named-values F] [--fragments DIR] [--format human|json]

Checks onHandshake policy files without running them: XML and expressions as APIM reads them, named
values, <base/> and fragments, and the policies and headers onHandshake refuses.

  --named-values F   JSON or YAML: {"name": "value"} or {"name": {"value": "…", "secret": true}}
                     (ONHANDSHAKE_NV_<name> environment variables add to or override them)
  --fragments DIR    folder holding <fragment-id>.xml for include-fragment
  --format F         human (default) or json
`;

/** Later stages add their checks here: the step compiler validates attributes, children and expressions. */
export const extraPasses: ExtraPass[] = [compilerCheckPass];

export default async function check(argv: string[]): Promise<number> {
  const parsed = parseCommandLine('check', USAGE, argv, {
      'named-values': { type: 'string' },
      fragments: { type: 'string' },
      format: { type: 'string', default: 'human' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.format !== 'human' && values.format !== 'json') return usageError(`--format must be human or json, not '${values.format}'`);
  if (positionals.length === 0) return usageError('no policy file given');
  const fragmentsDir = values.fragments;
  if (fragmentsDir !== undefined && !isDirectory(fragmentsDir)) return usageError(`--fragments ${fragmentsDir}: not a folder`);

  const fromEnv = namedValuesFromEnv(process.env);
  let fromFile;
  const early: FileDiagnostics[] = [];
  if (values['named-values'] !== undefined) {
    const loaded = loadNamedValues(values['named-values']);
    fromFile = loaded.values;
    if (loaded.diagnostics.length > 0) early.push({ file: values['named-values'], diagnostics: loaded.diagnostics });
    if (loaded.diagnostics.some((d) => d.severity === 'error')) return report(early, new Map(), values.format);
  }
  const namedValues = mergeNamedValues(fromFile, fromEnv.size > 0 ? fromEnv : undefined);

  const result = checkFiles(positionals, {
    ...(namedValues ? { namedValues } : {}),
    ...(fragmentsDir !== undefined ? { fragmentsDir } : {}),
    passes: extraPasses,
  });
  return report([...early, ...result.files], result.sources, values.format);
}

function report(files: FileDiagnostics[], sources: Map<string, string>, format: string): number {
  const all = files.flatMap((f) => f.diagnostics);
  if (format === 'json') {
    process.stdout.write(formatDiagnosticsJson(files) + '\n');
  } else {
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
    process.stdout.write(formatDiagnosticsHuman(all, sources, { color }));
    const checked = files.length;
    process.stdout.write(`${summarize(all)} in ${checked} file${checked === 1 ? '' : 's'}\n`);
  }
  return all.some((d) => d.severity === 'error') ? 1 : 0;
}

function usageError(message: string): number {
  return commandUsageError('check', USAGE, message);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
