/**
 * The headers the gateway sends to the backend: the handshake's headers after the policy, without the
 * hop-by-hop ones and those the gateway owns (Host, the WebSocket handshake fields), plus X-Forwarded-For.
 */
import { HeaderBag } from '../common/headers.js';

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
const GATEWAY_OWNED = ['host', 'content-length', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-accept', 'sec-websocket-protocol', 'sec-websocket-extensions'];
const ALWAYS_DROPPED: ReadonlySet<string> = new Set([...HOP_BY_HOP, ...GATEWAY_OWNED]);

export function backendRequestHeaders(policyHeaders: HeaderBag, clientIp: string): HeaderBag {
  // Headers named in Connection are hop-by-hop too (RFC 9110 §7.6.1).
  let named: Set<string> | undefined;
  for (const token of (policyHeaders.get('connection') ?? '').split(',')) if (token.trim()) (named ??= new Set()).add(token.trim().toLowerCase());
  const out = new HeaderBag();
  let forwardedForName = 'X-Forwarded-For';
  for (const [name, values] of policyHeaders) {
    const lower = name.toLowerCase();
    if (ALWAYS_DROPPED.has(lower) || named?.has(lower)) continue;
    out.set(name, values);
    if (lower === 'x-forwarded-for') forwardedForName = name;
  }
  const forwardedFor = out.get('x-forwarded-for');
  out.set(forwardedForName, forwardedFor ? `${forwardedFor}, ${clientIp}` : clientIp);
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
