/**
 * Reads the gateway configuration (YAML or JSON) into a GatewayConfig, reporting every problem with
 * its location. Relative paths are resolved against the configuration file's folder.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { diagnostic, hasErrors, type Diagnostic } from '../policy/diagnostics.js';
import { DEFAULT_LIMITS, type GatewayLimits } from './limits.js';
import type { ConfigApi, ConfigNamedValue, ConfigProduct, ConfigSubscription, GatewayConfig } from './types.js';
import { CONFIG_CODES, Cursor, type CursorContext } from './yaml-cursor.js';
import { readCertificates } from './certificates.js';
import { readAuthorizations } from './authorizations.js';
import { readTelemetry } from './telemetry.js';
import { DEFAULT_SUBSCRIPTION_KEY_NAMES } from '../model/defaults.js';

export interface ConfigLoadResult {
  config?: GatewayConfig;
  diagnostics: Diagnostic[];
}


const TOP_KEYS = ['listen', 'service', 'namedValues', 'namedValuesFile', 'fragments', 'policies', 'backends', 'products', 'apis', 'limits', 'backendTls', 'logging', 'trace', 'store', 'storeFailure', 'trustedProxies', 'entraAuthority', 'console', 'certificates', 'authorizations', 'masking', 'telemetry'];

export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): ConfigLoadResult {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { diagnostics: [diagnostic('error', CONFIG_CODES.fileNotFound, `cannot read the configuration file: ${(err as Error).message}`, { file: path, line: 1, column: 1 })] };
  }
  return loadConfigText(text, path, env);
}

export function loadConfigText(text: string, file: string, env: NodeJS.ProcessEnv = process.env): ConfigLoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    const pos = lines.linePos(err.pos[0]);
    diagnostics.push(diagnostic('error', CONFIG_CODES.syntax, err.message.split('\n')[0]!, { file, line: pos.line, column: pos.col }));
  }
  if (diagnostics.length) return { diagnostics };
  const ctx: CursorContext = { file, lines, env, diagnostics };
  const base = dirname(file);
  const root = new Cursor(ctx, doc.contents, '').map(TOP_KEYS);
  if (!root) return { diagnostics };
  const get = (key: string): Cursor => root.get(key) ?? new Cursor(ctx, null, key);
  const watched = new Set<string>([file]);
  const filePath = (cursor: Cursor, kind: 'file' | 'folder'): string | undefined => {
    const value = cursor.string();
    if (value === undefined) return undefined;
    const full = resolve(base, value);
    const ok = existsSync(full) && (kind === 'folder' ? statSync(full).isDirectory() : statSync(full).isFile());
    if (!ok) return cursor.error(CONFIG_CODES.fileNotFound, `${cursor.path}: ${kind} not found: ${full}`);
    watched.add(full);
    return full;
  };

  const listen = readListen(get('listen'), filePath);
  const service = readService(get('service'));
  const namedValues = readNamedValues(get('namedValues'), get('namedValuesFile'), filePath, env);
  const fragments = get('fragments').present ? filePath(get('fragments'), 'folder') : undefined;
  const policiesMap = get('policies').map(['global']);
  const globalPolicy = policiesMap?.get('global') ? filePath(policiesMap.get('global')!, 'file') : undefined;
  const backends = new Map<string, string>();
  for (const [id, cursor] of get('backends').entries()) {
    const url = cursor.requiredString(`backends.${id}`);
    if (url !== undefined && checkUrl(cursor, url, ['ws:', 'wss:', 'http:', 'https:'])) backends.set(id, url);
  }
  const products = get('products').list().map((c) => readProduct(c, filePath)).filter((p): p is ConfigProduct => !!p);
  const apis = get('apis').list().map((c) => readApi(c, filePath)).filter((a): a is ConfigApi => !!a);
  if (!get('apis').present) get('apis').error(CONFIG_CODES.missing, 'apis is required: list at least one API (name, path, serviceUrl, policy)');
  crossCheck(ctx, products, apis);
  const limits = readLimits(get('limits'));
  const certificates = readCertificates(get('certificates'), filePath);
  const authorizations = readAuthorizations(get('authorizations'));
  const tlsMap = get('backendTls').map(['ca']);
  const caCursor = tlsMap?.get('ca');
  const backendCa = caCursor ? caCursor.oneOrMany().map((c) => filePath(c, 'file')).filter((p): p is string => !!p) : [];
  const logging = get('logging').map(['json', 'events']);
  const json = logging?.get('json')?.boolean() ?? false;
  const events = logging?.get('events')?.boolean() ?? true;
  const trace = get('trace').boolean() ?? false;
  const traffic = readTraffic(get);
  const telemetry = readTelemetry(get('telemetry'), service);
  const consoleMap = get('console').map(['enabled', 'ringSize', 'allowRemote', 'allowedHosts', 'inspect']);
  const consoleSettings: GatewayConfig['console'] = {};
  if (consoleMap) {
    const enabled = consoleMap.get('enabled')?.boolean();
    const ringSize = consoleMap.get('ringSize')?.number(1, 100_000);
    const allowRemote = consoleMap.get('allowRemote')?.boolean();
    const inspect = consoleMap.get('inspect')?.boolean();
    const allowedHostsCursor = consoleMap.get('allowedHosts');
    if (allowedHostsCursor?.present) consoleSettings.allowedHosts = allowedHostsCursor.oneOrMany().map((c) => c.string()).filter((h): h is string => !!h);
    if (enabled !== undefined) consoleSettings.enabled = enabled;
    if (ringSize !== undefined) consoleSettings.ringSize = ringSize;
    if (allowRemote !== undefined) consoleSettings.allowRemote = allowRemote;
    if (inspect !== undefined) consoleSettings.inspect = inspect;
  }
  const maskingMap = get('masking').map(['credentialHeaders']);
  const headersCursor = maskingMap?.get('credentialHeaders');
  const credentialHeaders = headersCursor ? headersCursor.oneOrMany().map((c) => c.string()).filter((h): h is string => !!h) : [];
  if (fragments) watched.add(fragments);

  if (hasErrors(diagnostics) || !listen) return { diagnostics };
  return {
    diagnostics,
    config: {
      file,
      listen,
      service,
      namedValues,
      fragments,
      policies: { global: globalPolicy },
      backends,
      products,
      apis,
      limits,
      backendCa,
      certificates,
      authorizations,
      logging: { json, events },
      trace,
      traffic,
      console: consoleSettings,
      masking: { credentialHeaders },
      ...(telemetry ? { telemetry } : {}),
      watched: [...watched],
    },
  };
}

type FilePath = (cursor: Cursor, kind: 'file' | 'folder') => string | undefined;

function readListen(cursor: Cursor, filePath: FilePath): GatewayConfig['listen'] | undefined {
  const m = cursor.map(['host', 'port', 'tls']);
  if (!m) return undefined;
  const host = m.get('host')?.string() ?? '127.0.0.1';
  const port = m.get('port')?.number(0, 65535) ?? 8080;
  const tlsMap = m.get('tls')?.map(['cert', 'key']);
  let tls: { cert: string; key: string } | undefined;
  if (m.get('tls')?.present && tlsMap) {
    const cert = tlsMap.get('cert') ? filePath(tlsMap.get('cert')!, 'file') : m.get('tls')!.error(CONFIG_CODES.missing, 'listen.tls.cert is required');
    const key = tlsMap.get('key') ? filePath(tlsMap.get('key')!, 'file') : m.get('tls')!.error(CONFIG_CODES.missing, 'listen.tls.key is required');
    if (cert && key) tls = { cert, key };
  }
  return { host, port, ...(tls ? { tls } : {}) };
}

function readService(cursor: Cursor): GatewayConfig['service'] {
  const m = cursor.map(['name', 'region']);
  return { name: m?.get('name')?.string() ?? 'onhandshake', region: m?.get('region')?.string() ?? 'local' };
}

function readNamedValues(inline: Cursor, files: Cursor, filePath: FilePath, env: NodeJS.ProcessEnv): Map<string, ConfigNamedValue> {
  const out = new Map<string, ConfigNamedValue>();
  const add = (name: string, cursor: Cursor, value: string | undefined, secret: boolean): void => {
    if (value === undefined) return;
    if (value.length > 4096) cursor.error(CONFIG_CODES.invalidValue, `named value '${name}' is longer than APIM's 4,096 characters`);
    out.set(name.toLowerCase(), { value, secret, at: cursor.at() });
  };
  for (const file of files.oneOrMany()) {
    const path = filePath(file, 'file');
    if (!path) continue;
    const loaded = loadConfigTextAsNamedValues(path, env, file);
    for (const [name, v] of loaded) out.set(name, v);
  }
  for (const [name, cursor] of inline.entries()) {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) cursor.error(CONFIG_CODES.invalidValue, `named value name '${name}' may only hold letters, digits, '.', '_' and '-'`);
    const m = cursor.present && !isScalarLike(cursor) ? cursor.map(['value', 'secret', 'file']) : undefined;
    if (!m) {
      add(name, cursor, cursor.string() ?? '', false);
      continue;
    }
    const secret = m.get('secret')?.boolean() ?? false;
    if (m.get('file')) {
      const path = filePath(m.get('file')!, 'file');
      if (path) add(name, cursor, readFileSync(path, 'utf8').replace(/\r?\n$/, ''), secret);
    } else if (m.get('value')) {
      add(name, cursor, m.get('value')!.string(), secret);
    } else {
      cursor.error(CONFIG_CODES.missing, `named value '${name}' needs value: or file:`);
    }
  }
  return out;
}

function isScalarLike(cursor: Cursor): boolean {
  return cursor.node !== null && cursor.node !== undefined && 'value' in cursor.node && typeof (cursor.node as { value: unknown }).value !== 'object';
}

/** Reads a named values file on its own (the quick form of `serve --named-values F`). */
export function loadNamedValuesFile(path: string, env: NodeJS.ProcessEnv = process.env): { values: Map<string, ConfigNamedValue>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const ctx: CursorContext = { file: path, lines: new LineCounter(), env, diagnostics };
  try {
    return { values: loadConfigTextAsNamedValues(path, env, new Cursor(ctx, null, '')), diagnostics };
  } catch (err) {
    diagnostics.push(diagnostic('error', CONFIG_CODES.fileNotFound, `cannot read the named values file: ${(err as Error).message}`, { file: path, line: 1, column: 1 }));
    return { values: new Map(), diagnostics };
  }
}

