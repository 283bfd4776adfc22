/**
 * XName and XNamespace values: an expanded name is a namespace URI plus a local name. .NET interns
 * them; here they are plain values compared by content (no global table a policy could grow).
 */
import { fail } from '../fail.js';
import { showChar } from './errors.js';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export class XNamespaceValue {
  constructor(readonly uri: string) {}
  static readonly NONE = new XNamespaceValue('');
  static readonly XML = new XNamespaceValue(XML_NS);
  static readonly XMLNS = new XNamespaceValue(XMLNS_NS);
  static of(uri: string): XNamespaceValue {
    if (uri === '') return XNamespaceValue.NONE;
    if (uri === XML_NS) return XNamespaceValue.XML;
    if (uri === XMLNS_NS) return XNamespaceValue.XMLNS;
    return new XNamespaceValue(uri);
  }
}

export class XNameValue {
  constructor(
    readonly ns: XNamespaceValue,
    readonly local: string,
  ) {}
  get expanded(): string {
    return this.ns.uri === '' ? this.local : `{${this.ns.uri}}${this.local}`;
  }
  is(other: XNameValue): boolean {
    return this.local === other.local && this.ns.uri === other.ns.uri;
  }
}

const NAME_START = /[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NAME_CHAR = /[-.0-9\u00B7\u0300-\u036F\u203F-\u2040A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;

/** A qualified name (prefix:local) at a position: a sticky regex, used by the tokenizer. */
export const QNAME = new RegExp(`${NAME_START.source}(?:${NAME_CHAR.source}|:)*`, 'y');

export function isNameStart(c: string): boolean {
  return NAME_START.test(c);
}
export function isNameChar(c: string): boolean {
  return NAME_CHAR.test(c);
}

/** XmlConvert.VerifyNCName: .NET's XmlException for the first character that cannot be in a name. */
export function verifyNCName(local: string): string {
  if (local === '') fail('System.ArgumentException', "The empty string '' is not a valid local name.");
  if (!isNameStart(local[0]!)) fail('System.Xml.XmlException', `Name cannot begin with the ${showChar(local[0]!, true)}.`);
  for (const c of local) if (!isNameChar(c)) fail('System.Xml.XmlException', `The ${showChar(c, true)}, cannot be included in a name.`);
  return local;
}

/** XName.Get("{ns}local") / implicit conversion from string. */
export function parseXName(expanded: string | null): XNameValue | null {
  if (expanded === null) return null;
  if (expanded === '') fail('System.ArgumentException', "'' is an invalid expanded name.");
  if (expanded[0] !== '{') return new XNameValue(XNamespaceValue.NONE, verifyNCName(expanded));
  const close = expanded.lastIndexOf('}');
  if (close <= 1 || close === expanded.length - 1) fail('System.ArgumentException', `'${expanded}' is an invalid expanded name.`);
  return new XNameValue(XNamespaceValue.of(expanded.slice(1, close)), verifyNCName(expanded.slice(close + 1)));
}

export function xname(ns: XNamespaceValue, local: string): XNameValue {
  return new XNameValue(ns, verifyNCName(local));
}
