/**
 * Reads an APIOps folder into the estate: what each artifact says after the override file, with
 * where it was written. The service folder and each `workspaces/<ws>/` folder have the same shapes;
 * a workspace's APIs see the workspace's policy, products, fragments and named values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { diagnostic, type Diagnostic, type SourceLocation } from '../../policy/diagnostics.js';
import { CONFIG_CODES } from '../yaml-cursor.js';
import type { ConfigNamedValue } from '../types.js';
import { ARTIFACTS, childIgnoringCase, isDirectory, isFile, ON_HANDSHAKE_OPERATION, policyIn, splitRevision, subfolders } from './layout.js';
import { isObject, readDataFile, type LocatedData } from './located-data.js';
import { effectiveProperties, type EffectiveProperties, type Overrides } from './overrides.js';
import { readNamedValues, type NamedValueSources, type UnresolvedNamedValue } from './named-values.js';
import { DEFAULT_SUBSCRIPTION_KEY_NAMES } from '../../model/defaults.js';

export interface EstateScope {
  /** Absent for the service itself. */
  workspace?: string;
  dir: string;
  /** The scope's own policy.xml (global for the service, workspace for a workspace). */
  policy?: string;
  /** `policy fragments/`, when the scope has one. */
  fragmentsDir?: string;
}

export interface EstateApi {
  /** The API's resource name (its folder, without `;rev=`). */
  name: string;
  dir: string;
  workspace?: string;
  displayName: string;
  path: string;
  serviceUrl: string;
  websocket: boolean;
  subscriptionRequired: boolean;
  subscriptionKeyParameterNames: { header: string; query: string };
  revision: string;
  /** Revisions extracted but not served. */
  otherRevisions: string[];
  policy?: string;
  /** The onHandshake operation's policy (WebSocket APIs). */
  onHandshake?: string;
  /** Every operation policy, onHandshake included. */
  operations: Array<{ operation: string; file: string }>;
  at: SourceLocation;
}

export interface EstateProduct {
  name: string;
  workspace?: string;
  displayName: string;
  policy?: string;
  subscriptionRequired: boolean;
  apis: string[];
  at: SourceLocation;
}

export interface EstateSubscription {
  name: string;
  displayName: string;
  product: string;
  state: 'active' | 'suspended';
  primaryKey: string;
  secondaryKey: string;
  /** The keys were generated here (not extracted, not in the override file). */
  generated: boolean;
  at: SourceLocation;
}

export interface ApiopsEstate {
  root: string;
  scopes: EstateScope[];
  /** The current revision of each API (what serve serves). */
  apis: EstateApi[];
  /** The other revisions extracted (check lints them too). */
  otherRevisions: EstateApi[];
  products: EstateProduct[];
  subscriptions: EstateSubscription[];
  backends: Map<string, { url: string; at: SourceLocation }>;
  namedValues: Map<string, ConfigNamedValue>;
  unresolved: UnresolvedNamedValue[];
  /** Every JSON artifact read (for hot reload). */
  files: string[];
}


export function readEstate(root: string, overrides: Overrides, sources: NamedValueSources, diagnostics: Diagnostic[]): ApiopsEstate {
  const estate: ApiopsEstate = { root, scopes: [], apis: [], otherRevisions: [], products: [], subscriptions: [], backends: new Map(), namedValues: new Map(), unresolved: [], files: [] };
  const workspaceRoot = join(root, ARTIFACTS.workspaces.folder);
  const scopes: EstateScope[] = [{ dir: root }, ...subfolders(workspaceRoot).map((ws) => ({ workspace: ws, dir: join(workspaceRoot, ws) }))];
  for (const scope of scopes) {
    const policy = policyIn(scope.dir);
    const fragmentsDir = join(scope.dir, ARTIFACTS.fragments.folder);
    estate.scopes.push({ ...scope, ...(policy ? { policy } : {}), ...(isDirectory(fragmentsDir) ? { fragmentsDir } : {}) });
    const named = readNamedValues(scope.dir, overrides, sources, diagnostics);
    for (const [key, value] of named.values) {
      if (estate.namedValues.has(key)) diagnostics.push(diagnostic('error', CONFIG_CODES.duplicate, `named value '${key}' is defined in the service and in workspace '${scope.workspace}' (onhandshake keeps one set of named values)`, value.at));
      else estate.namedValues.set(key, value);
    }
    estate.unresolved.push(...named.unresolved);
    estate.files.push(...named.files);
    const read = (file: string): LocatedData | undefined => {
      estate.files.push(file);
      const r = readDataFile(file, 'json');
      if (!r.ok) diagnostics.push(...r.diagnostics);
      return r.ok ? r.located : undefined;
    };
    readBackends(scope, overrides, read, estate, diagnostics);
    const apis = readApis(scope, overrides, read, diagnostics);
    estate.apis.push(...apis.served);
    estate.otherRevisions.push(...apis.others);
    estate.products.push(...readProducts(scope, overrides, read, diagnostics));
    estate.subscriptions.push(...readSubscriptions(scope, overrides, read, diagnostics));
  }
  return estate;
}

