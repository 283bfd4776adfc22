/**
 * Where the flow of a policy stops: `return-response` sends its answer and nothing after it runs, and a
 * `choose` whose every branch (`otherwise` included) stops, stops too. `graph` and the console's step
 * graph draw no edge out of such a step.
 */
import type { Step } from '../steps/runtime/step.js';

export function endsFlow(step: Step): boolean {
  if (step.name === 'return-response') return true;
  if (step.name !== 'choose' || !step.branches || step.branches.length === 0) return false;
  return step.branches.some((b) => !b.condition) && step.branches.every((b) => sequenceEnds(b.steps));
}

/** True when a step of the sequence ends the flow (the steps after it are never reached). */
export function sequenceEnds(steps: readonly Step[]): boolean {
  return steps.some((s) => !s.silent && endsFlow(s));
}
