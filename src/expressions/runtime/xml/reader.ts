/**
 * The forward-only System.Xml.XmlReader subset (not on APIM's allow-list, but an official Microsoft
 * snippet uses it): a cursor over the tokenizer's events, with .NET's default reader settings
 * (whitespace reported, DTDs prohibited). It can stand on an element's attributes (MoveToNextAttribute …)
 * and hand the current node to XNode.ReadFrom. Errors in the text surface when the cursor reaches them.
 * reader-types.ts registers it.
 */
import { fail } from '../fail.js';
import { leafOf, readElement } from './build.js';
import { xmlError } from './errors.js';
import type { NodeTypeName, READ_STATES } from './enums.js';
import type { XElementValue, XNodeValue } from './model.js';
import { serialize } from './serialize.js';
import { XmlTokenizer, type XmlAttr, type XmlEvent } from './tokenizer.js';

type State = keyof typeof READ_STATES;
type StartEvent = Extract<XmlEvent, { kind: 'start' }>;

const KIND_TO_TYPE: Record<XmlEvent['kind'], NodeTypeName> = {
  declaration: 'XmlDeclaration',
  doctype: 'DocumentType',
  start: 'Element',
  end: 'EndElement',
  text: 'Text',
  cdata: 'CDATA',
  comment: 'Comment',
  pi: 'ProcessingInstruction',
};

const qname = (prefix: string, local: string) => (prefix ? `${prefix}:${local}` : local);

export class XmlReaderValue {
  state: State = 'Initial';
  node: XmlEvent | null = null;
  /** The attribute the cursor stands on (-1: on the node itself). */
  private attr = -1;
  private readonly tok: XmlTokenizer;

  constructor(text: string) {
    this.tok = new XmlTokenizer(text, false);
  }

  // ── the current node ──

  private get current(): XmlEvent | null {
    return this.state === 'Interactive' ? this.node : null;
  }

  /** The current element's start event (also while on one of its attributes). */
  get element(): StartEvent | null {
    const n = this.current;
    return n?.kind === 'start' ? n : null;
  }

  private get attribute(): XmlAttr | null {
    return this.attr >= 0 ? (this.element?.attrs[this.attr] ?? null) : null;
  }

  get type(): NodeTypeName {
    const n = this.current;
    if (!n) return 'None';
    if (this.attribute) return 'Attribute';
    if (n.kind === 'text' && n.whitespace) return n.significant ? 'SignificantWhitespace' : 'Whitespace';
    return KIND_TO_TYPE[n.kind];
  }

  get name(): string {
    const a = this.attribute;
    if (a) return qname(a.prefix, a.local);
    const n = this.current;
    switch (n?.kind) {
      case 'start':
      case 'end':
        return qname(n.prefix, n.local);
      case 'declaration':
        return 'xml';
      case 'doctype':
        return n.name;
      case 'pi':
        return n.target;
      default:
        return '';
    }
  }

  get localName(): string {
    const a = this.attribute;
    if (a) return a.local;
    const n = this.current;
    return n?.kind === 'start' || n?.kind === 'end' ? n.local : this.name;
  }

  get prefix(): string {
    const a = this.attribute;
    if (a) return a.prefix;
    const n = this.current;
    return n?.kind === 'start' || n?.kind === 'end' ? n.prefix : '';
  }

  get namespaceUri(): string {
    const a = this.attribute;
    if (a) return a.ns;
    const n = this.current;
    return n?.kind === 'start' || n?.kind === 'end' ? n.ns : '';
  }

  get value(): string {
    const a = this.attribute;
    if (a) return a.value;
    const n = this.current;
    switch (n?.kind) {
      case 'text':
      case 'cdata':
      case 'comment':
        return n.text;
      case 'pi':
        return n.data;
      case 'declaration':
        return n.raw;
      case 'doctype':
        return n.subset ?? '';
      default:
        return '';
    }
  }

