/**
 * A typed walk over a parsed YAML/JSON document that reports every problem at its file:line:col:
 * unknown keys (with the nearest known one), wrong types, missing required keys, unset `${ENV}`.
 */
import { isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { diagnostic, type Diagnostic, type SourceLocation } from '../policy/diagnostics.js';
import { substituteEnv } from './env.js';

export const CONFIG_CODES = {
  syntax: 'OH601',
  unknownKey: 'OH602',
  wrongType: 'OH603',
  missing: 'OH604',
  envUnset: 'OH605',
  fileNotFound: 'OH606',
  duplicate: 'OH607',
  invalidValue: 'OH608',
  unknownReference: 'OH609',
  /** An APIOps artifact (a JSON file of the estate) that is not JSON or not of the documented shape. */
  malformedArtifact: 'OH610',
  /** A named value no source gives a value: a secret or Key Vault reference without an override, variable or secrets file entry. */
  namedValueUnresolved: 'OH611',
  /** An APIOps setting onhandshake reads but does not apply (said once, with why). */
  notApplied: 'OH612',
} as const;

export interface CursorContext {
  file: string;
  lines: LineCounter;
  env: NodeJS.ProcessEnv;
  diagnostics: Diagnostic[];
}

export class Cursor {
  constructor(
    readonly ctx: CursorContext,
    readonly node: Node | null | undefined,
    /** Dotted path for messages, e.g. `apis[0].path`. */
    readonly path: string,
    private readonly fallbackOffset = 0,
  ) {}

  at(offset = 0): SourceLocation {
    const start = (this.node?.range?.[0] ?? this.fallbackOffset) + offset;
    const pos = this.ctx.lines.linePos(start);
    return { file: this.ctx.file, line: pos.line, column: pos.col };
  }

  error(code: string, message: string, offset = 0): undefined {
    this.ctx.diagnostics.push(diagnostic('error', code, message, this.at(offset)));
    return undefined;
  }

  get present(): boolean {
    return this.node !== null && this.node !== undefined && !(isScalar(this.node) && this.node.value === null);
  }

  /** The keys of a mapping, each with its cursor; unknown keys are reported. */
  map(known: readonly string[]): Map<string, Cursor> | undefined {
    if (!this.present) return new Map();
    if (!isMap(this.node)) return this.error(CONFIG_CODES.wrongType, `${this.path || 'the configuration'} must be a mapping`);
    const out = new Map<string, Cursor>();
    for (const pair of this.node.items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const child = new Cursor(this.ctx, pair.value as Node | null, this.path ? `${this.path}.${key}` : key, keyNode?.range?.[0] ?? 0);
      if (known.length && !known.includes(key)) {
        const near = nearest(key, known);
        new Cursor(this.ctx, keyNode, key).error(CONFIG_CODES.unknownKey, `unknown key '${key}' in ${this.path || 'the configuration'}${near ? ` (did you mean '${near}'?)` : ''}; known keys: ${known.join(', ')}`);
        continue;
      }
      if (out.has(key)) {
        new Cursor(this.ctx, keyNode, key).error(CONFIG_CODES.duplicate, `duplicate key '${key}'`);
        continue;
      }
      out.set(key, child);
    }
    return out;
  }

  /** Entries of a free-form mapping (named values, backends): every key allowed. */
  entries(): Array<[string, Cursor]> {
    return [...(this.map([]) ?? new Map<string, Cursor>()).entries()];
  }

  list(): Cursor[] {
    if (!this.present) return [];
    if (!isSeq(this.node)) return this.error(CONFIG_CODES.wrongType, `${this.path} must be a list`) ?? [];
    return this.node.items.map((item, i) => new Cursor(this.ctx, item as Node, `${this.path}[${i}]`));
  }

  /** A list, or a single item written without one (`file: a.yaml` as well as `file: [a.yaml, b.yaml]`). */
  oneOrMany(): Cursor[] {
    if (!this.present) return [];
    return isSeq(this.node) ? this.list() : [this];
  }

  /** A string scalar with `${ENV}` resolved; numbers and booleans are accepted as their text. */
  string(): string | undefined {
    if (!this.present) return undefined;
    if (!isScalar(this.node) || typeof this.node.value === 'object') return this.error(CONFIG_CODES.wrongType, `${this.path} must be a string`);
    const raw = String(this.node.value);
    const resolved = substituteEnv(raw, this.ctx.env);
    if (!resolved.ok) {
      // Point at the reference inside a plain or quoted scalar when we can.
      const source = this.node.source ?? raw;
      const quote = this.node.type === 'QUOTE_DOUBLE' || this.node.type === 'QUOTE_SINGLE' ? 1 : 0;
      return this.error(CONFIG_CODES.envUnset, `environment variable ${resolved.missing} is not set (used in ${this.path}); set it or write \${${resolved.missing}:-default}`, source === raw ? resolved.offset + quote : 0);
    }
    return resolved.value;
  }

  requiredString(what = this.path): string | undefined {
    if (!this.present) return this.error(CONFIG_CODES.missing, `${what} is required`);
    const value = this.string();
    if (value === '') return this.error(CONFIG_CODES.invalidValue, `${what} must not be empty`);
    return value;
  }

  number(min: number, max: number): number | undefined {
    const text = this.string();
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) return this.error(CONFIG_CODES.invalidValue, `${this.path} must be an integer from ${min} to ${max}, not '${text}'`);
    return value;
  }

  boolean(): boolean | undefined {
    const text = this.string();
    if (text === undefined) return undefined;
    if (text === 'true') return true;
    if (text === 'false') return false;
    return this.error(CONFIG_CODES.wrongType, `${this.path} must be true or false, not '${text}'`);
  }
}

function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
