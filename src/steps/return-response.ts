/**
 * return-response: ends the pipeline with a response: the IResponse held in response-variable-name
 * (e.g. a send-request's), or 200 OK with no body, then modified by set-status, set-header, set-body.
 */
import { dotnet } from '../expressions/index.js';
import { HeaderBag } from '../common/headers.js';
import { Halt, PolicyError } from './runtime/errors.js';
import type { RunContext } from './runtime/run-context.js';
import type { Step } from './runtime/step.js';
import { andThen } from './runtime/values.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';
import { bodyBytes, checkSetBody, SET_BODY_ELEMENT } from './set-body-child.js';
import { applyHeaderEdit, compileHeaderEdit, SET_HEADER_SPEC } from './set-header.js';
import { compileStatus, evaluateStatus, SET_STATUS_SPEC } from './set-status.js';

type Building = { statusCode: number; statusReason: string; headers: HeaderBag; body: Buffer };

export const returnResponse: PolicyHandler = {
  name: 'return-response',
  status: 'supported',
  summary: 'Ends the handshake with a response (from response-variable-name, or 200 OK) edited by set-status, set-header, set-body',
  attributes: [{ name: 'response-variable-name', expression: false }],
  children: [
    { element: SET_STATUS_SPEC },
    { element: SET_HEADER_SPEC, repeatable: true },
    { element: SET_BODY_ELEMENT },
  ],
  compile(el, ctx): Step {
    const variable = literalOf(el, 'response-variable-name');
    const edits: Array<(rt: RunContext, r: Building) => void | Promise<void>> = [];
    for (const child of el.children) {
      if (child.name === 'set-status') {
        const status = compileStatus(child, ctx);
        edits.push((rt, r) =>
          andThen(evaluateStatus(rt, status, el.name), ({ code, reason }) => {
            r.statusCode = code;
            r.statusReason = reason;
          }),
        );
      } else if (child.name === 'set-header') {
        const edit = compileHeaderEdit(child, ctx);
        edits.push((rt, r) => applyHeaderEdit(rt, edit, r.headers));
      } else if (child.name === 'set-body') {
        const body = ctx.text(child, 'set-body');
        checkSetBody(child, ctx);
        edits.push((rt, r) =>
          body
            ? andThen(rt.evaluate(body), (v) => {
                r.body = bodyBytes(v);
              })
            : undefined,
        );
      }
    }
    const step: Step = {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: variable ? `response-variable-name=${variable}` : undefined,
      run(rt) {
        const r = initial(rt, variable, el.name);
        const finish = (): never => {
          if (rt.entry) {
            rt.note('message', 'Return response was applied');
            rt.note('response', { status: { code: r.statusCode, reason: r.statusReason }, headers: rt.trace!.headers(r.headers), body: rt.trace!.body(r.body) });
          }
          throw new Halt(r);
        };
        return applyAll(rt, edits, r, 0, finish);
      },
    };
    return step;
  },
};

function initial(rt: RunContext, variable: string | undefined, source: string): Building {
  if (variable === undefined) return { statusCode: 200, statusReason: 'OK', headers: new HeaderBag(), body: Buffer.alloc(0) };
  if (!rt.state.variables.has(variable)) {
    throw new PolicyError(source, 'ExpressionValueEvaluationFailure', `Context variable with name '${variable}' not found.`);
  }
  const stored = dotnet.readResponse(rt.state.variables.get(variable));
  if (!stored) throw new PolicyError(source, 'ExpressionValueEvaluationFailure', `Context variable '${variable}' does not hold a response.`);
  return { statusCode: stored.statusCode, statusReason: stored.statusReason, headers: stored.headers.clone(), body: stored.body };
}

function applyAll(rt: RunContext, edits: ReadonlyArray<(rt: RunContext, r: Building) => void | Promise<void>>, r: Building, from: number, finish: () => never): void | Promise<void> {
  for (let i = from; i < edits.length; i++) {
    const x = edits[i]!(rt, r);
    if (x instanceof Promise) return x.then(() => applyAll(rt, edits, r, i + 1, finish));
  }
  finish();
}
