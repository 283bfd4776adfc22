/** Builds the graph's HandshakeInput (what `context.Request` and friends show) from the upgrade request. */
import type { IncomingMessage } from 'node:http';
import { HeaderBag } from '../common/headers.js';
import type { HandshakeInput } from '../steps/runtime/contract.js';
import type { ProductInfo, SubscriptionInfo, DeploymentInfo } from '../model/state.js';
import type { GatewayApi } from './runtime.js';

export function clientAddress(req: IncomingMessage): { ip: string; port: number } {
  const raw = req.socket.remoteAddress ?? '';
  return { ip: raw.startsWith('::ffff:') ? raw.slice(7) : raw, port: req.socket.remotePort ?? 0 };
}

/** `host` is the first Host header, as `req.headers.host` gives it (Node drops repeated Host headers). */
export function requestUrl(req: IncomingMessage, secure: boolean, host = req.headers.host): string {
  return `${secure ? 'wss' : 'ws'}://${host || localHost(req)}${req.url ?? '/'}`;
}

/** The address the client reached, for a request without Host (a getsockname call: only when needed). */
function localHost(req: IncomingMessage): string {
  const local = req.socket.localAddress ?? '127.0.0.1';
  return `${local.includes(':') ? `[${local}]` : local}:${req.socket.localPort ?? 0}`;
}

export function buildHandshakeInput(
  req: IncomingMessage,
  init: { api: GatewayApi; headers: HeaderBag; secure: boolean; product: ProductInfo | null; subscription: SubscriptionInfo | null; deployment: DeploymentInfo; requestId: string; /** The client's IP when already known (saves a getpeername call). */ ipAddress?: string },
): HandshakeInput {
  return {
    method: req.method ?? 'GET',
    url: requestUrl(req, init.secure, init.headers.getAll('host')?.[0]),
    headers: init.headers,
    ipAddress: init.ipAddress ?? clientAddress(req).ip,
    api: init.api.info,
    product: init.product,
    subscription: init.subscription,
    user: null,
    deployment: init.deployment,
    requestId: init.requestId,
  };
}
