/**
 * For the CLI (`trace`, `graph`): read one onHandshake policy file with its named values and
 * fragments, merge it as the operation scope, and compile it. Every finding comes back as a
 * diagnostic with its location; nothing runs when there is an error.
 */
import {
  hasErrors,
  loadNamedValues,
  mergeNamedValues,
  mergeScopes,
  namedValuesFromEnv,
  readPolicyFile,
  type Diagnostic,
  type NamedValues,
} from '../policy/index.js';
import { compileSections, type CompileResult } from './compile.js';
import type { GraphCompileOptions } from '../steps/runtime/options.js';

export interface LoadOptions {
  namedValuesFile?: string;
  /** Named values given on the command line (--named-value N=V): they win over the file and the environment. */
  namedValues?: NamedValues;
  fragmentsDir?: string;
  compile?: GraphCompileOptions;
}

export interface LoadedPolicy {
  compiled?: CompileResult;
  diagnostics: Diagnostic[];
  /** Text of the files read, for showing source lines with diagnostics. */
  sources: Map<string, string>;
  secrets: string[];
}

export function loadPolicy(file: string, options: LoadOptions = {}): LoadedPolicy {
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  let fromFile;
  if (options.namedValuesFile !== undefined) {
    const loaded = loadNamedValues(options.namedValuesFile);
    for (const d of loaded.diagnostics) diagnostics.push(d);
    fromFile = loaded.values;
  }
  // No file and no ONHANDSHAKE_NV_* variables: no source at all, so uses become placeholders with one
  // warning (as `check` does) instead of one error each.
  const fromEnv = namedValuesFromEnv(process.env);
  const namedValues = mergeNamedValues(fromFile, fromEnv.size > 0 ? fromEnv : undefined, options.namedValues);
  const read = readPolicyFile(file, { ...(namedValues ? { namedValues } : {}), ...(options.fragmentsDir ? { fragmentsDir: options.fragmentsDir } : {}) });
  if (read.text !== undefined) sources.set(file, read.text);
  for (const d of read.diagnostics) diagnostics.push(d);
  const document = read.document;
  if (!document || hasErrors(diagnostics)) return { diagnostics, sources, secrets: [] };
  if (document.root !== 'policies') {
    diagnostics.push({ severity: 'error', code: 'OH120', message: 'a <fragment> cannot be run on its own: include it from a <policies> document', file, line: 1, column: 1 });
    return { diagnostics, sources, secrets: [] };
  }
  const merged = mergeScopes([{ scope: 'operation', document }], {
    ...(options.fragmentsDir ? { fragmentsDir: options.fragmentsDir } : {}),
    ...(namedValues ? { namedValues } : {}),
    onSource: (f, text) => sources.set(f, text),
  });
  for (const d of merged.diagnostics) diagnostics.push(d);
  if (hasErrors(diagnostics)) return { diagnostics, sources, secrets: document.secrets };
  const secrets = [...document.secrets, ...[...(namedValues?.values() ?? [])].filter((v) => v.secret).map((v) => v.value)];
  const compiled = compileSections(merged.sections, { ...options.compile, secrets: [...(options.compile?.secrets ?? []), ...secrets] });
  for (const d of compiled.diagnostics) diagnostics.push(d);
  return { compiled, diagnostics, sources, secrets };
}