/** A named values file: `name: value` or `name: {value, secret}` (the same format `check --named-values` reads). */
function loadConfigTextAsNamedValues(path: string, env: NodeJS.ProcessEnv, from: Cursor): Map<string, ConfigNamedValue> {
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines, prettyErrors: false });
  const ctx: CursorContext = { file: path, lines, env, diagnostics: from.ctx.diagnostics };
  for (const err of doc.errors) {
    const pos = lines.linePos(err.pos[0]);
    ctx.diagnostics.push(diagnostic('error', CONFIG_CODES.syntax, err.message.split('\n')[0]!, { file: path, line: pos.line, column: pos.col }));
  }
  if (doc.errors.length) return new Map();
  return readNamedValues(new Cursor(ctx, doc.contents, ''), new Cursor(ctx, null, ''), () => undefined, env);
}

function readSubscription(cursor: Cursor): ConfigSubscription | undefined {
  const m = cursor.map(['id', 'name', 'primaryKey', 'secondaryKey', 'state', 'startDate', 'endDate']);
  if (!m) return undefined;
  const id = (m.get('id') ?? new Cursor(cursor.ctx, null, `${cursor.path}.id`, cursor.node?.range?.[0])).requiredString();
  const primaryKey = (m.get('primaryKey') ?? new Cursor(cursor.ctx, null, `${cursor.path}.primaryKey`, cursor.node?.range?.[0])).requiredString();
  const secondaryKey = m.get('secondaryKey')?.string() ?? '';
  const state = m.get('state')?.string() ?? 'active';
  if (state !== 'active' && state !== 'suspended') m.get('state')!.error(CONFIG_CODES.invalidValue, `${cursor.path}.state must be active or suspended`);
  const date = (key: string): Date | null => {
    const text = m.get(key)?.string();
    if (text === undefined) return null;
    const d = new Date(text);
    if (Number.isNaN(d.getTime())) {
      m.get(key)!.error(CONFIG_CODES.invalidValue, `${cursor.path}.${key} must be an ISO-8601 date`);
      return null;
    }
    return d;
  };
  if (id === undefined || primaryKey === undefined) return undefined;
  return { id, name: m.get('name')?.string() ?? id, primaryKey, secondaryKey, state: state === 'suspended' ? 'suspended' : 'active', startDate: date('startDate'), endDate: date('endDate'), at: cursor.at() };
}

