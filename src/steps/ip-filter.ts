/**
 * ip-filter: allow or forbid callers by address (`<address>`, our extension: CIDR too) and range
 * (`<address-range from to>`), IPv4 and IPv6. The caller is the direct peer, as in APIM; the gateway
 * may name trusted proxies, whose X-Forwarded-For is then believed.
 */
import { inRange, parseAddressOrCidr, parseIp, parseRange, type IpAddress, type IpRange } from '../access/ip-address.js';
import './access/options.js';
import { refusal } from './access/refusal.js';
import { CODES } from './runtime/codes.js';
import { PolicyError } from './runtime/errors.js';
import type { RunContext } from './runtime/run-context.js';
import type { CompiledValue, Step } from './runtime/step.js';
import { asString, evaluateAll } from './runtime/values.js';
import type { ElementSpec, PolicyHandler } from './handler.js';
import { policyIdOf } from './handler.js';

const ADDRESS: ElementSpec = { name: 'address', attributes: [], text: { required: true, expression: true } };
const ADDRESS_RANGE: ElementSpec = {
  name: 'address-range',
  attributes: [
    { name: 'from', required: true, expression: true },
    { name: 'to', required: true, expression: true },
  ],
};

type Entry = { range: IpRange; text: string } | { address: CompiledValue } | { from: CompiledValue; to: CompiledValue };

export const ipFilter: PolicyHandler = {
  name: 'ip-filter',
  status: 'supported',
  summary: 'Allows or forbids caller IP addresses and ranges (IPv4, IPv6); 403 on refusal',
  sections: ['inbound'],
  attributes: [{ name: 'action', required: true, values: ['allow', 'forbid'], expression: true }],
  children: [
    { element: ADDRESS, repeatable: true },
    { element: ADDRESS_RANGE, repeatable: true },
  ],
  compile(el, ctx): Step {
    const action = ctx.attr(el, 'action')!;
    const entries: Entry[] = [];
    if (el.children.length === 0) ctx.report('error', CODES.missingChild, `<ip-filter> needs at least one <address> or <address-range>`, el.loc, el.path);
    for (const child of el.children) {
      if (child.name === 'address') {
        const text = ctx.text(child, 'address');
        if (!text) continue;
        if (text.evaluator || (text.literal ?? '').includes('{{')) {
          entries.push({ address: text });
          continue;
        }
        const range = parseAddressOrCidr(text.literal ?? '');
        if (!range) ctx.report('error', CODES.badAttributeValue, `'${text.literal}' is not an IP address`, child.loc, child.path);
        else entries.push({ range, text: text.literal ?? '' });
      } else {
        const from = ctx.attr(child, 'from');
        const to = ctx.attr(child, 'to');
        if (!from || !to) continue;
        if (from.evaluator || to.evaluator || `${from.literal}${to.literal}`.includes('{{')) {
          entries.push({ from, to });
          continue;
        }
        const range = parseRange(from.literal ?? '', to.literal ?? '');
        if (!range) ctx.report('error', CODES.badAttributeValue, `'${from.literal}'–'${to.literal}' is not a range of IP addresses of one family`, child.loc, child.path);
        else entries.push({ range, text: `${from.literal}-${to.literal}` });
      }
    }
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: `${action.literal ?? '@(…)'} ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`,
      async run(rt) {
        const verb = asString(await rt.evaluate(action)).trim().toLowerCase();
        if (verb !== 'allow' && verb !== 'forbid') {
          throw new PolicyError(el.name, 'ExpressionValueEvaluationFailure', `'action' must be 'allow' or 'forbid', not '${verb}'.`);
        }
        const callerText = callerAddress(rt);
        const caller = parseIp(callerText);
        if (!caller) {
          throw refusal(el.name, 'FailedToParseCallerIP', `Failed to parse caller IP address '${callerText}'.`, 403, 'Forbidden');
        }
        const matched = await matches(rt, entries, caller);
        if (rt.entry) rt.note('message', `Caller IP address ${caller.text} ${matched ? 'matches' : 'does not match'} the list (action ${verb})`);
        if (verb === 'allow' && !matched) {
          const msg = `Caller IP address ${caller.text} is not allowed. Access denied.`;
          throw refusal(el.name, 'CallerIpNotAllowed', msg, 403, msg);
        }
        if (verb === 'forbid' && matched) {
          const msg = `Caller IP address ${caller.text} is not allowed. Access denied.`;
          throw refusal(el.name, 'CallerIpBlocked', msg, 403, msg);
        }
      },
    };
  },
};

async function matches(rt: RunContext, entries: readonly Entry[], caller: IpAddress): Promise<boolean> {
  for (const entry of entries) {
    let range: IpRange | undefined;
    if ('range' in entry) range = entry.range;
    else if ('address' in entry) range = parseAddressOrCidr(asString(await rt.evaluate(entry.address)));
    else {
      const [from, to] = (await evaluateAll(rt, [entry.from, entry.to])).map(asString) as [string, string];
      range = parseRange(from, to);
    }
    if (range && inRange(caller, range)) return true;
  }
  return false;
}

/** The direct peer, or the first untrusted hop of X-Forwarded-For when the peer is a trusted proxy. */
function callerAddress(rt: RunContext): string {
  const peer = rt.state.request.ipAddress;
  const trusted = (rt.options.trustedProxies ?? []).map(parseAddressOrCidr).filter((r): r is IpRange => r !== undefined);
  if (trusted.length === 0) return peer;
  const isTrusted = (text: string) => {
    const ip = parseIp(text);
    return ip !== undefined && trusted.some((r) => inRange(ip, r));
  };
  if (!isTrusted(peer)) return peer;
  const hops = (rt.state.request.headers.get('X-Forwarded-For') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!isTrusted(hops[i]!)) return hops[i]!;
  return hops[0] ?? peer;
}