  get hasValue(): boolean {
    const n = this.current;
    return n !== null && (this.attribute !== null || (n.kind !== 'start' && n.kind !== 'end'));
  }

  get depth(): number {
    const n = this.current;
    return n ? n.depth + (this.attribute ? 1 : 0) : 0;
  }

  get isEmptyElement(): boolean {
    return !this.attribute && (this.element?.empty ?? false);
  }

  get attributeCount(): number {
    const n = this.current;
    if (n?.kind === 'start') return n.attrs.length;
    return n?.kind === 'declaration' ? [n.version, n.encoding, n.standalone].filter((x) => x !== null).length : 0;
  }

  /** GetAttribute(name) / GetAttribute(localName, namespaceURI): null when absent. */
  getAttribute(name: string, ns?: string): string | null {
    const i = this.attributeIndex(name, ns);
    return i < 0 ? null : this.element!.attrs[i]!.value;
  }

  private attributeIndex(name: string, ns?: string): number {
    const attrs = this.element?.attrs ?? [];
    return attrs.findIndex((x) => (ns === undefined ? qname(x.prefix, x.local) === name : x.local === name && x.ns === ns));
  }

  /** " Line N, position M." of the current node, as .NET's messages end. */
  private where(): { line: number; column: number } | undefined {
    const at = this.node?.at;
    return at === undefined ? undefined : this.tok.where(at);
  }

  private invalidNodeType(): never {
    xmlError(`'${this.type}' is an invalid XmlNodeType.`, this.where());
  }

  // ── moving ──

  read(): boolean {
    this.attr = -1;
    if (this.state === 'Closed' || this.state === 'EndOfFile' || this.state === 'Error') return false;
    try {
      this.node = this.tok.next();
    } catch (e) {
      this.state = 'Error';
      throw e;
    }
    if (!this.node) {
      this.state = 'EndOfFile';
      return false;
    }
    this.state = 'Interactive';
    return true;
  }

  moveToAttribute(name: string, ns?: string): boolean {
    const i = this.attributeIndex(name, ns);
    if (i >= 0) this.attr = i;
    return i >= 0;
  }

  moveToAttributeAt(i: number): void {
    this.attributeAt(i);
    this.attr = i;
  }

  /** GetAttribute(int i) / reader[i]: the value of the i-th attribute, without moving. */
  attributeAt(i: number): string {
    const attrs = this.element?.attrs ?? [];
    if (i < 0 || i >= attrs.length) fail('System.ArgumentOutOfRangeException', "Specified argument was out of the range of valid values. (Parameter 'i')");
    return attrs[i]!.value;
  }

  moveToFirstAttribute(): boolean {
    if (!this.element?.attrs.length) return false;
    this.attr = 0;
    return true;
  }

  moveToNextAttribute(): boolean {
    const count = this.element?.attrs.length ?? 0;
    if (this.attr + 1 >= count) return false;
    this.attr++;
    return true;
  }

  moveToElement(): boolean {
    const was = this.attr >= 0;
    this.attr = -1;
    return was;
  }

  private isContent(): boolean {
    const n = this.node!;
    return n.kind === 'start' || n.kind === 'end' || n.kind === 'cdata' || (n.kind === 'text' && !n.whitespace);
  }

  moveToContent(): NodeTypeName {
    this.attr = -1;
    if (this.state === 'Initial' && !this.read()) return 'None';
    while (this.state === 'Interactive' && !this.isContent()) if (!this.read()) break;
    return this.type;
  }

  readToFollowing(name: string): boolean {
    while (this.read()) if (this.element && this.name === name) return true;
    return false;
  }

  readToDescendant(name: string): boolean {
    this.attr = -1;
    if (this.state === 'Initial') {
      this.moveToContent();
      if (this.element && this.name === name) return true;
    }
    if (!this.element || this.isEmptyElement) return false;
    const depth = this.depth;
    while (this.read() && this.depth > depth) if (this.element && this.name === name) return true;
    return false;
  }

