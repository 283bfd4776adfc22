/**
 * One handshake under the debugger: the executor's StepHook. Before each step it decides whether to
 * stop (entry, a step request, a breakpoint whose condition and hit count agree, a pause request);
 * stopping returns a Promise that the run waits on until the client says continue / next / stepIn /
 * stepOut. Nesting depth comes from the enclosing step the executor reports (choose → when → step),
 * so "over" skips a choose's branches and "out" leaves them.
 */
import { dotnet } from '../expressions/index.js';
import type { PolicyError } from '../steps/runtime/errors.js';
import type { RunContext } from '../steps/runtime/run-context.js';
import type { StepHook } from '../steps/runtime/step-hook.js';
import type { Step } from '../steps/runtime/step.js';
import type { Breakpoint, BreakpointTable } from './breakpoints.js';
import { evaluateDebugExpression } from './expression.js';

export type ResumeKind = 'continue' | 'next' | 'stepIn' | 'stepOut';

export interface StopEvent {
  reason: 'entry' | 'step' | 'breakpoint' | 'exception' | 'pause';
  description: string;
  text?: string;
  hitBreakpointIds?: number[];
}

export interface RunEvents {
  stopped(event: StopEvent): void;
  output(text: string, category?: 'console' | 'stdout' | 'stderr'): void;
}

export interface Paused {
  step: Step;
  rt: RunContext;
  error?: PolicyError;
}

type Mode = { kind: 'run' | 'in' | 'pause' } | { kind: 'over' | 'out'; depth: number };

export class DebugRun implements StepHook {
  stopOnEntry = false;
  stopOnError = true;
  paused: Paused | undefined;
  private mode: Mode = { kind: 'run' };
  private first = true;
  private detached = false;
  private release: (() => void) | undefined;
  private readonly parents = new Map<Step, Step | null>();

  constructor(
    private readonly breakpoints: BreakpointTable,
    private readonly events: RunEvents,
  ) {}

  parentOf = (step: Step): Step | null | undefined => this.parents.get(step);

  beforeStep(step: Step, rt: RunContext): void | Promise<void> {
    if (this.detached) return;
    // A compiled step always sits in the same enclosing step, so this map is the graph's shape.
    this.parents.set(step, rt.step);
    let reason: StopEvent['reason'] | undefined;
    if (this.first) {
      this.first = false;
      if (this.stopOnEntry) reason = 'entry';
    }
    const mode = this.mode;
    if (!reason && mode.kind !== 'run') {
      if (mode.kind === 'in') reason = 'step';
      else if (mode.kind === 'pause') reason = 'pause';
      else if ('depth' in mode && (mode.kind === 'over' ? this.depth(step) <= mode.depth : this.depth(step) < mode.depth)) reason = 'step';
    }
    const hits = this.breakpoints.at(step);
    if (!reason && !hits) return;
    return this.atBreakpoints(step, rt, reason, hits ?? []);
  }

  stepFailed(step: Step, rt: RunContext, error: PolicyError): void | Promise<void> {
    if (this.detached || !this.stopOnError) return;
    const type = error.dotnetType ? `${error.dotnetType}: ` : '';
    const where = error.location ? ` (${error.location.file}:${error.location.line}:${error.location.column})` : '';
    return this.stop({ step, rt, error }, { reason: 'exception', description: `${error.reason || 'Error'} in ${step.name}`, text: `${type}${error.message}${where}` });
  }

  /** Goes on after a stop; `next`/`stepOut` are measured from the step stopped at. */
  resume(kind: ResumeKind): void {
    const at = this.paused;
    const depth = at ? this.depth(at.step) : 0;
    this.mode = kind === 'continue' ? { kind: 'run' } : kind === 'stepIn' ? { kind: 'in' } : { kind: kind === 'next' ? 'over' : 'out', depth };
    this.wake();
  }

  /** Stops at the next step. */
  pause(): void {
    if (!this.paused) this.mode = { kind: 'pause' };
  }

  /** The client went away: no more stops, and a paused run goes on to its decision. */
  detach(): void {
    this.detached = true;
    this.mode = { kind: 'run' };
    this.wake();
  }

  private wake(): void {
    const release = this.release;
    this.paused = undefined;
    this.release = undefined;
    release?.();
  }

  private depth(step: Step): number {
    let depth = 0;
    for (let s = this.parents.get(step); s; s = this.parents.get(s)) depth++;
    return depth;
  }

  private async atBreakpoints(step: Step, rt: RunContext, reason: StopEvent['reason'] | undefined, candidates: readonly Breakpoint[]): Promise<void> {
    const hit: number[] = [];
    let note: string | undefined;
    for (const bp of candidates) {
      if (bp.condition) {
        let holds: boolean;
        try {
          holds = dotnet.toBoolean(await evaluateDebugExpression(bp.condition, rt.state));
        } catch (e) {
          // As Visual Studio does: a condition that cannot be evaluated stops, saying why.
          note = `breakpoint condition failed: ${(e as Error).message}`;
          this.events.output(`${step.element.loc.file}:${step.element.loc.line}: ${note}\n`, 'stderr');
          hit.push(bp.id);
          continue;
        }
        if (!holds) continue;
      }
      bp.hits++;
      if (bp.hitCondition && !bp.hitCondition(bp.hits)) continue;
      if (bp.log) {
        this.events.output((await this.logLine(bp.log, rt)) + '\n', 'console');
        continue;
      }
      hit.push(bp.id);
    }
    if (hit.length > 0) return this.stop({ step, rt }, { reason: 'breakpoint', description: note ?? `breakpoint at ${step.name}`, hitBreakpointIds: hit });
    if (reason) return this.stop({ step, rt }, { reason, description: reason === 'entry' ? 'stopped on entry' : `before ${step.name}` });
  }

  private async logLine(parts: NonNullable<Breakpoint['log']>, rt: RunContext): Promise<string> {
    let line = '';
    for (const part of parts) {
      if (typeof part === 'string') line += part;
      else {
        try {
          line += dotnet.toString(await evaluateDebugExpression(part, rt.state));
        } catch (e) {
          line += `{${(e as Error).message}}`;
        }
      }
    }
    return line;
  }

  private stop(paused: Paused, event: StopEvent): Promise<void> {
    return new Promise<void>((resolve) => {
      this.paused = paused;
      this.release = resolve;
      this.mode = { kind: 'run' };
      this.events.stopped(event);
    });
  }
}
