/**
 * `config: onhandshake.yaml` (or `apiops: DIR` [+ `apiopsConfig: F`]) + `api: NAME`: test one API of a gateway configuration as the gateway
 * serves it: its scopes (global → product → api → onHandshake), the configuration's named values (the
 * test file's override them), its backends, and the subscription-key check the gateway does before the
 * policy runs (missing or invalid key → APIM's 401; a product subscription runs that product's policy).
 */
import { dirname, resolve } from 'node:path';
import { loadConfigFile } from '../config/load.js';
import { loadApiops } from '../config/apiops/index.js';
import { fragmentsOf, policyLayersOf } from '../config/policy-layers.js';
import { loadPolicyLayers } from '../graph/load-policy.js';
import { dotnet } from '../expressions/index.js';
import type { HandshakeInput, HandshakeRun, RunOptions, StepGraph } from '../steps/runtime/contract.js';
import { createState } from '../graph/create-state.js';
import { buildRuntime } from '../gateway/build-runtime.js';
import { checkSubscription, findSubscriptionKey } from '../gateway/subscription-keys.js';
import type { GatewayApi, GatewayRuntime } from '../gateway/runtime.js';
import { diagnostic, emptySections, hasErrors, type Diagnostic } from '../policy/index.js';
import { caseCallouts } from './callouts.js';
import { buildHandshakeInput } from './handshake.js';
import type { LoadedTestFile } from './load.js';
import { namedValuesOf } from './named-values.js';
import type { PreparedTarget } from './target.js';

/** The gateway's subscription check in front of the API's graphs, as one StepGraph. */
function gatewayGraph(runtime: GatewayRuntime, api: GatewayApi): StepGraph {
  return {
    async run(input: HandshakeInput, options?: RunOptions): Promise<HandshakeRun> {
      const key = findSubscriptionKey(api, input.headers, new URL(input.url).searchParams);
      const check = checkSubscription(runtime, api, key);
      if (check.ok) {
        return api.graphFor(check.product?.id ?? null).run({ ...input, subscription: check.subscription, product: check.product }, options);
      }
      const state = createState(input, false, null);
      const message = JSON.parse(check.response.body.toString('utf8')).message as string;
      state.lastError = { source: 'authorization', reason: check.reason, message, scope: '', section: 'inbound', path: '', policyId: '' };
      const entry = { source: 'authorization', timestamp: new Date().toISOString().replace('Z', '0000Z'), elapsed: '00:00:00.0000000', data: { message } };
      return {
        decision: { kind: 'respond', ...check.response },
        state,
        trace: { traceId: state.requestId, serviceName: runtime.deployment.serviceName, traceEntries: { inbound: [entry], backend: [], outbound: [], 'on-error': [] } },
        releases: [],
      };
    },
  };
}

export async function prepareConfigTarget(loaded: LoadedTestFile): Promise<PreparedTarget> {
  const spec = loaded.spec!;
  const baseDir = dirname(loaded.file);
  const configFile = resolve(baseDir, (spec.config ?? spec.apiops)!);
  const diagnostics: Diagnostic[] = [];
  const base = {
    sections: emptySections(),
    secrets: [] as string[],
    callouts: caseCallouts,
    toJson: (value: unknown) => dotnet.toJson(value),
  };
  const broken = (): PreparedTarget => ({ ...base, diagnostics, buildInput: () => { throw new Error('the configuration did not load'); } });

  // An estate's secret and Key Vault named values may come from the test file alone.
  const read = spec.apiops
    ? loadApiops(configFile, { namedValues: namedValuesOf(spec, baseDir, []), ...(spec.apiopsConfig !== undefined ? { configFile: resolve(baseDir, spec.apiopsConfig) } : {}) })
    : loadConfigFile(configFile);
  for (const d of read.diagnostics) diagnostics.push(d);
  const config = read.config;
  if (!config) return broken();
  const apiConfig = config.apis.find((a) => a.name === spec.api);
  if (!apiConfig) {
    const names = config.apis.map((a) => a.name).join(', ') || 'none';
    diagnostics.push(diagnostic('error', 'OH600', `no API named '${String(spec.api)}' in the configuration (its APIs: ${names})`, { file: configFile, line: 1, column: 1 }));
    return broken();
  }
  // The test file's named values win over the configuration's.
  const configValues = new Map([...config.namedValues].map(([n, v]) => [n, { value: v.value, secret: v.secret }]));
  const namedValues = namedValuesOf(spec, baseDir, diagnostics, configValues);
  const at = { file: configFile, line: 1, column: 1 };
  config.namedValues = new Map([...namedValues].map(([n, v]) => [n, { ...v, at: config.namedValues.get(n)?.at ?? at }]));

  const built = await buildRuntime(config);
  for (const d of built.diagnostics) diagnostics.push(d);
  const api = built.runtime?.apis.find((a) => a.info.name === spec.api);
  // Blame and coverage look at the API's own layering (without a product policy).
  const fragmentsDir = fragmentsOf(config, apiConfig);
  const sections = loadPolicyLayers({ layers: policyLayersOf(config, apiConfig, null), namedValues, ...(fragmentsDir ? { fragmentsDir } : {}), compile: false }).sections ?? emptySections();
  if (!built.runtime || !api || hasErrors(diagnostics)) return { ...broken(), sections };

  return {
    ...base,
    graph: gatewayGraph(built.runtime, api),
    sections,
    diagnostics,
    secrets: [...api.secrets],
    buildInput: (handshake, caseKey) => buildHandshakeInput(handshake, { api: api.info, caseKey, deployment: built.runtime!.deployment }),
  };
}
