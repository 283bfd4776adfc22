/**
 * include-fragment: the reader inlines fragments (their steps carry the fragment id, shown in the
 * trace). One still present here was not inlined (no fragments folder, or an unknown id): an error.
 */
import { CODES } from './runtime/codes.js';
import { skippedStep } from './runtime/skipped-step.js';
import { literalOf, type PolicyHandler } from './handler.js';

export const includeFragment: PolicyHandler = {
  name: 'include-fragment',
  status: 'supported',
  summary: 'Inlined by the reader from the fragments folder; inlined steps are marked with their fragment id in the trace',
  attributes: [{ name: 'fragment-id', required: true, expression: false }],
  compile(el, ctx) {
    const id = literalOf(el, 'fragment-id') ?? '';
    ctx.report('error', CODES.badConfiguration, `fragment '${id}' was not inlined: pass the folder that holds ${id}.xml (--fragments DIR)`, el.loc, el.path);
    return skippedStep(el, `fragment ${id} not inlined`);
  },
};
