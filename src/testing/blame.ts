/**
 * Which policy line to show next to a failed expectation: the step that wrote the value (the last
 * `set-query-parameter name="hub"` that ran, the `set-variable` of that name …) or, when it did not
 * run, where it is written and where the run ended instead (the failing step or the return-response).
 */
import { stepMatches, type BlameHint } from './expectations.js';
import type { Observed } from './observe.js';
import { literalAttribute, type PolicyStep } from './policy-steps.js';

export interface StepLocation {
  file: string;
  line: number;
  column: number;
  path: string;
  name: string;
  ran: boolean;
}

export interface Blame {
  /** The step that decided the value (or would have, had it run). */
  step?: StepLocation;
  /** Where the run ended when that was not a normal connect: the failing step or the one that answered. */
  endedAt?: StepLocation;
  /** Why, when it ended in an error: `Reason: message` of context.LastError. */
  endedBecause?: string;
}

const VARIABLE_ATTRIBUTES = ['name', 'response-variable-name', 'output-token-variable-name', 'variable-name'];

function locationOf(step: PolicyStep, ran: ReadonlySet<string>): StepLocation {
  const { file, line, column } = step.element.loc;
  return { file, line, column, path: step.path, name: step.element.name, ran: ran.has(step.path) };
}

function pathMatches(stepPath: string, wanted: string): boolean {
  const p = wanted.replace(/^\/?policies\//, '');
  return stepPath === p || stepPath.endsWith('/' + p);
}

/** The last candidate that ran, else the first written. */
function pick(candidates: PolicyStep[], ran: ReadonlySet<string>): PolicyStep | undefined {
  const ranOnes = candidates.filter((c) => ran.has(c.path));
  return ranOnes.length ? ranOnes[ranOnes.length - 1] : candidates[0];
}

export function endedAt(steps: readonly PolicyStep[], observed: Observed): PolicyStep | undefined {
  const ran = observed.steps;
  if (observed.lastError?.path) {
    const failing = steps.filter((s) => s.kind === 'step' && pathMatches(s.path, observed.lastError!.path));
    if (failing.length) return failing[failing.length - 1];
  }
  if (observed.lastError || observed.decision.kind === 'respond') {
    for (let i = ran.length - 1; i >= 0; i--) {
      const step = steps.find((s) => s.kind === 'step' && s.path === ran[i]!.path);
      if (step) return step;
    }
  }
  return undefined;
}

export function blame(hint: BlameHint, steps: readonly PolicyStep[], observed: Observed): Blame {
  const ran = new Set(observed.steps.map((s) => s.path));
  const only = steps.filter((s) => s.kind === 'step');
  const named = (policy: string, attribute: string, value: string) =>
    only.filter((s) => s.element.name === policy && literalAttribute(s.element, attribute)?.toLowerCase() === value.toLowerCase());

  let step: PolicyStep | undefined;
  switch (hint.kind) {
    case 'query':
      step = pick(named('set-query-parameter', 'name', hint.name), ran) ?? pick(only.filter((s) => s.element.name === 'rewrite-uri'), ran);
      break;
    case 'header':
      step = pick(named('set-header', 'name', hint.name), ran);
      break;
    case 'backend':
      step = pick(only.filter((s) => s.element.name === 'set-backend-service' || s.element.name === 'rewrite-uri'), ran);
      break;
    case 'variable':
      step = pick(
        only.filter((s) => VARIABLE_ATTRIBUTES.some((a) => literalAttribute(s.element, a) === hint.name)),
        ran,
      );
      break;
    case 'callout': {
      const callers = only.filter((s) => /^send-(one-way-)?request$/.test(s.element.name) && ran.has(s.path));
      step = callers[hint.index];
      break;
    }
    case 'steps': {
      if (!hint.ref) break;
      const ref = hint.ref;
      const written = steps.filter((s) => stepMatches(ref, { source: s.element.name, path: s.path, line: s.element.loc.line }));
      const target = written.find((s) => ran.has(s.path)) ?? written[0];
      if (!target) break;
      // A step that did not run because its branch was not taken: the branch's condition is the place to look.
      const untaken = ran.has(target.path)
        ? undefined
        : steps.find((s) => s.kind === 'branch' && target.path.startsWith(s.path + '/') && !ran.has(s.path));
      step = untaken ?? target;
      break;
    }
    default:
      break;
  }
  const end = endedAt(steps, observed);
  const out: Blame = {};
  if (step) out.step = locationOf(step, ran);
  if (end && (!step || end.path !== step.path)) out.endedAt = locationOf(end, ran);
  if (out.endedAt && observed.lastError) out.endedBecause = `${observed.lastError.reason}: ${observed.lastError.message}`;
  return out;
}
