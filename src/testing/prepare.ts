/**
 * Builds what a test file runs against from its `policy` (or `config` + `api`, see prepare-config.ts):
 * named values, the one policy loader (src/graph/load-policy.ts), the handshake builder and the mocked
 * callouts. Every file is resolved relative to the test file. Named values come only from the test
 * file (never from the environment), so a test runs the same everywhere.
 */
import { dirname, resolve } from 'node:path';
import { dotnet } from '../expressions/index.js';
import { loadPolicyLayers } from '../graph/load-policy.js';
import { emptySections, hasErrors, type Diagnostic } from '../policy/index.js';
import { caseCallouts } from './callouts.js';
import type { ApiSpec } from './format.js';
import { apiFromSpec, buildHandshakeInput } from './handshake.js';
import type { LoadedTestFile } from './load.js';
import { namedValuesOf } from './named-values.js';
import type { PreparedTarget } from './target.js';

export function preparePolicyTarget(loaded: LoadedTestFile): PreparedTarget {
  const spec = loaded.spec!;
  const baseDir = dirname(loaded.file);
  const diagnostics: Diagnostic[] = [];
  const namedValues = namedValuesOf(spec, baseDir, diagnostics);
  const fragmentsDir = spec.fragments ? resolve(baseDir, spec.fragments) : undefined;
  const policy = loadPolicyLayers({ layers: [{ scope: 'operation', file: resolve(baseDir, spec.policy!) }], namedValues, ...(fragmentsDir ? { fragmentsDir } : {}), compile: {} });
  for (const d of policy.diagnostics) diagnostics.push(d);
  // A file whose named values did not load runs nothing.
  const graph = hasErrors(diagnostics) ? undefined : policy.compiled?.graph;
  const api = apiFromSpec(typeof spec.api === 'object' ? (spec.api as ApiSpec) : spec.api ? { name: spec.api } : undefined);
  return {
    ...(graph ? { graph } : {}),
    sections: policy.sections ?? emptySections(),
    diagnostics,
    secrets: policy.secrets,
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
