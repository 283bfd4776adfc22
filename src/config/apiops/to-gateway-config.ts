/**
 * The estate as the gateway configuration every command already runs (GatewayConfig, as load.ts makes
 * from onhandshake.yaml): each WebSocket API at its path with its serviceUrl, its chain of policy files
 * (global → workspace → product → API → onHandshake), products with their subscriptions, backends,
 * named values by display name. HTTP APIs are not served (check lints them).
 */
import { diagnostic, type Diagnostic } from '../../policy/diagnostics.js';
import { CONFIG_CODES } from '../yaml-cursor.js';
import type { ConfigApi, ConfigProduct, GatewayConfig } from '../types.js';
import type { ApiopsEstate, EstateApi } from './estate.js';

export interface Converted {
  config: GatewayConfig;
  /** What a user starting the estate should be told: revisions served, generated keys, APIs not served. */
  notes: string[];
}

export function estateToGatewayConfig(estate: ApiopsEstate, diagnostics: Diagnostic[], requireWebSocketApi: boolean): Converted {
  const notes: string[] = [];
  const scopeOf = (workspace: string | undefined) => estate.scopes.find((s) => s.workspace === workspace)!;
  const served = estate.apis.filter((a) => a.websocket);
  const productKey = (name: string, workspace: string | undefined): string => (workspace ? `${workspace}/${name}` : name);

  const products: ConfigProduct[] = estate.products.map((p) => ({
    id: productKey(p.name, p.workspace),
    name: p.displayName,
    ...(p.policy ? { policy: p.policy } : {}),
    subscriptionRequired: p.subscriptionRequired,
    subscriptions: estate.subscriptions
      .filter((s) => s.product.toLowerCase() === p.name.toLowerCase())
      .map((s) => ({ id: s.name, name: s.displayName, primaryKey: s.primaryKey, secondaryKey: s.secondaryKey, state: s.state, startDate: null, endDate: null, at: s.at })),
    at: p.at,
  }));
  for (const s of estate.subscriptions) {
    if (!estate.products.some((p) => p.name.toLowerCase() === s.product.toLowerCase())) {
      diagnostics.push(diagnostic('error', CONFIG_CODES.unknownReference, `subscription '${s.name}' is scoped to product '${s.product}', which the estate does not have`, s.at));
    } else if (s.generated) {
      notes.push(`subscription '${s.name}' (product ${s.product}): keys are not extracted, generated for this run: ${s.primaryKey} / ${s.secondaryKey}`);
    }
  }
  for (const p of estate.products) {
    for (const api of p.apis) {
      if (!estate.apis.some((a) => a.name.toLowerCase() === api.toLowerCase() && a.workspace === p.workspace)) {
        diagnostics.push(diagnostic('error', CONFIG_CODES.unknownReference, `product '${p.name}' lists API '${api}', which the estate does not have`, p.at));
      }
    }
  }

  const paths = new Map<string, string>();
  const apis: ConfigApi[] = served.map((api) => {
    const normal = api.path.trim().replace(/^\/+|\/+$/g, '').toLowerCase();
    const clash = paths.get(normal);
    if (clash) diagnostics.push(diagnostic('error', CONFIG_CODES.duplicate, `API '${api.name}' has the same path '/${normal}' as API '${clash}'`, api.at));
    paths.set(normal, api.name);
    const scope = scopeOf(api.workspace);
    if (api.otherRevisions.length) notes.push(`API '${api.name}': serving revision ${api.revision} (the current one; not served: revision ${api.otherRevisions.join(', ')})`);
    if (!api.onHandshake) notes.push(`API '${api.name}': no operations/onHandshake/policy.xml, the broader scopes' policies run alone`);
    return {
      name: api.name,
      path: api.path,
      serviceUrl: api.serviceUrl,
      ...(api.onHandshake ? { policy: api.onHandshake } : {}),
      ...(api.policy ? { apiPolicy: api.policy } : {}),
      ...(scope.workspace && scope.policy ? { workspacePolicy: scope.policy } : {}),
      ...(scope.workspace ? { fragments: scope.fragmentsDir ?? scope.dir } : {}),
      revision: api.revision,
      products: productsOf(api, estate).map((p) => productKey(p, api.workspace)),
      subscriptionRequired: api.subscriptionRequired,
      subscriptionKeyParameterNames: api.subscriptionKeyParameterNames,
      at: api.at,
    };
  });
  const others = estate.apis.filter((a) => !a.websocket);
  if (others.length) notes.push(`${others.length} HTTP API(s) not served (serve runs WebSocket APIs; check lints every policy): ${others.map((a) => a.name).join(', ')}`);
  if (served.length === 0 && requireWebSocketApi) diagnostics.push(diagnostic('error', CONFIG_CODES.missing, `no WebSocket API in the estate (an apiInformation.json with "type": "websocket")`, { file: estate.root, line: 1, column: 1 }));

  const service = scopeOf(undefined);
  return {
    notes,
    config: {
      file: estate.root,
      listen: { host: '127.0.0.1', port: 8080 },
      service: { name: 'onhandshake', region: 'local' },
      namedValues: estate.namedValues,
      ...(service.fragmentsDir ? { fragments: service.fragmentsDir } : {}),
      policies: service.policy ? { global: service.policy } : {},
      backends: new Map([...estate.backends].map(([id, b]) => [id, b.url])),
      products,
      apis,
      limits: {},
      backendCa: [],
      certificates: new Map(),
      authorizations: [],
      logging: { json: false, events: true },
      trace: false,
      traffic: { storeFailure: 'open', trustedProxies: [] },
      console: {},
      watched: estate.files,
    },
  };
}

/** The products (names) an API belongs to, in its own scope. */
export function productsOf(api: EstateApi, estate: ApiopsEstate): string[] {
  return estate.products.filter((p) => p.workspace === api.workspace && p.apis.some((a) => a.toLowerCase() === api.name.toLowerCase())).map((p) => p.name);
}
