/**
 * Checks that a client's upgrade request is a valid RFC 6455 opening handshake before any policy runs.
 * A malformed one gets its HTTP error at once (400, or 426 with the supported version).
 */
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HeaderBag } from '../common/headers.js';
import { jsonResponse, type GatewayResponse } from './apim-errors.js';

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const KEY_PATTERN = /^[+/0-9A-Za-z]{22}==$/;
/** A plain name or IPv4 address and a port: the Host of nearly every handshake, accepted without a URL parse. */
const PLAIN_HOST = /^[-0-9A-Za-z.]+(?::(\d{1,5}))?$/;
/** RFC 9110 §7.2 Host = uri-host [ ":" port ]: a bracketed IPv6 literal or a reg-name (no userinfo, path or brackets). */
const HOST_PATTERN = /^(?:\[[0-9A-Fa-f:.]+\]|[-0-9A-Za-z._~%!$&'()*+,;=]+)(?::\d{0,5})?$/;

/** A Host the handshake's URL (context.Request.Url) can be built from. */
function validHost(host: string): boolean {
  const plain = PLAIN_HOST.exec(host);
  if (plain) return plain[1] === undefined || Number(plain[1]) <= 65535;
  return HOST_PATTERN.test(host) && URL.canParse(`ws://${host}/`);
}

/** crypto.hash (Node 20.12+) digests in one call, without a Hash object per handshake. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64') => string }).hash;

export function acceptKey(key: string): string {
  if (oneShotHash) return oneShotHash('sha1', key + WEBSOCKET_GUID, 'base64');
  return crypto.createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

export type UpgradeCheck = { ok: true; key: string } | { ok: false; response: GatewayResponse; error: string };

const badRequest = (message: string): UpgradeCheck => ({
  ok: false,
  error: message,
  response: jsonResponse(400, 'Bad Request', { statusCode: 400, message }),
});

/**
 * Reads the client's headers from the HeaderBag the gateway builds anyway (Node's `req.headers` would
 * parse them a second time); repeated headers are joined with ', ' as `req.headers` joins them.
 */
export function checkUpgradeRequest(req: IncomingMessage, headers: HeaderBag): UpgradeCheck {
  const header = (name: string): string | undefined => headers.getAll(name)?.join(', ');
  if (req.method !== 'GET') return badRequest(`A WebSocket handshake must use GET, not ${req.method ?? '?'}.`);
  // RFC 6455 §4.1: HTTP/1.1 or later, with exactly one Host (RFC 9112 §3.2) that is a host[:port].
  if (req.httpVersionMajor === 1 && req.httpVersionMinor === 0) return badRequest(`A WebSocket handshake needs HTTP/1.1, not HTTP/${req.httpVersion}.`);
  const hosts = headers.getAll('host');
  if (!hosts || hosts.length === 0) return badRequest('A WebSocket handshake needs a Host header.');
  if (hosts.length > 1) return badRequest('A request must have one Host header, not several.');
  if (!validHost(hosts[0]!)) return badRequest('The Host header must be a host name or address and an optional port.');
  if ((header('upgrade') ?? '').toLowerCase() !== 'websocket') return badRequest('The Upgrade header must be "websocket".');
  const version = header('sec-websocket-version');
  if (version !== '13') {
    return {
      ok: false,
      error: `unsupported Sec-WebSocket-Version ${version ?? '(missing)'}`,
      response: jsonResponse(426, 'Upgrade Required', { statusCode: 426, message: 'Unsupported WebSocket version: use Sec-WebSocket-Version 13.' }, { 'Sec-WebSocket-Version': '13' }),
    };
  }
  const key = header('sec-websocket-key');
  if (typeof key !== 'string' || !KEY_PATTERN.test(key.trim())) return badRequest('Missing or malformed Sec-WebSocket-Key.');
  return { ok: true, key: key.trim() };
}
