/**
 * The one way a policy is loaded: its scope layers (global → workspace → product → API → onHandshake operation,
 * as src/config/policy-layers.ts orders them) are read with the named values, their fragments inlined, merged
 * through `<base/>` and compiled into a step graph. The gateway, `check`/`trace`/`graph`, policy tests, the
 * console and the debugger all load through here. Every finding comes back as a diagnostic with its location;
 * nothing is merged or compiled after an error.
 */
import {
  hasErrors,
  loadNamedValues,
  mergeNamedValues,
  mergeScopes,
  namedValuesFromEnv,
  readPolicyFile,
  readPolicyText,
  type Diagnostic,
  type NamedValues,
  type PolicyScope,
  type PolicySections,
  type ScopeLayer,
} from '../policy/index.js';
import { compileSections, type CompileResult } from './compile.js';
import type { GraphCompileOptions } from '../steps/runtime/options.js';

export interface PolicyLayer {
  scope: PolicyScope;
  file: string;
  /** Read instead of the file's content (the console's editor); diagnostics keep the file's name. */
  text?: string;
}

export interface PolicyLoadInput {
  layers: readonly PolicyLayer[];
  namedValues?: NamedValues;
  fragmentsDir?: string;
  /** `false`: stop after merging (blame and coverage need the sections only). */
  compile?: GraphCompileOptions | false;
}

export interface LoadedPolicyLayers {
  /** Present when the documents were read and merged without error. */
  sections?: PolicySections;
  compiled?: CompileResult;
  /** Each layer with the text it was read from ('' when unreadable). */
  layers: Array<Required<PolicyLayer>>;
  /** Text of every file read (layers and fragments), for showing source lines with diagnostics. */
  sources: Map<string, string>;
  diagnostics: Diagnostic[];
  /** Everything to mask: the given secrets, secret named values and the secrets the documents took in. */
  secrets: string[];
}

export function loadPolicyLayers(input: PolicyLoadInput): LoadedPolicyLayers {
  const { namedValues, fragmentsDir } = input;
  const shared = { ...(namedValues ? { namedValues } : {}), ...(fragmentsDir ? { fragmentsDir } : {}) };
  const compileOptions = input.compile === false ? undefined : input.compile;
  const secrets = new Set([...(compileOptions?.secrets ?? []), ...[...(namedValues?.values() ?? [])].filter((v) => v.secret).map((v) => v.value)]);
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const layers: Array<Required<PolicyLayer>> = [];
  const documents: ScopeLayer[] = [];
  const result = (): LoadedPolicyLayers => ({ layers, sources, diagnostics, secrets: [...secrets] });
  for (const { scope, file, text } of input.layers) {
    const read = text !== undefined ? { ...readPolicyText(text, file, { ...shared, scope }), text } : readPolicyFile(file, { ...shared, scope });
    for (const d of read.diagnostics) diagnostics.push(d);
    layers.push({ scope, file, text: read.text ?? '' });
    if (read.text !== undefined) sources.set(file, read.text);
    if (!read.document) continue;
    for (const s of read.document.secrets) secrets.add(s);
    if (read.document.root !== 'policies') {
      diagnostics.push({ severity: 'error', code: 'OH120', message: 'a <fragment> cannot be run on its own: include it from a <policies> document', file, line: 1, column: 1 });
      continue;
    }
    documents.push({ scope, document: read.document });
  }
  if (hasErrors(diagnostics)) return result();
  const merged = mergeScopes(documents, { ...shared, onSource: (f, t) => sources.set(f, t) });
  for (const d of merged.diagnostics) diagnostics.push(d);
  for (const s of merged.secrets) secrets.add(s);
  if (hasErrors(diagnostics)) return result();
  if (input.compile === false) return { ...result(), sections: merged.sections };
  const compiled = compileSections(merged.sections, { ...compileOptions, secrets: [...secrets] });
  for (const d of compiled.diagnostics) diagnostics.push(d);
  return { ...result(), sections: merged.sections, compiled };
}

export interface LoadOptions {
  namedValuesFile?: string;
  /** Named values given on the command line (--named-value N=V): they win over the file and the environment. */
  namedValues?: NamedValues;
  fragmentsDir?: string;
  compile?: GraphCompileOptions;
}

/** What the CLI's commands use of a loaded policy. */
export type LoadedPolicy = Pick<LoadedPolicyLayers, 'compiled' | 'diagnostics' | 'sources' | 'secrets'>;

/** For the CLI (`trace`, `graph`) and the debugger: one onHandshake policy file, run as the operation scope. */
export function loadPolicy(file: string, options: LoadOptions = {}): LoadedPolicy {
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
  const loaded = loadPolicyLayers({
    layers: [{ scope: 'operation', file }],
    ...(namedValues ? { namedValues } : {}),
    ...(options.fragmentsDir ? { fragmentsDir: options.fragmentsDir } : {}),
    compile: options.compile ?? {},
  });
  return { ...loaded, diagnostics: [...diagnostics, ...loaded.diagnostics] };
}
