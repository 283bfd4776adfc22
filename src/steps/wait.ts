/**
 * wait: runs its children (send-request, cache-lookup-value, choose) concurrently. for="all" waits
 * for every one; for="any" goes on as soon as the first finishes and cancels the others.
 */
import { CODES } from './runtime/codes.js';
import { PolicyError } from './runtime/errors.js';
import { runStep } from './runtime/run-steps.js';
import type { Step } from './runtime/step.js';
import { asString } from './runtime/values.js';
import { policyIdOf, type PolicyHandler } from './handler.js';

const WAITABLE = ['send-request', 'cache-lookup-value', 'choose'];

export const wait: PolicyHandler = {
  name: 'wait',
  status: 'supported',
  summary: 'Runs its send-request / choose children concurrently; for="all" waits for all, "any" for the first and cancels the rest',
  sections: ['inbound', 'backend', 'outbound'],
  attributes: [{ name: 'for', default: 'all', values: ['all', 'any'], expression: true }],
  children: 'policies',
  compile(el, ctx): Step {
    for (const child of el.children) {
      if (!WAITABLE.includes(child.name)) {
        ctx.report('error', CODES.unexpectedContent, `<${child.name}> is not allowed inside <wait> (allowed: ${WAITABLE.map((n) => `<${n}>`).join(', ')})`, child.loc, child.path);
      }
    }
    const forValue = ctx.attr(el, 'for')!;
    const steps = ctx.policies(el.children);
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: `for=${forValue.literal ?? '@(…)'}`,
      branches: steps.map((s, i) => ({ label: `${i + 1}`, steps: [s] })),
      async run(rt) {
        const mode = asString(await rt.evaluate(forValue)).trim().toLowerCase();
        if (mode !== 'all' && mode !== 'any') throw new PolicyError(el.name, 'ExpressionValueEvaluationFailure', `'for' must be all or any, not '${mode}'.`);
        const controllers = steps.map(() => new AbortController());
        const abortAll = () => controllers.forEach((c) => c.abort());
        rt.signal?.addEventListener('abort', abortAll, { once: true });
        const runs = steps.map((step, i) => {
          const child = rt.fork(controllers[i]!.signal);
          return Promise.resolve().then(() => runStep(step, child)).then(() => i);
        });
        // Losers of a race are cancelled; their failures must not surface.
        for (const r of runs) r.catch(() => {});
        try {
          if (mode === 'all') {
            await Promise.all(runs);
            if (rt.entry) rt.note('completed', steps.map((s) => s.element.path));
          } else {
            const first = await Promise.race(runs);
            if (rt.entry) rt.note('completed', [steps[first]!.element.path]);
            controllers.forEach((c, i) => i !== first && c.abort());
            if (rt.entry) rt.note('cancelled', steps.filter((_, i) => i !== first).map((s) => s.element.path));
          }
        } catch (err) {
          abortAll();
          throw err;
        } finally {
          // Cancelled children settle promptly; waiting for them keeps the state and the trace final.
          await Promise.allSettled(runs);
          rt.signal?.removeEventListener('abort', abortAll);
        }
      },
    };
  },
};
