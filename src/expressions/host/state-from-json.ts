/**
 * Builds a HandshakeState from a plain JSON "context file" (used by `onhandshake eval --context`,
 * tests and the jsonata view). Every field is optional; see docs/expressions.md for the shape.
 */
import { randomUUID } from 'node:crypto';
import { HeaderBag } from '../../common/headers.js';
import type { HandshakeState, UrlState } from '../../model/state.js';
import { apiInfo, ON_HANDSHAKE_OPERATION } from '../../model/defaults.js';
import { ResponseValue } from './response.js';
import { BoxedValue } from '../values.js';
import { fromObject } from '../json/convert.js';

export interface ContextFile {
  request?: {
    method?: string;
    url?: string;
    originalUrl?: string;
    headers?: Record<string, string | string[]>;
    ipAddress?: string;
    matchedParameters?: Record<string, string>;
  };
  variables?: Record<string, unknown>;
  api?: Partial<HandshakeState['api']>;
  operation?: Partial<HandshakeState['operation']>;
  product?: Partial<NonNullable<HandshakeState['product']>> | null;
  subscription?: (Partial<Omit<NonNullable<HandshakeState['subscription']>, 'createdDate' | 'startDate' | 'endDate'>> & { createdDate?: string; startDate?: string | null; endDate?: string | null }) | null;
  user?: (Partial<Omit<NonNullable<HandshakeState['user']>, 'registrationDate'>> & { registrationDate?: string }) | null;
  deployment?: Partial<HandshakeState['deployment']>;
  lastError?: Partial<NonNullable<HandshakeState['lastError']>> | null;
  requestId?: string;
  timestamp?: string;
  tracing?: boolean;
}

export const DEFAULT_URL = 'ws://localhost/';

export function parseUrl(text: string): UrlState {
  const u = new URL(text);
  const scheme = u.protocol.replace(/:$/, '');
  const port = u.port ? Number(u.port) : scheme === 'https' || scheme === 'wss' ? 443 : 80;
  return { scheme, host: u.hostname, port, path: u.pathname || '/', query: [...u.searchParams] };
}

/** A JSON value from the context file as a .NET value: IResponse for `{statusCode,…}` objects. */
export function variableFromJson(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v >= -2147483648 && v <= 2147483647 ? v : BigInt(v);
    return new BoxedValue('System.Double', v);
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'object' && !Array.isArray(v) && 'statusCode' in (v as object)) {
    const r = v as { statusCode: number; statusReason?: string; headers?: Record<string, string | string[]>; body?: unknown };
    const body = r.body === undefined || r.body === null ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    return new ResponseValue(r.statusCode, r.statusReason ?? '', new HeaderBag(Object.entries(r.headers ?? {})), Buffer.from(body, 'utf8'));
  }
  return fromObject(jsonToDotnet(v));
}

function jsonToDotnet(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonToDotnet);
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return { names: entries.map(([k]) => k), values: entries.map(([, x]) => jsonToDotnet(x)) };
  }
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : new BoxedValue('System.Double', v);
  return v;
}

export function stateFromJson(file: ContextFile = {}, trace?: (source: string, message: string) => void): HandshakeState {
  const req = file.request ?? {};
  const url = parseUrl(req.url ?? DEFAULT_URL);
  const deployment = { region: 'local', serviceName: 'onhandshake-local', serviceId: 'local', gatewayId: 'local', ...file.deployment };
  const date = (s: string | null | undefined) => (s ? new Date(s) : null);
  return {
    requestId: file.requestId ?? randomUUID(),
    timestamp: file.timestamp ? new Date(file.timestamp) : new Date(),
    startedAt: performance.now(),
    request: {
      method: req.method ?? 'GET',
      originalUrl: req.originalUrl ? parseUrl(req.originalUrl) : url,
      url,
      headers: new HeaderBag(Object.entries(req.headers ?? {})),
      ipAddress: req.ipAddress ?? '127.0.0.1',
      matchedParameters: new Map(Object.entries(req.matchedParameters ?? {})),
    },
    backendBaseUrl: file.api?.serviceUrl ?? 'ws://localhost:8080/',
    variables: new Map(Object.entries(file.variables ?? {}).map(([k, v]) => [k, variableFromJson(v)])),
    api: apiInfo({ id: 'local-api', name: 'Local API', path: '', serviceUrl: 'ws://localhost:8080/', protocols: ['ws', 'wss'], ...file.api }),
    operation: { ...ON_HANDSHAKE_OPERATION, ...file.operation },
    product: file.product
      ? { id: 'starter', name: 'Starter', subscriptionRequired: true, approvalRequired: false, state: 'Published', subscriptionsLimit: null, groups: [], ...file.product }
      : null,
    subscription: file.subscription
      ? {
          id: 'local-subscription',
          name: 'Local subscription',
          key: '',
          primaryKey: '',
          secondaryKey: '',
          ...file.subscription,
          createdDate: date(file.subscription.createdDate) ?? new Date(0),
          startDate: date(file.subscription.startDate),
          endDate: date(file.subscription.endDate),
        }
      : null,
    user: file.user
      ? { id: 'local-user', email: '', firstName: '', lastName: '', note: '', groups: [], identities: [], ...file.user, registrationDate: date(file.user.registrationDate) ?? new Date(0) }
      : null,
    deployment,
    lastError: file.lastError ? { source: '', reason: '', message: '', scope: '', section: '', path: '', policyId: '', ...file.lastError } : null,
    response: null,
    tracing: file.tracing ?? false,
    trace: (source, message) => trace?.(source, message),
  };
}
