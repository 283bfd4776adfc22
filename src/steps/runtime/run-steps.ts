/**
 * Runs a step list in order, synchronously until a step returns a Promise. Each step gets a trace
 * entry (when tracing) and an error escaping it is attributed to the innermost step that raised it.
 */
import { performance } from 'node:perf_hooks';
import { formatLocation, Halt, PolicyError } from './errors.js';
import type { RunContext } from './run-context.js';
import type { Step } from './step.js';

/** Where an error happened: attached once, by the innermost step it escapes. */
export interface ErrorOrigin {
  step: Step;
  section: RunContext['section'];
}

const origins = new WeakMap<object, ErrorOrigin>();

export function errorOrigin(err: unknown): ErrorOrigin | undefined {
  return err !== null && typeof err === 'object' ? origins.get(err) : undefined;
}

export function runSteps(steps: readonly Step[], rt: RunContext, from = 0): void | Promise<void> {
  for (let i = from; i < steps.length; i++) {
    const r = runStep(steps[i]!, rt);
    if (r instanceof Promise) return r.then(() => runSteps(steps, rt, i + 1));
  }
}

export function runStep(step: Step, rt: RunContext): void | Promise<void> {
  const hook = rt.hook;
  if (hook !== undefined && step.silent !== true) {
    const held = hook.beforeStep(step, rt);
    if (held instanceof Promise) return held.then(() => executeStep(step, rt));
  }
  return executeStep(step, rt);
}

function executeStep(step: Step, rt: RunContext): void | Promise<void> {
  const outerStep = rt.step;
  const outerEntry = rt.entry;
  rt.step = step;
  let started = 0;
  if (rt.trace !== null && step.silent !== true) {
    rt.entry = rt.trace.add(rt.section, step.name, {}, step);
    if (step.element.fragment) rt.note('fragment', step.element.fragment);
    started = performance.now();
  } else {
    rt.entry = null;
  }
  const telemetry = rt.shared.telemetry;
  const measured = telemetry === undefined || step.silent === true ? undefined : telemetry.stepStarted(step);
  const done = (error?: unknown): void => {
    if (measured !== undefined) measured(error);
    if (rt.entry !== null) rt.entry.durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    rt.step = outerStep;
    rt.entry = outerEntry;
  };
  let result: void | Promise<void>;
  try {
    result = step.run(rt);
  } catch (err) {
    const e = attribute(err, step, rt);
    done(e);
    return failed(e, step, rt);
  }
  if (result instanceof Promise) {
    return result.then(done, (err: unknown) => {
      const e = attribute(err, step, rt);
      done(e);
      return failed(e, step, rt);
    });
  }
  done();
}

/** Rethrows the error, after the hook (a debugger stopping on errors) has seen it where it was raised. */
function failed(e: unknown, step: Step, rt: RunContext): void | Promise<void> {
  const hook = rt.hook;
  if (hook?.stepFailed === undefined || !(e instanceof PolicyError) || origins.get(e)?.step !== step) throw e;
  const held = hook.stepFailed(step, rt, e);
  if (!(held instanceof Promise)) throw e;
  return held.then(() => {
    throw e;
  });
}

/** Records where the error happened (innermost step wins) and notes it in the step's trace entry. */
function attribute(err: unknown, step: Step, rt: RunContext): unknown {
  if (err instanceof Halt) return err;
  const e = err instanceof PolicyError ? err : internalError(step, err);
  if (!origins.has(e)) {
    origins.set(e, { step, section: rt.section });
    if (rt.entry !== null) {
      rt.note('error', {
        source: e.source,
        reason: e.reason,
        message: e.message,
        ...(e.dotnetType ? { exception: e.dotnetType } : {}),
        location: formatLocation(e.location ?? step.element.loc),
        ...(e.expression !== undefined ? { expression: e.expression } : {}),
      });
    }
  }
  return e;
}

function internalError(step: Step, err: unknown): PolicyError {
  const message = err instanceof Error ? err.message : String(err);
  return new PolicyError(step.name, '', message);
}
