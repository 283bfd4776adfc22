/** `<set-body>` as a child of send-request and return-response (the top-level policy is refused on onHandshake). */
import { asString } from './runtime/values.js';
import { CODES } from './runtime/codes.js';
import type { PolicyElement } from '../policy/tree.js';
import { literalOf, type CompileContext, type ElementSpec } from './handler.js';

export const SET_BODY_ELEMENT: ElementSpec = {
  name: 'set-body',
  attributes: [
    { name: 'template', values: ['none', 'liquid'], expression: false },
    { name: 'xsi-nil', values: ['blank', 'null'], expression: false },
    { name: 'parse-date', type: 'boolean', expression: false },
  ],
  text: { expression: true },
};

/** Liquid templates are not run by this version: reported where they are written. */
export function checkSetBody(el: PolicyElement, ctx: CompileContext): void {
  const template = literalOf(el, 'template');
  if (template?.trim().toLowerCase() === 'liquid') {
    const a = el.attributes.find((x) => x.name === 'template')!;
    ctx.report('error', CODES.notYetSupported, 'Liquid templates in <set-body> are not supported by this version of onhandshake', a.value.loc, el.path);
  }
}

/** The bytes of a body value: byte arrays as they are, anything else as its C# string, UTF-8. */
export function bodyBytes(value: unknown): Buffer {
  if (value instanceof Uint8Array) return Buffer.from(value);
  return Buffer.from(asString(value), 'utf8');
}
