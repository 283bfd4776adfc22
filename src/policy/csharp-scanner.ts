/**
 * Finds where a policy expression ends: `@( … )`, `@{ … }` or `@jsonata( … )`.
 *
 * This is not a C# parser: it only knows enough lexical C# to match brackets without being fooled by
 * strings, characters and comments (regular "…\"…", verbatim @"…""…", interpolated $"…{hole}…" and
 * $@"…" with holes nesting anything, char literals '"', // and /* *\/ comments). JSONata bodies are
 * matched with JSONata's lexical rules ("…", '…', `…`, /* *\/).
 *
 * One pass, no backtracking, an explicit stack (no recursion): linear in the text scanned.
 * With `decodeEntities`, the scanner reads raw XML and sees `&quot;` as `"`, `&lt;` as `<` and so on,
 * so a policy is matched the same whether its author escaped the expression or not.
 */
import { decodeEntityAt } from './entities.js';

export type ExpressionKind = 'expression' | 'block' | 'jsonata';

export interface ScanOptions {
  /** Read XML entity references as the character they stand for. */
  decodeEntities: boolean;
  /** Stop (as at the end of the file) at this offset. */
  limit?: number;
  /** Record the ranges of string/char literal text and comments (flat [start, end) pairs). */
  recordLiterals?: boolean;
}

export interface ScanSuccess {
  ok: true;
  kind: ExpressionKind;
  /** Offset of the first character after the opener (`@(`, `@{`, `@jsonata(`). */
  bodyStart: number;
  /** Offset of the closing `)` or `}`. */
  bodyEnd: number;
  /** Offset just after the closer. */
  end: number;
  literalRanges: number[];
}

export interface ScanFailure {
  ok: false;
  kind: ExpressionKind;
  /** Diagnostic code (OH110–OH114). */
  code: string;
  message: string;
  /** Offset of the fault. */
  at: number;
}

export type ScanResult = ScanSuccess | ScanFailure;

const JSONATA_OPENER = '@jsonata(';

/** The expression opener at `i`, if any (raw `@` followed by `(`, `{` or `jsonata(`). */
export function openerAt(text: string, i: number): { kind: ExpressionKind; length: number } | undefined {
  if (text.charCodeAt(i) !== 64 /* @ */) return undefined;
  const next = text.charCodeAt(i + 1);
  if (next === 40 /* ( */) return { kind: 'expression', length: 2 };
  if (next === 123 /* { */) return { kind: 'block', length: 2 };
  if (next === 106 /* j */ && text.startsWith(JSONATA_OPENER, i)) return { kind: 'jsonata', length: JSONATA_OPENER.length };
  return undefined;
}

// Frame kinds on the scanner's stack.
const PAREN = 1;
const BRACKET = 2;
const BRACE = 3;
const HOLE = 4; // code inside an interpolation hole, closed by `}`
const INTERP = 5; // literal part of an interpolated string

const CLOSER: Record<number, number> = { [PAREN]: 41, [BRACKET]: 93, [BRACE]: 125, [HOLE]: 125 };
const CLOSER_TEXT: Record<number, string> = { [PAREN]: ')', [BRACKET]: ']', [BRACE]: '}', [HOLE]: '}' };

interface Frame {
  kind: number;
  /** Offset of the bracket or quote that opened the frame. */
  start: number;
  /** For INTERP and HOLE frames: whether the string is verbatim. */
  verbatim: boolean;
  /** For INTERP frames: where the current literal part starts (after the quote or the last hole). */
  literalStart: number;
}

function isNewline(c: number): boolean {
  return c === 10 || c === 13;
}

/**
 * Scans the expression whose opener starts at `start`. The caller checked `openerAt(text, start)`.
 */
