/**
 * Registers the LINQ to XML node types: XObject, XNode, XText, XCData, XComment,
 * XProcessingInstruction, XDocumentType, XContainer, XElement, XDocument, XAttribute, XDeclaration.
 * ToString() is the node's XML text (indented like .NET); traces show that same text.
 */
import { ctor, method, prop, registerType, type MemberSpec } from '../../registry.js';
import type { EnumValue } from '../../values.js';
import { argumentNull, fail } from '../fail.js';
import { ATTRIBUTE, ELEMENT, NODE, ancestors, attributes, descendantsAndSelf, descendantsOf, elementSiblings, elementsOf, nodesOf, sequence, siblings } from './axes.js';
import { parseDocument, parseElement } from './build.js';
import { valueCasts } from './casts.js';
import { compareOrder } from './deep-equals.js';
import { addBeside, addContent, removeAttribute, removeNode, removeNodes, setElementText } from './content.js';
import { flag, nodeType } from './enums.js';
import { XAttributeValue, XCDataValue, XCommentValue, XContainerValue, XDeclarationValue, XDocumentTypeValue, XDocumentValue, XElementValue, XNodeValue, XObjectValue, XProcessingInstructionValue, XTextValue } from './model.js';
import { XNameValue, XNamespaceValue, XMLNS_NS } from './names.js';
import { attributeText, declarationText, serialize } from './serialize.js';
import { contentText } from './xml-convert.js';

const X = 'System.Xml.Linq';
const text = (s: string | null, param = 'value'): string => (s === null ? argumentNull(param) : s);
const notNull = <T>(v: T | null, param: string): T => (v === null ? argumentNull(param) : v);
const formatting = (o: EnumValue | null) => !flag(o, 1);

registerType({
  name: `${X}.XObject`,
  jsClass: XObjectValue,
  members: {
    Parent: prop('XElement', (o: XObjectValue) => o.parentElement),
    Document: prop('XDocument', (o: XObjectValue) => o.document),
    BaseUri: prop('string', () => ''),
  },
});

/** The content-adding members shared by XNode's siblings and XContainer's children. */
const addMethods = (fn: (self: never, content: unknown) => void): MemberSpec => [
  method('(object content) => void', fn),
  method('(params object[] content) => void', fn),
];

registerType({
  name: `${X}.XNode`,
  base: `${X}.XObject`,
  jsClass: XNodeValue,
  members: {
    NodeType: prop('System.Xml.XmlNodeType', (n: XNodeValue) => nodeType(n.nodeType as never)),
    NextNode: prop('XNode', (n: XNodeValue) => n.nextNode),
    PreviousNode: prop('XNode', (n: XNodeValue) => n.previousNode),
    Remove: method('() => void', removeNode),
    ReplaceWith: addMethods((n: XNodeValue, c: unknown) => {
      addBeside(n, c, true);
      removeNode(n);
    }),
    AddAfterSelf: addMethods((n: XNodeValue, c: unknown) => addBeside(n, c, true)),
    AddBeforeSelf: addMethods((n: XNodeValue, c: unknown) => addBeside(n, c, false)),
    Ancestors: [
      method('() => IEnumerable<XElement>', (n: XNodeValue) => sequence(ELEMENT, () => ancestors(n, null, false))),
      method('(XName name) => IEnumerable<XElement>', (n: XNodeValue, name: XNameValue | null) => sequence(ELEMENT, () => (name ? ancestors(n, name, false) : []))),
    ],
    NodesAfterSelf: method('() => IEnumerable<XNode>', (n: XNodeValue) => sequence(NODE, () => siblings(n, true))),
    NodesBeforeSelf: method('() => IEnumerable<XNode>', (n: XNodeValue) => sequence(NODE, () => siblings(n, false))),
    ElementsAfterSelf: [
      method('() => IEnumerable<XElement>', (n: XNodeValue) => sequence(ELEMENT, () => elementSiblings(n, true, null))),
      method('(XName name) => IEnumerable<XElement>', (n: XNodeValue, name: XNameValue | null) => sequence(ELEMENT, () => (name ? elementSiblings(n, true, name) : []))),
    ],
    ElementsBeforeSelf: [
      method('() => IEnumerable<XElement>', (n: XNodeValue) => sequence(ELEMENT, () => elementSiblings(n, false, null))),
      method('(XName name) => IEnumerable<XElement>', (n: XNodeValue, name: XNameValue | null) => sequence(ELEMENT, () => (name ? elementSiblings(n, false, name) : []))),
    ],
    IsAfter: method('(XNode node) => bool', (n: XNodeValue, o: XNodeValue | null) => compareOrder(n, o) > 0),
    IsBefore: method('(XNode node) => bool', (n: XNodeValue, o: XNodeValue | null) => compareOrder(n, o) < 0),
    ToString: [
      method('() => string', (n: XNodeValue) => serialize(n)),
      method('(System.Xml.Linq.SaveOptions options) => string', (n: XNodeValue, o: EnumValue | null) => serialize(n, formatting(o))),
    ],
  },
  toString: (n: XNodeValue) => serialize(n),
  toJson: (n: XNodeValue) => serialize(n),
});

