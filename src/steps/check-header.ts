/**
 * check-header: the header must be present and, when `<value>`s are given, equal one of them
 * (ignore-case decides the comparison). Refusal: failed-check-httpcode with failed-check-error-message.
 */
import { refusal } from './access/refusal.js';
import { PolicyError } from './runtime/errors.js';
import type { Step } from './runtime/step.js';
import { asString, evaluateAll } from './runtime/values.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';
import { VALUE_ELEMENT } from './value-child.js';

export const checkHeader: PolicyHandler = {
  name: 'check-header',
  status: 'supported',
  summary: 'Refuses the handshake when a header is missing or has none of the allowed values',
  sections: ['inbound'],
  attributes: [
    { name: 'name', required: true, expression: true },
    { name: 'failed-check-httpcode', required: true, type: 'integer', expression: true },
    { name: 'failed-check-error-message', required: true, expression: true },
    { name: 'ignore-case', required: true, type: 'boolean', expression: true },
  ],
  children: [{ element: VALUE_ELEMENT, repeatable: true }],
  compile(el, ctx): Step {
    const attrs = ['name', 'failed-check-httpcode', 'failed-check-error-message', 'ignore-case'].map((n) => ctx.attr(el, n));
    const values = el.children.map((c) => ctx.text(c, 'value')).filter((v) => v !== undefined);
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: literalOf(el, 'name') ?? '@(…)',
      async run(rt) {
        const [name, code, message, ignoreCase] = (await evaluateAll(rt, attrs)).map(asString) as [string, string, string, string];
        const allowed = (await evaluateAll(rt, values)).map(asString);
        const status = Number(code.trim());
        if (!Number.isInteger(status)) throw new PolicyError(el.name, 'ExpressionValueEvaluationFailure', `'failed-check-httpcode' must be an integer, not '${code}'.`);
        const present = rt.state.request.headers.getAll(name);
        if (!present || present.length === 0) {
          throw refusal(el.name, 'HeaderNotFound', `Header ${name} was not found in the request. Access denied.`, status, message);
        }
        if (allowed.length === 0) return;
        const fold = ignoreCase.trim().toLowerCase() === 'true' ? (s: string) => s.toLowerCase() : (s: string) => s;
        // A value matches the header as sent, or any one of its comma-separated parts.
        const candidates = new Set([present.join(','), ...present, ...present.flatMap((v) => v.split(',').map((p) => p.trim()))].map(fold));
        if (!allowed.some((v) => candidates.has(fold(v)))) {
          throw refusal(el.name, 'HeaderValueNotAllowed', `Header ${name} value is not allowed. Access denied.`, status, message);
        }
        if (rt.entry) rt.note('message', `Header ${name} has an allowed value`);
      },
    };
  },
};
