/**
 * The expression-aware pre-pass. Policies as users paste them are "raw XML": expressions hold raw `"`,
 * `<`, `&&` (`value="@(ctx.Headers.GetValueOrDefault("a") && x < 2)"`). This pass walks the text once
 * with XML's lexical rules, and where an attribute value or a run of element text starts with `@(`, `@{`
 * or `@jsonata(`, it lets the C# scanner find the end of the expression instead of the next quote or `<`.
 *
 * It yields:
 *  - `protectedText`: the same text, same length, newlines in place, with the XML-significant characters
 *    inside expressions and the whole of comments blanked, so fast-xml-parser can parse it and every offset
 *    it reports is an offset in the original;
 *  - `tags`: each start tag by offset, with its attributes' and text's exact offsets (the location
 *    recovery fast-xml-parser cannot give);
 *  - at most one fatal diagnostic: like an XML parser, the reader stops at the first fault, which keeps
 *    the pass linear whatever the input.
 */
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { openerAt, scanExpression } from './csharp-scanner.js';
import { decodeEntityAt } from './entities.js';
import type { LineIndex } from './positions.js';
import { READER_LIMITS } from './limits.js';

export interface AttributeToken {
  name: string;
  nameStart: number;
  /** Offsets of the value inside its quotes. */
  valueStart: number;
  valueEnd: number;
}

export interface ContentPiece {
  kind: 'text' | 'cdata';
  /** Offsets of the characters (for CDATA: inside `<![CDATA[` … `]]>`). */
  start: number;
  end: number;
}

export interface StartTagToken {
  name: string;
  /** Offset of `<`. */
  start: number;
  /** Offset after `>`. */
  end: number;
  selfClosing: boolean;
  attributes: AttributeToken[];
  /** Text and CDATA directly inside this element, in order. */
  content: ContentPiece[];
  /** Offset of the `</` of its end tag (`end` when self-closing): with `end`, what the element holds. */
  contentEnd: number;
  depth: number;
}

export interface PrepassResult {
  protectedText: string;
  tags: Map<number, StartTagToken>;
  root?: StartTagToken;
  diagnostics: Diagnostic[];
}

const INVALID_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

class Stop extends Error {}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 0xc0;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