type Reader = (file: string) => LocatedData | undefined;

/** A resource folder's information file, or a located error saying it is missing. */
function informationOf(dir: string, file: string, what: string, read: Reader, diagnostics: Diagnostic[]): LocatedData | undefined {
  const path = join(dir, file);
  if (!isFile(path)) {
    diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `${what} folder has no ${file}`, { file: dir, line: 1, column: 1 }));
    return undefined;
  }
  const located = read(path);
  if (located && !isObject(located.data)) {
    diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `${file} must hold a JSON object ({"properties": {…}})`, located.at()));
    return undefined;
  }
  return located;
}

function text(props: EffectiveProperties, key: string, diagnostics: Diagnostic[], required: boolean, what: string): string | undefined {
  const value = props.get(key);
  if (value === undefined || value === null) {
    if (required) diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `${what}: properties.${key} is required`, props.at()));
    return undefined;
  }
  if (typeof value !== 'string') {
    diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `${what}: properties.${key} must be a string`, props.at(key)));
    return undefined;
  }
  return value;
}

function flag(props: EffectiveProperties, key: string, fallback: boolean, diagnostics: Diagnostic[], what: string): boolean {
  const value = props.get(key);
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') {
    diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `${what}: properties.${key} must be true or false`, props.at(key)));
    return fallback;
  }
  return value;
}

function readBackends(scope: EstateScope, overrides: Overrides, read: Reader, estate: ApiopsEstate, diagnostics: Diagnostic[]): void {
  const root = join(scope.dir, ARTIFACTS.backends.folder);
  for (const id of subfolders(root)) {
    const info = informationOf(join(root, id), ARTIFACTS.backends.info, `backend '${id}'`, read, diagnostics);
    if (!info) continue;
    const props = effectiveProperties(info, overrides.of('backends', id));
    const url = text(props, 'url', diagnostics, true, `backend '${id}'`);
    if (url === undefined) continue;
    if (!/^(wss?|https?):\/\//i.test(url)) {
      diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `backend '${id}': url must be a ws://, wss://, http:// or https:// URL, not '${url}'`, props.at('url')));
      continue;
    }
    for (const ignored of ['credentials', 'tls', 'proxy', 'circuitBreaker', 'pool']) {
      const value = props.get(ignored);
      if (isObject(value) ? Object.keys(value).length > 0 : Array.isArray(value) ? value.length > 0 : false) {
        diagnostics.push(diagnostic('warning', CONFIG_CODES.notApplied, `backend '${id}': ${ignored} is not applied by onhandshake (only the url is): set-backend-service backend-id="${id}" uses the url alone`, props.at(ignored)));
      }
    }
    if (estate.backends.has(id)) diagnostics.push(diagnostic('error', CONFIG_CODES.duplicate, `backend '${id}' is defined in the service and in a workspace`, props.at('url')));
    else estate.backends.set(id, { url, at: props.at('url') });
  }
}

interface ApiRevisionRead {
  folder: string;
  revision: string;
  isCurrent?: boolean;
  api: EstateApi;
}

