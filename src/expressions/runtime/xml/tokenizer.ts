/**
 * A pull tokenizer for XML 1.0 text: `next()` returns one event at a time (start tag, end tag, text,
 * CDATA, comment, processing instruction, declaration, DOCTYPE), with namespaces resolved, entity and
 * character references expanded and line breaks normalised. Both the tree builder (XDocument.Parse) and
 * the forward-only XmlReader pull from it, so XmlReader fails at the same place as .NET's, lazily.
 * Malformed text throws XmlException with .NET's messages and "Line N, position M.".
 * Each event is charged to the evaluation's step budget and counted against the collection cap.
 */
import { BudgetExceeded, chargeStep, checkCollectionSize } from '../../budget.js';
import { showChar, xmlError } from './errors.js';
import { QNAME, XML_NS, XMLNS_NS, isNameChar, isNameStart } from './names.js';

export interface XmlAttr {
  prefix: string;
  local: string;
  ns: string;
  value: string;
}

interface Common {
  /** Element depth of the node (the root element is 0, its children 1 …). */
  depth: number;
  /** Where .NET's line info points for the node (the name of a tag, the first character of text …). */
  at?: number;
}

/** From the node's first character to where its line info points. */
const LINE_INFO_SHIFT: Record<string, number> = { start: 1, end: 2, text: 0, cdata: 9, comment: 4, pi: 2, declaration: 2, doctype: 10 };
export type XmlEvent = Common &
  (
    | { kind: 'declaration'; version: string; encoding: string | null; standalone: string | null; raw: string }
    | { kind: 'doctype'; name: string; publicId: string | null; systemId: string | null; subset: string | null }
    | { kind: 'start'; prefix: string; local: string; ns: string; attrs: XmlAttr[]; empty: boolean }
    | { kind: 'end'; prefix: string; local: string; ns: string }
    /** `significant`: whitespace-only text inside xml:space="preserve" (kept even when whitespace is ignored). */
    | { kind: 'text'; text: string; whitespace: boolean; significant: boolean }
    | { kind: 'cdata'; text: string }
    | { kind: 'comment'; text: string }
    | { kind: 'pi'; target: string; data: string }
  );

/** Deepest element nesting accepted (the tree is walked recursively in places). */
export const MAX_XML_DEPTH = 2000;

