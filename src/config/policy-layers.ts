/**
 * One API's policy documents in the order APIM merges them — global → workspace → product → API →
 * onHandshake operation — and the fragments folder its documents include from: the one home the
 * gateway (build-runtime), the console and `policies --effective` take them from.
 */
import type { PolicyScope } from '../policy/tree.js';
import type { ConfigApi, GatewayConfig } from './types.js';

export interface PolicyLayerFile {
  scope: PolicyScope;
  file: string;
}

export function policyLayersOf(config: GatewayConfig, api: ConfigApi, productId: string | null): PolicyLayerFile[] {
  const layers: PolicyLayerFile[] = [];
  if (config.policies.global) layers.push({ scope: 'global', file: config.policies.global });
  if (api.workspacePolicy) layers.push({ scope: 'workspace', file: api.workspacePolicy });
  const productPolicy = productId ? config.products.find((p) => p.id === productId)?.policy : undefined;
  if (productPolicy) layers.push({ scope: 'product', file: productPolicy });
  if (api.apiPolicy) layers.push({ scope: 'api', file: api.apiPolicy });
  if (api.policy) layers.push({ scope: 'operation', file: api.policy });
  return layers;
}

/** The folder an API's include-fragment reads from (a workspace API: its workspace's). */
export function fragmentsOf(config: GatewayConfig, api: ConfigApi): string | undefined {
  return api.fragments ?? config.fragments;
}
