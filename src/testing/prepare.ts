/**
 * Builds what a test file runs against from its `policy` (or `config` + `api`, see prepare-config.ts):
 * named values, the reader, scope merging, the graph compiler, the handshake builder and the mocked
 * callouts. Every file is resolved relative to the test file. Named values come only from the test
 * file (never from the environment), so a test runs the same everywhere.
 */
import { dirname, resolve } from 'node:path';
import { dotnet } from '../expressions/index.js';
import { compileSections } from '../graph/index.js';
import {
  emptySections,
  hasErrors,
  loadNamedValues,
  mergeScopes,
  readPolicyFile,
  type Diagnostic,
  type NamedValues,
  type PolicyScope,
  type PolicySections,
  type ScopeLayer,
} from '../policy/index.js';
import { caseCallouts } from './callouts.js';
import type { ApiSpec, TestFileSpec } from './format.js';
import { apiFromSpec, buildHandshakeInput } from './handshake.js';
import type { LoadedTestFile } from './load.js';
import type { PreparedTarget } from './target.js';

export function namedValuesOf(spec: TestFileSpec, baseDir: string, diagnostics: Diagnostic[], base?: NamedValues): NamedValues {
  const values: NamedValues = new Map(base ?? []);
  if (spec.namedValuesFile) {
    const loaded = loadNamedValues(resolve(baseDir, spec.namedValuesFile));
    for (const d of loaded.diagnostics) diagnostics.push(d);
    for (const [k, v] of loaded.values) values.set(k, v);
  }
  for (const [name, v] of Object.entries(spec.namedValues ?? {})) {
    const entry = typeof v === 'object' ? { value: String(v.value), secret: v.secret ?? false } : { value: String(v), secret: false };
    values.set(name.toLowerCase(), entry);
  }
  return values;
}

export interface MergedPolicy {
  sections: PolicySections;
  diagnostics: Diagnostic[];
  secrets: string[];
}

/** Reads each scope's document and merges them through `<base/>` (broadest first). */
export function readAndMerge(layers: ReadonlyArray<{ scope: PolicyScope; file: string }>, namedValues: NamedValues, fragmentsDir?: string): MergedPolicy {
  const diagnostics: Diagnostic[] = [];
  const secrets = new Set([...namedValues.values()].filter((v) => v.secret).map((v) => v.value));
  const documents: ScopeLayer[] = [];
  for (const layer of layers) {
    const read = readPolicyFile(layer.file, { namedValues, scope: layer.scope, ...(fragmentsDir ? { fragmentsDir } : {}) });
    for (const d of read.diagnostics) diagnostics.push(d);
    if (!read.document) continue;
    read.document.secrets.forEach((s) => secrets.add(s));
    documents.push({ scope: layer.scope, document: read.document });
  }
  if (hasErrors(diagnostics)) return { sections: emptySections(), diagnostics, secrets: [...secrets] };
  const merged = mergeScopes(documents, { namedValues, ...(fragmentsDir ? { fragmentsDir } : {}) });
  return { sections: merged.sections, diagnostics: [...diagnostics, ...merged.diagnostics], secrets: [...secrets] };
}

export function preparePolicyTarget(loaded: LoadedTestFile): PreparedTarget {
  const spec = loaded.spec!;
  const baseDir = dirname(loaded.file);
  const diagnostics: Diagnostic[] = [];
  const namedValues = namedValuesOf(spec, baseDir, diagnostics);
  const fragmentsDir = spec.fragments ? resolve(baseDir, spec.fragments) : undefined;
  const merged = readAndMerge([{ scope: 'operation', file: resolve(baseDir, spec.policy!) }], namedValues, fragmentsDir);
  for (const d of merged.diagnostics) diagnostics.push(d);
  let graph: PreparedTarget['graph'];
  if (!hasErrors(diagnostics)) {
    const compiled = compileSections(merged.sections, { secrets: merged.secrets });
    for (const d of compiled.diagnostics) diagnostics.push(d);
    graph = compiled.graph;
  }
  const api = apiFromSpec(typeof spec.api === 'object' ? (spec.api as ApiSpec) : spec.api ? { name: spec.api } : undefined);
  return {
    ...(graph ? { graph } : {}),
    sections: merged.sections,
    diagnostics,
    secrets: merged.secrets,
    buildInput: (handshake, caseKey) => buildHandshakeInput(handshake, { api, caseKey }),
    callouts: (mocks) => caseCallouts(mocks),
    toJson: (value) => dotnet.toJson(value),
  };
}

/** The default `prepare` of the runner. */
export async function prepareTarget(loaded: LoadedTestFile): Promise<PreparedTarget> {
  if (loaded.spec?.config || loaded.spec?.apiops) return (await import('./prepare-config.js')).prepareConfigTarget(loaded);
  return preparePolicyTarget(loaded);
}
