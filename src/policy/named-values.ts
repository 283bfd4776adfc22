/**
 * Named values `{{name}}`: loading them (JSON or YAML file, environment) and substituting them as text.
 *
 * APIM substitutes named values textually before an expression is evaluated: a reference may stand in
 * a literal, inside an expression's string, or as bare code; a value may itself be an expression; values
 * are not searched again for references (no nesting); names are case-insensitive.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isScalar, type Node, type Pair } from 'yaml';
import { diagnostic, type Diagnostic, type SourceLocation } from './diagnostics.js';
import type { NamedValue, NamedValues } from './contract.js';
import { MappedText } from './positions.js';

/** A reference: `{{` name `}}`, names as APIM allows them (letters, digits, `.`, `-`, `_`). */
const REFERENCE = /\{\{([A-Za-z0-9._-]+)\}\}/g;
const VALID_NAME = /^[A-Za-z0-9._-]+$/;
/** APIM's limit on a named value's length. */
const MAX_VALUE_LENGTH = 4096;

export const DEFAULT_ENV_PREFIX = 'ONHANDSHAKE_NV_';

/**
 * Reads `{"name": "value"}` or `{"name": {"value": "…", "secret": true}}` from a JSON or YAML file.
 * Problems are located in that file; values that are not usable are left out.
 */
export function loadNamedValues(file: string): { values: NamedValues; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return {
      values: new Map(),
      diagnostics: [diagnostic('error', 'OH203', `cannot read named values: ${(e as Error).message}`, { file, line: 1, column: 1 })],
    };
  }
  return parseNamedValues(text, file);
}

export function parseNamedValues(text: string, file: string): { values: NamedValues; diagnostics: Diagnostic[] } {
  const values: NamedValues = new Map();
  const diagnostics: Diagnostic[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number | undefined): SourceLocation => {
    const p = lineCounter.linePos(offset ?? 0);
    return { file, line: p.line, column: p.col };
  };
  const bad = (message: string, offset: number | undefined): void => {
    diagnostics.push(diagnostic('error', 'OH203', message, at(offset)));
  };
  for (const error of doc.errors) bad(`named values file is not valid JSON or YAML: ${error.message.split('\n')[0]}`, error.pos[0]);
  if (diagnostics.length > 0) return { values, diagnostics };
  const contents = doc.contents;
  if (contents === null) return { values, diagnostics };
  if (!isMap(contents)) {
    bad('named values must be a mapping of name → value (or → {value, secret})', contents.range?.[0]);
    return { values, diagnostics };
  }
  for (const pair of contents.items as Pair<Node, Node | null>[]) {
    const keyOffset = pair.key?.range?.[0];
    const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (name === undefined || !VALID_NAME.test(name)) {
      bad(`named value name '${name ?? '?'}' may hold only letters, digits, '.', '-' and '_'`, keyOffset);
      continue;
    }
    const entry = readEntry(pair.value, name, bad);
    if (!entry) continue;
    const key = name.toLowerCase();
    if (values.has(key)) {
      bad(`named value '${name}' is defined twice (names are case-insensitive)`, keyOffset);
      continue;
    }
    if (entry.value.length > MAX_VALUE_LENGTH) {
      diagnostics.push(diagnostic('warning', 'OH204', `named value '${name}' is longer than APIM's ${MAX_VALUE_LENGTH} characters`, at(keyOffset)));
    }
    REFERENCE.lastIndex = 0;
    if (REFERENCE.test(entry.value)) {
      diagnostics.push(
        diagnostic('warning', 'OH204', `named value '${name}' holds a {{reference}}: APIM does not resolve named values inside named values, it stays as text`, at(keyOffset)),
      );
    }
    values.set(key, entry);
  }
  return { values, diagnostics };
}

function readEntry(node: Node | null, name: string, bad: (message: string, offset: number | undefined) => void): NamedValue | undefined {
  if (isScalar(node)) {
    if (node.value === null || typeof node.value === 'object') {
      bad(`named value '${name}' has no value`, node.range?.[0]);
      return undefined;
    }
    return { value: String(node.value), secret: false };
  }
  if (isMap(node)) {
    const value = node.get('value', true);
    const secret = node.get('secret', true);
    if (!isScalar(value) || value.value === null || typeof value.value === 'object') {
      bad(`named value '${name}' needs a "value"`, node.range?.[0]);
      return undefined;
    }
    if (secret !== undefined && (!isScalar(secret) || typeof secret.value !== 'boolean')) {
      bad(`"secret" of named value '${name}' must be true or false`, (secret as Node).range?.[0]);
      return undefined;
    }
    for (const item of node.items as Pair<Node, Node | null>[]) {
      const key = isScalar(item.key) ? String(item.key.value) : '';
      if (key !== 'value' && key !== 'secret') bad(`named value '${name}' has an unknown field '${key}' (expected value, secret)`, item.key?.range?.[0]);
    }
    return { value: String(value.value), secret: secret !== undefined && (secret as { value: unknown }).value === true };
  }
  bad(`named value '${name}' must be a string or {value, secret}`, node?.range?.[0]);
  return undefined;
}

