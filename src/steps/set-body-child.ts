/** `<set-body>` as a child of send-request and return-response (the top-level policy is refused on onHandshake). */
import { asString } from '../graph/values.js';
import type { ElementSpec } from './handler.js';

export const SET_BODY_ELEMENT: ElementSpec = { name: 'set-body', attributes: [], text: { expression: true } };

/** The bytes of a body value: byte arrays as they are, anything else as its C# string, UTF-8. */
export function bodyBytes(value: unknown): Buffer {
  if (value instanceof Uint8Array) return Buffer.from(value);
  return Buffer.from(asString(value), 'utf8');
}
