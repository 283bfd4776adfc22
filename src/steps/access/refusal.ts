/**
 * An access or traffic policy refusing the handshake: APIM's error (LastError source, reason, message)
 * carrying the response the client gets when no on-error handles it: JSON `{statusCode, message}`.
 */
import { STATUS_CODES } from 'node:http';
import { HeaderBag } from '../../common/headers.js';
import { PolicyError } from '../runtime/errors.js';

export function refusal(
  source: string,
  reason: string,
  message: string,
  statusCode: number,
  clientMessage: string,
  headers: ReadonlyArray<readonly [string, string]> = [],
): PolicyError {
  const bag = new HeaderBag([['Content-Type', 'application/json'], ...headers]);
  const body = Buffer.from(JSON.stringify({ statusCode, message: clientMessage }, null, 4));
  return new PolicyError(source, reason, message, { statusCode, statusReason: STATUS_CODES[statusCode] ?? 'Error', headers: bag, body });
}
