/**
 * send-one-way-request: sends the request and goes on without waiting for the answer; a failure is
 * only traced (APIM never reports it to the caller).
 */
import type { Step } from './runtime/step.js';
import { andThen } from './runtime/values.js';
import { CALLOUT_CHILDREN, compileCallout, traceRequest } from './callout.js';
import { policyIdOf, type PolicyHandler } from './handler.js';

export const sendOneWayRequest: PolicyHandler = {
  name: 'send-one-way-request',
  status: 'supported',
  summary: 'Sends an HTTP request without waiting for its answer (failures are only traced)',
  attributes: [
    { name: 'mode', default: 'new', values: ['new', 'copy'], expression: true },
    { name: 'timeout', default: '60', type: 'integer', expression: true },
  ],
  children: CALLOUT_CHILDREN,
  compile(el, ctx): Step {
    const builder = compileCallout(el, ctx);
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      run(rt) {
        return andThen(builder.build(rt), (req) => {
          const entry = rt.entry;
          if (entry) rt.note('request', traceRequest(rt, req));
          // Not tied to the handshake: a wait for="any" or the end of the run must not cancel it.
          const { signal: _ignored, ...detached } = req;
          rt.callouts.send(detached).then(
            (res) => {
              if (entry) (entry.data as Record<string, unknown>).response = { status: { code: res.statusCode, reason: res.statusReason } };
            },
            (err: unknown) => {
              if (entry) (entry.data as Record<string, unknown>).error = err instanceof Error ? err.message : String(err);
            },
          );
        });
      },
    };
  },
};
