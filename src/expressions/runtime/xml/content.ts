/**
 * Adding content to a container the way XContainer.Add does: nodes that already have a parent are
 * cloned, attributes go to the element's attribute list (a duplicate name throws), enumerables add each
 * item, strings merge into a preceding text node, anything else becomes its XmlConvert text. A document
 * accepts one root element and whitespace-only text.
 */
import { checkCollectionSize } from '../../budget.js';
import { enumerate, isEnumerable } from '../../enumerate.js';
import { fail } from '../fail.js';
import { XAttributeValue, XContainerValue, XDocumentTypeValue, XDocumentValue, XElementValue, XNodeValue, XTextValue, XCDataValue } from './model.js';
import { contentText } from './xml-convert.js';

/** The nodes and attributes `content` stands for, flattened (strings stay strings). */
function flatten(content: unknown, out: unknown[]): void {
  if (content === null || content === undefined) return;
  if (typeof content === 'string' || content instanceof XNodeValue || content instanceof XAttributeValue) out.push(content);
  else if (typeof content === 'object' && isEnumerable(content)) for (const x of enumerate(content)) flatten(x, out);
  else out.push(contentText(content));
  checkCollectionSize(out.length);
}

/** Inserts `content` into `c` before position `at` (default: the end). */
export function addContent(c: XContainerValue, content: unknown, at = c.nodes.length): void {
  const items: unknown[] = [];
  flatten(content, items);
  // a document's new content is checked as a whole before any of it is added
  for (const item of items) {
    if (item instanceof XAttributeValue) addAttribute(c, item);
    else if (typeof item === 'string') at = addString(c, item, at);
    else at = addNode(c, item as XNodeValue, at);
  }
  checkCollectionSize(c.nodes.length);
}

function addAttribute(c: XContainerValue, a: XAttributeValue): void {
  if (!(c instanceof XElementValue)) fail('System.ArgumentException', 'An attribute cannot be added to content.');
  if (a.parent) a = new XAttributeValue(a.name, a.value);
  if (c.attribute(a.name)) fail('System.InvalidOperationException', 'Duplicate attribute.');
  a.parent = c;
  c.attributes.push(a);
}

function addString(c: XContainerValue, s: string, at: number): number {
  if (c instanceof XDocumentValue) {
    if (!/^[ \t\r\n]*$/.test(s)) fail('System.ArgumentException', 'Non-whitespace characters cannot be added to content.');
    return at;
  }
  if (c.nodes.length === 0 && s === '') {
    (c as XElementValue).fullEnd = true;
    return at;
  }
  if (s === '') return at;
  const before = c.nodes[at - 1];
  if (before instanceof XTextValue && !(before instanceof XCDataValue)) {
    before.text += s;
    return at;
  }
  const t = new XTextValue(s);
  t.parent = c;
  c.nodes.splice(at, 0, t);
  return at + 1;
}

function addNode(c: XContainerValue, n: XNodeValue, at: number): number {
  if (n.parent) n = n.clone();
  else {
    // adding the top of this very tree (or the container itself) adds a copy, as .NET does
    let top: XNodeValue = c;
    while (top.parent) top = top.parent;
    if (top === n) n = n.clone();
  }
  if (c instanceof XDocumentValue) checkDocumentChild(c, n);
  else if (n instanceof XDocumentValue) fail('System.ArgumentException', 'A node of type Document cannot be added to content.');
  else if (n instanceof XDocumentTypeValue) fail('System.ArgumentException', 'A node of type DocumentType cannot be added to content.');
  n.parent = c;
  c.nodes.splice(at, 0, n);
  return at + 1;
}

function checkDocumentChild(d: XDocumentValue, n: XNodeValue): void {
  if (n instanceof XDocumentValue) fail('System.ArgumentException', 'A node of type Document cannot be added to content.');
  if (n instanceof XTextValue) {
    if (n instanceof XCDataValue || !/^[ \t\r\n]*$/.test(n.text)) fail('System.ArgumentException', `A node of type ${n.nodeType} cannot be added to content.`);
  }
  if (n instanceof XElementValue && d.root) fail('System.InvalidOperationException', 'This operation would create an incorrectly structured document.');
}

/** XNode.Remove(). */
export function removeNode(n: XNodeValue): void {
  const p = n.parent;
  if (!p) fail('System.InvalidOperationException', 'The parent is missing.');
  p.nodes.splice(p.nodes.indexOf(n), 1);
  n.parent = null;
}

export function removeAttribute(a: XAttributeValue): void {
  const p = a.parent;
  if (!p) fail('System.InvalidOperationException', 'The parent is missing.');
  p.attributes.splice(p.attributes.indexOf(a), 1);
  a.parent = null;
}

export function removeNodes(c: XContainerValue): void {
  for (const n of c.nodes) n.parent = null;
  c.nodes = [];
  if (c instanceof XElementValue) c.fullEnd = false;
}

/** XElement.Value = s / SetValue: the element's content becomes that text. */
export function setElementText(e: XElementValue, s: string): void {
  removeNodes(e);
  addString(e, s, 0);
}

/** Inserts content next to a node (AddBeforeSelf/AddAfterSelf/ReplaceWith). */
export function addBeside(n: XNodeValue, content: unknown, after: boolean): void {
  const p = n.parent;
  if (!p) fail('System.InvalidOperationException', 'The parent is missing.');
  addContent(p, content, p.nodes.indexOf(n) + (after ? 1 : 0));
}
