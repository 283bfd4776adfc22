/** set-status: the status of the response being built (inside return-response, or in on-error). */
import { STATUS_CODES } from 'node:http';
import { HeaderBag } from '../common/headers.js';
import { PolicyError } from './runtime/errors.js';
import type { RunContext } from './runtime/run-context.js';
import type { CompiledValue, Step } from './runtime/step.js';
import { asString, evaluateAll, andThen } from './runtime/values.js';
import type { PolicyElement } from '../policy/tree.js';
import { policyIdOf, type CompileContext, type ElementSpec, type PolicyHandler } from './handler.js';

export const SET_STATUS_SPEC: ElementSpec = {
  name: 'set-status',
  attributes: [
    { name: 'code', required: true, type: 'integer', expression: true },
    // The reference marks reason required, yet Microsoft's own snippets omit it and APIM accepts them:
    // absent, it is the standard reason phrase of the code.
    { name: 'reason', expression: true },
  ],
};

export interface StatusEdit {
  code: CompiledValue;
  reason: CompiledValue | undefined;
}

export function compileStatus(el: PolicyElement, ctx: CompileContext): StatusEdit {
  return { code: ctx.attr(el, 'code')!, reason: ctx.attr(el, 'reason') };
}

export function evaluateStatus(rt: RunContext, edit: StatusEdit, source: string): { code: number; reason: string } | Promise<{ code: number; reason: string }> {
  return andThen(evaluateAll(rt, [edit.code, edit.reason]), ([c, r]) => {
    const text = asString(c).trim();
    const code = Number(text);
    if (!/^\d+$/.test(text) || code < 100 || code > 999) {
      throw new PolicyError(source, 'ExpressionValueEvaluationFailure', `'code' must be an HTTP status code, not '${text}'.`);
    }
    const reason = edit.reason ? asString(r) : (STATUS_CODES[code] ?? '');
    if (rt.entry) rt.note('message', [`Response status code was set to ${code}`, `Response status reason was set to '${reason}'`]);
    return { code, reason };
  });
}

export const setStatus: PolicyHandler = {
  ...SET_STATUS_SPEC,
  status: 'supported',
  summary: 'Sets the status code and reason of the response (used by on-error when it does not return-response)',
  compile(el, ctx): Step {
    const edit = compileStatus(el, ctx);
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: edit.code.literal ?? '@(…)',
      run(rt) {
        return andThen(evaluateStatus(rt, edit, el.name), ({ code, reason }) => {
          const response = (rt.state.response ??= { statusCode: 200, statusReason: 'OK', headers: new HeaderBag() });
          response.statusCode = code;
          response.statusReason = reason;
        });
      },
    };
  },
};
