/**
 * One debug client's session: DAP requests, each answered by a small handler in a table. A session
 * debugs one handshake (thread 1): `launch` prepares it, `configurationDone` starts it, and it ends with
 * the decision printed, `exited` and `terminated`.
 */
import { maskUrl } from '../common/mask.js';
import type { Decision, HandshakeRun } from '../steps/runtime/contract.js';
import { checkFilter, type AttachRegistry, type HandshakeFilter, type WaitingSession } from './attach.js';
import { BreakpointTable, type SourceBreakpoint } from './breakpoints.js';
import { callStack, scopeLayers } from './call-stack.js';
import type { DapConnection, DapMessage } from './dap-connection.js';
import { DebugRun, type ResumeKind } from './debug-run.js';
import { compileDebugExpression, DebugExpressionError, evaluateDebugExpression } from './expression.js';
import { LaunchError, prepareLaunch, type DebugTarget, type LaunchArguments } from './launch.js';
import { VariableHandles } from './variables.js';

const THREAD_ID = 1;

/** An error the client is shown as the request's failure message. */
class RequestError extends Error {}

type Args = Record<string, any>;
type Handler = (session: DapSession, args: Args) => unknown;

export class DapSession {
  target: DebugTarget | undefined;
  layers: ReturnType<typeof scopeLayers> = [];
  run: DebugRun | undefined;
  breakpoints: BreakpointTable | undefined;
  handles: VariableHandles | undefined;
  /** setBreakpoints that came before launch: applied when the policy is known. */
  pendingBreakpoints = new Map<string, SourceBreakpoint[]>();
  stopOnError = true;
  private configured = false;
  private started = false;
  private finished: Promise<void> | undefined;

  /** In attach mode: this session waiting in the gateway's registry. */
  waiting: WaitingSession | undefined;

  constructor(
    private readonly connection: DapConnection,
    /** The gateway's registry when the adapter runs inside `serve --debug-port` (attach requests). */
    readonly registry?: AttachRegistry,
  ) {}

  /** Call with each message the connection receives. */
  async receive(message: DapMessage): Promise<void> {
    if (message.type !== 'request') return;
    const command = String(message.command);
    const handler = HANDLERS[command];
    const reply = (success: boolean, body?: unknown, error?: string) =>
      this.connection.send({ type: 'response', request_seq: message.seq, command, success, ...(body !== undefined ? { body } : {}), ...(error ? { message: error } : {}) });
    if (!handler) return reply(false, undefined, `onhandshake debug does not support the '${command}' request`);
    try {
      reply(true, (await handler(this, (message.arguments ?? {}) as Args)) ?? undefined);
    } catch (e) {
      if (e instanceof RequestError || e instanceof LaunchError || e instanceof DebugExpressionError) return reply(false, undefined, e.message);
      reply(false, undefined, `internal error: ${(e as Error).stack ?? String(e)}`);
    }
    if (command === 'launch' || command === 'attach' || command === 'configurationDone') this.startWhenReady();
  }

  event(event: string, body?: unknown): void {
    this.connection.send({ type: 'event', event, ...(body !== undefined ? { body } : {}) });
  }

  output(text: string, category: 'console' | 'stdout' | 'stderr' = 'console', data?: unknown): void {
    this.event('output', { category, output: text, ...(data !== undefined ? { data } : {}) });
  }

  configurationDone(): void {
    this.configured = true;
  }

  /** The run, paused: what stackTrace, scopes, variables and evaluate look at. */
  pausedRun() {
    const paused = this.run?.paused;
    if (!paused) throw new RequestError('the handshake is not paused');
    return paused;
  }

  prepareRun(target: DebugTarget, args: LaunchArguments): void {
    this.target = target;
    this.layers = scopeLayers(target.statements);
    this.breakpoints = new BreakpointTable(target.statements);
    this.run = new DebugRun(this.breakpoints, {
      stopped: (e) => {
        this.handles = new VariableHandles(target.secrets, args.revealSecrets === true);
        this.event('stopped', { reason: e.reason, description: e.description, threadId: THREAD_ID, allThreadsStopped: true, ...(e.text ? { text: e.text } : {}), ...(e.hitBreakpointIds ? { hitBreakpointIds: e.hitBreakpointIds } : {}) });
      },
      output: (text, category) => this.output(text, category),
    });
    this.run.stopOnEntry = args.stopOnEntry === true;
    this.run.stopOnError = args.stopOnError ?? this.stopOnError;
    for (const [path, list] of this.pendingBreakpoints) {
      for (const bp of this.breakpoints.set(path, list)) this.event('breakpoint', { reason: 'changed', breakpoint: bp });
    }
    this.pendingBreakpoints.clear();
  }

