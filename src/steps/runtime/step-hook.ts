/**
 * An observer the executor calls around steps (the debugger's way in). Absent, it costs one property
 * read per step; present, a returned Promise holds the run there (a paused debugger) until it settles.
 */
import type { HandshakeInput, HandshakeRun, RunOptions, StepGraph } from './contract.js';
import type { PolicyError } from './errors.js';
import type { RunContext } from './run-context.js';
import type { Step } from './step.js';

export interface StepHook {
  /** Before a step runs; `rt.step` is still the enclosing step (null at a section's top level). */
  beforeStep(step: Step, rt: RunContext): void | Promise<void>;
  /** Once per error, when it escapes the innermost step that raised it (before on-error runs). */
  stepFailed?(step: Step, rt: RunContext, error: PolicyError): void | Promise<void>;
}

/** A debugger attached to a gateway: it runs the handshakes it waits for, under its hook. */
export interface HandshakeDebugger {
  /** The run, when a debugging session claims this handshake; undefined lets the gateway run it as usual. */
  run(input: HandshakeInput, graph: StepGraph, options: RunOptions): Promise<HandshakeRun> | undefined;
}
