/** set-variable: stores a value in context.Variables (a literal is stored as System.String). */
import { dotnet } from '../expressions/index.js';
import type { Step } from './runtime/step.js';
import { andThen } from './runtime/values.js';
import { literalOf, policyIdOf, type PolicyHandler } from './handler.js';

export const setVariable: PolicyHandler = {
  name: 'set-variable',
  status: 'supported',
  summary: 'Stores a literal (System.String) or an expression value in context.Variables',
  attributes: [
    { name: 'name', required: true, expression: false },
    { name: 'value', required: true, expression: true },
  ],
  compile(el, ctx): Step {
    const name = literalOf(el, 'name')!;
    const value = ctx.attr(el, 'value')!;
    const literal = value.evaluator ? undefined : dotnet.fromString(value.literal ?? '');
    return {
      name: el.name,
      element: el,
      policyId: policyIdOf(el),
      summary: name,
      run(rt) {
        if (literal !== undefined) return store(literal);
        return andThen(rt.evaluate(value), store);
        function store(v: unknown): void {
          rt.state.variables.set(name, v);
          if (rt.entry) rt.note('variable', { name, value: value.secret ? '***' : dotnet.toJson(v), type: dotnet.typeName(v) });
        }
      },
    };
  },
};
