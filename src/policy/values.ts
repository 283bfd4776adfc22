/**
 * Attribute values and element text → PolicyValue: decode entities, substitute named values, then
 * decide literal or expression. APIM's rule: a value is one whole expression or a literal; text around
 * an expression makes the whole value a literal (we warn, because it is almost always a mistake).
 */
import { diagnostic } from './diagnostics.js';
import type { ExpressionSource, PolicyValue } from './tree.js';
import { openerAt, scanExpression, type ExpressionKind } from './csharp-scanner.js';
import { decodeEntityAt } from './entities.js';
import { MappedText, type LineIndex } from './positions.js';
import { hasReference, substituteNamedValues, type SubstitutionContext } from './named-values.js';

export interface RawPiece {
  start: number;
  end: number;
  /** Entity references are decoded (not in CDATA). */
  decode: boolean;
}

export interface ValueContext extends SubstitutionContext {
  lines: LineIndex;
}

/** An expression's code with the map back to the file. */
class MappedExpression implements ExpressionSource {
  readonly file: string;
  readonly #map: MappedText;
  readonly #lines: LineIndex;

  constructor(
    readonly kind: ExpressionKind,
    readonly code: string,
    map: MappedText,
    lines: LineIndex,
  ) {
    this.file = lines.file;
    this.#map = map;
    this.#lines = lines;
  }

  position(offset: number): { line: number; column: number } {
    return this.#lines.position(this.#map.fileOffset(offset));
  }
}

/** Decodes entity references (where allowed) and turns `\r\n` / `\r` into `\n`, as XML does. */
export function decodePieces(text: string, pieces: readonly RawPiece[]): MappedText {
  const out = new MappedText();
  for (const piece of pieces) {
    let copyFrom = piece.start;
    for (let i = piece.start; i < piece.end; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        out.append(text.slice(copyFrom, i), copyFrom, false);
        out.append('\n', i, true);
        if (text.charCodeAt(i + 1) === 10 && i + 1 < piece.end) i++;
        copyFrom = i + 1;
      } else if (c === 38 /* & */ && piece.decode) {
        const entity = decodeEntityAt(text, i, piece.end);
        if (!entity) continue; // the pre-pass already refused bare '&' outside expressions
        out.append(text.slice(copyFrom, i), copyFrom, false);
        out.append(entity.text, i, true, i + entity.width);
        i += entity.width - 1;
        copyFrom = i + 1;
      }
    }
    out.append(text.slice(copyFrom, piece.end), copyFrom, false);
  }
  const last = pieces[pieces.length - 1];
  if (out.size === 0 && last) out.setEnd(last.end);
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function lastNonSpace(text: string): number {
  let i = text.length - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  return i;
}

/** True when `offset` falls in one of the flat [start, end) pairs. */
function inRanges(ranges: number[], offset: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) if (offset >= ranges[k]! && offset < ranges[k + 1]!) return true;
  return false;
}

/**
 * Substitutes named values (unless `substitute` is false: Liquid templates use `{{ }}` themselves)
 * and classifies the value.
 */
export function buildValue(decoded: MappedText, ctx: ValueContext, substitute = true): { value: PolicyValue; secret: boolean } {
  let mapped = decoded;
  let secret = false;
  if (substitute && hasReference(decoded.text)) {
    const raw = decoded.text;
    const start = firstNonSpace(raw);
    let literalRanges: number[] | undefined;
    if (openerAt(raw, start)) {
      const scan = scanExpression(raw, start, { decodeEntities: false, recordLiterals: true });
      if (scan.ok) literalRanges = scan.literalRanges;
    }
    const result = substituteNamedValues(decoded, (offset) => (literalRanges ? inRanges(literalRanges, offset) : true), ctx);
    mapped = result.text;
    secret = result.secret;
  }
  return { value: classify(mapped, ctx), secret };
}

function classify(mapped: MappedText, ctx: ValueContext): PolicyValue {
  const text = mapped.text;
  const first = firstNonSpace(text);
  const last = lastNonSpace(text);
  const loc = ctx.locate(mapped.fileOffset(first < text.length ? first : 0));
  const literal: PolicyValue = { kind: 'literal', text, loc };
  const opener = openerAt(text, first);
  if (opener) {
    const scan = scanExpression(text, first, { decodeEntities: false });
    if (!scan.ok) {
      ctx.report(diagnostic('error', scan.code, `${scan.message} (after named values were substituted)`, ctx.locate(mapped.fileOffset(scan.at)), ctx.path));
      return literal;
    }
    if (scan.end === last + 1) {
      const code = mapped.slice(scan.bodyStart, scan.bodyEnd);
      return {
        kind: 'expression',
        expression: new MappedExpression(scan.kind, code.text, code, ctx.lines),
        loc,
      };
    }
    ctx.report(
      diagnostic(
        'warning',
        'OH115',
        'text follows the expression, so APIM reads the whole value as literal text: an expression must be the entire value',
        ctx.locate(mapped.fileOffset(firstNonSpaceFrom(text, scan.end))),
        ctx.path,
      ),
    );
    return literal;
  }
  const embedded = findOpener(text, first);
  if (embedded >= 0) {
    ctx.report(
      diagnostic(
        'warning',
        'OH115',
        'text precedes the expression, so APIM reads the whole value as literal text: an expression must be the entire value',
        ctx.locate(mapped.fileOffset(embedded)),
        ctx.path,
      ),
    );
  }
  return literal;
}

function firstNonSpaceFrom(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function findOpener(text: string, from: number): number {
  for (let i = text.indexOf('@', from); i >= 0; i = text.indexOf('@', i + 1)) if (openerAt(text, i)) return i;
  return -1;
}

/** True when the decoded text holds something other than whitespace. */
export function isBlank(mapped: MappedText): boolean {
  return firstNonSpace(mapped.text) === mapped.text.length;
}
