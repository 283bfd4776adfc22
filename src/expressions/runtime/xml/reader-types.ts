/** Registers System.Xml.XmlReader (the forward-only subset in reader.ts) and XNode.ReadFrom. */
import { indexer, method, prop, registerType } from '../../registry.js';
import { argumentNull, fail } from '../fail.js';
import { nodeType, readState } from './enums.js';
import { XmlReaderValue } from './reader.js';
import type { StringReaderValue } from './string-reader.js';

function textOf(reader: StringReaderValue | null): string {
  if (reader === null) argumentNull('input');
  return reader.readToEnd();
}

type R = XmlReaderValue;
const name = (n: string | null, param = 'name') => n ?? argumentNull(param);

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
    Read: method('() => bool', (r: R) => r.read()),
    MoveToContent: method('() => System.Xml.XmlNodeType', (r: R) => nodeType(r.moveToContent())),
    EOF: prop('bool', (r: R) => r.state === 'EndOfFile'),
    ReadState: prop('System.Xml.ReadState', (r: R) => readState(r.state)),
    NodeType: prop('System.Xml.XmlNodeType', (r: R) => nodeType(r.type)),
    Name: prop('string', (r: R) => r.name),
    LocalName: prop('string', (r: R) => r.localName),
    Prefix: prop('string', (r: R) => r.prefix),
    NamespaceURI: prop('string', (r: R) => r.namespaceUri),
    Value: prop('string', (r: R) => r.value),
    HasValue: prop('bool', (r: R) => r.hasValue),
    Depth: prop('int', (r: R) => r.depth),
    IsEmptyElement: prop('bool', (r: R) => r.isEmptyElement),
    AttributeCount: prop('int', (r: R) => r.attributeCount),
    HasAttributes: prop('bool', (r: R) => r.attributeCount > 0),
    GetAttribute: [
      method('(string name) => string', (r: R, n: string | null) => r.getAttribute(name(n))),
      method('(string localName, string namespaceURI) => string', (r: R, n: string | null, ns: string | null) => r.getAttribute(name(n, 'localName'), ns ?? '')),
      method('(int i) => string', (r: R, i: number) => r.attributeAt(i)),
    ],
    MoveToAttribute: [
      method('(string name) => bool', (r: R, n: string | null) => r.moveToAttribute(name(n))),
      method('(string localName, string namespaceURI) => bool', (r: R, n: string | null, ns: string | null) => r.moveToAttribute(name(n, 'localName'), ns ?? '')),
      method('(int i) => void', (r: R, i: number) => r.moveToAttributeAt(i)),
    ],
    MoveToFirstAttribute: method('() => bool', (r: R) => r.moveToFirstAttribute()),
    MoveToNextAttribute: method('() => bool', (r: R) => r.moveToNextAttribute()),
    MoveToElement: method('() => bool', (r: R) => r.moveToElement()),
    IsStartElement: [
      method('() => bool', (r: R) => r.moveToContent() === 'Element'),
      method('(string name) => bool', (r: R, n: string | null) => r.moveToContent() === 'Element' && r.name === n),
    ],
    ReadStartElement: [method('() => void', (r: R) => r.readStartElement()), method('(string name) => void', (r: R, n: string | null) => r.readStartElement(name(n)))],
    ReadEndElement: method('() => void', (r: R) => r.readEndElement()),
    ReadElementString: [method('() => string', (r: R) => r.readElementString()), method('(string name) => string', (r: R, n: string | null) => r.readElementString(name(n)))],
    ReadToFollowing: method('(string name) => bool', (r: R, n: string | null) => r.readToFollowing(name(n))),
    ReadToDescendant: method('(string name) => bool', (r: R, n: string | null) => r.readToDescendant(name(n))),
    Skip: method('() => void', (r: R) => r.skip()),
    ReadElementContentAsString: method('() => string', (r: R) => r.readElementContentAsString()),
    ReadString: method('() => string', (r: R) => r.readString()),
    ReadInnerXml: method('() => string', (r: R) => r.readXml(false)),
    ReadOuterXml: method('() => string', (r: R) => r.readXml(true)),
    Close: method('() => void', (r: R) => r.close()),
    Dispose: method('() => void', (r: R) => r.close()),
  },
  indexers: [
    indexer('(string name) => string', (r: R, n: string | null) => r.getAttribute(name(n))),
    indexer('(int i) => string', (r: R, i: number) => r.attributeAt(i)),
  ],
  toString: () => 'System.Xml.XmlTextReaderImpl',
});

registerType({
  name: 'System.Xml.Linq.XNode',
  statics: {
    ReadFrom: method('(System.Xml.XmlReader reader) => XNode', (r: R | null) => (r === null ? argumentNull('reader') : r.readNode())),
  },
});
