/**
 * Builds X* trees from tokenizer events: XDocument.Parse / XElement.Parse (whitespace-only text between
 * markup dropped unless LoadOptions.PreserveWhitespace or xml:space="preserve", as .NET's
 * IgnoreWhitespace reader does) and
 * XNode.ReadFrom (the reader's nodes as they come, whitespace included).
 */
import { XCDataValue, XCommentValue, XDeclarationValue, XDocumentTypeValue, XDocumentValue, XElementValue, XNodeValue, XProcessingInstructionValue, XTextValue, XAttributeValue, XContainerValue } from './model.js';
import { XNameValue, XNamespaceValue } from './names.js';
import { XmlTokenizer, type XmlEvent } from './tokenizer.js';

type StartEvent = Extract<XmlEvent, { kind: 'start' }>;

function append(c: XContainerValue, n: XNodeValue): void {
  n.parent = c;
  c.nodes.push(n);
}

function appendText(c: XContainerValue, text: string): void {
  const last = c.nodes[c.nodes.length - 1];
  if (last instanceof XTextValue && !(last instanceof XCDataValue)) last.text += text;
  else append(c, new XTextValue(text));
}

export function elementOf(ev: StartEvent): XElementValue {
  const e = new XElementValue(new XNameValue(XNamespaceValue.of(ev.ns), ev.local));
  for (const a of ev.attrs) {
    const name = a.prefix === '' && a.local === 'xmlns' ? new XNameValue(XNamespaceValue.NONE, 'xmlns') : new XNameValue(XNamespaceValue.of(a.ns), a.local);
    const attr = new XAttributeValue(name, a.value);
    attr.parent = e;
    e.attributes.push(attr);
  }
  return e;
}

/** A leaf node for a non-element event (null for events that make no node here). */
export function leafOf(ev: XmlEvent): XNodeValue | null {
  switch (ev.kind) {
    case 'text':
      return new XTextValue(ev.text);
    case 'cdata':
      return new XCDataValue(ev.text);
    case 'comment':
      return new XCommentValue(ev.text);
    case 'pi':
      return new XProcessingInstructionValue(ev.target, ev.data);
    case 'doctype':
      return new XDocumentTypeValue(ev.name, ev.publicId, ev.systemId, ev.subset ?? '');
    default:
      return null;
  }
}

/**
 * Reads the content of the element `ev` started (its start event was already taken) up to and
 * including its end event. An explicit stack keeps deep documents off the JS call stack.
 */
export function readElement(tok: XmlTokenizer, ev: StartEvent, keepWhitespace: boolean): XElementValue {
  const root = elementOf(ev);
  if (ev.empty) return root;
  const stack: XElementValue[] = [root];
  while (stack.length) {
    const next = tok.next();
    if (!next) break; // the tokenizer reports unclosed elements itself
    const top = stack[stack.length - 1]!;
    if (next.kind === 'start') {
      const e = elementOf(next);
      append(top, e);
      if (!next.empty) stack.push(e);
    } else if (next.kind === 'end') {
      if (top.nodes.length === 0) top.fullEnd = true;
      stack.pop();
    } else if (next.kind === 'text') {
      if (!next.whitespace || next.significant || keepWhitespace) appendText(top, next.text);
    } else {
      const leaf = leafOf(next);
      if (leaf) append(top, leaf);
    }
  }
  return root;
}

/** XDocument.Parse(text, options). */
export function parseDocument(text: string, preserveWhitespace = false): XDocumentValue {
  const tok = new XmlTokenizer(text);
  const doc = new XDocumentValue();
  for (let ev = tok.next(); ev; ev = tok.next()) {
    if (ev.kind === 'declaration') doc.declaration = new XDeclarationValue(ev.version, ev.encoding, ev.standalone);
    else if (ev.kind === 'start') append(doc, readElement(tok, ev, preserveWhitespace));
    else if (ev.kind !== 'text') append(doc, leafOf(ev)!);
  }
  return doc;
}

/** XElement.Parse(text, options): the document's root element, detached. */
export function parseElement(text: string, preserveWhitespace = false): XElementValue {
  const root = parseDocument(text, preserveWhitespace).root!;
  root.parent = null;
  return root;
}
