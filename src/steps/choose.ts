/**
 * choose / when / otherwise: conditions are evaluated in document order; the first true `when` runs
 * and no later condition is evaluated; `otherwise` runs when none is true.
 */
import { expressionError } from './runtime/errors.js';
import { conditionOf } from './runtime/values.js';
import type { RunContext } from './runtime/run-context.js';
import { runSteps } from './runtime/run-steps.js';
import type { CompiledValue, Step } from './runtime/step.js';
import { policyIdOf, type ElementSpec, type PolicyHandler } from './handler.js';

const WHEN: ElementSpec = { name: 'when', attributes: [{ name: 'condition', required: true, type: 'boolean', expression: true }], children: 'policies' };
const OTHERWISE: ElementSpec = { name: 'otherwise', attributes: [], children: 'policies' };

interface Branch {
  label: string;
  condition?: CompiledValue;
  steps: Step[];
}

export const choose: PolicyHandler = {
  name: 'choose',
  status: 'supported',
  summary: 'Runs the first <when> whose condition is true, else <otherwise>',
  attributes: [],
  children: [
    { element: WHEN, required: true, repeatable: true },
    { element: OTHERWISE },
  ],
  compile(el, ctx): Step {
    const branches: Branch[] = [];
    let whenIndex = 0;
    for (const child of el.children) {
      if (child.name === 'when') {
        whenIndex++;
        branches.push({ label: `when[${whenIndex}]`, condition: ctx.attr(child, 'condition')!, steps: ctx.policies(child.children) });
      } else if (child.name === 'otherwise') {
        branches.push({ label: 'otherwise', steps: ctx.policies(child.children) });
      }
    }
    // APIM requires otherwise to come last; evaluate whens first whatever the order written.
    branches.sort((a, b) => (a.condition ? 0 : 1) - (b.condition ? 0 : 1));
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      branches,
      run(rt) {
        return pick(rt, branches, 0);
      },
    };
  },
};

function pick(rt: RunContext, branches: readonly Branch[], from: number): void | Promise<void> {
  for (let i = from; i < branches.length; i++) {
    const b = branches[i]!;
    if (!b.condition) return take(rt, b);
    const v = rt.evaluate(b.condition);
    if (v instanceof Promise) return v.then((x) => (isTrue(rt, b.condition!, x) ? take(rt, b) : pick(rt, branches, i + 1)));
    if (isTrue(rt, b.condition, v)) return take(rt, b);
  }
  if (rt.entry) rt.note('branch', null);
}

function isTrue(rt: RunContext, condition: CompiledValue, v: unknown): boolean {
  try {
    return conditionOf(condition, v);
  } catch (err) {
    throw expressionError(rt.step?.name ?? 'choose', err);
  }
}

function take(rt: RunContext, b: Branch): void | Promise<void> {
  if (rt.entry) rt.note('branch', b.label);
  return runSteps(b.steps, rt);
}
