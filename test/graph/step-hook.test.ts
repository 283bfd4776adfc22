import { describe, expect, it } from 'vitest';
import { policy, run } from './helpers.js';
import type { StepHook } from '../../src/steps/runtime/step-hook.js';

const xml = policy(
  [
    '<set-variable name="a" value="1" />',
    '<choose><when condition="@(true)"><set-variable name="b" value="@((string)context.Variables["a"] + "2")" /></when></choose>',
    '<set-variable name="c" value="@(((string)null).Length.ToString())" />',
  ].join('\n'),
  '<set-variable name="handled" value="yes" />',
);

describe('executor: step hook', () => {
  it('is called before every step, nested ones with their enclosing step, and can hold the run and change its state', async () => {
    const seen: string[] = [];
    const hook: StepHook = {
      beforeStep(step, rt) {
        seen.push(`${rt.section} ${step.element.path} in ${rt.step?.name ?? '-'}`);
        if (step.element.path.endsWith('when[1]/set-variable[1]')) {
          // Held like a paused debugger: the run waits, then sees the variable changed meanwhile.
          return new Promise<void>((resolve) => setTimeout(() => {
            rt.state.variables.set('a', 'changed');
            resolve();
          }, 20));
        }
      },
    };
    const r = await run(xml, {}, { hook });
    expect(seen).toEqual([
      'inbound policies/inbound/set-variable[1] in -',
      'inbound policies/inbound/choose[1] in -',
      'inbound policies/inbound/choose[1]/when[1]/set-variable[1] in choose',
      'inbound policies/inbound/set-variable[2] in -',
      'on-error policies/on-error/set-variable[1] in -',
    ]);
    expect(r.state.variables.get('b')).toBe('changed2');
    expect(r.state.variables.get('handled')).toBe('yes');
  });

  it('hears of an error once, at the step that raised it, with the failing sub-expression located, before on-error runs', async () => {
    const failures: string[] = [];
    const hook: StepHook = {
      beforeStep() {},
      async stepFailed(step, rt, error) {
        failures.push(`${step.element.path} ${error.dotnetType} ${error.location?.line}:${error.location?.column} handled=${rt.state.variables.has('handled')}`);
      },
    };
    const r = await run(xml, {}, { hook });
    // 5:47 is `.Length`, the member access on null (line 5 of the generated policy).
    expect(failures).toEqual(['policies/inbound/set-variable[2] System.NullReferenceException 5:47 handled=false']);
    expect(r.state.lastError?.source).toBe('set-variable');
    expect(r.state.variables.get('handled')).toBe('yes');
  });
});
