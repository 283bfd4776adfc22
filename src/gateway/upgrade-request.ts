/**
 * Checks that a client's upgrade request is a valid RFC 6455 opening handshake before any policy runs.
 * A malformed one gets its HTTP error at once (400, or 426 with the supported version).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { jsonResponse, type GatewayResponse } from './apim-errors.js';

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const KEY_PATTERN = /^[+/0-9A-Za-z]{22}==$/;

export function acceptKey(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

export type UpgradeCheck = { ok: true; key: string } | { ok: false; response: GatewayResponse; error: string };

const badRequest = (message: string): UpgradeCheck => ({
  ok: false,
  error: message,
  response: jsonResponse(400, 'Bad Request', { statusCode: 400, message }),
});

export function checkUpgradeRequest(req: IncomingMessage): UpgradeCheck {
  if (req.method !== 'GET') return badRequest(`A WebSocket handshake must use GET, not ${req.method ?? '?'}.`);
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return badRequest('The Upgrade header must be "websocket".');
  const version = req.headers['sec-websocket-version'];
  if (version !== '13') {
    return {
      ok: false,
      error: `unsupported Sec-WebSocket-Version ${version ?? '(missing)'}`,
      response: jsonResponse(426, 'Upgrade Required', { statusCode: 426, message: 'Unsupported WebSocket version: use Sec-WebSocket-Version 13.' }, { 'Sec-WebSocket-Version': '13' }),
    };
  }
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || !KEY_PATTERN.test(key.trim())) return badRequest('Missing or malformed Sec-WebSocket-Key.');
  return { ok: true, key: key.trim() };
}