  /** Ends the session: a paused run is let go (it finishes without stopping again). */
  async disconnect(): Promise<void> {
    if (this.waiting) this.registry?.forget(this.waiting);
    this.run?.detach();
    await this.finished;
  }

  /** attach: waits in the registry for the first handshake that matches, once configured. */
  attach(filter: HandshakeFilter, args: LaunchArguments): void {
    this.waiting = {
      filter,
      claim: (target) => {
        this.waiting = undefined;
        this.prepareRun(target, args);
        let result!: Promise<HandshakeRun>;
        this.finished = (result = this.observe(target, this.run!)).then(() => undefined, () => undefined);
        return result;
      },
    };
  }

  private startWhenReady(): void {
    if (this.waiting && this.configured && this.registry) {
      this.registry.wait(this.waiting);
      this.output(`onhandshake: waiting for a handshake matching ${JSON.stringify(this.waiting.filter)}\n`);
      return;
    }
    if (this.started || !this.configured || !this.target || !this.run) return;
    this.started = true;
    this.finished = this.execute(this.target, this.run);
  }

  private async execute(target: DebugTarget, run: DebugRun): Promise<void> {
    try {
      const result = await this.observe(target, run);
      for (const release of result.releases) release();
    } catch {
      // observe reported it.
    }
  }

  /** Runs the target under the debugger and reports its decision; the result (or error) goes to the caller. */
  async observe(target: DebugTarget, run: DebugRun): Promise<HandshakeRun> {
    this.output(`onhandshake: debugging ${target.title}\n`);
    try {
      const result = await target.start(run);
      this.output(describe(result.decision, target.secrets) + '\n', 'console', { decision: decisionData(result.decision, target.secrets) });
      this.event('exited', { exitCode: result.state.lastError ? 1 : 0 });
      return result;
    } catch (e) {
      this.output(`the run failed: ${(e as Error).stack ?? String(e)}\n`, 'stderr');
      this.event('exited', { exitCode: 2 });
      throw e;
    } finally {
      this.event('terminated');
    }
  }
}

function decisionData(d: Decision, secrets: readonly string[]): unknown {
  if (d.kind === 'connect') return { kind: 'connect', backendUrl: maskUrl(d.backendUrl, secrets) };
  return { kind: 'respond', statusCode: d.statusCode, statusReason: d.statusReason, body: d.body.toString('utf8') };
}

function describe(d: Decision, secrets: readonly string[]): string {
  if (d.kind === 'connect') return `decision: connect ${maskUrl(d.backendUrl, secrets)}`;
  return `decision: respond ${d.statusCode} ${d.statusReason}${d.body.length ? `\n${d.body.toString('utf8').slice(0, 2000)}` : ''}`;
}

function resume(kind: ResumeKind): Handler {
  return (s) => {
    if (!s.run?.paused) throw new RequestError('the handshake is not paused');
    s.run.resume(kind);
    return kind === 'continue' ? { allThreadsContinued: true } : undefined;
  };
}

