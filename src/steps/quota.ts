/**
 * quota: handshakes (`calls`) and relayed kilobytes (`bandwidth`) per subscription per period, with
 * independent limits for `<api>`/`<operation>` children; 403 with Retry-After. Without a subscription
 * the policy does not apply, as in APIM.
 */
import { enforceQuota, type QuotaSettings } from './access/quota-policy.js';
import { configuredStore } from './access/store-call.js';
import { scopedChildSpecs, scopedLimits, subscriptionCounterKey } from './access/subscription-scope.js';
import type { Step } from './runtime/step.js';
import type { PolicyElement } from '../policy/tree.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';
import { describeQuota, quotaSettings } from './quota-by-key.js';

const LIMIT_ATTRIBUTES = [
  { name: 'calls', type: 'integer', expression: false },
  { name: 'bandwidth', type: 'integer', expression: false },
  { name: 'renewal-period', type: 'integer', expression: false },
] as const;

export const quota: PolicyHandler = {
  name: 'quota',
  status: 'supported',
  summary: 'Caps handshakes and relayed kilobytes per subscription per period (per API/operation too); 403 with Retry-After',
  sections: ['inbound'],
  attributes: [...LIMIT_ATTRIBUTES.slice(0, 2), { ...LIMIT_ATTRIBUTES[2], required: true }],
  children: [{ element: scopedChildSpecs([...LIMIT_ATTRIBUTES]), repeatable: true }],
  compile(el, ctx): Step {
    const limits = scopedLimits<QuotaSettings>(el, ctx, (e: PolicyElement) =>
      literalOf(e, 'calls') === undefined && literalOf(e, 'bandwidth') === undefined && e !== el ? undefined : quotaSettings(e, ctx),
    );
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: `${describeQuota(el)} per subscription`,
      async run(rt) {
        if (!rt.state.subscription) {
          if (rt.entry) rt.note('message', 'No subscription: quota does not apply');
          return;
        }
        const store = configuredStore(rt);
        for (const { suffix, applies, limit } of limits) {
          if (!applies(rt.state)) continue;
          await enforceQuota(rt, store, el.name, subscriptionCounterKey('quota', el, rt.state, suffix(rt.state)), limit, true);
        }
      },
    };
  },
};
