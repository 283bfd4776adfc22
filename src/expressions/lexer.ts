/**
 * The C# lexer: turns expression text into tokens with their offsets. Interpolated strings are lexed
 * into text parts and hole ranges; the parser parses each hole's expression from the same text, so
 * positions inside holes stay exact.
 */
import { DecimalValue } from './runtime/decimal-value.js';

export type TokenKind = 'ident' | 'keyword' | 'int' | 'real' | 'char' | 'string' | 'interp' | 'punct' | 'eof';

export interface InterpolationHole {
  /** Offsets of the hole's expression in the code. */
  start: number;
  end: number;
  /** Offsets of the alignment expression (`{x,5}`), if any. */
  alignment?: { start: number; end: number };
  /** The format text after `:` (`{x:D2}` → `D2`). */
  format?: string;
}

export interface Token {
  kind: TokenKind;
  /** The source text for idents, keywords and punctuation. */
  text: string;
  start: number;
  end: number;
  /** Literal value: number|bigint for numbers, string for strings, code unit for chars. */
  value?: unknown;
  /** Number literal suffix type: 'int' | 'uint' | 'long' | 'ulong' | 'float' | 'double' | 'decimal'. */
  numType?: string;
  /** Interpolated strings: literal parts (parts.length === holes.length + 1). */
  parts?: string[];
  holes?: InterpolationHole[];
  /** True when no whitespace separates this token from the previous one (for `>>`). */
  joined?: boolean;
}

export class SyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export const KEYWORDS = new Set([
  'as', 'base', 'bool', 'break', 'byte', 'case', 'catch', 'char', 'checked', 'const', 'continue', 'decimal',
  'default', 'do', 'double', 'else', 'false', 'finally', 'float', 'for', 'foreach', 'goto', 'if', 'in', 'int',
  'is', 'long', 'new', 'null', 'object', 'out', 'params', 'ref', 'return', 'sbyte', 'short', 'sizeof', 'string',
  'switch', 'this', 'throw', 'true', 'try', 'typeof', 'uint', 'ulong', 'unchecked', 'ushort', 'using', 'var',
  'void', 'while', 'nameof', 'when',
]);

/** Contextual: `var`, `nameof`, `when` are identifiers elsewhere; the parser treats them by text. */
const CONTEXTUAL = new Set(['var', 'nameof', 'when']);

const PUNCTUATION = [
  '<<=', '??=', '...',
  '=>', '??', '?.', '?[', '++', '--', '&&', '||', '==', '!=', '<=', '>=', '<<', '+=', '-=', '*=', '/=', '%=', '&=',
  '|=', '^=', '->', '::',
  '!', '~', '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', '?', ':', ';', ',', '.', '(', ')', '[', ']', '{', '}',
];

