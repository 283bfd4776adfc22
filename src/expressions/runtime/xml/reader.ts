/**
 * The forward-only System.Xml.XmlReader subset (not on APIM's allow-list, but an official Microsoft
 * snippet uses it): XmlReader.Create over a StringReader or TextReader, Read, MoveToContent, the
 * current node's properties, attribute lookup, ReadToFollowing/ReadToDescendant/Skip,
 * ReadElementContentAsString, ReadString, ReadInnerXml/ReadOuterXml, Close/Dispose, and
 * XNode.ReadFrom(reader) which consumes the current node (a whole element) like .NET.
 * Settings are .NET's defaults for XmlReader.Create: whitespace is reported, DTDs are prohibited.
 */
import { indexer, method, prop, registerType } from '../../registry.js';
import type { EnumValue } from '../../values.js';
import { argumentNull, fail } from '../fail.js';
import { leafOf, readElement } from './build.js';
import { xmlError } from './errors.js';
import { nodeType, readState, type NodeTypeName, READ_STATES } from './enums.js';
import type { XElementValue, XNodeValue } from './model.js';
import { serialize } from './serialize.js';
import { StringReaderValue } from './string-reader.js';
import { XmlTokenizer, type XmlEvent } from './tokenizer.js';

type State = keyof typeof READ_STATES;

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

export class XmlReaderValue {
  state: State = 'Initial';
  node: XmlEvent | null = null;
  private readonly tok: XmlTokenizer;

  constructor(text: string) {
    this.tok = new XmlTokenizer(text, false);
  }

  get type(): NodeTypeName {
    if (!this.node || this.state !== 'Interactive') return 'None';
    if (this.node.kind === 'text' && this.node.whitespace) return this.node.significant ? 'SignificantWhitespace' : 'Whitespace';
    return KIND_TO_TYPE[this.node.kind];
  }

