/** Registers System.Xml.Linq.XName and XNamespace (implicit conversions from string, `ns + "local"`, ==). */
import { cast, field, method, op, prop, registerType } from '../../registry.js';
import { argumentNull } from '../fail.js';
import { XNameValue, XNamespaceValue, parseXName, xname } from './names.js';

const sameName = (a: XNameValue | null, b: XNameValue | null) => a === b || (a !== null && b !== null && a.is(b));
const sameNamespace = (a: XNamespaceValue | null, b: XNamespaceValue | null) => a === b || (a !== null && b !== null && a.uri === b.uri);
const namespaceOf = (uri: string | null) => (uri === null ? argumentNull('namespaceName') : XNamespaceValue.of(uri));

registerType({
  name: 'System.Xml.Linq.XName',
  jsClass: XNameValue,
  statics: {
    Get: [
      method('(string expandedName) => XName', (s: string | null) => (s === null ? argumentNull('expandedName') : parseXName(s))),
      method('(string localName, string namespaceName) => XName', (l: string | null, ns: string | null) => xname(namespaceOf(ns), l ?? argumentNull('localName'))),
    ],
  },
  members: {
    LocalName: prop('string', (n: XNameValue) => n.local),
    Namespace: prop('XNamespace', (n: XNameValue) => n.ns),
    NamespaceName: prop('string', (n: XNameValue) => n.ns.uri),
    Equals: method('(object obj) => bool', (n: XNameValue, o: unknown) => o instanceof XNameValue && n.is(o)),
    GetHashCode: method('() => int', (n: XNameValue) => hashString(n.expanded)),
  },
  casts: [cast('implicit (string expandedName) => XName', (s: string | null) => parseXName(s))],
  operators: {
    '==': [op('(XName left, XName right) => bool', sameName)],
    '!=': [op('(XName left, XName right) => bool', (a: XNameValue | null, b: XNameValue | null) => !sameName(a, b))],
  },
  toString: (n: XNameValue) => n.expanded,
  equals: (a: XNameValue, b: XNameValue) => sameName(a, b),
  hash: (n: XNameValue) => n.expanded,
  toJson: (n: XNameValue) => n.expanded,
});

registerType({
  name: 'System.Xml.Linq.XNamespace',
  jsClass: XNamespaceValue,
  statics: {
    Get: method('(string namespaceName) => XNamespace', namespaceOf),
    None: field('XNamespace', XNamespaceValue.NONE),
    Xml: field('XNamespace', XNamespaceValue.XML),
    Xmlns: field('XNamespace', XNamespaceValue.XMLNS),
  },
  members: {
    NamespaceName: prop('string', (n: XNamespaceValue) => n.uri),
    GetName: method('(string localName) => XName', (n: XNamespaceValue, l: string | null) => xname(n, l ?? argumentNull('localName'))),
    Equals: method('(object obj) => bool', (n: XNamespaceValue, o: unknown) => o instanceof XNamespaceValue && o.uri === n.uri),
    GetHashCode: method('() => int', (n: XNamespaceValue) => hashString(n.uri)),
  },
  casts: [cast('implicit (string namespaceName) => XNamespace', (s: string | null) => (s === null ? null : XNamespaceValue.of(s)))],
  operators: {
    '+': [op('(XNamespace ns, string localName) => XName', (n: XNamespaceValue | null, l: string | null) => xname(n ?? argumentNull('ns'), l ?? argumentNull('localName')))],
    '==': [op('(XNamespace left, XNamespace right) => bool', sameNamespace)],
    '!=': [op('(XNamespace left, XNamespace right) => bool', (a: XNamespaceValue | null, b: XNamespaceValue | null) => !sameNamespace(a, b))],
  },
  toString: (n: XNamespaceValue) => n.uri,
  equals: (a: XNamespaceValue, b: XNamespaceValue) => sameNamespace(a, b),
  hash: (n: XNamespaceValue) => n.uri,
  toJson: (n: XNamespaceValue) => n.uri,
});

/** A stable 32-bit hash (the values are not .NET's, which are randomised per process anyway). */
function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
