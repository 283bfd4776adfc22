/**
 * Breakpoints on policy XML lines. A line is verified to the nearest step: the first step written on
 * it or after it (a comment, a closing tag or a <set-url> child lead to the step that runs next), else
 * the last step before it. Conditions are C# compiled once; hit conditions are `N` or `>= N` (stop from
 * the Nth hit on), `> N`, `== N`, `% N`; a log message is printed with `{expression}` parts filled in,
 * and does not stop.
 */
import { resolve } from 'node:path';
import type { Evaluator } from '../expressions/index.js';
import type { Step } from '../graph/step.js';
import { compileDebugExpression, DebugExpressionError } from './expression.js';

export interface SourceBreakpoint {
  line: number;
  column?: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface DapBreakpoint {
  id: number;
  verified: boolean;
  line?: number;
  column?: number;
  message?: string;
  source?: { path: string };
}

export interface Breakpoint {
  id: number;
  step: Step;
  condition?: Evaluator;
  /** Stops when this returns true for the hit count (hits counted only when the condition holds). */
  hitCondition?: (hits: number) => boolean;
  /** A logpoint: literal text and expressions, in order. */
  log?: Array<string | Evaluator>;
  hits: number;
}

let nextId = 1;

export class BreakpointTable {
  private readonly byFile = new Map<string, Breakpoint[]>();
  private readonly byStep = new Map<Step, Breakpoint[]>();
  private readonly stepsByFile = new Map<string, Step[]>();

  constructor(steps: Iterable<Step>) {
    for (const step of steps) {
      const file = resolve(step.element.loc.file);
      const list = this.stepsByFile.get(file) ?? [];
      list.push(step);
      this.stepsByFile.set(file, list);
    }
    for (const list of this.stepsByFile.values()) list.sort((a, b) => a.element.loc.line - b.element.loc.line || a.element.loc.column - b.element.loc.column);
  }

  /** Replaces the file's breakpoints (DAP's setBreakpoints); returns what each request became. */
  set(path: string, requested: readonly SourceBreakpoint[]): DapBreakpoint[] {
    const file = resolve(path);
    for (const old of this.byFile.get(file) ?? []) this.byStep.set(old.step, (this.byStep.get(old.step) ?? []).filter((b) => b !== old));
    const placed: Breakpoint[] = [];
    const answers = requested.map((bp): DapBreakpoint => {
      const id = nextId++;
      const step = this.nearestStep(file, bp.line);
      if (!step) return { id, verified: false, message: `no policy step in ${file}` };
      let made: Breakpoint;
      try {
        made = {
          id,
          step,
          hits: 0,
          ...(bp.condition?.trim() ? { condition: compileDebugExpression(bp.condition) } : {}),
          ...(bp.hitCondition?.trim() ? { hitCondition: parseHitCondition(bp.hitCondition) } : {}),
          ...(bp.logMessage !== undefined ? { log: parseLogMessage(bp.logMessage) } : {}),
        };
      } catch (e) {
        if (!(e instanceof DebugExpressionError)) throw e;
        return { id, verified: false, line: bp.line, message: e.message };
      }
      placed.push(made);
      this.byStep.set(step, [...(this.byStep.get(step) ?? []), made]);
      return { id, verified: true, line: step.element.loc.line, column: step.element.loc.column, source: { path: file } };
    });
    this.byFile.set(file, placed);
    return answers;
  }

  at(step: Step): readonly Breakpoint[] | undefined {
    const list = this.byStep.get(step);
    return list && list.length > 0 ? list : undefined;
  }

  private nearestStep(file: string, line: number): Step | undefined {
    const steps = this.stepsByFile.get(file);
    if (!steps) return undefined;
    return steps.find((s) => s.element.loc.line >= line) ?? steps.at(-1);
  }
}

function parseHitCondition(text: string): (hits: number) => boolean {
  const m = /^\s*(>=|>|==|=|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) throw new DebugExpressionError(`hit condition '${text}': use N, >= N, > N, == N or % N`);
  const n = Number(m[2]);
  switch (m[1]) {
    case '>':
      return (hits) => hits > n;
    case '==':
    case '=':
      return (hits) => hits === n;
    case '%':
      return (hits) => n > 0 && hits % n === 0;
    default:
      return (hits) => hits >= n;
  }
}

/** `token is {context.Variables["t"]}` → ['token is ', evaluator]; `{{` and `}}` are literal braces. */
function parseLogMessage(text: string): Array<string | Evaluator> {
  const parts: Array<string | Evaluator> = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c;
      i++;
    } else if (c === '{') {
      const end = closingBrace(text, i);
      if (end < 0) throw new DebugExpressionError(`log message: '{' at ${i + 1} is not closed`);
      if (literal) parts.push(literal);
      literal = '';
      parts.push(compileDebugExpression(text.slice(i + 1, end)));
      i = end;
    } else literal += c;
  }
  if (literal) parts.push(literal);
  return parts;
}

/** The `}` closing the `{` at `open`, counting nested braces and skipping string literals. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}
