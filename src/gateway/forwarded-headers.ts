/**
 * The headers the gateway sends to the backend: the handshake's headers after the policy, without the
 * hop-by-hop ones and those the gateway owns (Host, the WebSocket handshake fields), plus X-Forwarded-For.
 */
import { HeaderBag } from '../common/headers.js';

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
const GATEWAY_OWNED = ['host', 'content-length', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-accept', 'sec-websocket-protocol', 'sec-websocket-extensions'];

export function backendRequestHeaders(policyHeaders: HeaderBag, clientIp: string): HeaderBag {
  const dropped = new Set([...HOP_BY_HOP, ...GATEWAY_OWNED]);
  // Headers named in Connection are hop-by-hop too (RFC 9110 §7.6.1).
  for (const token of (policyHeaders.get('connection') ?? '').split(',')) if (token.trim()) dropped.add(token.trim().toLowerCase());
  const out = new HeaderBag();
  for (const [name, values] of policyHeaders) if (!dropped.has(name.toLowerCase())) out.set(name, values);
  const forwardedFor = out.get('x-forwarded-for');
  out.set(out.names().find((n) => n.toLowerCase() === 'x-forwarded-for') ?? 'X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${clientIp}` : clientIp);
  return out;
}

/** The client's offers, passed on to the backend unchanged. */
export function offeredWebSocketHeaders(clientHeaders: HeaderBag): HeaderBag {
  const out = new HeaderBag();
  for (const name of ['Sec-WebSocket-Protocol', 'Sec-WebSocket-Extensions']) {
    const values = clientHeaders.getAll(name);
    if (values) out.set(name, values);
  }
  return out;
}