const SIMPLE_ESCAPES: Record<string, string> = {
  "'": "'", '"': '"', '\\': '\\', '0': '\0', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

export class Lexer {
  private pos: number;
  constructor(
    private readonly code: string,
    start = 0,
    private readonly end = code.length,
  ) {
    this.pos = start;
  }

  tokenize(): Token[] {
    const out: Token[] = [];
    for (;;) {
      const spaceBefore = this.skipTrivia();
      const t = this.next();
      if (!spaceBefore && out.length) t.joined = true;
      out.push(t);
      if (t.kind === 'eof') return out;
    }
  }

  private skipTrivia(): boolean {
    const start = this.pos;
    const c = this.code;
    while (this.pos < this.end) {
      const ch = c[this.pos]!;
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\f' || ch === '\v' || ch === '\u00a0' || ch === '\ufeff') this.pos++;
      else if (ch === '/' && c[this.pos + 1] === '/') {
        while (this.pos < this.end && c[this.pos] !== '\n') this.pos++;
      } else if (ch === '/' && c[this.pos + 1] === '*') {
        const close = c.indexOf('*/', this.pos + 2);
        if (close < 0 || close + 2 > this.end) throw new SyntaxError('unterminated comment', this.pos);
        this.pos = close + 2;
      } else if (ch === '#') {
        // Preprocessor lines (#region) carry no meaning in policy expressions.
        while (this.pos < this.end && c[this.pos] !== '\n') this.pos++;
      } else break;
    }
    return this.pos > start;
  }

  private next(): Token {
    const c = this.code;
    const start = this.pos;
    if (start >= this.end) return { kind: 'eof', text: '', start, end: start };
    const ch = c[start]!;
    if (ch === '$' || (ch === '@' && (c[start + 1] === '$' || c[start + 1] === '"'))) return this.stringLiteral();
    if (ch === '"') return this.stringLiteral();
    if (ch === "'") return this.charLiteral();
    if (isDigit(ch) || (ch === '.' && isDigit(c[start + 1] ?? ''))) return this.number();
    if (isIdentStart(ch) || (ch === '@' && isIdentStart(c[start + 1] ?? ''))) {
      const verbatim = ch === '@';
      this.pos += verbatim ? 1 : 0;
      while (this.pos < this.end && isIdentPart(c[this.pos]!)) this.pos++;
      const text = c.slice(verbatim ? start + 1 : start, this.pos);
      const kind = !verbatim && KEYWORDS.has(text) && !CONTEXTUAL.has(text) ? 'keyword' : 'ident';
      return { kind, text, start, end: this.pos };
    }
    for (const p of PUNCTUATION) {
      if (c.startsWith(p, start) && start + p.length <= this.end) {
        this.pos += p.length;
        return { kind: 'punct', text: p, start, end: this.pos };
      }
    }
    throw new SyntaxError(`unexpected character '${ch}'`, start);
  }

  private number(): Token {
    const c = this.code;
    const start = this.pos;
    let digits = '';
    let isReal = false;
    if (c[start] === '0' && (c[start + 1] === 'x' || c[start + 1] === 'X')) {
      this.pos += 2;
      while (this.pos < this.end && /[0-9a-fA-F_]/.test(c[this.pos]!)) digits += c[this.pos++];
      digits = '0x' + digits.replace(/_/g, '');
    } else if (c[start] === '0' && (c[start + 1] === 'b' || c[start + 1] === 'B')) {
      this.pos += 2;
      while (this.pos < this.end && /[01_]/.test(c[this.pos]!)) digits += c[this.pos++];
      digits = '0b' + digits.replace(/_/g, '');
    } else {
      while (this.pos < this.end && /[0-9_]/.test(c[this.pos]!)) digits += c[this.pos++];
      if (c[this.pos] === '.' && isDigit(c[this.pos + 1] ?? '')) {
        isReal = true;
        digits += c[this.pos++];
        while (this.pos < this.end && /[0-9_]/.test(c[this.pos]!)) digits += c[this.pos++];
      }
      if (c[this.pos] === 'e' || c[this.pos] === 'E') {
        const save = this.pos;
        let exp = 'e';
        this.pos++;
        if (c[this.pos] === '+' || c[this.pos] === '-') exp += c[this.pos++];
        if (isDigit(c[this.pos] ?? '')) {
          while (this.pos < this.end && isDigit(c[this.pos]!)) exp += c[this.pos++];
          digits += exp;
          isReal = true;
        } else this.pos = save;
      }
      digits = digits.replace(/_/g, '');
    }
    let suffix = '';
    while (this.pos < this.end && /[uUlLfFdDmM]/.test(c[this.pos]!)) suffix += c[this.pos++].toLowerCase();
    if (this.pos < this.end && isIdentPart(c[this.pos]!)) throw new SyntaxError('invalid number literal', start);
    const tok: Token = { kind: 'int', text: c.slice(start, this.pos), start, end: this.pos };
    if (suffix === 'f' || suffix === 'd' || suffix === 'm' || (isReal && suffix === '')) {
      tok.kind = 'real';
      tok.numType = suffix === 'f' ? 'float' : suffix === 'm' ? 'decimal' : 'double';
      tok.value = suffix === 'm' ? decimalLiteral(digits, start) : Number(digits);
      return tok;
    }
    if (isReal) throw new SyntaxError('invalid real literal suffix', start);
    const big = BigInt(digits);
    const numType = integerLiteralType(big, suffix);
    if (!numType) throw new SyntaxError('Integral constant is too large', start);
    tok.numType = numType;
    tok.value = numType === 'int' || numType === 'uint' ? Number(big) : big;
    return tok;
  }

  private charLiteral(): Token {
    const c = this.code;
    const start = this.pos++;
    let value: number;
    if (c[this.pos] === '\\') value = this.escape().charCodeAt(0);
    else if (c[this.pos] === "'" || c[this.pos] === '\n' || this.pos >= this.end) throw new SyntaxError('empty character literal', start);
    else value = c.charCodeAt(this.pos++);
    if (c[this.pos] !== "'") throw new SyntaxError('too many characters in character literal', start);
    this.pos++;
    return { kind: 'char', text: c.slice(start, this.pos), start, end: this.pos, value };
  }

  /** Reads an escape sequence at `\`; returns the characters it stands for. */
  private escape(): string {
    const c = this.code;
    const at = this.pos;
    this.pos++; // backslash
    const e = c[this.pos++];
    if (e === undefined) throw new SyntaxError('unterminated escape sequence', at);
    if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e]!;
    if (e === 'u' || e === 'x' || e === 'U') {
      const max = e === 'U' ? 8 : 4;
      let hex = '';
      while (hex.length < max && /[0-9a-fA-F]/.test(c[this.pos] ?? '')) hex += c[this.pos++];
      if (hex.length === 0 || (e !== 'x' && hex.length !== max)) throw new SyntaxError('unrecognized escape sequence', at);
      return String.fromCodePoint(parseInt(hex, 16));
    }
    throw new SyntaxError(`unrecognized escape sequence '\\${e}'`, at);
  }

  private stringLiteral(): Token {
    const c = this.code;
    const start = this.pos;
    let verbatim = false;
    let interpolated = false;
    while (c[this.pos] === '@' || c[this.pos] === '$') {
      if (c[this.pos] === '@') verbatim = true;
      else interpolated = true;
      this.pos++;
    }
    if (c[this.pos] !== '"') throw new SyntaxError('expected string literal', start);
    this.pos++;
    const parts: string[] = [];
    const holes: InterpolationHole[] = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.end) throw new SyntaxError('unterminated string literal', start);
      const ch = c[this.pos]!;
      if (ch === '"') {
        if (verbatim && c[this.pos + 1] === '"') {
          text += '"';
          this.pos += 2;
          continue;
        }
        this.pos++;
        break;
      }
      if (!verbatim && ch === '\n') throw new SyntaxError('newline in constant', start);
      if (!verbatim && ch === '\\') {
        text += this.escape();
        continue;
      }
      if (interpolated && ch === '{') {
        if (c[this.pos + 1] === '{') {
          text += '{';
          this.pos += 2;
          continue;
        }
        parts.push(text);
        text = '';
        holes.push(this.hole(start));
        continue;
      }
      if (interpolated && ch === '}') {
        if (c[this.pos + 1] === '}') {
          text += '}';
          this.pos += 2;
          continue;
        }
        throw new SyntaxError("a '}' character must be escaped (by doubling) in an interpolated string", this.pos);
      }
      text += ch;
      this.pos++;
    }
    const tok: Token = { kind: interpolated ? 'interp' : 'string', text: c.slice(start, this.pos), start, end: this.pos };
    if (interpolated) {
      parts.push(text);
      tok.parts = parts;
      tok.holes = holes;
    } else tok.value = text;
    return tok;
  }

  /** At `{` of an interpolation hole: find its expression, alignment and format. */
  private hole(stringStart: number): InterpolationHole {
    const c = this.code;
    const open = this.pos++;
    const exprStart = this.pos;
    let depth = 0;
    let commaAt = -1;
    let colonAt = -1;
    while (this.pos < this.end) {
      const ch = c[this.pos]!;
      if (ch === '"' || ch === "'" || ((ch === '@' || ch === '$') && /["@$]/.test(c[this.pos + 1] ?? ''))) {
        // Skip nested literals with a sub-lexer.
        const sub = new Lexer(c, this.pos, this.end);
        const t = (sub as unknown as { next(): Token }).next();
        this.pos = t.end;
        continue;
      }
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']') depth--;
      else if (ch === '}') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && ch === ',' && commaAt < 0 && colonAt < 0) commaAt = this.pos;
      else if (depth === 0 && ch === ':' && colonAt < 0 && !isTernaryColon(c, exprStart, this.pos)) colonAt = this.pos;
      else if (ch === '\n' && false) break;
      this.pos++;
    }
    if (this.pos >= this.end) throw new SyntaxError('unterminated interpolation hole', open);
    const close = this.pos++;
    const exprEnd = commaAt >= 0 ? commaAt : colonAt >= 0 ? colonAt : close;
    if (c.slice(exprStart, exprEnd).trim() === '') throw new SyntaxError('empty interpolation hole', open);
    const hole: InterpolationHole = { start: exprStart, end: exprEnd };
    if (commaAt >= 0) hole.alignment = { start: commaAt + 1, end: colonAt >= 0 ? colonAt : close };
    if (colonAt >= 0) hole.format = c.slice(colonAt + 1, close);
    void stringStart;
    return hole;
  }
}

