/**
 * The HTTP answers the gateway itself gives before or instead of a 101, shaped like APIM's
 * (reference §1.4, §5.4): JSON `{statusCode, message}` bodies, `application/json`.
 */
import { randomUUID } from 'node:crypto';
import { HeaderBag } from '../common/headers.js';

export interface GatewayResponse {
  statusCode: number;
  statusReason: string;
  headers: HeaderBag;
  body: Buffer;
}

export function jsonResponse(statusCode: number, statusReason: string, payload: object, extraHeaders: Record<string, string> = {}): GatewayResponse {
  const headers = new HeaderBag([['Content-Type', 'application/json; charset=utf-8'], ...Object.entries(extraHeaders)]);
  return { statusCode, statusReason, headers, body: Buffer.from(JSON.stringify(payload)) };
}

export const apimErrors = {
  /** No API matches the URL suffix (LastError: configuration / OperationNotFound). */
  notFound: (): GatewayResponse => jsonResponse(404, 'Resource Not Found', { statusCode: 404, message: 'Resource not found' }),
  missingSubscriptionKey: (): GatewayResponse =>
    jsonResponse(401, 'Access Denied', {
      statusCode: 401,
      message: 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
    }),
  invalidSubscriptionKey: (): GatewayResponse =>
    jsonResponse(401, 'Access Denied', {
      statusCode: 401,
      message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
    }),
  /** Unhandled failures, including BackendConnectionFailure (the reason goes to the log and trace, not the body). */
  internalError: (activityId: string = randomUUID()): GatewayResponse =>
    jsonResponse(500, 'Internal Server Error', { statusCode: 500, message: 'Internal server error', activityId }),
  /** Our choice (APIM documents no body): beyond the per-gateway connection limit. */
  tooManyConnections: (limit: number): GatewayResponse =>
    jsonResponse(503, 'Service Unavailable', { statusCode: 503, message: `The gateway's limit of ${limit} concurrent WebSocket connections is reached. Try again later.` }, { 'Retry-After': '1' }),
  /** Our choice: a plain HTTP request (no WebSocket upgrade) to a WebSocket API. */
  upgradeRequired: (): GatewayResponse =>
    jsonResponse(426, 'Upgrade Required', { statusCode: 426, message: 'This is a WebSocket API: send a WebSocket upgrade request (GET with Upgrade: websocket).' }, { Upgrade: 'websocket', 'Sec-WebSocket-Version': '13' }),
  shuttingDown: (): GatewayResponse => jsonResponse(503, 'Service Unavailable', { statusCode: 503, message: 'The gateway is shutting down.' }, { Connection: 'close' }),
};

/** Serialises a response for a socket that never became an HTTP response object (upgrade requests). */
export function rawHttpResponse(response: GatewayResponse, extra: Record<string, string> = {}): Buffer {
  const headers = response.headers.clone();
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  for (const name of ['Content-Length', 'Transfer-Encoding', 'Connection']) headers.delete(name);
  const lines = [`HTTP/1.1 ${response.statusCode} ${sanitizeReason(response.statusReason, response.statusCode)}`];
  for (const { name, value } of headers.toPairs()) if (isSafeHeader(name, value)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${response.body.length}`, 'Connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), response.body]);
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function isSafeHeader(name: string, value: string): boolean {
  return TOKEN.test(name) && !/[\r\n\0]/.test(value);
}

function sanitizeReason(reason: string, status: number): string {
  const clean = reason.replace(/[\r\n\0]/g, ' ').trim();
  return clean || (STATUS_TEXT[status] ?? 'Unknown');
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout',
  426: 'Upgrade Required', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 500: 'Internal Server Error',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};
