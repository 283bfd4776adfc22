/**
 * Folders that hold an estate's policies under other names than APIOps', read behind the same option:
 *  - the DevOps Resource Kit extractor's `policies/`: `globalServicePolicy.xml`, `<api>-apiPolicy.xml`,
 *    `<api>-<operation>-operationPolicy.xml`, `<product>-productPolicy.xml`;
 *  - Azure/apim-policy-update's `policies/<apiId>/api.xml` and `policies/<apiId>/operations/<opId>.xml`.
 * Both hold policies only, no API definitions (path, serviceUrl): they can be linted, traced, drawn and
 * merged, not served. An API with an `onHandshake` operation counts as a WebSocket API.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceLocation } from '../../policy/diagnostics.js';
import { isDirectory, isFile, ON_HANDSHAKE_OPERATION, subfolders } from './layout.js';
import type { ApiopsEstate, EstateApi, EstateProduct } from './estate.js';
import { DEFAULT_SUBSCRIPTION_KEY_NAMES } from '../../model/defaults.js';

export type PolicyOnlyLayout = 'devops-resource-kit' | 'apim-policy-update';

export const LAYOUT_NAMES: Record<PolicyOnlyLayout, string> = {
  'devops-resource-kit': 'DevOps Resource Kit',
  'apim-policy-update': 'apim-policy-update',
};

const POLICIES = 'policies';
const RESOURCE_KIT = { global: 'globalServicePolicy.xml', api: /^(.+)-apiPolicy\.xml$/, operation: /^(.+)-operationPolicy\.xml$/, product: /^(.+)-productPolicy\.xml$/ };

/** Which policy-only layout `root` holds, if any. */
export function detectPolicyOnlyLayout(root: string): PolicyOnlyLayout | undefined {
  const dir = join(root, POLICIES);
  if (!isDirectory(dir)) return undefined;
  const files = readdirSync(dir);
  if (files.includes(RESOURCE_KIT.global) || files.some((f) => RESOURCE_KIT.api.test(f) || RESOURCE_KIT.operation.test(f) || RESOURCE_KIT.product.test(f))) return 'devops-resource-kit';
  if (subfolders(dir).some((api) => isFile(join(dir, api, 'api.xml')) || isDirectory(join(dir, api, 'operations')))) return 'apim-policy-update';
  return undefined;
}

/** Path and backend stand-ins: these layouts do not say them, and nothing is served from them. */
function policyOnlyApi(name: string, dir: string, policy: string | undefined, operations: Array<{ operation: string; file: string }>): EstateApi {
  const onHandshake = operations.find((o) => o.operation.toLowerCase() === ON_HANDSHAKE_OPERATION.toLowerCase())?.file;
  const at: SourceLocation = { file: policy ?? operations[0]?.file ?? dir, line: 1, column: 1 };
  return {
    name,
    dir,
    displayName: name,
    path: name,
    serviceUrl: 'ws://backend.invalid/',
    websocket: onHandshake !== undefined,
    subscriptionRequired: false,
    subscriptionKeyParameterNames: DEFAULT_SUBSCRIPTION_KEY_NAMES,
    revision: '1',
    otherRevisions: [],
    ...(policy ? { policy } : {}),
    ...(onHandshake ? { onHandshake } : {}),
    operations,
    at,
  };
}

export function readPolicyOnlyEstate(root: string, layout: PolicyOnlyLayout): ApiopsEstate {
  const dir = join(root, POLICIES);
  const estate: ApiopsEstate = { root, scopes: [{ dir: root }], apis: [], otherRevisions: [], products: [], subscriptions: [], backends: new Map(), namedValues: new Map(), unresolved: [], files: [] };
  if (layout === 'apim-policy-update') {
    for (const api of subfolders(dir)) {
      const policy = join(dir, api, 'api.xml');
      const operationsDir = join(dir, api, 'operations');
      const operations = isDirectory(operationsDir)
        ? readdirSync(operationsDir).filter((f) => f.endsWith('.xml')).sort().map((f) => ({ operation: f.slice(0, -'.xml'.length), file: join(operationsDir, f) }))
        : [];
      estate.apis.push(policyOnlyApi(api, join(dir, api), isFile(policy) ? policy : undefined, operations));
    }
    return estate;
  }
  const files = readdirSync(dir).sort();
  if (files.includes(RESOURCE_KIT.global)) estate.scopes[0] = { dir: root, policy: join(dir, RESOURCE_KIT.global) };
  const apiNames = files.flatMap((f) => RESOURCE_KIT.api.exec(f)?.[1] ?? []);
  const operationsOf = new Map<string, Array<{ operation: string; file: string }>>();
  for (const f of files) {
    const stem = RESOURCE_KIT.operation.exec(f)?.[1];
    if (stem === undefined) continue;
    // `<api>-<operation>`: names may hold '-', so the longest API name with a policy of its own wins.
    // Without such a policy, the API name ends at the first '-'.
    const api = apiNames.filter((a) => stem.startsWith(`${a}-`)).sort((a, b) => b.length - a.length)[0] ?? (stem.includes('-') ? stem.slice(0, stem.indexOf('-')) : stem);
    const list = operationsOf.get(api) ?? [];
    list.push({ operation: stem.slice(api.length + 1) || stem, file: join(dir, f) });
    operationsOf.set(api, list);
  }
  for (const api of [...new Set([...apiNames, ...operationsOf.keys()])].sort()) {
    estate.apis.push(policyOnlyApi(api, dir, apiNames.includes(api) ? join(dir, `${api}-apiPolicy.xml`) : undefined, operationsOf.get(api) ?? []));
  }
  estate.products = files.flatMap((f): EstateProduct[] => {
    const name = RESOURCE_KIT.product.exec(f)?.[1];
    return name ? [{ name, displayName: name, policy: join(dir, f), subscriptionRequired: true, apis: [], at: { file: join(dir, f), line: 1, column: 1 } }] : [];
  });
  return estate;
}
