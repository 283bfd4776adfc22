/**
 * What a step sees while it runs: the handshake state, the section, the callout client, the trace
 * recorder (null when tracing is off) and the abort signal (wait for="any" cancels its losers).
 */
import { MASK } from '../../common/mask.js';
import { dotnet } from '../../expressions/index.js';
import type { SectionName } from '../../policy/tree.js';
import type { CalloutClient, TraceEntry } from './contract.js';
import { expressionError } from './errors.js';
import type { BackendClientCertificate, RunTelemetry } from './contract.js';
import type { GraphCompileOptions } from './options.js';
import type { HandshakeState } from '../../model/state.js';
import type { StepHook } from './step-hook.js';
import type { CompiledValue, Step } from './step.js';
import type { TraceRecorder } from './trace.js';

/**
 * An AbortSignal's source (an AbortController, or a lazy one): making an AbortSignal costs microseconds,
 * so a run asks for it only when a step that can be cancelled (a callout, a pause) runs.
 */
export interface AbortSource {
  readonly signal: AbortSignal;
}

/** State shared by a run and its forks that is not part of HandshakeState. */
export interface RunShared {
  /** Path appended to the backend base URL (set by rewrite-uri). */
  backendPath: string;
  /** Literal secrets to mask, grown by steps that obtain tokens. */
  secrets: string[];
  /** The backend connection's client certificate (top-level authentication-certificate). */
  backendCertificate?: BackendClientCertificate;
  /** Telemetry hooks (RunOptions.telemetry), when on. */
  telemetry?: RunTelemetry;
}

export class RunContext {
  /** The step now running (LastError.Source/Path and trace attribution). */
  step: Step | null = null;
  /** The trace entry of the step now running (null when tracing is off). */
  entry: TraceEntry | null = null;
  /** Called around each step (a debugger); undefined when nobody watches. */
  hook: StepHook | undefined = undefined;

  constructor(
    readonly state: HandshakeState,
    readonly options: GraphCompileOptions,
    readonly callouts: CalloutClient,
    public section: SectionName,
    readonly trace: TraceRecorder | null,
    readonly shared: RunShared,
    /** Where the abort signal comes from, read only when a step needs it (see AbortSource). */
    private readonly abortSource?: AbortSource,
  ) {}

  /** Aborted when the run's callouts must stop (the client left, a `wait` branch lost). */
  get signal(): AbortSignal | undefined {
    return this.abortSource?.signal;
  }

  /** A context for a concurrent branch (wait): same state, its own step/entry and signal. */
  fork(signal?: AbortSignal): RunContext {
    const child = new RunContext(this.state, this.options, this.callouts, this.section, this.trace, this.shared, signal ? { signal } : this.abortSource);
    child.step = this.step;
    child.entry = this.entry;
    child.hook = this.hook;
    return child;
  }

  /** A literal's text, or the expression's value (a Promise only for jsonata). */
  evaluate(value: CompiledValue): unknown {
    if (value.evaluator === undefined) return value.literal ?? '';
    let result: unknown;
    try {
      result = value.evaluator.evaluate(this.state);
    } catch (err) {
      throw expressionError(this.step?.name ?? 'expression', err);
    }
    if (result instanceof Promise) {
      return result.then(
        (v) => this.recordExpression(value, v),
        (err: unknown) => {
          throw expressionError(this.step?.name ?? 'expression', err);
        },
      );
    }
    return this.recordExpression(value, result);
  }

  private recordExpression(value: CompiledValue, result: unknown): unknown {
    if (this.entry !== null && value.evaluator) {
      const data = this.entry.data as { expressions?: unknown[] };
      (data.expressions ??= []).push(
        this.trace!.bound({
          for: value.label,
          expression: value.evaluator.source.code,
          value: value.secret ? MASK : dotnet.toJson(result),
          type: dotnet.typeName(result),
        }),
      );
    }
    return result;
  }

  /** How many expression values the running step has recorded so far (see maskExpressionsSince). */
  expressionMark(): number {
    return this.entry !== null ? ((this.entry.data as { expressions?: unknown[] }).expressions?.length ?? 0) : 0;
  }

  /** Rewrites the expression values recorded since `mark` (e.g. an Authorization header's value). */
  maskExpressionsSince(mark: number, mask: (value: string) => string): void {
    const list = this.entry !== null ? (this.entry.data as { expressions?: Array<{ value: unknown }> }).expressions : undefined;
    if (!list) return;
    for (let i = mark; i < list.length; i++) {
      const x = list[i]!;
      x.value = typeof x.value === 'string' ? mask(x.value) : MASK;
    }
  }

  /** Adds a field to the running step's trace data, bounded (only call under `if (rt.entry)`). */
  note(key: string, value: unknown): void {
    if (this.entry !== null) (this.entry.data as Record<string, unknown>)[key] = this.trace!.bound(value);
  }

  /** Marks a value obtained at run time (a token) as secret for the trace. */
  addSecret(value: string): void {
    if (value) this.shared.secrets.push(value);
  }
}
