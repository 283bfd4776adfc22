/**
 * rate-limit: at most `calls` handshakes per `renewal-period` seconds for each subscription (sliding
 * window), with independent limits for `<api>` and `<operation>` children. Without a subscription the
 * policy does not apply, as in APIM.
 */
import { enforceRateLimit, RATE_LIMIT_NAME_ATTRIBUTES, rateLimitNames } from './access/rate-limit-policy.js';
import { configuredStore } from './access/store-call.js';
import { scopedChildSpecs, scopedLimits, subscriptionCounterKey } from './access/subscription-scope.js';
import { CODES } from './runtime/codes.js';
import type { Step } from './runtime/step.js';
import type { PolicyElement } from '../policy/tree.js';
import { literalOf, policyIdOf, type CompileContext, type PolicyHandler } from './handler.js';

const LIMIT_ATTRIBUTES = [
  { name: 'calls', type: 'integer', expression: false },
  { name: 'renewal-period', type: 'integer', expression: false },
] as const;

function readLimit(ctx: CompileContext) {
  return (el: PolicyElement): { calls: number; period: number } | undefined => {
    const calls = literalOf(el, 'calls');
    const period = literalOf(el, 'renewal-period');
    if (calls === undefined && period === undefined) return undefined;
    if (calls === undefined || period === undefined || Number(calls) <= 0 || Number(period) <= 0 || Number(period) > 300) {
      ctx.report('error', CODES.badAttributeValue, `<${el.name}> needs 'calls' > 0 and 'renewal-period' between 1 and 300 seconds`, el.loc, el.path);
      return undefined;
    }
    return { calls: Number(calls), period: Number(period) };
  };
}

export const rateLimit: PolicyHandler = {
  name: 'rate-limit',
  status: 'supported',
  summary: 'Caps handshakes per subscription in a sliding window (per API/operation too); 429 with Retry-After',
  sections: ['inbound'],
  attributes: [
    { name: 'calls', required: true, type: 'integer', expression: false },
    { name: 'renewal-period', required: true, type: 'integer', expression: false },
    ...RATE_LIMIT_NAME_ATTRIBUTES,
  ],
  children: [{ element: scopedChildSpecs([...LIMIT_ATTRIBUTES]), repeatable: true }],
  compile(el, ctx): Step {
    const limits = scopedLimits(el, ctx, readLimit(ctx));
    const names = rateLimitNames((n) => literalOf(el, n));
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: `${literalOf(el, 'calls')} calls / ${literalOf(el, 'renewal-period')} s per subscription`,
      async run(rt) {
        if (!rt.state.subscription) {
          if (rt.entry) rt.note('message', 'No subscription: rate-limit does not apply');
          return;
        }
        const store = configuredStore(rt);
        for (const { suffix, applies, limit } of limits) {
          if (!applies(rt.state)) continue;
          const key = subscriptionCounterKey('rate-limit', el, rt.state, suffix(rt.state));
          await enforceRateLimit(rt, store, el.name, key, limit.calls, limit.period, 1, names);
        }
      },
    };
  },
};
