/** A statement kept in the graph only to say in the trace that it was skipped (and why). */
import type { PolicyElement } from '../../policy/tree.js';
import { policyIdOf } from '../handler.js';
import type { Step } from './step.js';

export function skippedStep(element: PolicyElement, reason: string): Step {
  return {
    name: element.name,
    element,
    policyId: policyIdOf(element),
    summary: reason,
    run(rt) {
      rt.note('message', reason);
    },
  };
}