function readApis(scope: EstateScope, overrides: Overrides, read: Reader, diagnostics: Diagnostic[]): { served: EstateApi[]; others: EstateApi[] } {
  const root = join(scope.dir, ARTIFACTS.apis.folder);
  const byName = new Map<string, ApiRevisionRead[]>();
  for (const folder of subfolders(root)) {
    const { name, revision: folderRevision } = splitRevision(folder);
    const dir = join(root, folder);
    const info = informationOf(dir, ARTIFACTS.apis.info, `API '${folder}'`, read, diagnostics);
    if (!info) continue;
    const what = `API '${folder}'`;
    const props = effectiveProperties(info, overrides.of('apis', folder));
    const type = String(props.get('type') ?? props.get('apiType') ?? '').toLowerCase();
    const protocols = Array.isArray(props.get('protocols')) ? (props.get('protocols') as unknown[]).map((p) => String(p).toLowerCase()) : [];
    const websocket = type === 'websocket' || (type === '' && protocols.some((p) => p === 'ws' || p === 'wss'));
    const path = text(props, 'path', diagnostics, true, what) ?? '';
    const serviceUrl = text(props, 'serviceUrl', diagnostics, websocket, what) ?? '';
    if (websocket && serviceUrl && !/^wss?:\/\//i.test(serviceUrl)) {
      diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `${what}: a WebSocket API's serviceUrl must be ws:// or wss://, not '${serviceUrl}'`, props.at('serviceUrl')));
    }
    const keyNames = props.get('subscriptionKeyParameterNames');
    const header = isObject(keyNames) && typeof keyNames.header === 'string' ? keyNames.header : DEFAULT_SUBSCRIPTION_KEY_NAMES.header;
    const query = isObject(keyNames) && typeof keyNames.query === 'string' ? keyNames.query : DEFAULT_SUBSCRIPTION_KEY_NAMES.query;
    const revision = String(props.get('apiRevision') ?? folderRevision ?? '1');
    const operations = subfolders(join(dir, ARTIFACTS.apis.operations))
      .map((operation) => ({ operation, file: policyIn(join(dir, ARTIFACTS.apis.operations, operation)) }))
      .filter((o): o is { operation: string; file: string } => o.file !== undefined);
    const onHandshakeDir = childIgnoringCase(join(dir, ARTIFACTS.apis.operations), ON_HANDSHAKE_OPERATION);
    const onHandshake = onHandshakeDir ? policyIn(onHandshakeDir) : undefined;
    const policy = policyIn(dir);
    const isCurrent = props.get('isCurrent');
    const api: EstateApi = {
      name,
      dir,
      ...(scope.workspace ? { workspace: scope.workspace } : {}),
      displayName: typeof props.get('displayName') === 'string' ? (props.get('displayName') as string) : name,
      path,
      serviceUrl,
      websocket,
      subscriptionRequired: flag(props, 'subscriptionRequired', true, diagnostics, what),
      subscriptionKeyParameterNames: { header, query },
      revision,
      otherRevisions: [],
      ...(policy ? { policy } : {}),
      ...(onHandshake ? { onHandshake } : {}),
      operations,
      at: props.at('path'),
    };
    const list = byName.get(name.toLowerCase()) ?? [];
    list.push({ folder, revision, ...(typeof isCurrent === 'boolean' ? { isCurrent } : {}), api });
    byName.set(name.toLowerCase(), list);
  }
  const served: EstateApi[] = [];
  const others: EstateApi[] = [];
  for (const revisions of byName.values()) {
    const marked = revisions.filter((r) => r.isCurrent === true);
    if (marked.length > 1) {
      diagnostics.push(diagnostic('error', CONFIG_CODES.duplicate, `API '${revisions[0]!.api.name}': revisions ${marked.map((r) => r.revision).join(' and ')} are both marked isCurrent`, marked[1]!.api.at));
      continue;
    }
    // No isCurrent anywhere: the folder without ;rev= holds the current revision (APIOps writes it there).
    const current = marked[0] ?? revisions.find((r) => !r.folder.includes(';')) ?? revisions[0]!;
    current.api.otherRevisions = revisions.filter((r) => r !== current).map((r) => r.revision);
    served.push(current.api);
    others.push(...revisions.filter((r) => r !== current).map((r) => r.api));
  }
  return { served, others };
}

