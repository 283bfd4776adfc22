/**
 * A HandshakeInput for a handshake that has no real client (`onhandshake trace`, tests): the
 * upgrade request's headers are filled in the way a browser sends them unless given.
 */
import { HeaderBag } from '../common/headers.js';
import type { HandshakeInput } from '../steps/runtime/contract.js';
import { apiInfo, DEFAULT_SUBSCRIPTION_KEY_NAMES } from '../model/defaults.js';
import type { SubscriptionInfo } from '../model/state.js';

export interface SimulatedHandshake {
  url?: string;
  headers?: Iterable<readonly [string, string]>;
  ipAddress?: string;
  /** The API's WebSocket URL (backend base URL before set-backend-service). */
  serviceUrl?: string;
  /** The API URL suffix (default: the first path segment of the URL). */
  apiPath?: string;
  serviceName?: string;
  requestId?: string;
  /** The client's subscription key: sent in the API's key header and seen as context.Subscription. */
  subscriptionKey?: string;
  /** context.Deployment.Region (default `local`). */
  region?: string;
}

export const DEFAULT_HANDSHAKE_URL = 'ws://localhost:8080/chat';
export const DEFAULT_SERVICE_URL = 'ws://backend.invalid/';

const SUBSCRIPTION_KEY_HEADER = DEFAULT_SUBSCRIPTION_KEY_NAMES.header;

/** A subscription that holds the given key as its primary key (no configuration says more about it). */
function simulatedSubscription(key: string): SubscriptionInfo {
  return { id: 'trace', name: 'trace', key, primaryKey: key, secondaryKey: '', createdDate: new Date(0), startDate: null, endDate: null };
}

export function simulatedInput(sim: SimulatedHandshake = {}): HandshakeInput {
  const url = sim.url ?? DEFAULT_HANDSHAKE_URL;
  const parsed = new URL(url);
  const headers = new HeaderBag([
    ['Host', parsed.host],
    ['Connection', 'Upgrade'],
    ['Upgrade', 'websocket'],
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
  ]);
  for (const [name, value] of sim.headers ?? []) headers.append(name, value);
  if (sim.subscriptionKey !== undefined && !headers.has(SUBSCRIPTION_KEY_HEADER)) headers.set(SUBSCRIPTION_KEY_HEADER, sim.subscriptionKey);
  const apiPath = sim.apiPath ?? parsed.pathname.split('/').filter(Boolean)[0] ?? '';
  const serviceName = sim.serviceName ?? 'onhandshake';
  return {
    method: 'GET',
    url,
    headers,
    ipAddress: sim.ipAddress ?? '127.0.0.1',
    api: apiInfo({
      id: apiPath || 'api',
      name: apiPath || 'api',
      path: apiPath,
      serviceUrl: sim.serviceUrl ?? DEFAULT_SERVICE_URL,
      protocols: [parsed.protocol === 'wss:' ? 'wss' : 'ws'],
    }),
    product: null,
    subscription: sim.subscriptionKey !== undefined ? simulatedSubscription(sim.subscriptionKey) : null,
    user: null,
    deployment: { region: sim.region ?? 'local', serviceName, serviceId: serviceName, gatewayId: 'managed' },
    ...(sim.requestId ? { requestId: sim.requestId } : {}),
  };
}
