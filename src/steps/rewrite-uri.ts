/**
 * rewrite-uri: the path (and optional query) of the backend request, relative to the backend base
 * URL. `{name}` placeholders take a matched template parameter or, for a WebSocket API whose only
 * operation is `/`, the query parameter of that name (which is then no longer "unmatched").
 * copy-unmatched-params (default true) keeps the other incoming query parameters.
 */
import type { Step } from './runtime/step.js';
import { parseQuery } from './runtime/url.js';
import { asString, evaluateAll, andThen } from './runtime/values.js';
import { policyIdOf, type PolicyHandler } from './handler.js';

export const rewriteUri: PolicyHandler = {
  name: 'rewrite-uri',
  status: 'supported',
  summary: 'Sets the backend path and query from a template; copy-unmatched-params keeps the other query parameters',
  sections: ['inbound'],
  attributes: [
    { name: 'template', required: true, expression: true },
    { name: 'copy-unmatched-params', default: 'true', type: 'boolean', expression: true },
  ],
  compile(el, ctx): Step {
    const template = ctx.attr(el, 'template')!;
    const copyUnmatched = ctx.attr(el, 'copy-unmatched-params')!;
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: template.literal ?? '@(…)',
      run(rt) {
        return andThen(evaluateAll(rt, [template, copyUnmatched]), ([t, c]) => {
          const url = rt.state.request.url;
          const used = new Set<string>();
          const lookup = (name: string): string => {
            const matched = rt.state.request.matchedParameters.get(name);
            if (matched !== undefined) return matched;
            used.add(name);
            return url.query.find(([k]) => k === name)?.[1] ?? '';
          };
          const text = asString(t).replace(/\{([^{}]+)\}/g, (_, name: string) => encodeURIComponent(lookup(name)));
          const q = text.indexOf('?');
          const path = q < 0 ? text : text.slice(0, q);
          const templateQuery = q < 0 ? [] : parseQuery(text.slice(q + 1));
          const copy = typeof c === 'boolean' ? c : asString(c).trim().toLowerCase() !== 'false';
          const unmatched = copy ? url.query.filter(([k]) => !used.has(k) && !templateQuery.some(([n]) => n === k)) : [];
          url.path = path.startsWith('/') ? path : '/' + path;
          url.query = [...templateQuery, ...unmatched];
          rt.shared.backendPath = url.path;
          if (rt.entry) rt.note('rewrite', { path: url.path, query: url.query.map(([k, v]) => ({ name: k, value: v })) });
        });
      },
    };
  },
};