function readProduct(cursor: Cursor, filePath: FilePath): ConfigProduct | undefined {
  const m = cursor.map(['id', 'name', 'policy', 'subscriptionRequired', 'subscriptions']);
  if (!m) return undefined;
  const id = (m.get('id') ?? new Cursor(cursor.ctx, null, `${cursor.path}.id`, cursor.node?.range?.[0])).requiredString();
  if (id === undefined) return undefined;
  return {
    id,
    name: m.get('name')?.string() ?? id,
    policy: m.get('policy') ? filePath(m.get('policy')!, 'file') : undefined,
    subscriptionRequired: m.get('subscriptionRequired')?.boolean() ?? true,
    subscriptions: (m.get('subscriptions')?.list() ?? []).map(readSubscription).filter((s): s is ConfigSubscription => !!s),
    at: cursor.at(),
  };
}

function readApi(cursor: Cursor, filePath: FilePath): ConfigApi | undefined {
  const m = cursor.map(['name', 'path', 'serviceUrl', 'policy', 'apiPolicy', 'products', 'subscriptionRequired', 'subscriptionKeyParameterNames']);
  if (!m) return undefined;
  const need = (key: string): Cursor => m.get(key) ?? new Cursor(cursor.ctx, null, `${cursor.path}.${key}`, cursor.node?.range?.[0]);
  const name = need('name').requiredString();
  const path = need('path').string() ?? (need('path').error(CONFIG_CODES.missing, `${cursor.path}.path is required (the API URL suffix, e.g. /chat)`) as undefined);
  const serviceUrl = need('serviceUrl').requiredString();
  if (serviceUrl !== undefined) checkUrl(need('serviceUrl'), serviceUrl, ['ws:', 'wss:']);
  if (path !== undefined && /[?#\s]/.test(path)) need('path').error(CONFIG_CODES.invalidValue, `${cursor.path}.path must be a URL path without query, fragment or spaces`);
  const policy = m.get('policy') ? filePath(m.get('policy')!, 'file') : undefined;
  const apiPolicy = m.get('apiPolicy') ? filePath(m.get('apiPolicy')!, 'file') : undefined;
  const products = (m.get('products')?.list() ?? []).map((c) => c.string()).filter((s): s is string => !!s);
  const names = m.get('subscriptionKeyParameterNames')?.map(['header', 'query']);
  if (name === undefined || path === undefined || serviceUrl === undefined) return undefined;
  return {
    name,
    path,
    serviceUrl,
    policy,
    apiPolicy,
    products,
    subscriptionRequired: m.get('subscriptionRequired')?.boolean() ?? products.length > 0,
    subscriptionKeyParameterNames: {
      header: names?.get('header')?.string() ?? DEFAULT_SUBSCRIPTION_KEY_NAMES.header,
      query: names?.get('query')?.string() ?? DEFAULT_SUBSCRIPTION_KEY_NAMES.query,
    },
    at: cursor.at(),
  };
}

function crossCheck(ctx: CursorContext, products: ConfigProduct[], apis: ConfigApi[]): void {
  const productIds = new Set<string>();
  const keys = new Map<string, string>();
  for (const p of products) {
    if (productIds.has(p.id)) ctx.diagnostics.push(diagnostic('error', CONFIG_CODES.duplicate, `product id '${p.id}' is defined twice`, p.at));
    productIds.add(p.id);
    for (const s of p.subscriptions) {
      for (const key of [s.primaryKey, s.secondaryKey].filter(Boolean)) {
        if (keys.has(key)) ctx.diagnostics.push(diagnostic('error', CONFIG_CODES.duplicate, `subscription '${s.id}' reuses the key of subscription '${keys.get(key)}'`, s.at));
        keys.set(key, s.id);
      }
    }
  }
  const paths = new Map<string, string>();
  const names = new Set<string>();
  for (const api of apis) {
    const normal = api.path.trim().replace(/^\/+|\/+$/g, '').toLowerCase();
    if (paths.has(normal)) ctx.diagnostics.push(diagnostic('error', CONFIG_CODES.duplicate, `API '${api.name}' has the same URL suffix '/${normal}' as API '${paths.get(normal)}' (suffixes must be unique)`, api.at));
    paths.set(normal, api.name);
    if (names.has(api.name)) ctx.diagnostics.push(diagnostic('error', CONFIG_CODES.duplicate, `API name '${api.name}' is used twice`, api.at));
    names.add(api.name);
    for (const id of api.products) {
      if (!productIds.has(id)) {
        const near = [...productIds].join(', ') || 'none defined';
        ctx.diagnostics.push(diagnostic('error', CONFIG_CODES.unknownReference, `API '${api.name}' refers to unknown product '${id}' (products: ${near})`, api.at));
      }
    }
  }
}

const LIMIT_BOUNDS: Record<keyof GatewayLimits, [number, number]> = {
  maxConnections: [1, 1_000_000],
  idleTimeoutMs: [0, 86_400_000],
  keepAliveIntervalMs: [0, 3_600_000],
  headersTimeoutMs: [100, 600_000],
  requestTimeoutMs: [100, 3_600_000],
  maxHeaderBytes: [1024, 1_048_576],
  backendConnectTimeoutMs: [100, 600_000],
  maxRefusalBodyBytes: [0, 16_777_216],
  closeGraceMs: [0, 600_000],
  drainMs: [0, 3_600_000],
  regexMatchTimeoutMs: [1, 60_000],
};

function readLimits(cursor: Cursor): Partial<GatewayLimits> {
  const m = cursor.map(Object.keys(DEFAULT_LIMITS));
  const out: Partial<GatewayLimits> = {};
  for (const [key, c] of m ?? []) {
    const [min, max] = LIMIT_BOUNDS[key as keyof GatewayLimits];
    const value = c.number(min, max);
    if (value !== undefined) out[key as keyof GatewayLimits] = value;
  }
  return out;
}

function checkUrl(cursor: Cursor, url: string, schemes: string[]): boolean {
  try {
    const u = new URL(url);
    if (!schemes.includes(u.protocol)) {
      cursor.error(CONFIG_CODES.invalidValue, `${cursor.path} must be a ${schemes.map((s) => s + '//').join(' or ')} URL, not '${url}'`);
      return false;
    }
    return true;
  } catch {
    cursor.error(CONFIG_CODES.invalidValue, `${cursor.path} is not a valid URL: '${url}'`);
    return false;
  }
}

/** Where traffic policies keep counters and cached values, and which proxies ip-filter may believe. */
function readTraffic(get: (key: string) => Cursor): GatewayConfig['traffic'] {
  const storeCursor = get('store');
  const store = storeCursor.present ? storeCursor.string() : undefined;
  if (store !== undefined && store !== 'memory' && !/^rediss?:\/\/[^\s]+$/.test(store)) {
    storeCursor.error(CONFIG_CODES.invalidValue, `store must be 'memory' or a redis://host:port (rediss:// for TLS) URL, not '${store}'`);
  }
  const failureCursor = get('storeFailure');
  const failure = failureCursor.present ? failureCursor.string() : undefined;
  if (failure !== undefined && failure !== 'open' && failure !== 'closed') {
    failureCursor.error(CONFIG_CODES.invalidValue, `storeFailure must be 'open' or 'closed', not '${failure}'`);
  }
  const proxiesCursor = get('trustedProxies');
  const trustedProxies = proxiesCursor.present ? proxiesCursor.oneOrMany().map((c) => c.string()).filter((p): p is string => !!p) : [];
  const entraCursor = get('entraAuthority');
  const entraAuthority = entraCursor.present ? entraCursor.string() : undefined;
  return {
    ...(store ? { store } : {}),
    storeFailure: failure === 'closed' ? 'closed' : 'open',
    trustedProxies,
    ...(entraAuthority ? { entraAuthority } : {}),
  };
}