  read(): boolean {
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

  get name(): string {
    const n = this.node;
    if (!n || this.state !== 'Interactive') return '';
    switch (n.kind) {
      case 'start':
      case 'end':
        return n.prefix ? `${n.prefix}:${n.local}` : n.local;
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
    const n = this.node;
    return n && this.state === 'Interactive' && (n.kind === 'start' || n.kind === 'end') ? n.local : this.name;
  }

  get value(): string {
    const n = this.node;
    if (!n || this.state !== 'Interactive') return '';
    switch (n.kind) {
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

  get depth(): number {
    return this.node && this.state === 'Interactive' ? this.node.depth : 0;
  }

  get isStart(): boolean {
    return this.state === 'Interactive' && this.node?.kind === 'start';
  }

  get isEmptyElement(): boolean {
    return this.isStart && (this.node as Extract<XmlEvent, { kind: 'start' }>).empty;
  }

  attribute(name: string, ns?: string): string | null {
    if (!this.isStart) return null;
    const n = this.node as Extract<XmlEvent, { kind: 'start' }>;
    const a = n.attrs.find((x) => (ns === undefined ? (x.prefix ? `${x.prefix}:${x.local}` : x.local) === name : x.local === name && x.ns === ns));
    return a ? a.value : null;
  }

  private isContent(): boolean {
    const n = this.node!;
    return n.kind === 'start' || n.kind === 'end' || n.kind === 'cdata' || (n.kind === 'text' && !n.whitespace);
  }

  moveToContent(): NodeTypeName {
    if (this.state === 'Initial' && !this.read()) return 'None';
    while (this.state === 'Interactive' && !this.isContent()) if (!this.read()) break;
    return this.type;
  }

  readToFollowing(name: string): boolean {
    while (this.read()) if (this.isStart && this.name === name) return true;
    return false;
  }

  readToDescendant(name: string): boolean {
    if (this.state === 'Initial') {
      this.moveToContent();
      if (this.isStart && this.name === name) return true;
    }
    if (!this.isStart || this.isEmptyElement) return false;
    const depth = this.depth;
    while (this.read() && this.depth > depth) if (this.isStart && this.name === name) return true;
    return false;
  }

  /** Moves past the current element's end tag (or just to the next node). */
  skip(): void {
    if (this.isStart && !this.isEmptyElement) {
      const depth = this.depth;
      while (this.read() && !(this.node!.kind === 'end' && this.depth === depth));
    }
    this.read();
  }

  /** Takes the current element and its content as an XElement; the reader is left on its end tag. */
  takeElement(keepWhitespace = true): XElementValue {
    const e = readElement(this.tok, this.node as Extract<XmlEvent, { kind: 'start' }>, keepWhitespace);
    this.node = { kind: 'end', prefix: '', local: '', ns: '', depth: this.depth };
    return e;
  }

  readElementContentAsString(): string {
    if (this.state === 'Initial') this.moveToContent();
    if (!this.isStart) xmlError(`The ReadElementContentAsString method is not supported on node type ${this.type}.`);
    if (this.isEmptyElement) {
      this.read();
      return '';
    }
    let s = '';
    while (this.read()) {
      const n = this.node!;
      if (n.kind === 'text' || n.kind === 'cdata') s += n.text;
      else if (n.kind === 'end') break;
      else if (n.kind === 'start') xmlError("'Element' is an invalid XmlNodeType.");
    }
    this.read();
    return s;
  }

  readString(): string {
    if (this.state !== 'Interactive') return '';
    if (this.isStart) {
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
    if (!this.isStart) {
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
  }
}

function textOf(reader: StringReaderValue | null): string {
  if (reader === null) argumentNull('input');
  return reader.readToEnd();
}

const R = (fn: (r: XmlReaderValue, ...a: never[]) => unknown) => fn;
const xmlNodeType = (name: NodeTypeName): EnumValue => nodeType(name);

registerType({
  name: 'System.Xml.XmlReader',
  jsClass: XmlReaderValue,
  interfaces: ['System.IDisposable'],
  statics: {
    Create: [
      method('(System.IO.TextReader input) => XmlReader', (r: StringReaderValue | null) => new XmlReaderValue(textOf(r))),
      method('(string inputUri) => XmlReader', () =>
        fail('System.NotSupportedException', 'XmlReader.Create(string inputUri) loads a URI or file, which policy expressions cannot do: pass new StringReader(text).'),
      ),
    ],
  },
  members: {
    Read: method('() => bool', R((r) => r.read())),
    MoveToContent: method('() => System.Xml.XmlNodeType', R((r) => xmlNodeType(r.moveToContent()))),
    EOF: prop('bool', R((r) => r.state === 'EndOfFile')),
    ReadState: prop('System.Xml.ReadState', R((r) => readState(r.state))),
    NodeType: prop('System.Xml.XmlNodeType', R((r) => xmlNodeType(r.type))),
    Name: prop('string', R((r) => r.name)),
    LocalName: prop('string', R((r) => r.localName)),
    Prefix: prop('string', R((r) => (r.state === 'Interactive' && (r.node?.kind === 'start' || r.node?.kind === 'end') ? r.node.prefix : ''))),
    NamespaceURI: prop('string', R((r) => (r.state === 'Interactive' && (r.node?.kind === 'start' || r.node?.kind === 'end') ? r.node.ns : ''))),
    Value: prop('string', R((r) => r.value)),
    HasValue: prop('bool', R((r) => r.state === 'Interactive' && !['start', 'end'].includes(r.node!.kind))),
    Depth: prop('int', R((r) => r.depth)),
    IsEmptyElement: prop('bool', R((r) => r.isEmptyElement)),
    AttributeCount: prop('int', R((r) => (r.isStart ? (r.node as Extract<XmlEvent, { kind: 'start' }>).attrs.length : r.node?.kind === 'declaration' && r.state === 'Interactive' ? r.node.raw.split('=').length - 1 : 0))),
    HasAttributes: prop('bool', R((r) => r.isStart && (r.node as Extract<XmlEvent, { kind: 'start' }>).attrs.length > 0)),
    GetAttribute: [
      method('(string name) => string', R((r, n: string | null) => r.attribute(n ?? argumentNull('name')))),
      method('(string localName, string namespaceURI) => string', R((r, n: string | null, ns: string | null) => r.attribute(n ?? argumentNull('localName'), ns ?? ''))),
    ],
    IsStartElement: [
      method('() => bool', R((r) => r.moveToContent() === 'Element')),
      method('(string name) => bool', R((r, n: string | null) => r.moveToContent() === 'Element' && r.name === n)),
    ],
    ReadToFollowing: method('(string name) => bool', R((r, n: string | null) => r.readToFollowing(n ?? argumentNull('name')))),
    ReadToDescendant: method('(string name) => bool', R((r, n: string | null) => r.readToDescendant(n ?? argumentNull('name')))),
    Skip: method('() => void', R((r) => r.skip())),
    ReadElementContentAsString: method('() => string', R((r) => r.readElementContentAsString())),
    ReadString: method('() => string', R((r) => r.readString())),
    ReadInnerXml: method('() => string', R((r) => r.readXml(false))),
    ReadOuterXml: method('() => string', R((r) => r.readXml(true))),
    Close: method('() => void', R((r) => r.close())),
    Dispose: method('() => void', R((r) => r.close())),
  },
  indexers: [indexer('(string name) => string', (r: XmlReaderValue, n: string | null) => r.attribute(n ?? argumentNull('name')))],
  toString: () => 'System.Xml.XmlTextReaderImpl',
});

registerType({
  name: 'System.Xml.Linq.XNode',
  statics: {
    ReadFrom: method('(System.Xml.XmlReader reader) => XNode', (r: XmlReaderValue | null) => (r === null ? argumentNull('reader') : r.readNode())),
  },
});

