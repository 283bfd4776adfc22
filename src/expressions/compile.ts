/**
 * compileExpression: parse once, compile to closures, and wrap them in an Evaluator that runs with a
 * fresh frame and budget per evaluation and reports failures as ExpressionEvaluationError located at
 * the failing sub-expression.
 */
import type { CompileExpressionOptions, Evaluator, ExpressionCompileResult } from './contract.js';
import type { ExpressionSource } from '../policy/tree.js';
import type { HandshakeState } from '../model/state.js';
import { diagnostic, type Diagnostic } from '../policy/diagnostics.js';
import { parseBlock, parseExpression, SyntaxError } from './parser.js';
import { BudgetExceeded, DEFAULT_BUDGET, limitEvaluation, recordEvaluation, setCurrentMeter, type HandshakeSpend } from './budget.js';
import type { EvaluationBudget } from './contract.js';
import { ExpressionEvaluationError } from './errors.js';
import { CompileError, Scope, Unit, type Frame } from './compiler/unit.js';
import { compileValue, convertTo, type Cx } from './compiler/expressions.js';
import { asDotnetException, compileBody, RETURN } from './compiler/statements.js';
import { boxer } from './compiler/conversions.js';
import { T } from './compiler/typesys.js';
import { contextFor } from './runtime/context.js';
import { compileJsonata } from './jsonata.js';
import { setEffectBuffer } from './effects.js';
import { RegexPending, RegexReplay, setCurrentReplay } from './runtime/regex-run.js';
import './runtime/index.js';

export function compileExpression(source: ExpressionSource, options: CompileExpressionOptions = {}): ExpressionCompileResult {
  if (source.kind === 'jsonata') return compileJsonata(source, options);
  try {
    const run = compileCSharp(source);
    return { evaluator: new CSharpEvaluator(source, run, { ...DEFAULT_BUDGET, ...options.budget }), diagnostics: [] };
  } catch (e) {
    return { diagnostics: [toDiagnostic(e, source)] };
  }
}

/** The compiled body: returns the expression's value, boxed (self-describing). */
type Body = (f: Frame) => unknown;

function compileCSharp(source: ExpressionSource): { body: Body; slots: number } {
  const unit = new Unit();
  const cx: Cx = { scope: new Scope(undefined, unit), body: { returns: [], returnTy: T.object }, compileBody };
  if (source.kind === 'block') {
    const ast = parseBlock(source.code);
    const compiled = compileBody(ast, cx);
    if (compiled.completes) throw new CompileError('Not all code paths return a value: every path of an @{ } block must end in a return (CS0161)', Math.max(0, source.code.trimEnd().length - 1), 'OH303');
    const run = compiled.run;
    return { body: (f) => (run(f) === RETURN ? f.ret : null), slots: unit.nextSlot };
  }
  const ast = parseExpression(source.code);
  const c = compileValue(ast, cx);
  if (c.ty.kind === 'void') {
    // Method calls returning void are allowed as expressions (e.g. context.Trace) and produce null.
    const ev = c.ev;
    return { body: (f) => (ev(f), null), slots: unit.nextSlot };
  }
  const boxed = c.ty.kind === 'null' ? c : convertTo(c, T.object, ast.pos);
  void boxer;
  return { body: boxed.ev, slots: unit.nextSlot };
}

function toDiagnostic(e: unknown, source: ExpressionSource): Diagnostic {
  if (e instanceof SyntaxError) {
    const at = source.position(clamp(e.offset, source));
    return diagnostic('error', 'OH300', `C# syntax error: ${e.message}`, { file: source.file, ...at });
  }
  if (e instanceof CompileError) {
    const at = source.position(clamp(e.offset, source));
    return diagnostic('error', e.code === 'OH302' ? 'OH302' : e.code, e.message, { file: source.file, ...at });
  }
  const at = source.position(0);
  if (e instanceof RangeError) return diagnostic('error', 'OH300', 'C# syntax error: the expression is too deeply nested', { file: source.file, ...at });
  return diagnostic('error', 'OH399', `internal error compiling the expression: ${e instanceof Error ? e.message : String(e)}`, { file: source.file, ...at });
}

function clamp(offset: number, source: ExpressionSource): number {
  return Math.max(0, Math.min(offset, source.code.length));
}

