/**
 * System.Xml.Linq.Extensions: the axes over sequences (`doc.Elements("a").Elements("b")`,
 * `items.Descendants()`, `els.Attributes("id")`, `nodes.Remove()`), deferred like .NET's.
 */
import { method, registerType } from '../../registry.js';
import { enumerate } from '../../enumerate.js';
import { argumentNull } from '../fail.js';
import { ATTRIBUTE, ELEMENT, NODE, ancestors, attributes, descendantsAndSelf, sequence } from './axes.js';
import { removeAttribute, removeNode } from './content.js';
import type { XAttributeValue, XContainerValue, XElementValue, XNodeValue } from './model.js';
import type { XNameValue } from './names.js';

function items<T>(source: unknown): T[] {
  if (source === null || source === undefined) argumentNull('source');
  return [...enumerate(source)] as T[];
}

/** A sequence that runs `each` over every (non-null) item of `source` at enumeration time. */
function flatMap<T>(type: string, source: unknown, each: (x: T) => Iterable<unknown>) {
  if (source === null || source === undefined) argumentNull('source');
  return sequence(type, function* () {
    for (const x of items<T | null>(source)) if (x !== null && x !== undefined) yield* each(x);
  });
}

const named = (name: XNameValue | null, fn: () => unknown) => (name ? fn() : sequence(ELEMENT, () => []));

registerType({
  name: 'System.Xml.Linq.Extensions',
  kind: 'static',
  extensions: {
    Elements: [
      method('(this IEnumerable<XContainer> source) => IEnumerable<XElement>', (s: unknown) => flatMap<XContainerValue>(ELEMENT, s, (c) => c.elements())),
      method('(this IEnumerable<XContainer> source, XName name) => IEnumerable<XElement>', (s: unknown, n: XNameValue | null) =>
        named(n, () => flatMap<XContainerValue>(ELEMENT, s, (c) => c.elements(n))),
      ),
    ],
    Descendants: [
      method('(this IEnumerable<XContainer> source) => IEnumerable<XElement>', (s: unknown) => flatMap<XContainerValue>(ELEMENT, s, (c) => c.descendants())),
      method('(this IEnumerable<XContainer> source, XName name) => IEnumerable<XElement>', (s: unknown, n: XNameValue | null) =>
        named(n, () => flatMap<XContainerValue>(ELEMENT, s, (c) => c.descendants(n))),
      ),
    ],
    DescendantsAndSelf: [
      method('(this IEnumerable<XElement> source) => IEnumerable<XElement>', (s: unknown) => flatMap<XElementValue>(ELEMENT, s, (e) => descendantsAndSelf(e, null))),
      method('(this IEnumerable<XElement> source, XName name) => IEnumerable<XElement>', (s: unknown, n: XNameValue | null) =>
        named(n, () => flatMap<XElementValue>(ELEMENT, s, (e) => descendantsAndSelf(e, n))),
      ),
    ],
    Ancestors: [
      method('(this IEnumerable<XNode> source) => IEnumerable<XElement>', (s: unknown) => flatMap<XNodeValue>(ELEMENT, s, (x) => ancestors(x, null, false))),
      method('(this IEnumerable<XNode> source, XName name) => IEnumerable<XElement>', (s: unknown, n: XNameValue | null) =>
        named(n, () => flatMap<XNodeValue>(ELEMENT, s, (x) => ancestors(x, n, false))),
      ),
    ],
    AncestorsAndSelf: [
      method('(this IEnumerable<XElement> source) => IEnumerable<XElement>', (s: unknown) => flatMap<XElementValue>(ELEMENT, s, (x) => ancestors(x, null, true))),
      method('(this IEnumerable<XElement> source, XName name) => IEnumerable<XElement>', (s: unknown, n: XNameValue | null) =>
        named(n, () => flatMap<XElementValue>(ELEMENT, s, (x) => ancestors(x, n, true))),
      ),
    ],
    Attributes: [
      method('(this IEnumerable<XElement> source) => IEnumerable<XAttribute>', (s: unknown) => flatMap<XElementValue>(ATTRIBUTE, s, (e) => attributes(e, null))),
      method('(this IEnumerable<XElement> source, XName name) => IEnumerable<XAttribute>', (s: unknown, n: XNameValue | null) =>
        n ? flatMap<XElementValue>(ATTRIBUTE, s, (e) => attributes(e, n)) : sequence(ATTRIBUTE, () => []),
      ),
    ],
    Nodes: method('(this IEnumerable<XContainer> source) => IEnumerable<XNode>', (s: unknown) => flatMap<XContainerValue>(NODE, s, (c) => [...c.nodes])),
    DescendantNodes: method('(this IEnumerable<XContainer> source) => IEnumerable<XNode>', (s: unknown) => flatMap<XContainerValue>(NODE, s, (c) => c.descendantNodes())),
    Remove: [
      method('(this IEnumerable<XNode> source) => void', (s: unknown) => {
        for (const n of items<XNodeValue | null>(s)) if (n?.parent) removeNode(n);
      }),
      method('(this IEnumerable<XAttribute> source) => void', (s: unknown) => {
        for (const a of items<XAttributeValue | null>(s)) if (a?.parent) removeAttribute(a);
      }),
    ],
  },
});