registerType({
  name: `${X}.XText`,
  base: `${X}.XNode`,
  jsClass: XTextValue,
  constructors: [ctor('(string value)', (s: string | null) => new XTextValue(text(s))), ctor('(XText other)', (t: XTextValue | null) => new XTextValue(notNull(t, 'other').text))],
  members: { Value: prop('string', (t: XTextValue) => t.text, (t: XTextValue, s: string | null) => void (t.text = text(s))) },
});

registerType({
  name: `${X}.XCData`,
  base: `${X}.XText`,
  jsClass: XCDataValue,
  constructors: [ctor('(string value)', (s: string | null) => new XCDataValue(text(s))), ctor('(XCData other)', (t: XCDataValue | null) => new XCDataValue(notNull(t, 'other').text))],
});

registerType({
  name: `${X}.XComment`,
  base: `${X}.XNode`,
  jsClass: XCommentValue,
  constructors: [ctor('(string value)', (s: string | null) => new XCommentValue(text(s))), ctor('(XComment other)', (c: XCommentValue | null) => new XCommentValue(notNull(c, 'other').value))],
  members: { Value: prop('string', (c: XCommentValue) => c.value, (c: XCommentValue, s: string | null) => void (c.value = text(s))) },
});

registerType({
  name: `${X}.XProcessingInstruction`,
  base: `${X}.XNode`,
  jsClass: XProcessingInstructionValue,
  constructors: [ctor('(string target, string data)', (t: string | null, d: string | null) => new XProcessingInstructionValue(text(t, 'target'), text(d, 'data')))],
  members: {
    Target: prop('string', (p: XProcessingInstructionValue) => p.target, (p: XProcessingInstructionValue, s: string | null) => void (p.target = text(s))),
    Data: prop('string', (p: XProcessingInstructionValue) => p.data, (p: XProcessingInstructionValue, s: string | null) => void (p.data = text(s))),
  },
});

registerType({
  name: `${X}.XDocumentType`,
  base: `${X}.XNode`,
  jsClass: XDocumentTypeValue,
  constructors: [
    ctor('(string name, string publicId, string systemId, string internalSubset)', (n: string | null, p: string | null, s: string | null, i: string | null) => new XDocumentTypeValue(text(n, 'name'), p, s, i)),
  ],
  members: {
    Name: prop('string', (d: XDocumentTypeValue) => d.name),
    PublicId: prop('string', (d: XDocumentTypeValue) => d.publicId),
    SystemId: prop('string', (d: XDocumentTypeValue) => d.systemId),
    InternalSubset: prop('string', (d: XDocumentTypeValue) => d.internalSubset),
  },
});

const orNone = <T>(name: XNameValue | null, fn: () => Iterable<T>): Iterable<T> => (name ? fn() : []);

