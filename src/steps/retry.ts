/**
 * retry: runs its policies once, then again while `condition` is true and retries remain.
 * Waits: `interval` alone → fixed; + `delta` → linear; + `max-interval` → exponential with jitter,
 * capped (reference §2.23). `first-fast-retry` makes the first retry immediate.
 */
import { expressionError, PolicyError } from './runtime/errors.js';
import type { RunContext } from './runtime/run-context.js';
import { runSteps } from './runtime/run-steps.js';
import type { Step } from './runtime/step.js';
import { asString, conditionOf, evaluateAll } from './runtime/values.js';
import { policyIdOf, type PolicyHandler } from './handler.js';

export const retry: PolicyHandler = {
  name: 'retry',
  status: 'supported',
  summary: 'Runs its policies again while condition is true (count, interval, max-interval, delta, first-fast-retry)',
  attributes: [
    { name: 'condition', required: true, type: 'boolean', expression: true },
    { name: 'count', required: true, type: 'integer', expression: true },
    { name: 'interval', required: true, type: 'integer', expression: true },
    { name: 'max-interval', type: 'integer', expression: true },
    { name: 'delta', type: 'integer', expression: true },
    { name: 'first-fast-retry', default: 'false', type: 'boolean', expression: true },
  ],
  children: 'policies',
  compile(el, ctx): Step {
    const names = ['condition', 'count', 'interval', 'max-interval', 'delta', 'first-fast-retry'] as const;
    const [condition, count, interval, maxInterval, delta, firstFast] = names.map((n) => ctx.attr(el, n));
    const body = ctx.policies(el.children);
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      branches: [{ label: 'attempt', steps: body }],
      async run(rt) {
        const [n, i, max, d, fast] = await evaluateAll(rt, [count, interval, maxInterval, delta, firstFast]);
        const retries = toInt(n, 'count', el.name);
        if (retries < 0 || retries > 50) throw new PolicyError(el.name, 'ExpressionValueEvaluationFailure', `'count' must be between 0 and 50, not ${retries}.`);
        const plan = {
          interval: toInt(i, 'interval', el.name),
          max: maxInterval ? toInt(max, 'max-interval', el.name) : undefined,
          delta: delta ? toInt(d, 'delta', el.name) : undefined,
          firstFast: asString(fast).toLowerCase() === 'true' || fast === true,
        };
        let attempt = 0;
        for (;;) {
          attempt++;
          await runSteps(body, rt);
          if (attempt > retries) break;
          const again = await rt.evaluate(condition!);
          let retrying: boolean;
          try {
            retrying = conditionOf(condition!, again);
          } catch (err) {
            throw expressionError(el.name, err);
          }
          if (!retrying) break;
          await sleep(waitSeconds(plan, attempt) * 1000, rt);
        }
        if (rt.entry) rt.note('attempts', attempt);
      },
    };
  },
};

function toInt(v: unknown, name: string, source: string): number {
  const n = Number(asString(v).trim());
  if (!Number.isInteger(n)) throw new PolicyError(source, 'ExpressionValueEvaluationFailure', `'${name}' must be an integer, not '${asString(v)}'.`);
  return n;
}

/** Seconds to wait before retry number `retry` (1-based). */
export function waitSeconds(plan: { interval: number; max?: number; delta?: number; firstFast: boolean }, retry: number): number {
  if (plan.firstFast && retry === 1) return 0;
  if (plan.delta === undefined) return plan.interval;
  if (plan.max === undefined) return plan.interval + (retry - 1) * plan.delta;
  const jitter = plan.delta * (0.8 + Math.random() * 0.4);
  return Math.min(plan.max, plan.interval + (2 ** retry - 1) * jitter);
}

function sleep(ms: number, rt: RunContext): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const cancel = () => {
      clearTimeout(timer);
      reject(new PolicyError('retry', 'Cancelled', 'The wait was cancelled.'));
    };
    const timer = setTimeout(() => {
      rt.signal?.removeEventListener('abort', cancel);
      resolve();
    }, ms);
    rt.signal?.addEventListener('abort', cancel, { once: true });
  });
}
