/**
 * A HandshakeInput for a handshake that has no real client (`onhandshake trace`, tests): the
 * upgrade request's headers are filled in the way a browser sends them unless given.
 */
import { HeaderBag } from '../common/headers.js';
import type { HandshakeInput } from './contract.js';

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
}

export const DEFAULT_HANDSHAKE_URL = 'ws://localhost:8080/chat';
export const DEFAULT_SERVICE_URL = 'ws://backend.invalid/';

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
  const apiPath = sim.apiPath ?? parsed.pathname.split('/').filter(Boolean)[0] ?? '';
  const serviceName = sim.serviceName ?? 'onhandshake';
  return {
    method: 'GET',
    url,
    headers,
    ipAddress: sim.ipAddress ?? '127.0.0.1',
    api: {
      id: apiPath || 'api',
      name: apiPath || 'api',
      path: apiPath,
      serviceUrl: sim.serviceUrl ?? DEFAULT_SERVICE_URL,
      protocols: [parsed.protocol === 'wss:' ? 'wss' : 'ws'],
      revision: '1',
      version: '',
      isCurrentRevision: true,
      subscriptionKeyParameterNames: { header: 'Ocp-Apim-Subscription-Key', query: 'subscription-key' },
    },
    product: null,
    subscription: null,
    user: null,
    deployment: { region: 'local', serviceName, serviceId: serviceName, gatewayId: 'managed' },
    ...(sim.requestId ? { requestId: sim.requestId } : {}),
  };
}