registerType({
  name: `${X}.XContainer`,
  base: `${X}.XNode`,
  jsClass: XContainerValue,
  members: {
    FirstNode: prop('XNode', (c: XContainerValue) => c.nodes[0] ?? null),
    LastNode: prop('XNode', (c: XContainerValue) => c.nodes[c.nodes.length - 1] ?? null),
    Nodes: method('() => IEnumerable<XNode>', nodesOf),
    DescendantNodes: method('() => IEnumerable<XNode>', (c: XContainerValue) => sequence(NODE, () => c.descendantNodes())),
    Element: method('(XName name) => XElement', (c: XContainerValue, name: XNameValue | null) => (name ? (c.elements(name)[0] ?? null) : null)),
    Elements: [
      method('() => IEnumerable<XElement>', (c: XContainerValue) => elementsOf(c)),
      method('(XName name) => IEnumerable<XElement>', (c: XContainerValue, name: XNameValue | null) => (name ? elementsOf(c, name) : sequence(ELEMENT, () => []))),
    ],
    Descendants: [
      method('() => IEnumerable<XElement>', (c: XContainerValue) => descendantsOf(c)),
      method('(XName name) => IEnumerable<XElement>', (c: XContainerValue, name: XNameValue | null) => (name ? descendantsOf(c, name) : sequence(ELEMENT, () => []))),
    ],
    Add: addMethods((c: XContainerValue, content: unknown) => addContent(c, content)),
    AddFirst: addMethods((c: XContainerValue, content: unknown) => addContent(c, content, 0)),
    RemoveNodes: method('() => void', removeNodes),
    ReplaceNodes: addMethods((c: XContainerValue, content: unknown) => {
      const items = snapshot(content);
      removeNodes(c);
      addContent(c, items);
    }),
  },
});

/** Content that may be a query over the container itself is materialised before the container changes. */
function snapshot(content: unknown): unknown {
  return content !== null && typeof content === 'object' && !(content instanceof XObjectValue) && Symbol.iterator in (content as object) ? [...(content as Iterable<unknown>)] : content;
}

function newElement(name: XNameValue | null, content?: unknown): XElementValue {
  const e = new XElementValue(notNull(name, 'name'));
  if (content !== undefined) addContent(e, content);
  return e;
}

function setAttributeValue(e: XElementValue, name: XNameValue | null, value: unknown): void {
  const n = notNull(name, 'name');
  const a = e.attribute(n);
  if (value === null || value === undefined) {
    if (a) removeAttribute(a);
  } else if (a) a.value = contentText(value);
  else addContent(e, new XAttributeValue(n, contentText(value)));
}

function setElementValue(e: XElementValue, name: XNameValue | null, value: unknown): void {
  const n = notNull(name, 'name');
  const child = e.elements(n)[0];
  if (value === null || value === undefined) {
    if (child) removeNode(child);
  } else if (child) setElementText(child, contentText(value));
  else addContent(e, newElement(n, contentText(value)));
}

