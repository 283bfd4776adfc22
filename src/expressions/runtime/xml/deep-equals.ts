/**
 * XNode.DeepEquals and the comparers APIM allows (XNodeEqualityComparer, XNodeDocumentOrderComparer):
 * nodes are equal when their kind, names, attributes (in order) and children are; adjacent text
 * nodes count as one text, as in .NET. Document order compares positions within one tree.
 */
import { ctor, method, prop, registerType } from '../../registry.js';
import { fail } from '../fail.js';
import { XCDataValue, XCommentValue, XContainerValue, XDocumentTypeValue, XElementValue, XNodeValue, XProcessingInstructionValue, XTextValue } from './model.js';

/** A container's children with adjacent plain text merged. */
function children(c: XContainerValue): XNodeValue[] {
  const out: XNodeValue[] = [];
  for (const n of c.nodes) {
    const last = out[out.length - 1];
    if (n instanceof XTextValue && !(n instanceof XCDataValue) && last instanceof XTextValue && !(last instanceof XCDataValue)) out[out.length - 1] = new XTextValue(last.text + n.text);
    else out.push(n);
  }
  return out;
}

export function deepEquals(a: XNodeValue | null, b: XNodeValue | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.constructor !== b.constructor) return false;
  if (a instanceof XTextValue) return a.text === (b as XTextValue).text;
  if (a instanceof XCommentValue) return a.value === (b as XCommentValue).value;
  if (a instanceof XProcessingInstructionValue) return a.target === (b as XProcessingInstructionValue).target && a.data === (b as XProcessingInstructionValue).data;
  if (a instanceof XDocumentTypeValue) {
    const d = b as XDocumentTypeValue;
    return a.name === d.name && a.publicId === d.publicId && a.systemId === d.systemId && a.internalSubset === d.internalSubset;
  }
  if (a instanceof XElementValue) {
    const e = b as XElementValue;
    // `<a/>` and `<a></a>` differ (.NET compares null content with empty-string content)
    if (!a.name.is(e.name) || a.attributes.length !== e.attributes.length || a.isEmpty !== e.isEmpty) return false;
    if (!a.attributes.every((x, i) => x.name.is(e.attributes[i]!.name) && x.value === e.attributes[i]!.value)) return false;
  }
  const ca = children(a as XContainerValue);
  const cb = children(b as XContainerValue);
  return ca.length === cb.length && ca.every((n, i) => deepEquals(n, cb[i]!));
}

/** Document order of two nodes of one tree (-1, 0, 1); .NET throws when they share no tree. */
export function compareOrder(a: XNodeValue | null, b: XNodeValue | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const path = (n: XNodeValue): XNodeValue[] => {
    const p: XNodeValue[] = [];
    for (let x: XNodeValue | null = n; x; x = x.parent) p.unshift(x);
    return p;
  };
  const pa = path(a);
  const pb = path(b);
  if (pa[0] !== pb[0]) fail('System.InvalidOperationException', 'A common ancestor is missing.');
  let i = 0;
  while (pa[i] === pb[i]) i++;
  if (i === pa.length) return -1;
  if (i === pb.length) return 1;
  const parent = pa[i - 1] as XContainerValue;
  return parent.nodes.indexOf(pa[i]!) < parent.nodes.indexOf(pb[i]!) ? -1 : 1;
}

export class XNodeEqualityComparerValue {}
export class XNodeDocumentOrderComparerValue {}

const X = 'System.Xml.Linq';
const EQUALITY = new XNodeEqualityComparerValue();
const ORDER = new XNodeDocumentOrderComparerValue();

/** A hash consistent with deepEquals: the kind and name or text of the node. */
function hashOf(n: XNodeValue | null): number {
  if (n === null) return 0;
  const key = n instanceof XElementValue ? n.name.expanded : n instanceof XTextValue ? n.text : n.nodeType;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return h;
}

registerType({
  name: `${X}.XNodeEqualityComparer`,
  jsClass: XNodeEqualityComparerValue,
  interfaces: [`System.Collections.Generic.IEqualityComparer<${X}.XNode>`],
  constructors: [ctor('()', () => EQUALITY)],
  members: {
    Equals: method('(XNode x, XNode y) => bool', (_c: unknown, x: XNodeValue | null, y: XNodeValue | null) => deepEquals(x, y)),
    GetHashCode: method('(XNode obj) => int', (_c: unknown, n: XNodeValue | null) => hashOf(n)),
  },
});

registerType({
  name: `${X}.XNodeDocumentOrderComparer`,
  jsClass: XNodeDocumentOrderComparerValue,
  interfaces: [`System.Collections.Generic.IComparer<${X}.XNode>`],
  constructors: [ctor('()', () => ORDER)],
  members: { Compare: method('(XNode x, XNode y) => int', (_c: unknown, x: XNodeValue | null, y: XNodeValue | null) => compareOrder(x, y)) },
});

registerType({
  name: `${X}.XNode`,
  statics: {
    DeepEquals: method('(XNode n1, XNode n2) => bool', deepEquals),
    CompareDocumentOrder: method('(XNode n1, XNode n2) => int', compareOrder),
    EqualityComparer: prop(`${X}.XNodeEqualityComparer`, () => EQUALITY),
    DocumentOrderComparer: prop(`${X}.XNodeDocumentOrderComparer`, () => ORDER),
  },
});
