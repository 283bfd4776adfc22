/**
 * `trace --config F`: the handshake as the gateway would run it. The API is the one the URL's path
 * routes to, the subscription key is checked and resolved to its subscription and product as `serve`
 * does, and the policy run is that product's (all scopes merged), with the configured named values,
 * backends, certificates and deployment.
 */
import { loadConfigFile } from '../config/load.js';
import { buildRuntime } from '../gateway/build-runtime.js';
import { formatDiagnostic } from '../gateway/format-diagnostic.js';
import { routeApi } from '../gateway/routing.js';
import { checkSubscription, findSubscriptionKey } from '../gateway/subscription-keys.js';
import type { CalloutClient, HandshakeInput, StepGraph } from '../steps/runtime/contract.js';
import { HeaderBag } from '../common/headers.js';
import { hasErrors } from '../policy/diagnostics.js';

export interface ConfiguredHandshake {
  graph: StepGraph;
  /** The handshake input with the API, subscription, product and deployment filled in. */
  input: HandshakeInput;
  secrets: readonly string[];
}

/** Fills `input` from the configuration; a string is the error to print (exit 1). */
export async function configuredHandshake(
  file: string,
  input: HandshakeInput,
  callouts: CalloutClient,
  given: { subscriptionKey?: string; region?: string },
): Promise<ConfiguredHandshake | string> {
  const loaded = loadConfigFile(file);
  for (const d of loaded.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  if (!loaded.config || hasErrors(loaded.diagnostics)) return `${file}: the configuration has errors`;
  const built = await buildRuntime(loaded.config, callouts);
  for (const d of built.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  if (!built.runtime) return `${file}: the configuration's policies have errors`;
  const runtime = built.runtime;
  const url = new URL(input.url);
  const api = routeApi(runtime.apis, url.pathname);
  if (!api) return `no API of ${file} has the path ${url.pathname} (${runtime.apis.map((a) => a.path || '/').join(', ')})`;
  // The key the gateway would read: --subscription-key, else the API's header or query parameter.
  const headers = new HeaderBag(input.headers);
  const keyHeader = api.info.subscriptionKeyParameterNames.header;
  if (given.subscriptionKey !== undefined && !headers.has(keyHeader)) headers.set(keyHeader, given.subscriptionKey);
  const key = findSubscriptionKey(api, headers, url.searchParams);
  const access = checkSubscription(runtime, api, key);
  if (!access.ok) return `the gateway refuses this handshake before the policy runs: ${access.reason} (${access.response.statusCode})`;
  return {
    graph: api.graphFor(access.product?.id ?? null),
    input: { ...input, headers, api: api.info, product: access.product, subscription: access.subscription, deployment: given.region !== undefined ? { ...runtime.deployment, region: given.region } : runtime.deployment },
    secrets: [...api.secrets, ...(key ? [key] : [])],
  };
}