registerType({
  name: `${X}.XElement`,
  base: `${X}.XContainer`,
  jsClass: XElementValue,
  constructors: [
    ctor('(XName name)', (n: XNameValue | null) => newElement(n)),
    ctor('(XName name, object content)', (n: XNameValue | null, c: unknown) => newElement(n, c)),
    ctor('(XName name, params object[] content)', (n: XNameValue | null, c: unknown[]) => newElement(n, c)),
    ctor('(XElement other)', (o: XElementValue | null) => notNull(o, 'other').clone()),
  ],
  statics: {
    Parse: [
      method('(string text) => XElement', (s: string | null) => parseElement(text(s, 'text'))),
      method('(string text, System.Xml.Linq.LoadOptions options) => XElement', (s: string | null, o: EnumValue | null) => parseElement(text(s, 'text'), flag(o, 1))),
    ],
    EmptySequence: prop('IEnumerable<XElement>', () => sequence(ELEMENT, () => [])),
  },
  members: {
    Name: prop('XName', (e: XElementValue) => e.name, (e: XElementValue, n: XNameValue | null) => void (e.name = notNull(n, 'value'))),
    Value: prop('string', (e: XElementValue) => e.value, (e: XElementValue, s: string | null) => setElementText(e, text(s))),
    HasElements: prop('bool', (e: XElementValue) => e.nodes.some((n) => n instanceof XElementValue)),
    HasAttributes: prop('bool', (e: XElementValue) => e.attributes.length > 0),
    IsEmpty: prop('bool', (e: XElementValue) => e.isEmpty),
    FirstAttribute: prop('XAttribute', (e: XElementValue) => e.attributes[0] ?? null),
    LastAttribute: prop('XAttribute', (e: XElementValue) => e.attributes[e.attributes.length - 1] ?? null),
    Attribute: method('(XName name) => XAttribute', (e: XElementValue, n: XNameValue | null) => (n ? e.attribute(n) : null)),
    Attributes: [
      method('() => IEnumerable<XAttribute>', (e: XElementValue) => sequence(ATTRIBUTE, () => attributes(e, null))),
      method('(XName name) => IEnumerable<XAttribute>', (e: XElementValue, n: XNameValue | null) => sequence(ATTRIBUTE, () => orNone(n, () => attributes(e, n)))),
    ],
    AncestorsAndSelf: [
      method('() => IEnumerable<XElement>', (e: XElementValue) => sequence(ELEMENT, () => ancestors(e, null, true))),
      method('(XName name) => IEnumerable<XElement>', (e: XElementValue, n: XNameValue | null) => sequence(ELEMENT, () => orNone(n, () => ancestors(e, n, true)))),
    ],
    DescendantsAndSelf: [
      method('() => IEnumerable<XElement>', (e: XElementValue) => sequence(ELEMENT, () => descendantsAndSelf(e, null))),
      method('(XName name) => IEnumerable<XElement>', (e: XElementValue, n: XNameValue | null) => sequence(ELEMENT, () => orNone(n, () => descendantsAndSelf(e, n)))),
    ],
    DescendantNodesAndSelf: method('() => IEnumerable<XNode>', (e: XElementValue) => sequence(NODE, function* () {
      yield e;
      yield* e.descendantNodes();
    })),
    SetAttributeValue: method('(XName name, object value) => void', setAttributeValue),
    SetElementValue: method('(XName name, object value) => void', setElementValue),
    SetValue: method('(object value) => void', (e: XElementValue, v: unknown) => setElementText(e, contentText(notNull(v, 'value')))),
    RemoveAttributes: method('() => void', (e: XElementValue) => {
      for (const a of [...e.attributes]) removeAttribute(a);
    }),
    RemoveAll: method('() => void', (e: XElementValue) => {
      for (const a of [...e.attributes]) removeAttribute(a);
      removeNodes(e);
    }),
    ReplaceAll: addMethods((e: XElementValue, content: unknown) => {
      const items = snapshot(content);
      for (const a of [...e.attributes]) removeAttribute(a);
      removeNodes(e);
      addContent(e, items);
    }),
    ReplaceAttributes: addMethods((e: XElementValue, content: unknown) => {
      const items = snapshot(content);
      for (const a of [...e.attributes]) removeAttribute(a);
      addContent(e, items);
    }),
    GetDefaultNamespace: method('() => XNamespace', (e: XElementValue) => XNamespaceValue.of(inScope(e, '') ?? '')),
    GetNamespaceOfPrefix: method('(string prefix) => XNamespace', (e: XElementValue, p: string | null) => {
      const uri = inScope(e, text(p, 'prefix'));
      return uri === undefined ? null : XNamespaceValue.of(uri);
    }),
    GetPrefixOfNamespace: method('(XNamespace ns) => string', (e: XElementValue, ns: XNamespaceValue | null) => prefixOf(e, notNull(ns, 'ns').uri)),
  },
  casts: valueCasts<XElementValue>('XElement', 'element', (e) => e.value),
});

/** The namespace a prefix is bound to at an element (from xmlns attributes up the tree). */
function inScope(e: XElementValue, prefix: string): string | undefined {
  if (prefix === 'xml') return 'http://www.w3.org/XML/1998/namespace';
  if (prefix === 'xmlns') return XMLNS_NS;
  for (let x: XElementValue | null = e; x; x = x.parentElement) {
    for (const a of x.attributes) {
      if (prefix === '' ? a.name.ns.uri === '' && a.name.local === 'xmlns' : a.name.ns.uri === XMLNS_NS && a.name.local === prefix) return a.value;
    }
  }
  return undefined;
}

function prefixOf(e: XElementValue, uri: string): string | null {
  if (uri === 'http://www.w3.org/XML/1998/namespace') return 'xml';
  if (uri === XMLNS_NS) return 'xmlns';
  for (let x: XElementValue | null = e; x; x = x.parentElement) {
    for (const a of x.attributes) if (a.name.ns.uri === XMLNS_NS && a.value === uri && inScope(e, a.name.local) === uri) return a.name.local;
  }
  return null;
}

function newDocument(declaration: XDeclarationValue | null, content: unknown): XDocumentValue {
  const d = new XDocumentValue();
  d.declaration = declaration;
  addContent(d, content);
  return d;
}