function readProducts(scope: EstateScope, overrides: Overrides, read: Reader, diagnostics: Diagnostic[]): EstateProduct[] {
  const root = join(scope.dir, ARTIFACTS.products.folder);
  const out: EstateProduct[] = [];
  for (const name of subfolders(root)) {
    const dir = join(root, name);
    const info = informationOf(dir, ARTIFACTS.products.info, `product '${name}'`, read, diagnostics);
    if (!info) continue;
    const props = effectiveProperties(info, overrides.of('products', name));
    const apis = subfolders(join(dir, ARTIFACTS.products.apis));
    const older = join(dir, ARTIFACTS.products.olderApis);
    if (isFile(older)) {
      // Older extractors: apis.json lists the product's APIs by name.
      const list = read(older);
      if (list && Array.isArray(list.data)) {
        list.data.forEach((entry, i) => {
          const api = typeof entry === 'string' ? entry : isObject(entry) && typeof entry.name === 'string' ? entry.name : undefined;
          if (api) apis.push(api);
          else diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `${ARTIFACTS.products.olderApis}[${i}] must be an API name or {"name": …}`, list.at([i])));
        });
      } else if (list) diagnostics.push(diagnostic('error', CONFIG_CODES.malformedArtifact, `${ARTIFACTS.products.olderApis} must be a JSON list of API names`, list.at()));
    }
    const policy = policyIn(dir);
    out.push({
      name,
      ...(scope.workspace ? { workspace: scope.workspace } : {}),
      displayName: typeof props.get('displayName') === 'string' ? (props.get('displayName') as string) : name,
      ...(policy ? { policy } : {}),
      subscriptionRequired: flag(props, 'subscriptionRequired', true, diagnostics, `product '${name}'`),
      apis,
      at: props.at('displayName'),
    });
  }
  return out;
}

function readSubscriptions(scope: EstateScope, overrides: Overrides, read: Reader, diagnostics: Diagnostic[]): EstateSubscription[] {
  const root = join(scope.dir, ARTIFACTS.subscriptions.folder);
  const out: EstateSubscription[] = [];
  for (const name of subfolders(root)) {
    const info = informationOf(join(root, name), ARTIFACTS.subscriptions.info, `subscription '${name}'`, read, diagnostics);
    if (!info) continue;
    const what = `subscription '${name}'`;
    const props = effectiveProperties(info, overrides.of('subscriptions', name));
    const scopeText = text(props, 'scope', diagnostics, true, what);
    if (scopeText === undefined) continue;
    const product = /(?:^|\/)products\/([^/]+)$/.exec(scopeText)?.[1];
    if (!product) {
      diagnostics.push(diagnostic('warning', CONFIG_CODES.notApplied, `${what}: scope '${scopeText}' is not a product; onhandshake serves product subscriptions only, so this one is not applied`, props.at('scope')));
      continue;
    }
    const state = String(props.get('state') ?? 'active').toLowerCase();
    const given = (key: string): string | undefined => {
      const value = props.get(key);
      return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const primary = given('primaryKey');
    const secondary = given('secondaryKey');
    out.push({
      name,
      displayName: typeof props.get('displayName') === 'string' ? (props.get('displayName') as string) : name,
      product,
      // submitted, rejected, cancelled and expired subscriptions do not let a key in, as suspended ones.
      state: state === 'active' ? 'active' : 'suspended',
      primaryKey: primary ?? generatedKey(`${scope.dir}\0${name}\0primary`),
      secondaryKey: secondary ?? generatedKey(`${scope.dir}\0${name}\0secondary`),
      generated: primary === undefined,
      at: props.at('scope'),
    });
  }
  return out;
}

/** Keys generated in this process, so that a reload keeps the keys already printed. */
const generatedKeys = new Map<string, string>();

/** APIM's keys are 32 hex digits; a fresh pair each start when none is configured. */
function generatedKey(slot: string): string {
  let key = generatedKeys.get(slot);
  if (key === undefined) generatedKeys.set(slot, (key = randomBytes(16).toString('hex')));
  return key;
}

/** The text of a policy file, or '' when it cannot be read (the policy reader reports that). */
export function policyText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
