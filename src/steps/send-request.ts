/**
 * send-request: calls an HTTP endpoint and stores the IResponse in response-variable-name. A 4xx/5xx
 * answer is stored, not thrown; a timeout fails with `Timeout`, no connection with
 * `BackendConnectionFailure`; with ignore-error="true" a failure sets the variable to null instead.
 * Redirects are not followed.
 */
import { dotnet } from '../expressions/index.js';
import { CalloutError } from './runtime/callout-error.js';
import { PolicyError } from './runtime/errors.js';
import type { Step } from './runtime/step.js';
import { asString, andThen } from './runtime/values.js';
import { CALLOUT_CHILDREN, compileCallout, traceRequest, traceResponse } from './callout.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';

export const sendRequest: PolicyHandler = {
  name: 'send-request',
  status: 'supported',
  summary: 'Calls an HTTP endpoint (undici, pooled) and stores the IResponse; 4xx/5xx stored, Timeout / BackendConnectionFailure, ignore-error → null',
  attributes: [
    { name: 'mode', default: 'new', values: ['new', 'copy'], expression: true },
    { name: 'response-variable-name', required: true, expression: true },
    { name: 'timeout', default: '60', type: 'integer', expression: true },
    { name: 'ignore-error', default: 'false', type: 'boolean', expression: false },
  ],
  children: CALLOUT_CHILDREN,
  compile(el, ctx): Step {
    const builder = compileCallout(el, ctx);
    const variable = ctx.attr(el, 'response-variable-name')!;
    const ignoreError = (literalOf(el, 'ignore-error') ?? 'false').trim().toLowerCase() === 'true';
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: `response-variable-name=${variable.literal ?? '@(…)'}`,
      run(rt) {
        return andThen(rt.evaluate(variable), (v) =>
          andThen(builder.build(rt), async (req) => {
            const name = asString(v);
            if (rt.entry) {
              rt.note('message', `Request is being forwarded to the backend service. Timeout set to ${req.timeoutMs / 1000} seconds`);
              rt.note('request', traceRequest(rt, req));
            }
            let res;
            try {
              res = await rt.callouts.send(req);
            } catch (err) {
              // Cancelled by wait for="any": not a failure of the call, and the variable is left alone.
              if (rt.signal?.aborted) {
                if (rt.entry) rt.note('cancelled', true);
                throw new PolicyError(el.name, 'Cancelled', 'The request was cancelled.');
              }
              const reason = err instanceof CalloutError ? err.reason : 'BackendConnectionFailure';
              const message = err instanceof Error ? err.message : String(err);
              if (rt.entry) rt.note('messages', [message, 'Error occurred while calling backend service.']);
              if (ignoreError) {
                rt.state.variables.set(name, null);
                if (rt.entry) rt.note('variable', { name, value: null, ignoredError: reason });
                return;
              }
              throw new PolicyError(el.name, reason, message);
            }
            rt.state.variables.set(name, dotnet.createResponse(res));
            if (rt.entry) {
              rt.note('response', traceResponse(rt, res));
              rt.note('variable', { name, type: 'IResponse' });
            }
          }),
        );
      },
    };
  },
};