registerType({
  name: `${X}.XDocument`,
  base: `${X}.XContainer`,
  jsClass: XDocumentValue,
  constructors: [
    ctor('()', () => new XDocumentValue()),
    ctor('(params object[] content)', (c: unknown[]) => newDocument(null, c)),
    ctor('(XDeclaration declaration, params object[] content)', (d: XDeclarationValue | null, c: unknown[]) => newDocument(d, c)),
    ctor('(XDocument other)', (o: XDocumentValue | null) => notNull(o, 'other').clone()),
  ],
  statics: {
    Parse: [
      method('(string text) => XDocument', (s: string | null) => parseDocument(text(s, 'text'))),
      method('(string text, System.Xml.Linq.LoadOptions options) => XDocument', (s: string | null, o: EnumValue | null) => parseDocument(text(s, 'text'), flag(o, 1))),
    ],
  },
  members: {
    Root: prop('XElement', (d: XDocumentValue) => d.root),
    Declaration: prop('XDeclaration', (d: XDocumentValue) => d.declaration, (d: XDocumentValue, v: XDeclarationValue | null) => void (d.declaration = v)),
    DocumentType: prop('XDocumentType', (d: XDocumentValue) => (d.nodes.find((n) => n instanceof XDocumentTypeValue) as XDocumentTypeValue | undefined) ?? null),
  },
});

registerType({
  name: `${X}.XAttribute`,
  base: `${X}.XObject`,
  jsClass: XAttributeValue,
  constructors: [
    ctor('(XName name, object value)', (n: XNameValue | null, v: unknown) => {
      const name = notNull(n, 'name');
      if (v === null || v === undefined) argumentNull('value');
      if (name.ns.uri === XMLNS_NS && v === '') fail('System.ArgumentException', `Namespace prefix '${name.local}' cannot be bound to the empty namespace name.`);
      return new XAttributeValue(name, contentText(v));
    }),
    ctor('(XAttribute other)', (a: XAttributeValue | null) => new XAttributeValue(notNull(a, 'other').name, a!.value)),
  ],
  statics: { EmptySequence: prop('IEnumerable<XAttribute>', () => sequence(ATTRIBUTE, () => [])) },
  members: {
    Name: prop('XName', (a: XAttributeValue) => a.name),
    Value: prop('string', (a: XAttributeValue) => a.value, (a: XAttributeValue, s: string | null) => void (a.value = text(s))),
    NodeType: prop('System.Xml.XmlNodeType', () => nodeType('Attribute')),
    IsNamespaceDeclaration: prop('bool', (a: XAttributeValue) => a.isNamespaceDeclaration),
    NextAttribute: prop('XAttribute', (a: XAttributeValue) => (a.parent ? (a.parent.attributes[a.parent.attributes.indexOf(a) + 1] ?? null) : null)),
    PreviousAttribute: prop('XAttribute', (a: XAttributeValue) => (a.parent ? (a.parent.attributes[a.parent.attributes.indexOf(a) - 1] ?? null) : null)),
    Remove: method('() => void', removeAttribute),
    SetValue: method('(object value) => void', (a: XAttributeValue, v: unknown) => void (a.value = contentText(notNull(v, 'value')))),
    ToString: method('() => string', (a: XAttributeValue) => attributeText(a)),
  },
  casts: valueCasts<XAttributeValue>('XAttribute', 'attribute', (a) => a.value),
  toString: (a: XAttributeValue) => attributeText(a),
  toJson: (a: XAttributeValue) => attributeText(a),
});

registerType({
  name: `${X}.XDeclaration`,
  jsClass: XDeclarationValue,
  constructors: [
    ctor('(string version, string encoding, string standalone)', (v: string | null, e: string | null, s: string | null) => new XDeclarationValue(v, e, s)),
    ctor('(XDeclaration other)', (d: XDeclarationValue | null) => new XDeclarationValue(notNull(d, 'other').version, d!.encoding, d!.standalone)),
  ],
  members: {
    Version: prop('string', (d: XDeclarationValue) => d.version, (d: XDeclarationValue, s: string | null) => void (d.version = s)),
    Encoding: prop('string', (d: XDeclarationValue) => d.encoding, (d: XDeclarationValue, s: string | null) => void (d.encoding = s)),
    Standalone: prop('string', (d: XDeclarationValue) => d.standalone, (d: XDeclarationValue, s: string | null) => void (d.standalone = s)),
    ToString: method('() => string', declarationText),
  },
  toString: declarationText,
  toJson: declarationText,
});

