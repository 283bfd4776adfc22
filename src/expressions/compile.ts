/**
 * compileExpression: parse once, compile to closures, and wrap them in an Evaluator that runs with a
 * fresh frame and budget per evaluation and reports failures as ExpressionEvaluationError located at
 * the failing sub-expression.
 */
import type { CompileExpressionOptions, Evaluator, ExpressionCompileResult } from './contract.js';
import type { ExpressionSource } from '../policy/tree.js';
import type { HandshakeState } from '../graph/state.js';
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
  readonly isAsync = false;
  constructor(
    readonly source: ExpressionSource,
    private readonly compiled: { body: Body; slots: number },
    private readonly budget: EvaluationBudget,
  ) {}

  evaluate(state: HandshakeState): unknown {
    return this.run(contextFor(state), (state.expressionSpend ??= { steps: 0, millis: 0 }));
  }

  /** Evaluate with an explicit `context` value (tests, `eval`); `spend` is the handshake's work so far. */
  run(context: unknown, spend: HandshakeSpend = { steps: 0, millis: 0 }): unknown {
    const f: Frame = {
      slots: new Array(this.compiled.slots),
      pos: 0,
      ret: null,
      context,
      depth: 0,
      steps: 0,
      maxSteps: this.budget.maxSteps,
      deadline: 0,
      maxMillis: this.budget.maxMillis,
    };
    const prev = setCurrentMeter(f);
    try {
      limitEvaluation(f, this.budget, spend);
      const v = this.compiled.body(f);
      return v === undefined ? null : v;
    } catch (e) {
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
