/**
 * Builds what the gateway serves from a configuration: one compiled graph per API and product, the
 * subscriptions by key, the deployment. Any error anywhere means no runtime (the caller keeps the last
 * good one).
 */
import type { GatewayConfig } from '../config/types.js';
import type { ConfigCertificate } from '../config/certificates.js';
import type { Diagnostic } from '../policy/diagnostics.js';
import type { NamedValues } from '../policy/contract.js';
import type { StepGraph } from '../steps/runtime/contract.js';
import { apiInfo } from '../model/defaults.js';
import type { ProductInfo } from '../model/state.js';
import { GATEWAY_EXPRESSION_BUDGET, type ClientCertificate } from '../steps/runtime/options.js';
import type { CalloutClient } from '../steps/runtime/contract.js';
import { lazyCalloutClient } from '../graph/lazy-callouts.js';
import { loadPolicyLayers } from '../graph/load-policy.js';
import { CredentialManager } from '../steps/access/credential-manager.js';
import { setCredentialHeaders } from '../common/mask.js';
import { readFileSync } from 'node:fs';
import { fragmentsOf, policyLayersOf } from '../config/policy-layers.js';
import { storeFor } from './traffic-store.js';
import { normaliseApiPath, type GatewayApi, type GatewayRuntime, type GatewaySubscription } from './runtime.js';

export interface RuntimeBuild {
  runtime?: GatewayRuntime;
  diagnostics: Diagnostic[];
}

/** `mockCallouts` (serve --mock) answers every send-request in place of the network. */
export async function buildRuntime(config: GatewayConfig, mockCallouts?: CalloutClient): Promise<RuntimeBuild> {
  const diagnostics: Diagnostic[] = [];
  const namedValues: NamedValues = new Map([...config.namedValues].map(([name, v]) => [name, { value: v.value, secret: v.secret }]));
  const credentials = config.authorizations.length ? new CredentialManager(config.authorizations) : undefined;
  const configSecrets = [
    ...[...config.namedValues.values()].filter((v) => v.secret).map((v) => v.value),
    ...[...config.certificates.values()].flatMap((c) => (c.password ? [c.password] : [])),
    ...(credentials?.secrets() ?? []),
  ];
  // authentication-certificate and validate-jwt name a certificate by certificate-id or by (upper-case) thumbprint.
  const certificates = new Map<string, ClientCertificate>();
  const pairOf = (c: ConfigCertificate): ClientCertificate => ({ cert: c.certPem, ...(c.keyPem ? { key: c.keyPem } : {}), thumbprint: c.thumbprint });
  // The same certificate may be configured twice (a PFX and its public PEM): by thumbprint, the one with a key wins (set last).
  const keyedLast = [...config.certificates.values()].sort((a, b) => Number(!!a.keyPem) - Number(!!b.keyPem));
  for (const c of keyedLast) certificates.set(c.thumbprint, pairOf(c));
  for (const c of config.certificates.values()) certificates.set(c.id, pairOf(c));
  const products = new Map(config.products.map((p) => [p.id, p]));
  const productInfo = (id: string): ProductInfo => {
    const p = products.get(id)!;
    return { id: p.id, name: p.name, subscriptionRequired: p.subscriptionRequired, approvalRequired: false, state: 'Published', subscriptionsLimit: null, groups: [] };
  };

  const store = storeFor(config.traffic, (message) => process.stderr.write(`onhandshake ${message}\n`));
  const traffic = {
    ...(store ? { store } : {}),
    ...(config.traffic.trustedProxies.length > 0 ? { trustedProxies: config.traffic.trustedProxies } : {}),
    ...(config.traffic.entraAuthority ? { entraAuthority: config.traffic.entraAuthority } : {}),
  };

  // backendTls.ca is trusted by send-request callouts as well as by wss:// backends.
  const callouts = mockCallouts ?? (config.backendCa.length ? lazyCalloutClient({ ca: config.backendCa.map((f) => readFileSync(f)) }) : undefined);

  const apis: GatewayApi[] = [];
  for (const api of config.apis) {
    const graphs = new Map<string | null, StepGraph>();
    const secrets = new Set(configSecrets);
    for (const productId of [null, ...api.products]) {
      const layers = policyLayersOf(config, api, productId);
      const fragmentsDir = fragmentsOf(config, api);
      const loaded = loadPolicyLayers({
        layers,
        namedValues,
        ...(fragmentsDir ? { fragmentsDir } : {}),
        compile: { backends: config.backends, budget: GATEWAY_EXPRESSION_BUDGET, secrets: configSecrets, serviceName: config.service.name, certificates, ...(callouts ? { callouts } : {}), ...(credentials ? { credentials } : {}), ...traffic },
      });
      // The same document read for several products reports the same findings once.
      for (const d of loaded.diagnostics) if (!diagnostics.some((x) => sameDiagnostic(x, d))) diagnostics.push(d);
      for (const s of loaded.secrets) secrets.add(s);
      if (loaded.compiled?.graph) graphs.set(productId, loaded.compiled.graph);
    }
    const fallback = graphs.get(null);
    if (!fallback) continue;
    apis.push({
      info: apiInfo({
        id: api.name,
        name: api.name,
        path: normaliseApiPath(api.path).slice(1),
        serviceUrl: api.serviceUrl,
        protocols: [new URL(api.serviceUrl).protocol.replace(':', '')],
        ...(api.revision !== undefined ? { revision: api.revision } : {}),
        subscriptionKeyParameterNames: api.subscriptionKeyParameterNames,
      }),
      path: normaliseApiPath(api.path),
      subscriptionRequired: api.subscriptionRequired,
      productIds: api.products,
      graphFor: (productId) => (productId !== null && graphs.get(productId)) || fallback,
      secrets: [...secrets],
    });
  }

  const subscriptions = new Map<string, GatewaySubscription>();
  for (const product of config.products) {
    for (const s of product.subscriptions) {
      const entry: GatewaySubscription = {
        info: { id: s.id, name: s.name, key: s.primaryKey, primaryKey: s.primaryKey, secondaryKey: s.secondaryKey, createdDate: new Date(0), startDate: s.startDate, endDate: s.endDate },
        product: productInfo(product.id),
        state: s.state,
      };
      subscriptions.set(s.primaryKey, entry);
      if (s.secondaryKey) subscriptions.set(s.secondaryKey, entry);
    }
  }

  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  // Masking is process-wide: the runtime built here is the one the gateway serves from now on. Each
  // API's subscription-key header counts as a credential header too.
  setCredentialHeaders([...(config.masking?.credentialHeaders ?? []), ...config.apis.map((a) => a.subscriptionKeyParameterNames.header).filter((h) => !!h)]);
  return {
    diagnostics,
    runtime: {
      apis,
      subscriptions,
      deployment: {
        region: config.service.region,
        serviceName: config.service.name,
        serviceId: config.service.name,
        gatewayId: 'managed',
        certificates: new Map(keyedLast.map((c) => [c.thumbprint, { raw: c.raw, password: c.password }])),
      },
    },
  };
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.code === b.code && a.message === b.message;
}
