/**
 * trace: a custom entry in the request trace, with the policy's `source` as the entry's source.
 * Does nothing (and evaluates nothing) when tracing is off, as APIM only evaluates it for traced requests.
 */
import { CODES } from './runtime/codes.js';
import type { Step } from './runtime/step.js';
import { asString, evaluateAll, andThen } from './runtime/values.js';
import { literalOf, policyIdOf, type ElementSpec, type PolicyHandler } from './handler.js';

const MESSAGE: ElementSpec = { name: 'message', attributes: [], text: { required: true, expression: true } };
const METADATA: ElementSpec = {
  name: 'metadata',
  attributes: [
    { name: 'name', required: true, expression: false },
    { name: 'value', required: true, expression: true },
  ],
};

export const trace: PolicyHandler = {
  name: 'trace',
  status: 'supported',
  summary: 'Adds a custom entry (source, severity, message, metadata) to the trace',
  attributes: [
    { name: 'source', required: true, expression: false },
    { name: 'severity', default: 'verbose', values: ['verbose', 'information', 'error'], expression: false },
  ],
  // The older form writes the message as the element's text; either form is accepted, one is required.
  text: { expression: true },
  children: [
    { element: MESSAGE },
    { element: METADATA, repeatable: true },
  ],
  compile(el, ctx): Step {
    const source = literalOf(el, 'source')!;
    const severity = (literalOf(el, 'severity') ?? 'verbose').toLowerCase();
    const messageEl = el.children.find((c) => c.name === 'message');
    const legacy = ctx.text(el, 'message');
    if (!messageEl && !legacy) ctx.report('error', CODES.missingChild, '<trace> requires a <message> child', el.loc, el.path);
    if (messageEl && legacy) ctx.report('error', CODES.unexpectedContent, '<trace> takes its message either as <message> or as text, not both', el.loc, el.path);
    const message = (messageEl ? ctx.text(messageEl, 'message') : legacy) ?? { label: 'message', literal: '', secret: false };
    const metadata = el.children.filter((c) => c.name === 'metadata').map((m) => ({ name: literalOf(m, 'name')!, value: ctx.attr(m, 'value')! }));
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: `${source} (${severity})`,
      run(rt) {
        if (!rt.entry) return;
        const entry = rt.entry;
        return andThen(evaluateAll(rt, [message, ...metadata.map((m) => m.value)]), ([msg, ...values]) => {
          // APIM shows the policy's source as the entry's source.
          entry.source = source;
          rt.note('severity', severity);
          rt.note('message', asString(msg));
          if (metadata.length > 0) rt.note('metadata', Object.fromEntries(metadata.map((m, i) => [m.name, asString(values[i])])));
        });
      },
    };
  },
};
