/**
 * A JSON artifact or a YAML override file as plain data, plus where each value was written, so every
 * finding about it can name file:line:col. JSON syntax errors are located from JSON.parse's offset;
 * positions of values come from the yaml parser (JSON is YAML; tabs, which YAML refuses as
 * indentation, are turned into spaces of the same length first, so offsets stay true).
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { diagnostic, type Diagnostic, type SourceLocation } from '../../policy/diagnostics.js';
import { CONFIG_CODES } from '../yaml-cursor.js';

export type DataPath = ReadonlyArray<string | number>;

export interface LocatedData {
  file: string;
  /** The parsed value (JSON types only). */
  data: unknown;
  /** Where the value at `path` was written (its key when it has one), or the nearest enclosing value. */
  at(path?: DataPath): SourceLocation;
}

export type DataFileResult = { ok: true; located: LocatedData } | { ok: false; diagnostics: Diagnostic[] };

export function readDataFile(file: string, kind: 'json' | 'yaml'): DataFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    return { ok: false, diagnostics: [diagnostic('error', CONFIG_CODES.fileNotFound, `cannot read ${file}: ${(err as Error).message}`, { file, line: 1, column: 1 })] };
  }
  const lines = new LineCounter();
  const position = (offset: number): SourceLocation => {
    const pos = lines.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  if (kind === 'json') {
    const syntax = jsonSyntaxError(text);
    if (syntax) {
      const located = offsetToLocation(text, syntax.offset, file);
      return { ok: false, diagnostics: [diagnostic('error', CONFIG_CODES.malformedArtifact, `not valid JSON: ${syntax.message}`, located)] };
    }
  }
  const doc = parseDocument(kind === 'json' ? text.replace(/\t/g, ' ') : text, { lineCounter: lines, prettyErrors: false, uniqueKeys: kind === 'yaml' });
  if (doc.errors.length) {
    return { ok: false, diagnostics: doc.errors.map((e) => diagnostic('error', kind === 'json' ? CONFIG_CODES.malformedArtifact : CONFIG_CODES.syntax, e.message.split('\n')[0]!, position(e.pos[0]))) };
  }
  return { ok: true, located: { file, data: doc.toJS() as unknown, at: (path = []) => position(offsetOf(doc, path)) } };
}

function offsetOf(doc: Document, path: DataPath): number {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = depth === 1 ? doc.contents : (doc.getIn(path.slice(0, depth - 1), true) as Node | undefined);
    const last = path[depth - 1];
    const pair = parent && 'items' in parent ? (parent.items as Array<{ key?: { value?: unknown; range?: number[] }; range?: number[] }>).find((item, i) => (typeof last === 'number' ? i === last : item.key?.value === last)) : undefined;
    const range = pair?.key?.range ?? pair?.range;
    if (range) return range[0]!;
  }
  return doc.contents?.range?.[0] ?? 0;
}

/** JSON.parse's complaint and the offset it names (Node 20: "… in JSON at position N"; newer: "(line L column C)"). */
function jsonSyntaxError(text: string): { message: string; offset: number } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    let offset = at ? Number(at[1]) : text.length;
    if (!at && lineCol) offset = lineStart(text, Number(lineCol[1])) + Number(lineCol[2]) - 1;
    return { message: message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, ''), offset };
  }
}

function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

function offsetToLocation(text: string, offset: number, file: string): SourceLocation {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { file, line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** A JSON object's field, if the value is an object. */
export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
