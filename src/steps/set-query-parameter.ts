/**
 * set-query-parameter: edits the query forwarded to the backend. Values are kept decoded here and
 * percent-encoded exactly once when the backend URL is built (steps/runtime/url.ts). Names are compared
 * case-sensitively, as URLs do. Override keeps the parameter's first position.
 */
import type { Step } from './runtime/step.js';
import { asString, evaluateAll, andThen } from './runtime/values.js';
import { EXISTS_ACTIONS, resolveValues, toExistsAction } from './exists-action.js';
import { policyIdOf, type PolicyHandler } from './handler.js';
import { describeEdit } from './set-header.js';
import { VALUE_ELEMENT } from './value-child.js';

export const setQueryParameter: PolicyHandler = {
  name: 'set-query-parameter',
  status: 'supported',
  summary: 'Sets, appends, skips or deletes a query parameter of the backend URL; several <value>s; encoded once',
  sections: ['inbound', 'backend'],
  attributes: [
    { name: 'name', required: true, expression: true },
    { name: 'exists-action', default: 'override', values: EXISTS_ACTIONS, expression: true },
  ],
  children: [{ element: VALUE_ELEMENT, repeatable: true }],
  compile(el, ctx): Step {
    const name = ctx.attr(el, 'name')!;
    const action = ctx.attr(el, 'exists-action')!;
    const values = el.children.filter((c) => c.name === 'value').map((c) => ctx.text(c, 'value') ?? { label: 'value', literal: '', secret: false });
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: describeEdit(el),
      run(rt) {
        return andThen(evaluateAll(rt, [name, action, ...values]), ([n, a, ...vs]) => {
          const paramName = asString(n);
          const act = toExistsAction(el.name, asString(a));
          const query = rt.state.request.url.query;
          const current = query.filter(([k]) => k === paramName).map(([, v]) => v);
          const result = resolveValues(act, current.length > 0 ? current : undefined, vs.map(asString));
          if (result !== null) {
            const first = query.findIndex(([k]) => k === paramName);
            const kept = query.filter(([k]) => k !== paramName);
            const added = (result ?? []).map((v) => [paramName, v] as [string, string]);
            const at = first < 0 ? kept.length : query.slice(0, first).filter(([k]) => k !== paramName).length;
            kept.splice(at, 0, ...added);
            query.length = 0;
            query.push(...kept);
          }
          if (rt.entry) {
            rt.note('queryParameter', {
              name: paramName,
              action: act,
              ...(result === null ? { skipped: 'parameter exists' } : {}),
              values: query.filter(([k]) => k === paramName).map(([, v]) => v),
            });
          }
        });
      },
    };
  },
};
