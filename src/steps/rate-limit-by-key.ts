/**
 * rate-limit-by-key: at most `calls` handshakes per `renewal-period` seconds (sliding window) per
 * counter-key value, shared by every scope using that key, and by every gateway sharing the store.
 * APIM postpones an expression increment-condition/increment-count to the end of outbound; a handshake
 * has no outbound to wait for, so they are evaluated here, before counting.
 */
import { configuredStore } from './access/store-call.js';
import { enforceRateLimit, RATE_LIMIT_NAME_ATTRIBUTES, rateLimitNames } from './access/rate-limit-policy.js';
import { CODES } from './runtime/codes.js';
import { integerAttribute } from './access/policy-numbers.js';
import type { Step } from './runtime/step.js';
import { asString, evaluateAll } from './runtime/values.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';

export const rateLimitByKey: PolicyHandler = {
  name: 'rate-limit-by-key',
  status: 'supported',
  summary: 'Caps handshakes per key in a sliding window (memory or Redis store); 429 with Retry-After',
  sections: ['inbound'],
  attributes: [
    { name: 'calls', required: true, type: 'integer', expression: true },
    { name: 'renewal-period', required: true, type: 'integer', expression: true },
    { name: 'counter-key', required: true, expression: true },
    { name: 'increment-condition', type: 'boolean', expression: true },
    { name: 'increment-count', type: 'integer', default: '1', expression: true },
    ...RATE_LIMIT_NAME_ATTRIBUTES,
  ],
  compile(el, ctx): Step {
    const values = ['calls', 'renewal-period', 'counter-key', 'increment-condition', 'increment-count'].map((n) => ctx.attr(el, n));
    const period = literalOf(el, 'renewal-period');
    if (period !== undefined && Number(period) > 300) {
      ctx.report('error', CODES.badAttributeValue, `'renewal-period' of <rate-limit-by-key> is at most 300 seconds, not ${period}`, el.loc, el.path);
    }
    const names = rateLimitNames((n) => literalOf(el, n));
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: `${literalOf(el, 'calls') ?? '@(…)'} calls / ${period ?? '@(…)'} s`,
      async run(rt) {
        const [calls, renewal, key, condition, count] = (await evaluateAll(rt, values)).map((v, i) => (values[i] === undefined ? undefined : asString(v)));
        const counted = condition === undefined || condition.trim().toLowerCase() === 'true';
        await enforceRateLimit(
          rt,
          configuredStore(rt),
          el.name,
          `by-key:${key ?? ''}`,
          integerAttribute(calls!, 'calls', el.name, 1),
          integerAttribute(renewal!, 'renewal-period', el.name, 1),
          counted ? integerAttribute(count ?? '1', 'increment-count', el.name, 0) : 0,
          names,
        );
      },
    };
  },
};
