/**
 * quota-by-key: handshakes (`calls`) and relayed kilobytes (`bandwidth`) per counter-key value in
 * fixed periods; 403 with Retry-After once a limit is reached. Bandwidth counts the bytes the gateway
 * relays on connections that passed this policy (both directions), so it refuses later handshakes.
 */
import { integerAttribute } from './access/policy-numbers.js';
import { enforceQuota } from './access/quota-policy.js';
import { configuredStore } from './access/store-call.js';
import { CODES } from './runtime/codes.js';
import type { Step } from './runtime/step.js';
import { asString, evaluateAll } from './runtime/values.js';
import type { PolicyElement } from '../policy/tree.js';
import { literalOf, policyIdOf, type CompileContext, type PolicyHandler } from './handler.js';

export const quotaByKey: PolicyHandler = {
  name: 'quota-by-key',
  status: 'supported',
  summary: 'Caps handshakes and relayed kilobytes per key per period (memory or Redis store); 403 with Retry-After',
  sections: ['inbound'],
  attributes: [
    { name: 'calls', type: 'integer', expression: false },
    { name: 'bandwidth', type: 'integer', expression: false },
    { name: 'counter-key', required: true, expression: true },
    { name: 'increment-condition', type: 'boolean', expression: true },
    { name: 'renewal-period', required: true, type: 'integer', expression: false },
    { name: 'first-period-start', expression: false },
  ],
  compile(el, ctx): Step {
    const settings = quotaSettings(el, ctx);
    const values = [ctx.attr(el, 'counter-key'), ctx.attr(el, 'increment-condition')];
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: describeQuota(el),
      async run(rt) {
        const [key, condition] = await evaluateAll(rt, values);
        const count = values[1] === undefined || asString(condition).trim().toLowerCase() === 'true';
        await enforceQuota(rt, configuredStore(rt), el.name, `by-key:${asString(key)}`, settings, count);
      },
    };
  },
};

/** calls / bandwidth / renewal-period / first-period-start, checked at compile time. */
export function quotaSettings(el: PolicyElement, ctx: CompileContext) {
  const calls = literalOf(el, 'calls');
  const bandwidth = literalOf(el, 'bandwidth');
  const renewal = literalOf(el, 'renewal-period') ?? '0';
  const start = literalOf(el, 'first-period-start');
  if (calls === undefined && bandwidth === undefined) {
    ctx.report('error', CODES.missingAttribute, `<${el.name}> needs 'calls', 'bandwidth' or both`, el.loc, el.path);
  }
  const renewalSeconds = Number(renewal);
  if (renewalSeconds > 0 && renewalSeconds < 300) {
    ctx.report('warning', CODES.badAttributeValue, `APIM requires a 'renewal-period' of at least 300 seconds for <${el.name}> (got ${renewal}); onhandshake accepts it`, el.loc, el.path);
  }
  let anchorMs: number | undefined;
  if (start !== undefined) {
    anchorMs = Date.parse(start);
    if (Number.isNaN(anchorMs)) ctx.report('error', CODES.badAttributeValue, `'first-period-start' must be an ISO 8601 date, not '${start}'`, el.loc, el.path);
  }
  return {
    ...(calls !== undefined ? { calls: integerAttribute(calls, 'calls', el.name, 0) } : {}),
    ...(bandwidth !== undefined ? { bandwidthKb: integerAttribute(bandwidth, 'bandwidth', el.name, 0) } : {}),
    renewalSeconds,
    ...(anchorMs !== undefined && !Number.isNaN(anchorMs) ? { anchorMs } : {}),
  };
}

export function describeQuota(el: PolicyElement): string {
  const parts = [literalOf(el, 'calls') && `${literalOf(el, 'calls')} calls`, literalOf(el, 'bandwidth') && `${literalOf(el, 'bandwidth')} KB`].filter(Boolean);
  return `${parts.join(' + ')} / ${literalOf(el, 'renewal-period')} s`;
}
