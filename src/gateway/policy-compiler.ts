/**
 * Turns the configured policy documents of one API (global → product → api → onHandshake operation)
 * into a StepGraph: read each file with the named values, merge the scopes through <base/>, compile.
 */
// Not graph/index.js: it re-exports the undici callout client, which a gateway loads only when used.
import { compileSections } from '../graph/compile.js';
import type { StepGraph } from '../steps/runtime/contract.js';
import type { GraphCompileOptions } from '../steps/runtime/options.js';
import { mergeScopes, readPolicyFile } from '../policy/index.js';
import type { NamedValues, ScopeLayer } from '../policy/contract.js';
import type { Diagnostic } from '../policy/diagnostics.js';
import type { PolicyScope } from '../policy/tree.js';

export interface PolicyLayerFile {
  scope: PolicyScope;
  file: string;
}

export interface PolicyCompileInput {
  layers: PolicyLayerFile[];
  namedValues: NamedValues;
  fragmentsDir?: string;
  graphOptions: GraphCompileOptions;
}

export interface PolicyCompileOutput {
  graph?: StepGraph;
  diagnostics: Diagnostic[];
  /** Secret values substituted into the documents. */
  secrets: string[];
}

export async function compilePolicyLayers(input: PolicyCompileInput): Promise<PolicyCompileOutput> {
  const diagnostics: Diagnostic[] = [];
  const secrets = new Set<string>(input.graphOptions.secrets ?? []);
  const layers: ScopeLayer[] = [];
  for (const layer of input.layers) {
    const read = readPolicyFile(layer.file, { namedValues: input.namedValues, scope: layer.scope, ...(input.fragmentsDir ? { fragmentsDir: input.fragmentsDir } : {}) });
    for (const d of read.diagnostics) diagnostics.push(d);
    if (!read.document) continue;
    for (const s of read.document.secrets) secrets.add(s);
    layers.push({ scope: layer.scope, document: read.document });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, secrets: [...secrets] };
  const merged = mergeScopes(layers, { namedValues: input.namedValues, ...(input.fragmentsDir ? { fragmentsDir: input.fragmentsDir } : {}) });
  for (const d of merged.diagnostics) diagnostics.push(d);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, secrets: [...secrets] };
  const compiled = compileSections(merged.sections, { ...input.graphOptions, secrets: [...secrets] });
  for (const d of compiled.diagnostics) diagnostics.push(d);
  return { graph: compiled.graph, diagnostics, secrets: [...secrets] };
}