interface Open {
  qname: string;
  prefix: string;
  local: string;
  ns: string;
  offset: number;
  scope: Map<string, string> | null;
  /** xml:space="preserve" applies here. */
  preserve: boolean;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const WS = /[ \t\n]/;
/** Characters text scanning must stop at: markup, references, ']' (for "]]>") and invalid characters. */
const TEXT_SPECIAL = /[<&\]\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ATTR_SPECIAL_DQ = /["<&\t\n\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ATTR_SPECIAL_SQ = /['<&\t\n\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const DTD_PROHIBITED =
  'For security reasons DTD is prohibited in this XML document. To enable DTD processing set the DtdProcessing property on XmlReaderSettings to Parse and pass the settings into XmlReader.Create method.';

export class XmlTokenizer {
  private readonly s: string;
  private pos = 0;
  private readonly open: Open[] = [];
  private sawRoot = false;
  private sawNode = false;
  private done = false;
  private count = 0;

  constructor(
    text: string,
    private readonly allowDtd = true,
  ) {
    this.s = text.replace(/\r\n?/g, '\n');
  }

  /** The next event, or null after the end of a well-formed document. */
  next(): XmlEvent | null {
    if (this.done) return null;
    const at = this.pos;
    const ev = this.read();
    if (ev) {
      ev.at = at + LINE_INFO_SHIFT[ev.kind]!;
      chargeStep();
      checkCollectionSize(++this.count);
      this.sawNode = true;
    }
    return ev;
  }

  private read(): XmlEvent | null {
    const s = this.s;
    if (this.pos >= s.length) {
      if (this.open.length) this.notClosed();
      if (!this.sawRoot) xmlError('Root element is missing.');
      this.done = true;
      return null;
    }
    if (s[this.pos] !== '<') return this.text();
    const c = s[this.pos + 1];
    if (c === '?') return this.pi();
    if (c === '/') return this.endTag();
    if (c === '!') {
      if (s.startsWith('<!--', this.pos)) return this.comment();
      if (s.startsWith('<![CDATA[', this.pos)) return this.cdata();
      if (s.startsWith('<!DOCTYPE', this.pos)) return this.doctype();
      if (s[this.pos + 2] === '-') this.fail(`'${s.slice(this.pos + 3, this.pos + 6)}' is an unexpected token. The expected token is '-'.`, this.pos + 3);
      this.fail(`'${s[this.pos + 2] ?? ''}' is an unexpected token. The expected token is '<!--' or '<[CDATA['.`, this.pos + 2);
    }
    return this.startTag();
  }

  private get depth(): number {
    return this.open.length;
  }

  // ── positions and errors ──

  /** The 1-based line and column of an offset in the (normalised) text. */
  where(offset: number): { line: number; column: number } {
    let line = 1;
    let start = 0;
    for (let i = this.s.indexOf('\n'); i >= 0 && i < offset; i = this.s.indexOf('\n', i + 1)) {
      line++;
      start = i + 1;
    }
    return { line, column: offset - start + 1 };
  }

  private fail(message: string, offset: number): never {
    xmlError(message, this.where(offset));
  }

  private notClosed(): never {
    this.fail(`Unexpected end of file has occurred. The following elements are not closed: ${[...this.open].reverse().map((o) => o.qname).join(', ')}.`, this.s.length);
  }

  private eof(what: string): never {
    this.fail(`Unexpected end of file while parsing ${what} has occurred.`, this.s.length);
  }

  private checkChar(c: string, offset: number): void {
    const code = c.charCodeAt(0);
    if ((code < 0x20 && code !== 0x9 && code !== 0xa) || code === 0xfffe || code === 0xffff) this.fail(`${showChar(c)}, is an invalid character.`, offset);
  }

  // ── names ──

  /** A qualified name at the position; `atEnd` reports running out of text (default: while parsing Name). */
  private name(atEnd: () => never = () => this.eof('Name')): string {
    const s = this.s;
    const start = this.pos;
    if (start >= s.length) atEnd();
    QNAME.lastIndex = start;
    if (!QNAME.test(s)) this.fail(`Name cannot begin with the ${showChar(s[start]!, true)}.`, start);
    const i = QNAME.lastIndex;
    if (i >= s.length) atEnd();
    const name = s.slice(start, i);
    const colon = name.indexOf(':');
    if (colon >= 0 && name.indexOf(':', colon + 1) >= 0) this.fail(`The ${showChar(':', true)}, cannot be included in a name.`, start + name.indexOf(':', colon + 1));
    this.pos = i;
    return name;
  }

  private skipSpace(): boolean {
    const from = this.pos;
    while (this.pos < this.s.length && WS.test(this.s[this.pos]!)) this.pos++;
    return this.pos > from;
  }

  private expect(token: string): void {
    if (this.pos >= this.s.length) this.eof(token === '>' ? 'Name' : 'Element');
    if (!this.s.startsWith(token, this.pos)) this.fail(`'${this.s[this.pos]}' is an unexpected token. The expected token is '${token}'.`, this.pos);
    this.pos += token.length;
  }

  // ── references ──

  /** Expands the reference at `this.pos` (on '&') and returns its text. */
  private reference(): string {
    const s = this.s;
    const amp = this.pos;
    if (s[amp + 1] === '#') {
      const hex = s[amp + 2] === 'x';
      let i = amp + (hex ? 3 : 2);
      const digitsAt = i;
      const digit = hex ? /[0-9a-fA-F]/ : /[0-9]/;
      while (i < s.length && digit.test(s[i]!)) i++;
      if (s[i] !== ';' || i === digitsAt) this.fail(`Invalid syntax for a ${hex ? 'hexadecimal' : 'decimal'} numeric entity reference.`, i === digitsAt ? digitsAt : i);
      const code = parseInt(s.slice(digitsAt, i), hex ? 16 : 10);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) this.fail(`Invalid value of a character entity reference.`, digitsAt);
      const ch = String.fromCodePoint(code);
      this.checkChar(ch, digitsAt);
      this.pos = i + 1;
      return ch;
    }
    const nameAt = amp + 1;
    if (nameAt >= s.length || !isNameStart(s[nameAt]!)) this.fail('An error occurred while parsing EntityName.', nameAt);
    let i = nameAt + 1;
    while (i < s.length && isNameChar(s[i]!)) i++;
    if (s[i] !== ';') {
      if (i >= s.length) this.fail('An error occurred while parsing EntityName.', nameAt);
      this.fail(`'${s[i]}' is an unexpected token. The expected token is ';'.`, i);
    }
    const name = s.slice(nameAt, i);
    const text = PREDEFINED[name];
    if (text === undefined) this.fail(`Reference to undeclared entity '${name}'.`, nameAt);
    this.pos = i + 1;
    return text;
  }

  // ── content ──

  private text(): XmlEvent {
    const s = this.s;
    let out = '';
    let whitespace = true;
    for (;;) {
      TEXT_SPECIAL.lastIndex = this.pos;
      const m = TEXT_SPECIAL.exec(s);
      const end = m ? m.index : s.length;
      if (end > this.pos) {
        const chunk = s.slice(this.pos, end);
        if (whitespace) {
          const at = chunk.search(/[^ \t\n]/);
          if (at >= 0) {
            whitespace = false;
            if (this.depth === 0) this.fail('Data at the root level is invalid.', this.pos + at);
          }
        }
        out += chunk;
        this.pos = end;
      }
      if (!m || m[0] === '<') break;
      if (m[0] === '&') {
        if (this.depth === 0) this.fail('Data at the root level is invalid.', this.pos);
        out += this.reference();
        whitespace = false;
      } else if (m[0] === ']') {
        if (s.startsWith(']]>', this.pos)) this.fail("']]>' is not allowed in character data.", this.pos);
        if (this.depth === 0) this.fail('Data at the root level is invalid.', this.pos);
        out += ']';
        whitespace = false;
        this.pos++;
      } else this.checkChar(m[0], this.pos);
    }
    const significant = whitespace && (this.open[this.open.length - 1]?.preserve ?? false);
    return { kind: 'text', text: out, whitespace, significant, depth: this.depth };
  }

  private comment(): XmlEvent {
    const s = this.s;
    const from = this.pos + 4;
    const end = s.indexOf('--', from);
    if (end < 0) this.eof('Comment');
    if (s[end + 2] !== '>') this.fail("An XML comment cannot contain '--', and '-' cannot be the last character.", end);
    const text = s.slice(from, end);
    for (let i = 0; i < text.length; i++) this.checkChar(text[i]!, from + i);
    this.pos = end + 3;
    return { kind: 'comment', text, depth: this.depth };
  }

  private cdata(): XmlEvent {
    const s = this.s;
    if (this.depth === 0) this.fail('Data at the root level is invalid.', this.pos + 1);
    const from = this.pos + 9;
    const end = s.indexOf(']]>', from);
    if (end < 0) this.eof('CDATA');
    const text = s.slice(from, end);
    for (let i = 0; i < text.length; i++) this.checkChar(text[i]!, from + i);
    this.pos = end + 3;
    return { kind: 'cdata', text, depth: this.depth };
  }

  private pi(): XmlEvent {
    const s = this.s;
    const lt = this.pos;
    this.pos += 2;
    const nameAt = this.pos;
    const target = this.name();
    if (target === 'xml') return this.declaration(lt, nameAt);
    if (target.toLowerCase() === 'xml') this.fail(`'${target}' is an invalid name for processing instructions.`, nameAt);
    const end = s.indexOf('?>', this.pos);
    if (end < 0) this.eof('Processing Instruction');
    if (end > this.pos && !WS.test(s[this.pos]!)) this.fail(`'${s[this.pos]}' is an unexpected token. The expected token is '?>'.`, this.pos);
    const data = s.slice(this.pos, end).replace(/^[ \t\n]+/, '');
    this.pos = end + 2;
    return { kind: 'pi', target, data, depth: this.depth };
  }

  private declaration(lt: number, nameAt: number): XmlEvent {
    const s = this.s;
    if (lt !== 0 || this.sawNode)
      this.fail('Unexpected XML declaration. The XML declaration must be the first node in the document, and no white space characters are allowed to appear before it.', nameAt);
    const end = s.indexOf('?>', this.pos);
    if (end < 0) this.fail('Unexpected end of file has occurred.', s.length);
    const raw = s.slice(this.pos, end).trim();
    const attrs = new Map<string, string>();
    const re = /\s*([A-Za-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
    let at = this.pos;
    while (at < end) {
      if (/^\s*$/.test(s.slice(at, end))) break;
      re.lastIndex = at;
      const m = re.exec(s);
      if (!m || re.lastIndex > end) this.fail('Syntax for an XML declaration is invalid.', at + (s.slice(at).length - s.slice(at).trimStart().length));
      attrs.set(m[1]!, m[2] ?? m[3]!);
      at = re.lastIndex;
    }
    const firstAt = this.pos + (s.slice(this.pos).length - s.slice(this.pos).trimStart().length);
    const version = attrs.get('version');
    if (version === undefined || [...attrs.keys()][0] !== 'version') this.fail('Syntax for an XML declaration is invalid.', firstAt);
    if (!/^1\.[0-9]+$/.test(version)) this.fail(`Version number '${version}' is invalid.`, s.indexOf(version, firstAt));
    const standalone = attrs.get('standalone') ?? null;
    if (standalone !== null && standalone !== 'yes' && standalone !== 'no') this.fail('Syntax for an XML declaration is invalid.', s.indexOf(standalone, firstAt) - 1);
    this.pos = end + 2;
    return { kind: 'declaration', version, encoding: attrs.get('encoding') ?? null, standalone, raw, depth: 0 };
  }

  private doctype(): XmlEvent {
    const s = this.s;
    const at = this.pos + 2;
    if (this.depth > 0 || this.sawRoot) this.fail('Unexpected DTD declaration.', at);
    if (!this.allowDtd) xmlError(DTD_PROHIBITED);
    this.pos += 9;
    if (!this.skipSpace()) this.fail(`'${s[this.pos] ?? ''}' is an unexpected token. The expected token is 'WHITESPACE'.`, this.pos);
    const name = this.name(() => this.fail('Incomplete DTD content.', s.length));
    this.skipSpace();
    let publicId: string | null = null;
    let systemId: string | null = null;
    const literal = (): string => {
      this.skipSpace();
      const q = s[this.pos];
      if (q !== '"' && q !== "'") this.fail(`'${q ?? ''}' is an unexpected token. The expected token is '"' or '''.`, this.pos);
      const close = s.indexOf(q, this.pos + 1);
      if (close < 0) this.fail('There is an unclosed literal string.', s.length);
      const v = s.slice(this.pos + 1, close);
      this.pos = close + 1;
      return v;
    };
    if (s.startsWith('PUBLIC', this.pos)) {
      this.pos += 6;
      publicId = literal();
      systemId = literal();
    } else if (s.startsWith('SYSTEM', this.pos)) {
      this.pos += 6;
      systemId = literal();
    }
    this.skipSpace();
    let subset: string | null = null;
    if (s[this.pos] === '[') {
      const close = s.indexOf(']', this.pos);
      if (close < 0) this.eof('DTD');
      subset = s.slice(this.pos + 1, close);
      this.pos = close + 1;
      this.skipSpace();
    }
    this.expect('>');
    return { kind: 'doctype', name, publicId, systemId, subset, depth: 0 };
  }

  // ── tags ──

  private lookup(prefix: string): string | undefined {
    if (prefix === 'xml') return XML_NS;
    if (prefix === 'xmlns') return XMLNS_NS;
    for (let i = this.open.length - 1; i >= 0; i--) {
      const v = this.open[i]!.scope?.get(prefix);
      if (v !== undefined) return v;
    }
    return prefix === '' ? '' : undefined;
  }

  private startTag(): XmlEvent {
    const s = this.s;
    const nameAt = this.pos + 1;
    this.pos = nameAt;
    const qname = this.name(() => (this.depth === 0 ? this.fail('Data at the root level is invalid.', nameAt - 1) : this.eof('Name')));
    if (this.depth === 0 && this.sawRoot) this.fail('There are multiple root elements.', nameAt);
    const raw: { qname: string; value: string; at: number; valueAt: number }[] = [];
    // Names seen so far: a scan while there are few, a set once there are many (200k attributes stay linear).
    let names: Set<string> | null = null;
    const seen = (name: string): boolean => {
      if (names === null && raw.length >= 16) names = new Set(raw.map((a) => a.qname));
      return names !== null ? names.has(name) : raw.some((a) => a.qname === name);
    };
    let empty = false;
    for (;;) {
      const spaced = this.skipSpace();
      if (this.pos >= s.length) this.fail('Unexpected end of file has occurred.', s.length);
      if (s[this.pos] === '>') {
        this.pos++;
        break;
      }
      if (s[this.pos] === '/') {
        if (s[this.pos + 1] !== '>') this.fail("'/' is an unexpected token. The expected token is '>'.", this.pos);
        this.pos += 2;
        empty = true;
        break;
      }
      if (!spaced) this.fail(`'${s[this.pos]}' is an unexpected token. Expecting white space.`, this.pos);
      const at = this.pos;
      const aname = this.name();
      if (seen(aname)) this.fail(`'${aname}' is a duplicate attribute name.`, at);
      (names as Set<string> | null)?.add(aname);
      chargeStep();
      checkCollectionSize(++this.count);
      this.skipSpace();
      if (s[this.pos] !== '=') this.fail(`'${s[this.pos] ?? ''}' is an unexpected token. The expected token is '='.`, this.pos);
      this.pos++;
      this.skipSpace();
      const valueAt = this.pos;
      raw.push({ qname: aname, value: this.attributeValue(), at, valueAt });
    }
    // namespace declarations first: they apply to the element's own name and attributes
    let scope: Map<string, string> | null = null;
    for (const a of raw) {
      if (a.qname === 'xmlns' || a.qname.startsWith('xmlns:')) {
        const prefix = a.qname === 'xmlns' ? '' : a.qname.slice(6);
        if (prefix !== '' && a.value === '') this.fail('Invalid namespace declaration.', a.valueAt);
        (scope ??= new Map()).set(prefix, a.value);
      }
    }
    const [prefix, local] = split(qname);
    const space = raw.find((a) => a.qname === 'xml:space')?.value;
    const preserve = space === 'preserve' ? true : space === 'default' ? false : (this.open[this.open.length - 1]?.preserve ?? false);
    const openEntry: Open = { qname, prefix, local, ns: '', offset: nameAt, scope, preserve };
    this.open.push(openEntry);
    const ns = this.lookup(prefix);
    if (ns === undefined) this.fail(`'${prefix}' is an undeclared prefix.`, nameAt);
    openEntry.ns = ns;
    const attrs: XmlAttr[] = raw.map((a) => {
      const [p, l] = split(a.qname);
      const ans = a.qname === 'xmlns' ? XMLNS_NS : p === '' ? '' : this.lookup(p);
      if (ans === undefined) this.fail(`'${p}' is an undeclared prefix.`, a.at);
      return { prefix: p, local: l, ns: ans, value: a.value };
    });
    // Two prefixes bound to one namespace name the same attribute: checked by expanded name, in linear time.
    const expanded = new Set<string>();
    for (let i = 0; i < attrs.length && attrs.length > 1; i++) {
      const a = attrs[i]!;
      if (a.ns === '') continue;
      const key = `{${a.ns}}${a.local}`;
      if (expanded.has(key)) this.fail(`'${raw[i]!.qname}' is a duplicate attribute name.`, raw[i]!.at);
      expanded.add(key);
    }
    const depth = this.open.length - 1;
    if (depth >= MAX_XML_DEPTH) throw new BudgetExceeded(`the XML text nests elements deeper than ${MAX_XML_DEPTH} levels`);
    if (empty) this.open.pop();
    if (depth === 0) this.sawRoot = true;
    return { kind: 'start', prefix, local, ns, attrs, empty, depth };
  }

  private attributeValue(): string {
    const s = this.s;
    const q = s[this.pos];
    if (q !== '"' && q !== "'") {
      if (this.pos >= s.length) this.fail('Unexpected end of file has occurred.', s.length);
      this.fail(`'${q}' is an unexpected token. The expected token is '"' or '''.`, this.pos);
    }
    this.pos++;
    let out = '';
    const special = q === '"' ? ATTR_SPECIAL_DQ : ATTR_SPECIAL_SQ;
    for (;;) {
      special.lastIndex = this.pos;
      const m = special.exec(s);
      if (!m) this.fail('There is an unclosed literal string.', s.length);
      out += s.slice(this.pos, m.index);
      this.pos = m.index;
      const c = m[0];
      if (c === q) break;
      if (c === '<') this.fail(`${showChar(c)}, is an invalid attribute character.`, this.pos);
      if (c === '&') {
        out += this.reference();
        continue;
      }
      // attribute-value normalisation: literal tabs and line breaks become spaces
      if (c === '\t' || c === '\n') out += ' ';
      else this.checkChar(c, this.pos);
      this.pos++;
    }
    this.pos++;
    return out;
  }

  private endTag(): XmlEvent {
    const nameAt = this.pos + 2;
    this.pos = nameAt;
    const qname = this.name(() => this.notClosed());
    const top = this.open[this.open.length - 1];
    if (!top) this.fail('Unexpected end tag.', nameAt);
    if (top.qname !== qname) {
      const start = this.where(top.offset);
      this.fail(`The '${top.qname}' start tag on line ${start.line} position ${start.column} does not match the end tag of '${qname}'.`, nameAt);
    }
    this.skipSpace();
    if (this.pos >= this.s.length) this.notClosed();
    this.expect('>');
    this.open.pop();
    return { kind: 'end', prefix: top.prefix, local: top.local, ns: top.ns, depth: this.open.length };
  }
}

function split(qname: string): [string, string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}
