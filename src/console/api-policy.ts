/**
 * Reads, merges and compiles one API's policy scopes (global → product → api → onHandshake operation) the
 * way the gateway does (src/config/policy-layers.ts, as src/gateway/build-runtime.ts), optionally with the operation policy's text
 * replaced by what the console's editor holds. Diagnostics keep the real file name.
 */
import type { ConfigApi, GatewayConfig } from '../config/types.js';
import { fragmentsOf, policyLayersOf } from '../config/policy-layers.js';
import { compileSections, type CompiledGraph } from '../graph/index.js';
import { hasErrors, mergeScopes, readPolicyFile, readPolicyText, type Diagnostic, type NamedValues, type ScopeLayer } from '../policy/index.js';
import type { PolicyScope, PolicySections } from '../policy/tree.js';

export interface PolicyLayerSource {
  scope: PolicyScope;
  file: string;
  text: string;
}

export interface CompiledApiPolicy {
  layers: PolicyLayerSource[];
  sections?: PolicySections;
  graph?: CompiledGraph;
  diagnostics: Diagnostic[];
  secrets: string[];
}

export function namedValuesOf(config: GatewayConfig): NamedValues {
  return new Map([...config.namedValues].map(([name, v]) => [name, { value: v.value, secret: v.secret }]));
}

export function configSecrets(config: GatewayConfig): string[] {
  return [...config.namedValues.values()].filter((v) => v.secret).map((v) => v.value);
}

/** `operationText` replaces the content of the API's onHandshake policy file (the editor's text). */
export function compileApiPolicy(config: GatewayConfig, api: ConfigApi, productId: string | null, operationText?: string): CompiledApiPolicy {
  const namedValues = namedValuesOf(config);
  const secrets = new Set(configSecrets(config));
  const files = policyLayersOf(config, api, productId);
  const fragmentsDir = fragmentsOf(config, api);
  const fragments = fragmentsDir ? { fragmentsDir } : {};
  const diagnostics: Diagnostic[] = [];
  const layers: PolicyLayerSource[] = [];
  const scopeLayers: ScopeLayer[] = [];
  for (const { scope, file } of files) {
    const edited = scope === 'operation' && operationText !== undefined;
    const read = edited ? { ...readPolicyText(operationText, file, { namedValues, scope, ...fragments }), text: operationText } : readPolicyFile(file, { namedValues, scope, ...fragments });
    for (const d of read.diagnostics) diagnostics.push(d);
    layers.push({ scope, file, text: read.text ?? '' });
    if (!read.document) continue;
    for (const s of read.document.secrets) secrets.add(s);
    scopeLayers.push({ scope, document: read.document });
  }
  if (hasErrors(diagnostics)) return { layers, diagnostics, secrets: [...secrets] };
  const merged = mergeScopes(scopeLayers, { namedValues, ...fragments });
  for (const d of merged.diagnostics) diagnostics.push(d);
  for (const s of merged.secrets) secrets.add(s);
  if (hasErrors(diagnostics)) return { layers, diagnostics, secrets: [...secrets] };
  const compiled = compileSections(merged.sections, { backends: config.backends, secrets: [...secrets], serviceName: config.service.name });
  for (const d of compiled.diagnostics) diagnostics.push(d);
  return { layers, sections: merged.sections, ...(compiled.graph ? { graph: compiled.graph } : {}), diagnostics, secrets: [...secrets] };
}
