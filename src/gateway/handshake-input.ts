/** Builds the graph's HandshakeInput (what `context.Request` and friends show) from the upgrade request. */
import type { IncomingMessage } from 'node:http';
import { HeaderBag } from '../common/headers.js';
import type { HandshakeInput } from '../graph/contract.js';
import type { ProductInfo, SubscriptionInfo, DeploymentInfo } from '../graph/state.js';
import type { GatewayApi } from './runtime.js';

export function clientAddress(req: IncomingMessage): { ip: string; port: number } {
  const raw = req.socket.remoteAddress ?? '';
  return { ip: raw.startsWith('::ffff:') ? raw.slice(7) : raw, port: req.socket.remotePort ?? 0 };
}

export function requestUrl(req: IncomingMessage, secure: boolean): string {
  const local = req.socket.localAddress ?? '127.0.0.1';
  const host = req.headers.host || `${local.includes(':') ? `[${local}]` : local}:${req.socket.localPort ?? 0}`;
  return `${secure ? 'wss' : 'ws'}://${host}${req.url ?? '/'}`;
}

export function buildHandshakeInput(
  req: IncomingMessage,
  init: { api: GatewayApi; headers: HeaderBag; secure: boolean; product: ProductInfo | null; subscription: SubscriptionInfo | null; deployment: DeploymentInfo; requestId: string },
): HandshakeInput {
  return {
    method: req.method ?? 'GET',
    url: requestUrl(req, init.secure),
    headers: init.headers,
    ipAddress: clientAddress(req).ip,
    api: init.api.info,
    product: init.product,
    subscription: init.subscription,
    user: null,
    deployment: init.deployment,
    requestId: init.requestId,
  };
}
