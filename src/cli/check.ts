/**
 * `onhandshake check PATH… [--named-value N=V]… [--named-values F] [--fragments DIR] [--format text|json]`
 * PATH: a policy file, a folder (its *.xml files) or a quoted glob (`**` for any folders).
 * Exit 0: no error; 1: errors found; 2: usage error.
 */
import { commandLineNamedValues, NAMED_VALUE_OPTIONS, parseCommandLine, usageError as commandUsageError, type CommandDescription } from './command-line.js';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { discoverFiles } from '../common/discover-files.js';
import { displayPath } from '../testing/display-path.js';
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
import { APIOPS_HELP, APIOPS_OPTIONS } from './apiops-options.js';
import { checkApiops } from './check-apiops.js';

const COMMAND: CommandDescription = {
  name: 'check',
  usage: `usage: onhandshake check PATH… [--named-value N=V]… [--named-values F] [--fragments DIR] [--format text|json]
       onhandshake check --apiops DIR [--apiops-config F] [--named-values SECRETS] [--format text|json]

Checks onHandshake policy files without running them: XML and expressions as APIM reads them, named
values, <base/> and fragments, and the policies and headers onHandshake refuses. PATH is a policy
file, a folder (every *.xml below it) or a quoted glob such as 'policies/**/*.xml'.

  --named-value N=V    a named value (repeatable; wins over the file and the environment)
  --named-values F     JSON or YAML: {"name": "value"} or {"name": {"value": "…", "secret": true}}
                       (ONHANDSHAKE_NV_<name> environment variables add to or override them)
  --fragments DIR      folder holding <fragment-id>.xml for include-fragment
  --format F           text (default; also: human) or json
${APIOPS_HELP}
                       (every policy of the estate, HTTP APIs included; the onHandshake rules where they apply)
`,
  exitCodes: { 0: 'no errors (warnings may be printed)', 1: 'errors found', 2: 'usage error' },
  formats: { text: ['human'], json: [] },
};

/** Later stages add their checks here: the step compiler validates attributes, children and expressions. */
export const extraPasses: ExtraPass[] = [compilerCheckPass];

/** Policy files in a folder given to check. */
const POLICY_FILE = /\.xml$/i;

export default async function check(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, argv, {
      ...NAMED_VALUE_OPTIONS,
      fragments: { type: 'string' },
      format: { type: 'string', default: 'text' },
      ...APIOPS_OPTIONS,
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.apiops !== undefined) {
    if (positionals.length || values.fragments !== undefined) return usageError('--apiops takes the whole estate: give no policy files or --fragments with it');
    const estate = await checkApiops(values.apiops, {
      ...(values['apiops-config'] !== undefined ? { configFile: values['apiops-config'] } : {}),
      ...(values['named-values'] !== undefined ? { secretsFile: values['named-values'] } : {}),
    });
    return report(estate.files, estate.sources, values.format);
  }
  if (positionals.length === 0) return usageError('no policy file given');
  const fragmentsDir = values.fragments;
  if (fragmentsDir !== undefined && !isDirectory(fragmentsDir)) return usageError(`--fragments ${fragmentsDir}: not a folder`);
  // Paths that name nothing go through as they are: the reader reports them as unreadable files.
  const discovered = discoverFiles(positionals, POLICY_FILE);
  const unmatchedGlobs = discovered.missing.filter((p) => /[*?{[]/.test(p));
  if (unmatchedGlobs.length) return usageError(`no file matches ${unmatchedGlobs.map((p) => `'${p}'`).join(', ')}`);
  // A file named on the command line is shown as typed; one found in a folder or by a glob, from here.
  const typed = new Map(positionals.map((p) => [resolve(p), p]));
  const files = [...discovered.files.map((f) => typed.get(f) ?? displayPath(f, process.cwd())), ...discovered.missing];
  if (files.length === 0) return usageError(`no policy files (*.xml) under ${positionals.join(', ')}`);

  const fromEnv = namedValuesFromEnv(process.env);
  let fromFile;
  const early: FileDiagnostics[] = [];
  if (values['named-values'] !== undefined) {
    const loaded = loadNamedValues(values['named-values']);
    fromFile = loaded.values;
    if (loaded.diagnostics.length > 0) early.push({ file: values['named-values'], diagnostics: loaded.diagnostics });
    if (loaded.diagnostics.some((d) => d.severity === 'error')) return report(early, new Map(), values.format);
  }
  const namedValues = mergeNamedValues(fromFile, fromEnv.size > 0 ? fromEnv : undefined, commandLineNamedValues(values['named-value']));

  const result = checkFiles(files, {
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
  return commandUsageError(COMMAND, message);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
