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
