/**
 * Builds what a test file runs against from its `policy` (or `config` + `api`): named values, the
 * reader, scope merging, the graph compiler, the handshake builder and the mocked callouts. Every
 * file is resolved relative to the test file.
 */
import { dirname, resolve } from 'node:path';
import { dotnet } from '../expressions/index.js';
import { compileSections } from '../graph/index.js';
import { emptySections, loadNamedValues, mergeScopes, readPolicyFile, type Diagnostic, type NamedValues } from '../policy/index.js';
import { caseCallouts } from './callouts.js';
import type { ApiSpec, TestFileSpec } from './format.js';
import { apiFromSpec, buildHandshakeInput } from './handshake.js';
import type { LoadedTestFile } from './load.js';
import type { PreparedTarget } from './target.js';

function namedValuesOf(spec: TestFileSpec, baseDir: string, diagnostics: Diagnostic[]): NamedValues {
  const values: NamedValues = new Map();
  if (spec.namedValuesFile) {
    const loaded = loadNamedValues(resolve(baseDir, spec.namedValuesFile));
    diagnostics.push(...loaded.diagnostics);
    for (const [k, v] of loaded.values) values.set(k, v);
  }
  for (const [name, v] of Object.entries(spec.namedValues ?? {})) {
    const entry = typeof v === 'object' ? { value: String(v.value), secret: v.secret ?? false } : { value: String(v), secret: false };
    values.set(name.toLowerCase(), entry);
  }
  return values;
}

export function preparePolicyTarget(loaded: LoadedTestFile): PreparedTarget {
  const spec = loaded.spec!;
  const baseDir = dirname(loaded.file);
  const diagnostics: Diagnostic[] = [];
  const namedValues = namedValuesOf(spec, baseDir, diagnostics);
  const fragmentsDir = spec.fragments ? resolve(baseDir, spec.fragments) : undefined;
  const policyFile = resolve(baseDir, spec.policy!);
  const read = readPolicyFile(policyFile, { namedValues, scope: 'operation', ...(fragmentsDir ? { fragmentsDir } : {}) });
  diagnostics.push(...read.diagnostics);
  const secrets = [...(read.document?.secrets ?? []), ...[...namedValues.values()].filter((v) => v.secret).map((v) => v.value)];
  let sections = emptySections();
  let graph: PreparedTarget['graph'];
  if (read.document) {
    const merged = mergeScopes([{ scope: 'operation', document: read.document }], { namedValues, ...(fragmentsDir ? { fragmentsDir } : {}) });
    diagnostics.push(...merged.diagnostics);
    sections = merged.sections;
    if (!diagnostics.some((d) => d.severity === 'error')) {
      const compiled = compileSections(sections, { secrets });
      diagnostics.push(...compiled.diagnostics);
      graph = compiled.graph;
    }
  }
  const api = apiFromSpec(typeof spec.api === 'object' ? (spec.api as ApiSpec) : spec.api ? { name: spec.api } : undefined);
  return {
    ...(graph ? { graph } : {}),
    sections,
    diagnostics,
    secrets,
    buildInput: (handshake, caseKey) => buildHandshakeInput(handshake, { api, caseKey }),
    callouts: (mocks) => caseCallouts(mocks),
    toJson: (value) => dotnet.toJson(value),
  };
}

/** The default `prepare` of the runner. */
export async function prepareTarget(loaded: LoadedTestFile): Promise<PreparedTarget> {
  if (loaded.spec?.config) {
    throw new Error('`config` test files are not supported yet: give the policy with `policy:` and the API with `api: {name, path, serviceUrl}`');
  }
  return preparePolicyTarget(loaded);
}