/**
 * Named values from the environment: `ONHANDSHAKE_NV_<name>=value` (the prefix is configurable).
 * Names are matched case-insensitively, so `ONHANDSHAKE_NV_API_KEY` serves `{{api_key}}` and `{{Api_Key}}`.
 * Shells cannot export names holding '-', so `__` in the variable name stands for '-':
 * `ONHANDSHAKE_NV_backend__url` serves `{{backend-url}}`.
 */
export function namedValuesFromEnv(env: NodeJS.ProcessEnv, prefix = DEFAULT_ENV_PREFIX): NamedValues {
  const values: NamedValues = new Map();
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || !key.startsWith(prefix) || key.length === prefix.length) continue;
    values.set(key.slice(prefix.length).replaceAll('__', '-').toLowerCase(), { value, secret: false });
  }
  return values;
}

/** Later sources win (e.g. the environment over a file). */
export function mergeNamedValues(...sources: (NamedValues | undefined)[]): NamedValues | undefined {
  const present = sources.filter((s): s is NamedValues => s !== undefined);
  if (present.length === 0) return undefined;
  const merged: NamedValues = new Map();
  for (const source of present) for (const [k, v] of source) merged.set(k, v);
  return merged;
}

export interface SubstitutionContext {
  /** Absent: no source was given; uses are collected in `unresolved` instead of reported one by one. */
  namedValues?: NamedValues;
  /** Names used without a source, by lower-cased name: first spelling and first use (for the single warning). */
  unresolved: Map<string, { name: string; at: SourceLocation }>;
  secrets: Set<string>;
  locate(fileOffset: number): SourceLocation;
  report(d: Diagnostic): void;
  path: string;
}

/** Fast check before doing any work. */
export function hasReference(text: string): boolean {
  return text.includes('{{');
}

/**
 * Replaces every `{{name}}` in `text`. `inLiteral(offset)` says whether a reference stands in a string
 * or comment of an expression (or in a literal value): there a missing value is kept as `{{name}}`;
 * as bare code it becomes `((dynamic)"{{name}}")` when no source was given (typed by the code around it,
 * as the text APIM would substitute is) and the string `"{{name}}"` after an OH201 error, so the
 * expression stays well-formed either way.
 */
export function substituteNamedValues(
  text: MappedText,
  inLiteral: (offset: number) => boolean,
  ctx: SubstitutionContext,
): { text: MappedText; secret: boolean } {
  const source = text.text;
  const out = new MappedText();
  let secret = false;
  let last = 0;
  REFERENCE.lastIndex = 0;
  for (let m = REFERENCE.exec(source); m; m = REFERENCE.exec(source)) {
    const start = m.index;
    const end = start + m[0].length;
    const name = m[1]!;
    appendSlice(out, text, last, start);
    const at = text.fileOffset(start);
    const found = ctx.namedValues?.get(name.toLowerCase());
    if (found) {
      out.append(found.value, at, true, text.fileOffset(end));
      if (found.secret && found.value !== '') {
        secret = true;
        ctx.secrets.add(found.value);
      }
    } else {
      if (ctx.namedValues === undefined) {
        if (!ctx.unresolved.has(name.toLowerCase())) ctx.unresolved.set(name.toLowerCase(), { name, at: ctx.locate(at) });
      } else {
        ctx.report(diagnostic('error', 'OH201', `named value '${name}' is not defined`, ctx.locate(at), ctx.path));
      }
      if (inLiteral(start)) appendSlice(out, text, start, end);
      else {
        // As code, APIM compiles the value's text, whose type we cannot know without it: with no source at
        // all the placeholder is `dynamic` (it takes whatever type the code around it needs, so no false type
        // error); with a source the use is already an OH201 error and a plain string keeps it well-formed.
        const open = ctx.namedValues === undefined ? '((dynamic)"' : '"';
        out.append(open, at, true);
        appendSlice(out, text, start, end);
        out.append(ctx.namedValues === undefined ? '")' : '"', at, true);
      }
    }
    last = end;
  }
  appendSlice(out, text, last, source.length);
  out.setEnd(text.fileOffset(source.length));
  return { text: out, secret };
}

function appendSlice(out: MappedText, text: MappedText, start: number, end: number): void {
  if (end <= start) return;
  const piece = text.slice(start, end);
  // Re-append piece by piece so collapsed parts (entities) stay collapsed.
  piece.forEachPiece((chunk, fileOffset, collapsed) => out.append(chunk, fileOffset, collapsed));
}