export function prepass(text: string, lines: LineIndex): PrepassResult {
  const tags = new Map<number, StartTagToken>();
  const out: string[] = [];
  let copied = 0; // text before this offset is already in `out`
  const diagnostics: Diagnostic[] = [];
  const stack: StartTagToken[] = [];
  let root: StartTagToken | undefined;
  let rootClosed = false;
  const n = text.length;
  // Counted here, before fast-xml-parser or the tree builder sees the text (see limits.ts).
  let nodes = 0;
  let attributes = 0;
  const countNode = (at: number, what: string): void => {
    if (++nodes > READER_LIMITS.nodes) {
      stop('OH127', `more than ${count(READER_LIMITS.nodes)} elements and CDATA sections in one file (the reader's limit): this ${what} is number ${count(nodes)}`, at);
    }
  };

  const stop = (code: string, message: string, at: number): never => {
    diagnostics.push(diagnostic('error', code, message, lines.location(at)));
    throw new Stop();
  };
  const where = (offset: number): string => {
    const p = lines.position(offset);
    return `${p.line}:${p.column}`;
  };
  const blank = (from: number, to: number, keep: RegExp): void => {
    out.push(text.slice(copied, from), text.slice(from, to).replace(keep, (ch) => (ch === '\n' || ch === '\r' ? ch : '_')));
    copied = to;
  };
  const protectExpression = (from: number, to: number): void => blank(from, to, /[<>&"'\r\n]/g);
  const blankComment = (from: number, to: number): void => {
    out.push(text.slice(copied, from), text.slice(from, to).replace(/[^\r\n]/g, ' '));
    copied = to;
  };

  /**
   * Scans a leading expression at `at`; returns the offset after it. In an attribute value (`quote` is
   * its delimiter) a failure is re-examined the strict way, with the value ending at the first raw
   * delimiter: when the tolerant scan ran to the end of the file, or its unclosed "string" is really the
   * attribute's closing quote before `>` or `/>`, the strict reading names the real fault (the missing
   * `)` or the unclosed `&quot;` string) instead.
   */
  const expressionAt = (at: number, quote?: number): number => {
    const result = scanExpression(text, at, { decodeEntities: true });
    if (result.ok) {
      protectExpression(at, result.end);
      return result.end;
    }
    let failure = result;
    if (quote !== undefined && (failure.code === 'OH110' || (failure.code === 'OH111' && closesTag(failure.at, quote)))) {
      const limit = text.indexOf(String.fromCharCode(quote), at);
      if (limit >= 0) {
        const strict = scanExpression(text, at, { decodeEntities: true, limit });
        if (!strict.ok) failure = strict;
      }
    }
    return stop(failure.code, failure.message.replace('end of the text', quote !== undefined && failure !== result ? 'end of the attribute value' : 'end of the file'), failure.at);
  };

  /** True when the raw delimiter at `at` is followed by the end of the tag. */
  const closesTag = (at: number, quote: number): boolean => {
    if (text.charCodeAt(at) !== quote) return false;
    const next = skipSpace(at + 1);
    const c = text.charCodeAt(next);
    return c === 62 || (c === 47 && text.charCodeAt(next + 1) === 62);
  };

  /** Checks literal characters in [from, to): entity references, and `<` where it is not allowed. */
  const checkLiteral = (from: number, to: number, inAttribute: boolean): void => {
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 38 /* & */) {
        if (!decodeEntityAt(text, i, to)) {
          stop('OH104', "'&' must start an entity reference (&amp; &lt; &gt; &quot; &apos; &#…;); write '&amp;' for a literal '&'", i);
        }
      } else if (c === 60 /* < */ && inAttribute) {
        stop('OH105', "'<' is not allowed in an attribute value outside an expression; write '&lt;'", i);
      } else if (c === 62 /* > */ && !inAttribute && i >= from + 2 && text.charCodeAt(i - 1) === 93 && text.charCodeAt(i - 2) === 93) {
        stop('OH101', "']]>' is not allowed in text", i - 2);
      }
    }
  };

  const readName = (at: number, what: string): number => {
    if (!isNameStart(text.charCodeAt(at))) {
      stop('OH101', `expected ${what} name at '${printable(text.charAt(at))}'`, at);
    }
    let j = at + 1;
    while (j < n && isNameChar(text.charCodeAt(j))) j++;
    return j;
  };

  const skipSpace = (at: number): number => {
    while (at < n && isSpace(text.charCodeAt(at))) at++;
    return at;
  };

  /** Element text from `at` up to the next markup; returns the offset of that `<` (or n). */
  const textRun = (at: number): number => {
    const first = skipSpace(at);
    const parent = stack[stack.length - 1];
    let literalFrom = at;
    if (parent && openerAt(text, first)) {
      literalFrom = expressionAt(first);
    }
    let lt = text.indexOf('<', literalFrom);
    if (lt < 0) lt = n;
    checkLiteral(literalFrom, lt, false);
    if (lt > at) {
      if (parent) parent.content.push({ kind: 'text', start: at, end: lt });
      else {
        const nonBlank = skipSpace(at);
        if (nonBlank < lt) stop('OH101', 'text is not allowed outside the root element', nonBlank);
      }
    }
    return lt;
  };

  const comment = (at: number): number => {
    const close = text.indexOf('-->', at + 4);
    if (close < 0) stop('OH103', "comment '<!--' is not closed: no '-->' before the end of the file", at);
    const dashes = text.indexOf('--', at + 4);
    if (dashes < close) {
      stop('OH102', "'--' is not allowed inside a comment (XML forbids it; a comment may not contain another '<!--')", dashes);
    }
    if (close > at + 4 && text.charCodeAt(close - 1) === 45) stop('OH102', "a comment may not end with '--->'", close - 1);
    blankComment(at, close + 3);
    return close + 3;
  };

  const cdata = (at: number): number => {
    const close = text.indexOf(']]>', at + 9);
    if (close < 0) stop('OH103', "CDATA section is not closed: no ']]>' before the end of the file", at);
    const parent = stack[stack.length - 1];
    if (!parent) stop('OH101', 'CDATA is not allowed outside the root element', at);
    countNode(at, 'CDATA section');
    parent!.content.push({ kind: 'cdata', start: at + 9, end: close });
    return close + 3;
  };

  const processingInstruction = (at: number): number => {
    const close = text.indexOf('?>', at + 2);
    if (close < 0) stop('OH103', "processing instruction '<?' is not closed: no '?>' before the end of the file", at);
    const target = text.slice(at + 2, readName(at + 2, 'processing instruction'));
    if (target.toLowerCase() === 'xml' && at !== 0) {
      stop('OH101', 'the XML declaration <?xml …?> must be at the very start of the file', at);
    }
    return close + 2;
  };

  const endTag = (at: number): number => {
    const nameEnd = readName(at + 2, 'closing tag');
    const name = text.slice(at + 2, nameEnd);
    const close = skipSpace(nameEnd);
    if (text.charCodeAt(close) !== 62) {
      stop(close >= n ? 'OH103' : 'OH101', `closing tag </${name}> is not closed with '>'`, close >= n ? at : close);
    }
    const open = stack.pop();
    if (!open) stop('OH101', `closing tag </${name}> has no matching opening tag`, at);
    if (open!.name !== name) {
      stop('OH101', `closing tag </${name}> does not match <${open!.name}> opened at ${where(open!.start)}`, at);
    }
    open!.contentEnd = at;
    if (stack.length === 0) rootClosed = true;
    return close + 1;
  };

  const startTag = (at: number): number => {
    const nameEnd = readName(at + 1, 'element');
    const name = text.slice(at + 1, nameEnd);
    if (rootClosed) {
      stop('OH101', `a policy file has one root element; <${name}> comes after it`, at);
    }
    const token: StartTagToken = {
      name,
      start: at,
      end: at,
      selfClosing: false,
      attributes: [],
      content: [],
      contentEnd: at,
      depth: stack.length,
    };
    if (stack.length >= READER_LIMITS.depth) stop('OH124', `elements nest deeper than ${READER_LIMITS.depth} levels (the reader's limit)`, at);
    countNode(at, 'element');
    let i = nameEnd;
    const seen = new Set<string>();
    for (;;) {
      const afterSpace = skipSpace(i);
      const c = text.charCodeAt(afterSpace);
      if (afterSpace >= n) stop('OH103', `tag <${name}> is not closed before the end of the file`, at);
      if (c === 62 /* > */) {
        i = afterSpace + 1;
        break;
      }
      if (c === 47 /* / */) {
        if (text.charCodeAt(afterSpace + 1) !== 62) stop('OH101', `expected '/>' to close <${name}>`, afterSpace);
        token.selfClosing = true;
        i = afterSpace + 2;
        break;
      }
      if (afterSpace === i) stop('OH101', `expected a space before the next attribute of <${name}>`, afterSpace);
      i = attribute(afterSpace, token, seen);
    }
    token.end = i;
    token.contentEnd = i;
    tags.set(at, token);
    if (!root) root = token;
    if (!token.selfClosing) stack.push(token);
    else if (stack.length === 0) rootClosed = true;
    return i;
  };

  const attribute = (at: number, token: StartTagToken, seen: Set<string>): number => {
    const nameEnd = readName(at, 'attribute');
    const name = text.slice(at, nameEnd);
    const endOfFile = () => stop('OH103', `tag <${token.name}> is not closed before the end of the file`, token.start);
    if (seen.has(name)) stop('OH101', `attribute '${name}' is repeated on <${token.name}>`, at);
    if (token.attributes.length >= READER_LIMITS.attributesPerElement) {
      stop('OH128', `<${token.name}> has more than ${READER_LIMITS.attributesPerElement} attributes (the reader's limit)`, at);
    }
    if (++attributes > READER_LIMITS.attributes) {
      stop('OH128', `more than ${count(READER_LIMITS.attributes)} attributes in one file (the reader's limit): this one is number ${count(attributes)}`, at);
    }
    seen.add(name);
    let i = skipSpace(nameEnd);
    if (i >= n) endOfFile();
    if (text.charCodeAt(i) !== 61 /* = */) stop('OH101', `attribute '${name}' has no value (expected '=')`, i);
    i = skipSpace(i + 1);
    if (i >= n) endOfFile();
    const quote = text.charCodeAt(i);
    if (quote !== 34 && quote !== 39) stop('OH101', `the value of attribute '${name}' must be in quotes`, i);
    const valueStart = i + 1;
    let literalFrom = valueStart;
    const first = skipSpace(valueStart);
    if (openerAt(text, first)) literalFrom = expressionAt(first, quote);
    const close = text.indexOf(String.fromCharCode(quote), literalFrom);
    if (close < 0) stop('OH103', `the value of attribute '${name}' is not closed before the end of the file`, i);
    checkLiteral(literalFrom, close, true);
    token.attributes.push({ name, nameStart: at, valueStart, valueEnd: close });
    return close + 1;
  };

  try {
    const bad = text.search(INVALID_CHAR);
    if (bad >= 0) {
      stop('OH107', `character U+${text.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML: is this a policy file?`, bad);
    }
    let i = 0;
    while (i < n) {
      const lt = textRun(i);
      if (lt >= n) break;
      const c = text.charCodeAt(lt + 1);
      if (c === 33 /* ! */) {
        if (text.startsWith('<!--', lt)) i = comment(lt);
        else if (text.startsWith('<![CDATA[', lt)) i = cdata(lt);
        else if (text.startsWith('<!DOCTYPE', lt)) stop('OH106', 'DOCTYPE declarations are not allowed in policies', lt);
        else stop('OH101', "'<!' must start a comment '<!--' or a CDATA section '<![CDATA['", lt);
      } else if (c === 63 /* ? */) i = processingInstruction(lt);
      else if (c === 47 /* / */) i = endTag(lt);
      else i = startTag(lt);
    }
    if (stack.length > 0) {
      const open = stack[stack.length - 1]!;
      stop('OH103', `<${open.name}> is not closed: the file ends before </${open.name}>`, open.start);
    }
    if (!root) stop('OH120', 'the file holds no element: expected <policies> or <fragment>', n);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  out.push(text.slice(copied));
  return { protectedText: out.join(''), tags, ...(root ? { root } : {}), diagnostics };
}

/** 100,000 */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

function printable(ch: string): string {
  if (ch === '') return 'end of file';
  if (ch === '\n' || ch === '\r') return 'end of line';
  return ch;
}