/** One handler per DAP request; what each returns is the response body. */
const HANDLERS: Record<string, Handler> = {
  initialize: () => ({
    supportsConfigurationDoneRequest: true,
    supportsConditionalBreakpoints: true,
    supportsHitConditionalBreakpoints: true,
    supportsLogPoints: true,
    supportsEvaluateForHovers: true,
    supportsSetVariable: true,
    supportsExceptionInfoRequest: true,
    supportsTerminateRequest: true,
    exceptionBreakpointFilters: [{ filter: 'errors', label: 'Policy errors (before on-error)', default: true }],
  }),
  async launch(s, args) {
    if (s.target) throw new RequestError('this session already launched a handshake');
    const launch = args as LaunchArguments;
    s.prepareRun(await prepareLaunch(launch), launch);
    s.event('initialized');
  },
  attach(s, args) {
    if (!s.registry) throw new RequestError('attach works with a gateway started with `onhandshake serve --debug-port N`; use launch here');
    if (s.target || s.waiting) throw new RequestError('this session already has a handshake');
    const filter = checkFilter(args.filter);
    if (typeof filter === 'string') throw new RequestError(filter);
    s.attach(filter, args as LaunchArguments);
    s.event('initialized');
  },
  configurationDone: (s) => s.configurationDone(),
  setBreakpoints(s, args) {
    const path = String(args.source?.path ?? '');
    if (!path) throw new RequestError('setBreakpoints needs source.path');
    const list = (args.breakpoints ?? (args.lines ?? []).map((line: number) => ({ line }))) as SourceBreakpoint[];
    if (!s.breakpoints) {
      s.pendingBreakpoints.set(path, list);
      return { breakpoints: list.map((b) => ({ verified: false, line: b.line, message: 'verified when the policy is launched' })) };
    }
    return { breakpoints: s.breakpoints.set(path, list) };
  },
  setExceptionBreakpoints(s, args) {
    const on = ((args.filters ?? []) as string[]).includes('errors');
    s.stopOnError = on;
    if (s.run) s.run.stopOnError = on;
    return { breakpoints: [] };
  },
  threads: (s) => ({ threads: [{ id: THREAD_ID, name: s.target ? `handshake: ${s.target.title}` : 'handshake' }] }),
  stackTrace(s) {
    const paused = s.pausedRun();
    const loc = paused.error?.location;
    const frames = callStack({
      step: paused.step,
      parentOf: s.run!.parentOf,
      section: paused.rt.section,
      layers: s.layers,
      ...(loc ? { failedAt: { line: loc.line, column: loc.column } } : {}),
    });
    return { stackFrames: frames, totalFrames: frames.length };
  },
  scopes(s) {
    const paused = s.pausedRun();
    return { scopes: s.handles!.scopes(paused.rt, s.target!.calls) };
  },
  variables(s, args) {
    s.pausedRun();
    const list = s.handles!.variables(Number(args.variablesReference));
    if (!list) throw new RequestError(`no variables under reference ${args.variablesReference} (they expire when the handshake goes on)`);
    return { variables: list };
  },
  async evaluate(s, args) {
    const paused = s.pausedRun();
    const value = await evaluateDebugExpression(compileDebugExpression(String(args.expression ?? '')), paused.rt.state);
    const v = s.handles!.runtimeValue('result', value);
    return { result: v.value, ...(v.type ? { type: v.type } : {}), variablesReference: v.variablesReference };
  },
  async setVariable(s, args) {
    const paused = s.pausedRun();
    if (Number(args.variablesReference) !== s.handles!.contextVariables) throw new RequestError('only context.Variables can be changed (set the request through the policy)');
    const name = String(args.name);
    // The new value is C#: `"text"`, `42`, `true`, or any expression over the paused context.
    const value = await evaluateDebugExpression(compileDebugExpression(String(args.value ?? '')), paused.rt.state);
    paused.rt.state.variables.set(name, value);
    const v = s.handles!.runtimeValue(name, value);
    return { value: v.value, ...(v.type ? { type: v.type } : {}), variablesReference: v.variablesReference };
  },
  exceptionInfo(s) {
    const error = s.pausedRun().error;
    if (!error) throw new RequestError('the handshake did not stop on an error');
    const loc = error.location;
    return {
      exceptionId: error.dotnetType ?? error.reason ?? 'PolicyError',
      description: error.message,
      breakMode: 'always',
      details: {
        message: error.message,
        typeName: error.dotnetType ?? 'PolicyError',
        ...(loc ? { stackTrace: `   at ${error.source} in ${loc.file}:line ${loc.line}, column ${loc.column}` } : {}),
        source: error.source,
      },
    };
  },
  continue: resume('continue'),
  next: resume('next'),
  stepIn: resume('stepIn'),
  stepOut: resume('stepOut'),
  pause(s) {
    s.run?.pause();
  },
  async disconnect(s) {
    await s.disconnect();
  },
  async terminate(s) {
    await s.disconnect();
  },
};