export function scanExpression(text: string, start: number, options: ScanOptions): ScanResult {
  const opener = openerAt(text, start);
  if (!opener) throw new Error('scanExpression called without an opener');
  const kind = opener.kind;
  const limit = Math.min(options.limit ?? text.length, text.length);
  const decode = options.decodeEntities;
  const literals: number[] = [];
  const record = options.recordLiterals === true;
  const jsonata = kind === 'jsonata';

  // Decoded character at i (its width in `width`).
  let width = 1;
  const charAt = (i: number): number => {
    if (i >= limit) {
      width = 0;
      return -1;
    }
    const c = text.charCodeAt(i);
    if (c === 38 /* & */ && decode) {
      const entity = decodeEntityAt(text, i, limit);
      if (entity) {
        width = entity.width;
        return entity.code;
      }
    }
    width = 1;
    return c;
  };
  const fail = (code: string, message: string, at: number): ScanFailure => ({ ok: false, kind, code, message, at });

  const stack: Frame[] = [{ kind: kind === 'block' ? BRACE : PAREN, start, verbatim: false, literalStart: start }];
  let i = start + opener.length;

  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    let c = charAt(i);
    if (c < 0) {
      if (top.kind === INTERP) {
        return fail('OH111', 'interpolated string is not closed before the end of the text', top.start);
      }
      const root = stack[0]!;
      const openText = text.slice(start, start + opener.length);
      return fail('OH110', `'${openText}' is never closed: no matching '${CLOSER_TEXT[root.kind]}' before the end of the text`, start);
    }
    let w = width;

    if (top.kind === INTERP) {
      // Literal part of an interpolated string.
      if (c === 34 /* " */) {
        if (top.verbatim && charAt(i + w) === 34) {
          i += w + width;
          continue;
        }
        if (record) literals.push(top.literalStart, i + w);
        stack.pop();
        i += w;
        continue;
      }
      if (c === 92 /* \ */ && !top.verbatim) {
        const escaped = charAt(i + w);
        if (escaped < 0 || isNewline(escaped)) {
          return fail('OH111', 'interpolated string is not closed before the end of the line', top.start);
        }
        i += w + width;
        continue;
      }
      if (c === 123 /* { */) {
        if (charAt(i + w) === 123) {
          i += w + width;
          continue;
        }
        if (record) literals.push(top.literalStart, i);
        stack.push({ kind: HOLE, start: i, verbatim: top.verbatim, literalStart: i });
        i += w;
        continue;
      }
      if (isNewline(c) && !top.verbatim) {
        return fail('OH111', 'interpolated string is not closed before the end of the line', top.start);
      }
      i += w;
      continue;
    }

    // Code.
    if (c === 40 /* ( */) {
      stack.push({ kind: PAREN, start: i, verbatim: false, literalStart: i });
      i += w;
      continue;
    }
    if (c === 91 /* [ */) {
      stack.push({ kind: BRACKET, start: i, verbatim: false, literalStart: i });
      i += w;
      continue;
    }
    if (c === 123 /* { */) {
      stack.push({ kind: BRACE, start: i, verbatim: false, literalStart: i });
      i += w;
      continue;
    }
    if (c === 41 /* ) */ || c === 93 /* ] */ || c === 125 /* } */) {
      if (CLOSER[top.kind] !== c) {
        return fail('OH114', `unexpected '${String.fromCharCode(c)}': expected '${CLOSER_TEXT[top.kind]}' to close the '${CLOSER_OPENER[top.kind]}' opened before it`, i);
      }
      stack.pop();
      if (stack.length === 0) {
        return { ok: true, kind, bodyStart: start + opener.length, bodyEnd: i, end: i + w, literalRanges: literals };
      }
      if (top.kind === HOLE) {
        // Back in the string's literal part, which restarts after the hole.
        stack[stack.length - 1]!.literalStart = i + w;
      }
      i += w;
      continue;
    }
    if (top.kind === HOLE && c === 58 /* : */ && !jsonata) {
      // Format clause `{value:N2}`: literal text up to the closing brace.
      const from = i;
      i += w;
      for (c = charAt(i); c >= 0 && c !== 125; c = charAt(i)) {
        if (isNewline(c) && !top.verbatim) return fail('OH111', 'interpolated string is not closed before the end of the line', from);
        i += width;
      }
      if (record) literals.push(from, i);
      continue;
    }
    if (c === 34 /* " */) {
      const end = jsonata ? scanQuoted(34, i + w, true) : scanRegularString(i + w);
      if (end < 0) return unterminated(i, end === -1 && !jsonata);
      if (record) literals.push(i, end);
      i = end;
      continue;
    }
    if (c === 39 /* ' */) {
      const end = jsonata ? scanQuoted(39, i + w, true) : scanCharLiteral(i + w);
      if (end < 0) {
        return jsonata
          ? fail('OH111', 'string is not closed before the end of the text', i)
          : fail('OH112', 'character literal is not closed', i);
      }
      if (record) literals.push(i, end);
      i = end;
      continue;
    }
    if (c === 96 /* ` */ && jsonata) {
      const end = scanQuoted(96, i + w, false);
      if (end < 0) return fail('OH111', 'backtick-quoted name is not closed before the end of the text', i);
      i = end;
      continue;
    }
    if (!jsonata && (c === 64 /* @ */ || c === 36) /* $ */) {
      const c2 = charAt(i + w);
      const w2 = width;
      if (c === 64 && c2 === 34) {
        const end = scanVerbatimString(i + w + w2);
        if (end < 0) return fail('OH111', 'verbatim string is not closed before the end of the text', i);
        if (record) literals.push(i, end);
        i = end;
        continue;
      }
      if (c === 36 && c2 === 34) {
        stack.push({ kind: INTERP, start: i, verbatim: false, literalStart: i });
        i += w + w2;
        continue;
      }
      if ((c === 36 && c2 === 64) || (c === 64 && c2 === 36)) {
        if (charAt(i + w + w2) === 34) {
          stack.push({ kind: INTERP, start: i, verbatim: true, literalStart: i });
          i += w + w2 + width;
          continue;
        }
      }
      i += w;
      continue;
    }
    if (c === 47 /* / */) {
      const c2 = charAt(i + w);
      const w2 = width;
      if (c2 === 47 && !jsonata) {
        // Line comment: up to the end of the line.
        let j = i + w + w2;
        for (let d = charAt(j); d >= 0 && !isNewline(d); d = charAt(j)) j += width;
        if (record) literals.push(i, j);
        i = j;
        continue;
      }
      if (c2 === 42 /* * */) {
        let j = i + w + w2;
        let closed = false;
        for (let d = charAt(j); d >= 0; d = charAt(j)) {
          const dw = width;
          if (d === 42 && charAt(j + dw) === 47) {
            j += dw + width;
            closed = true;
            break;
          }
          j += dw;
        }
        if (!closed) return fail('OH113', "comment '/*' is not closed", i);
        if (record) literals.push(i, j);
        i = j;
        continue;
      }
    }
    i += w;
  }
  // Unreachable: the loop returns when the root frame closes or the text ends.
  return fail('OH110', 'expression is not closed', start);

  function unterminated(at: number, atNewline: boolean): ScanFailure {
    return fail('OH111', `string is not closed before the end of the ${atNewline ? 'line' : 'text'}`, at);
  }

  /** Regular C# string after its opening quote: the offset after the closing quote; -1 at a newline, -2 at the end. */
  function scanRegularString(j: number): number {
    for (let d = charAt(j); d >= 0; d = charAt(j)) {
      if (d === 34) return j + width;
      if (isNewline(d)) return -1;
      if (d === 92) {
        j += width;
        const e = charAt(j);
        if (e < 0) return -2;
        if (isNewline(e)) return -1;
      }
      j += width;
    }
    return -2;
  }

  /** Verbatim string after `@"`: `""` is a quote, newlines allowed. */
  function scanVerbatimString(j: number): number {
    for (let d = charAt(j); d >= 0; d = charAt(j)) {
      const dw = width;
      if (d === 34) {
        if (charAt(j + dw) === 34) {
          j += dw + width;
          continue;
        }
        return j + dw;
      }
      j += dw;
    }
    return -1;
  }

  /** C# char literal after its opening quote: `'x'`, `'\n'`, `'\u0041'`. */
  function scanCharLiteral(j: number): number {
    const first = charAt(j);
    if (first < 0 || isNewline(first)) return -1;
    j += width;
    if (first === 92) {
      const e = charAt(j);
      if (e < 0 || isNewline(e)) return -1;
      j += width;
    }
    // \uXXXX and \xH… carry more characters before the closing quote.
    for (let n = 0, d = charAt(j); d >= 0 && n < 10; n++, d = charAt(j)) {
      if (d === 39) return j + width;
      if (isNewline(d)) return -1;
      j += width;
    }
    return -1;
  }

  /** JSONata strings ("…", '…' with backslash escapes) and backtick names. */
  function scanQuoted(quote: number, j: number, escapes: boolean): number {
    for (let d = charAt(j); d >= 0; d = charAt(j)) {
      if (d === quote) return j + width;
      if (d === 92 && escapes) {
        j += width;
        if (charAt(j) < 0) return -1;
      }
      j += width;
    }
    return -1;
  }
}

const CLOSER_OPENER: Record<number, string> = { [PAREN]: '(', [BRACKET]: '[', [BRACE]: '{', [HOLE]: '{' };
