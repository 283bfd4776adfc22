/**
 * Breakpoints on policy XML lines. A line is verified to the nearest step: the step written across it
 * when that step holds no other steps (a <set-url> line inside a send-request stops before the
 * send-request), else the first step written on it or after it (a comment, a `<when>` line or a closing
 * tag lead to the step that runs next), else the last step before it. Conditions are C# compiled once; hit conditions are `N` or `>= N` (stop from
 * the Nth hit on), `> N`, `== N`, `% N`; a log message is printed with `{expression}` parts filled in,
 * and does not stop.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Evaluator } from '../expressions/index.js';
import type { Step } from '../steps/runtime/step.js';
import type { PolicyElement } from '../policy/tree.js';
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
  /** The statement it stops before (a step is matched to it by where its element is written). */
  element: PolicyElement;
  condition?: Evaluator;
  /** Stops when this returns true for the hit count (hits counted only when the condition holds). */
  hitCondition?: (hits: number) => boolean;
  /** A logpoint: literal text and expressions, in order. */
  log?: Array<string | Evaluator>;
  hits: number;
}

let nextId = 1;

/** Where an element is written: the same for a step and the element it was compiled from. */
function keyOf(el: PolicyElement): string {
  return `${el.loc.file}\0${el.loc.line}\0${el.loc.column}`;
}

export class BreakpointTable {
  private readonly byFile = new Map<string, Breakpoint[]>();
  private readonly byStatement = new Map<string, Breakpoint[]>();
  private readonly statementsByFile = new Map<string, PolicyElement[]>();

  /** `statements`: the policy elements that run as steps. */
  constructor(statements: Iterable<PolicyElement>) {
    for (const el of statements) {
      const file = resolve(el.loc.file);
      const list = this.statementsByFile.get(file) ?? [];
      list.push(el);
      this.statementsByFile.set(file, list);
    }
    for (const list of this.statementsByFile.values()) list.sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
  }

  /** Replaces the file's breakpoints (DAP's setBreakpoints); returns what each request became. */
  set(path: string, requested: readonly SourceBreakpoint[]): DapBreakpoint[] {
    const file = resolve(path);
    for (const old of this.byFile.get(file) ?? []) this.byStatement.set(keyOf(old.element), (this.byStatement.get(keyOf(old.element)) ?? []).filter((b) => b !== old));
    const placed: Breakpoint[] = [];
    const answers = requested.map((bp): DapBreakpoint => {
      const id = nextId++;
      const element = this.nearestStatement(file, bp.line);
      if (!element) return { id, verified: false, message: `no policy step in ${file}` };
      let made: Breakpoint;
      try {
        made = {
          id,
          element,
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
      this.byStatement.set(keyOf(element), [...(this.byStatement.get(keyOf(element)) ?? []), made]);
      return { id, verified: true, line: element.loc.line, column: element.loc.column, source: { path: file } };
    });
    this.byFile.set(file, placed);
    return answers;
  }

  at(step: Step): readonly Breakpoint[] | undefined {
    if (this.byStatement.size === 0) return undefined;
    const list = this.byStatement.get(keyOf(step.element));
    return list && list.length > 0 ? list : undefined;
  }

  private nearestStatement(file: string, line: number): PolicyElement | undefined {
    const statements = this.statementsByFile.get(file);
    if (!statements) return undefined;
    const lines = readLines(file);
    const leafAcross = statements.find((el, i) => {
      if (el.loc.line >= line) return false;
      const end = endLine(lines, el);
      // A leaf: the next statement in the file starts after this one ends.
      return end >= line && (statements[i + 1] === undefined || statements[i + 1]!.loc.line > end);
    });
    return leafAcross ?? statements.find((el) => el.loc.line >= line) ?? statements.at(-1);
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

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return [];
  }
}

/**
 * The line where an element written at `el.loc` ends: its start tag's `/>`, or its `</name>` (quoted
 * attribute values are skipped, so an expression holding `>` does not end the tag early).
 */
function endLine(lines: readonly string[], el: PolicyElement): number {
  let quote = '';
  let depth = 0;
  for (let l = el.loc.line - 1; l < lines.length; l++) {
    const text = lines[l]!;
    for (let c = l === el.loc.line - 1 ? el.loc.column - 1 : 0; c < text.length; c++) {
      const ch = text[c]!;
      if (quote) {
        if (ch === quote) quote = '';
      } else if (depth === 0 && (ch === '"' || ch === "'")) quote = ch;
      else if (depth === 0 && ch === '>') {
        if (text[c - 1] === '/') return l + 1;
        depth = 1;
      } else if (depth > 0 && text.startsWith(`</${el.name}`, c) && /[\s>]/.test(text[c + el.name.length + 2] ?? '>')) {
        if (--depth === 0) return l + 1;
      } else if (depth > 0 && text.startsWith(`<${el.name}`, c) && /[\s/>]/.test(text[c + el.name.length + 1] ?? ' ')) depth++;
    }
  }
  return el.loc.line;
}