class CSharpEvaluator implements Evaluator {
  /** false: a Promise comes back only while a regex runs in the worker pool (callers check for one). */
  readonly isAsync = false;
  constructor(
    readonly source: ExpressionSource,
    private readonly compiled: { body: Body; slots: number },
    private readonly budget: EvaluationBudget,
  ) {}

  /**
   * The gateway's entry: synchronous unless a regex must run in the worker pool, then a Promise (the
   * evaluation is re-run once the job is done; see runtime/regex-run.ts for why).
   */
  evaluate(state: HandshakeState): unknown {
    return this.runReplaying(contextFor(state), (state.expressionSpend ??= { steps: 0, millis: 0 }));
  }

  /** Synchronous callers (unit tables): a regex that needs a worker blocks, bounded by the match timeout. */
  evaluateBlocking(state: HandshakeState): unknown {
    return this.run(contextFor(state), (state.expressionSpend ??= { steps: 0, millis: 0 }));
  }

  /** Evaluate in replay mode: the event loop never waits for a regex. */
  runReplaying(context: unknown, spend: HandshakeSpend = { steps: 0, millis: 0 }): unknown {
    const replay = new RegexReplay();
    const spent = { millis: 0 };
    try {
      return this.attempt(context, replay, spent, spend);
    } catch (e) {
      if (e instanceof RegexPending) return this.resume(context, replay, spent, spend, e);
      throw e;
    }
  }

  private async resume(context: unknown, replay: RegexReplay, spent: { millis: number }, spend: HandshakeSpend, pending: RegexPending): Promise<unknown> {
    for (;;) {
      try {
        await replay.settle(pending);
      } catch (e) {
        throw this.failure(e, 0);
      }
      try {
        return this.attempt(context, replay, spent, spend);
      } catch (e) {
        if (!(e instanceof RegexPending)) throw e;
        pending = e;
      }
    }
  }

  /** One run in replay mode; the re-runs of one evaluation share its time budget. */
  private attempt(context: unknown, replay: RegexReplay, spent: { millis: number }, spend: HandshakeSpend): unknown {
    const prevReplay = setCurrentReplay(replay);
    const effects: Array<() => void> = [];
    const prevEffects = setEffectBuffer(effects);
    const started = performance.now();
    let completed = false;
    try {
      const v = this.run(context, spend, Math.max(1, this.budget.maxMillis - spent.millis));
      completed = true;
      return v;
    } catch (e) {
      if (!(e instanceof RegexPending)) completed = true;
      throw e;
    } finally {
      spent.millis += performance.now() - started;
      setCurrentReplay(prevReplay);
      setEffectBuffer(prevEffects);
      if (completed) for (const fx of effects) fx();
    }
  }

  /**
   * Evaluate with an explicit `context` value (tests, `eval`); synchronous (a pooled regex blocks, bounded).
   * `spend` is the handshake's work so far; `maxMillis` what the re-runs of a replayed evaluation have left.
   */
  run(context: unknown, spend: HandshakeSpend = { steps: 0, millis: 0 }, maxMillis = this.budget.maxMillis): unknown {
    const f: Frame = {
      slots: new Array(this.compiled.slots),
      pos: 0,
      ret: null,
      context,
      depth: 0,
      steps: 0,
      maxSteps: this.budget.maxSteps,
      deadline: 0,
      maxMillis,
    };
    const prev = setCurrentMeter(f);
    try {
      limitEvaluation(f, this.budget, spend);
      if (maxMillis < f.maxMillis) f.maxMillis = maxMillis;
      const v = this.compiled.body(f);
      return v === undefined ? null : v;
    } catch (e) {
      if (e instanceof RegexPending) throw e;
      throw this.failure(e, f.pos);
    } finally {
      setCurrentMeter(prev);
      recordEvaluation(f, spend);
    }
  }

  private failure(e: unknown, pos: number): ExpressionEvaluationError {
    if (e instanceof ExpressionEvaluationError) return e;
    const at = this.source.position(Math.max(0, Math.min(pos, this.source.code.length)));
    if (e instanceof BudgetExceeded) {
      return new ExpressionEvaluationError('System.OperationCanceledException', `The expression was stopped: ${e.message}.`, this.source.file, at.line, at.column, this.source.code);
    }
    const ex = asDotnetException(e);
    return new ExpressionEvaluationError(ex.dotnetType, ex.message, this.source.file, at.line, at.column, this.source.code);
  }
}
