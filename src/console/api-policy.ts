/**
 * One API's policy scopes (global → product → api → onHandshake operation) loaded the way the gateway loads
 * them (src/graph/load-policy.ts), optionally with the operation policy's text replaced by what the console's
 * editor holds. Diagnostics keep the real file name.
 */
import type { ConfigApi, GatewayConfig } from '../config/types.js';
import { fragmentsOf, policyLayersOf } from '../config/policy-layers.js';
import type { CompiledGraph } from '../graph/index.js';
import { loadPolicyLayers } from '../graph/load-policy.js';
import type { Diagnostic, NamedValues } from '../policy/index.js';
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
  const layers = policyLayersOf(config, api, productId).map((layer) => (layer.scope === 'operation' && operationText !== undefined ? { ...layer, text: operationText } : layer));
  const fragmentsDir = fragmentsOf(config, api);
  const loaded = loadPolicyLayers({
    layers,
    namedValues: namedValuesOf(config),
    ...(fragmentsDir ? { fragmentsDir } : {}),
    compile: { backends: config.backends, secrets: configSecrets(config), serviceName: config.service.name },
  });
  const { sections, compiled, diagnostics, secrets } = loaded;
  return { layers: loaded.layers, ...(sections ? { sections } : {}), ...(compiled?.graph ? { graph: compiled.graph } : {}), diagnostics, secrets };
}
