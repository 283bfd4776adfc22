/**
 * A case's `handshake` block → the HandshakeInput the graph runs on: a real-looking WebSocket
 * upgrade request (GET, Upgrade/Connection/Sec-WebSocket-* headers) with the case's URL, query,
 * headers, client IP and subscription key. The request id is fixed per case so runs repeat exactly.
 */
import { createHash } from 'node:crypto';
import { HeaderBag } from '../common/headers.js';
import type { HandshakeInput } from '../steps/runtime/contract.js';
import { apiInfo } from '../model/defaults.js';
import type { ApiInfo, DeploymentInfo, ProductInfo, SubscriptionInfo, UserInfo } from '../model/state.js';
import { encodeComponent } from '../steps/runtime/url.js';
import type { ApiSpec, HandshakeSpec, ParameterValue, ScalarValue } from './format.js';

export const DEFAULT_CLIENT_IP = '127.0.0.1';
export const DEFAULT_HOST = 'localhost';

export const TEST_DEPLOYMENT: DeploymentInfo = {
  region: 'local',
  serviceName: 'onhandshake-test',
  serviceId: 'onhandshake-test',
  gatewayId: 'managed',
};

export function apiFromSpec(spec: ApiSpec | undefined): ApiInfo {
  const name = spec?.name ?? 'api';
  return apiInfo({
    id: name,
    name,
    path: (spec?.path ?? name).replace(/^\/+/, ''),
    serviceUrl: spec?.serviceUrl ?? 'ws://backend.test/',
    protocols: ['ws', 'wss'],
  });
}

/** A UUID-shaped id derived from the text, so the same case always has the same context.RequestId. */
export function stableId(text: string): string {
  const h = createHash('sha1').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function values(v: ScalarValue | ScalarValue[]): string[] {
  return (Array.isArray(v) ? v : [v]).map(String);
}

/**
 * Merges the file's defaults under a case's handshake (headers and query merge by name). A `null`
 * stays in the merge, so that it removes the default (or built-in header) it stands for when built.
 */
export function mergeHandshake(defaults: HandshakeSpec | undefined, own: HandshakeSpec | undefined): HandshakeSpec {
  return {
    ...defaults,
    ...own,
    ...(defaults?.headers || own?.headers ? { headers: { ...defaults?.headers, ...own?.headers } } : {}),
    ...(defaults?.query || own?.query ? { query: { ...defaults?.query, ...own?.query } } : {}),
  };
}

export interface HandshakeContext {
  api: ApiInfo;
  /** For requestId: the test file and case name. */
  caseKey: string;
  product?: ProductInfo | null;
  subscription?: SubscriptionInfo | null;
  user?: UserInfo | null;
  deployment?: DeploymentInfo;
}

/** Resolves the handshake URL: a path is put on ws://localhost; no URL means the API's own path. */
export function handshakeUrl(spec: HandshakeSpec, api: ApiInfo): string {
  let url = spec.url ?? `/${api.path}`;
  if (url.startsWith('/')) url = `ws://${DEFAULT_HOST}${url}`;
  const extra: string[] = [];
  for (const [name, v] of Object.entries(spec.query ?? {})) {
    if (v === null) continue;
    for (const value of values(v)) extra.push(`${encodeComponent(name)}=${encodeComponent(value)}`);
  }
  if (extra.length === 0) return url;
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  return base + (base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?') + extra.join('&');
}

function setHeader(headers: HeaderBag, name: string, v: ParameterValue): void {
  if (v === null) headers.delete(name);
  else headers.set(name, values(v));
}

export function buildHandshakeInput(spec: HandshakeSpec, ctx: HandshakeContext): HandshakeInput {
  const url = handshakeUrl(spec, ctx.api);
  const parsed = new URL(url); // throws TypeError on a malformed URL: the runner reports it against the case
  const headers = new HeaderBag([
    ['Host', parsed.host],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
  ]);
  for (const [name, v] of Object.entries(spec.headers ?? {})) setHeader(headers, name, v);
  let subscription = ctx.subscription ?? null;
  if (spec.subscriptionKey !== undefined && spec.subscriptionKey !== null) {
    headers.set(ctx.api.subscriptionKeyParameterNames.header, spec.subscriptionKey);
    subscription ??= {
      id: 'test-subscription',
      name: 'test-subscription',
      key: spec.subscriptionKey,
      primaryKey: spec.subscriptionKey,
      secondaryKey: '',
      createdDate: new Date(0),
      startDate: null,
      endDate: null,
    };
  }
  return {
    method: 'GET',
    url,
    headers,
    ipAddress: spec.clientIp ?? DEFAULT_CLIENT_IP,
    api: ctx.api,
    product: ctx.product ?? null,
    subscription,
    user: ctx.user ?? null,
    deployment: ctx.deployment ?? TEST_DEPLOYMENT,
    requestId: spec.requestId ?? stableId(ctx.caseKey),
  };
}