/** A `:` inside `{a ? b : c}` belongs to the conditional when a `?` precedes it at depth 0. */
function isTernaryColon(c: string, from: number, at: number): boolean {
  let depth = 0;
  for (let i = from; i < at; i++) {
    const ch = c[i];
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === '?' && depth === 0 && c[i + 1] !== '?' && c[i + 1] !== '.' && c[i + 1] !== '[' && c[i - 1] !== '?') return true;
  }
  return false;
}

function integerLiteralType(v: bigint, suffix: string): string | undefined {
  const fitsInt = v <= 0x7fffffffn;
  const fitsUint = v <= 0xffffffffn;
  const fitsLong = v <= 0x7fffffffffffffffn;
  const fitsUlong = v <= 0xffffffffffffffffn;
  switch (suffix) {
    case '':
      return fitsInt ? 'int' : fitsUint ? 'uint' : fitsLong ? 'long' : fitsUlong ? 'ulong' : undefined;
    case 'u':
      return fitsUint ? 'uint' : fitsUlong ? 'ulong' : undefined;
    case 'l':
      return fitsLong ? 'long' : fitsUlong ? 'ulong' : undefined;
    case 'ul':
    case 'lu':
      return fitsUlong ? 'ulong' : undefined;
    default:
      return undefined;
  }
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}
function isIdentStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_' || ch > '\u007f';
}
function isIdentPart(ch: string): boolean {
  return isIdentStart(ch) || isDigit(ch);
}

/** A `1.50m` literal: exact, its scale kept; beyond ±79228162514264337593543950335 it is CS0594. */
function decimalLiteral(digits: string, start: number): DecimalValue {
  try {
    return DecimalValue.fromText(digits)!;
  } catch {
    throw new SyntaxError("Floating-point constant is outside the range of type 'decimal'", start);
  }
}