  /** Moves past the current element's end tag (or just to the next node). */
  skip(): void {
    this.attr = -1;
    if (this.element && !this.isEmptyElement) {
      const depth = this.depth;
      while (this.read() && !(this.node!.kind === 'end' && this.depth === depth));
    }
    this.read();
  }

  // ── reading content ──

  /** Takes the current element and its content as an XElement; the reader is left on its end tag. */
  private takeElement(): XElementValue {
    const e = readElement(this.tok, this.element!, true);
    this.node = { kind: 'end', prefix: '', local: '', ns: '', depth: this.depth };
    return e;
  }

  readStartElement(name?: string): void {
    if (this.moveToContent() !== 'Element') this.invalidNodeType();
    if (name !== undefined && this.name !== name) xmlError(`Element '${name}' was not found.`, this.where());
    this.read();
  }

  readEndElement(): void {
    if (this.moveToContent() !== 'EndElement') this.invalidNodeType();
    this.read();
  }

  /** ReadElementString([name]): the text of an element with simple or empty content. */
  readElementString(name?: string): string {
    if (this.moveToContent() !== 'Element') this.invalidNodeType();
    if (name !== undefined && this.name !== name) xmlError(`Element '${name}' was not found.`, this.where());
    if (this.isEmptyElement) {
      this.read();
      return '';
    }
    this.read();
    const s = this.readString();
    if (this.type !== 'EndElement')
      xmlError(`Unexpected node type ${this.type}. ReadElementString method can only be called on elements with simple or empty content.`, this.where());
    this.read();
    return s;
  }

  readElementContentAsString(): string {
    if (this.state === 'Initial') this.moveToContent();
    this.attr = -1;
    if (!this.element) {
      const at = this.where();
      fail('System.InvalidOperationException', `The ReadElementContentAsString method is not supported on node type ${this.type}.${at ? ` Line ${at.line}, position ${at.column}.` : ''}`);
    }
    if (this.isEmptyElement) {
      this.read();
      return '';
    }
    let s = '';
    while (this.read()) {
      const n = this.node!;
      if (n.kind === 'text' || n.kind === 'cdata') s += n.text;
      else if (n.kind === 'end') break;
      else if (n.kind === 'start') xmlError("'Element' is an invalid XmlNodeType."); // .NET gives no position here
    }
    this.read();
    return s;
  }

  readString(): string {
    this.attr = -1;
    if (this.state !== 'Interactive') return '';
    if (this.element) {
      if (this.isEmptyElement) return '';
      if (!this.read()) return '';
    }
    let s = '';
    while (this.state === 'Interactive' && (this.node!.kind === 'text' || this.node!.kind === 'cdata')) {
      s += (this.node as { text: string }).text;
      if (!this.read()) break;
    }
    return s;
  }

  readXml(outer: boolean): string {
    if (this.attribute) return outer ? `${this.name}="${this.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"` : this.value;
    if (!this.element) {
      if (this.state === 'Interactive' && this.node!.kind !== 'end') {
        const v = outer ? this.value : '';
        this.read();
        return v;
      }
      return '';
    }
    const e = this.takeElement();
    this.read();
    if (outer) return serialize(e, false);
    return e.nodes.map((n) => serialize(n, false)).join('');
  }

  /** XNode.ReadFrom: the node under the reader, which moves past it. */
  readNode(): XNodeValue {
    if (this.state !== 'Interactive') fail('System.InvalidOperationException', 'The XmlReader state should be Interactive.');
    this.attr = -1;
    const n = this.node!;
    let node: XNodeValue | null;
    if (n.kind === 'start') node = this.takeElement();
    else node = n.kind === 'declaration' || n.kind === 'end' ? null : leafOf(n);
    if (!node) fail('System.InvalidOperationException', `The XmlReader should not be on a node of type ${this.type}.`);
    this.read();
    return node;
  }

  close(): void {
    this.state = 'Closed';
    this.node = null;
    this.attr = -1;
  }
}
