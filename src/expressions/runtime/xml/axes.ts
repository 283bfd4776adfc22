/**
 * The LINQ to XML axes as deferred sequences (re-evaluated on each enumeration, as .NET's iterators
 * are): Elements, Descendants, Ancestors, Attributes, Nodes, ElementsAfterSelf …
 */
import { toJsonValue } from '../../json-view.js';
import { registerType } from '../../registry.js';
import { SequenceValue } from '../linq.js';
import { XAttributeValue, XContainerValue, XElementValue, XNodeValue, XObjectValue } from './model.js';
import type { XNameValue } from './names.js';

export const ELEMENT = 'System.Xml.Linq.XElement';
export const NODE = 'System.Xml.Linq.XNode';
export const ATTRIBUTE = 'System.Xml.Linq.XAttribute';

/**
 * The result of an axis (Elements(), Descendants() …): a deferred sequence that LINQ treats like any
 * other, whose trace rendering is the list of its nodes' XML texts (a node's own fields point back at
 * its parent, so it must never be rendered raw).
 */
export class XmlSequenceValue extends SequenceValue {}

registerType({
  name: 'System.Xml.Linq.XContainer+Iterator<T>',
  jsClass: XmlSequenceValue,
  interfaces: ['System.Collections.Generic.IEnumerable<T>'],
  typeArgs: (s: XmlSequenceValue) => [s.elementType],
  iterate: (s: XmlSequenceValue) => s.run(),
  elementType: 'T',
  toString: (s: XmlSequenceValue) => `System.Xml.Linq.XContainer+Iterator\`1[${s.elementType}]`,
  toJson: (s: XmlSequenceValue) => [...s.run()].map((x) => toJsonValue(x)),
});

export function sequence(elementType: string, run: () => Iterable<unknown>): SequenceValue {
  return new XmlSequenceValue(elementType, run);
}

export const matches = (e: XElementValue, name: XNameValue | null | undefined) => !name || e.name.is(name);

export function* ancestors(n: XObjectValue, name: XNameValue | null | undefined, self: boolean): Generator<XElementValue> {
  if (self && n instanceof XElementValue && matches(n, name)) yield n;
  for (let p = n.parentElement; p; p = p.parentElement) if (matches(p, name)) yield p;
}

export function* descendantsAndSelf(e: XElementValue, name: XNameValue | null | undefined): Generator<XElementValue> {
  if (matches(e, name)) yield e;
  yield* e.descendants(name);
}

export function* attributes(e: XElementValue, name: XNameValue | null | undefined): Generator<XAttributeValue> {
  for (const a of [...e.attributes]) if (!name || a.name.is(name)) yield a;
}

/** Siblings after (or before) a node, in document order. */
export function* siblings(n: XNodeValue, after: boolean): Generator<XNodeValue> {
  const p = n.parent;
  if (!p) return;
  const i = p.nodes.indexOf(n);
  const list = after ? p.nodes.slice(i + 1) : p.nodes.slice(0, i);
  yield* list;
}

export function* elementSiblings(n: XNodeValue, after: boolean, name: XNameValue | null | undefined): Generator<XElementValue> {
  for (const s of siblings(n, after)) if (s instanceof XElementValue && matches(s, name)) yield s;
}

export function elementsOf(c: XContainerValue, name?: XNameValue | null): SequenceValue {
  return sequence(ELEMENT, () => c.elements(name));
}

export function descendantsOf(c: XContainerValue, name?: XNameValue | null): SequenceValue {
  return sequence(ELEMENT, () => c.descendants(name));
}

export function nodesOf(c: XContainerValue): SequenceValue {
  return sequence(NODE, () => [...c.nodes]);
}
