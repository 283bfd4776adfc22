/**
 * What Newtonsoft's XmlNodeConverter makes of LINQ to XML nodes, which JsonConvert.SerializeObject and
 * JToken.FromObject use for them: `<a x="1"><b>t</b><b>u</b></a>` becomes {"a":{"@x":"1","b":["t","u"]}}.
 * Attributes are "@name", text "#text", CDATA "#cdata-section", processing instructions "?target", the
 * declaration "?xml", a DOCTYPE "!DOCTYPE"; children with the same name become an array (in order of first
 * appearance), as does a single child marked json:Array="true"; an element with only text is that string,
 * an empty element null (`<a/>`) or "" (`<a></a>`). Prefixes come from the xmlns attributes inside the
 * converted node. Comments are left out (Newtonsoft writes them as JSON comments, which a JToken cannot hold;
 * several comments in one element leave an empty "#comment" array where Newtonsoft lists them).
 */
import { JArray, JObject, JToken, JValue } from '../../json/model.js';
import { XAttributeValue, XCDataValue, XCommentValue, XContainerValue, XDocumentTypeValue, XDocumentValue, XElementValue, XNodeValue, XObjectValue, XProcessingInstructionValue, XTextValue } from './model.js';
import { XML_NS, XMLNS_NS } from './names.js';

const JSON_NS = 'http://james.newtonking.com/projects/json';

type Prefixes = Map<string, string>[];

function prefixOf(ns: string, scopes: Prefixes): string | null {
  if (ns === XML_NS) return 'xml';
  if (ns === XMLNS_NS) return 'xmlns';
  for (let i = scopes.length - 1; i >= 0; i--) for (const [prefix, uri] of scopes[i]!) if (uri === ns) return prefix;
  return null;
}

function fullName(ns: string, local: string, scopes: Prefixes): string {
  const prefix = ns === '' ? null : prefixOf(ns, scopes);
  return prefix ? `${prefix}:${local}` : local;
}

/** The property name a child node groups under. */
function propertyName(n: XNodeValue, scopes: Prefixes): string {
  if (n instanceof XElementValue) return fullName(n.name.ns.uri, n.name.local, scopes);
  if (n instanceof XCDataValue) return '#cdata-section';
  if (n instanceof XTextValue) return '#text';
  if (n instanceof XProcessingInstructionValue) return `?${n.target}`;
  if (n instanceof XDocumentTypeValue) return '!DOCTYPE';
  return '#comment';
}

const isJsonArray = (e: XElementValue) => e.attributes.some((a) => a.name.ns.uri === JSON_NS && a.name.local === 'Array' && a.value.trim() === 'true');
const isJsonAttribute = (a: XAttributeValue) => a.name.ns.uri === JSON_NS || (a.name.ns.uri === XMLNS_NS && a.value === JSON_NS);

function nodeValue(n: XNodeValue, scopes: Prefixes): JToken {
  if (n instanceof XElementValue) return elementValue(n, scopes);
  if (n instanceof XTextValue) return new JValue(n.text, 'String');
  if (n instanceof XProcessingInstructionValue) return new JValue(n.data, 'String');
  const d = n as XDocumentTypeValue;
  const o = new JObject();
  o.set('@name', new JValue(d.name, 'String'));
  if (d.publicId) o.set('@public', new JValue(d.publicId, 'String'));
  if (d.systemId) o.set('@system', new JValue(d.systemId, 'String'));
  if (d.internalSubset) o.set('@internalSubset', new JValue(d.internalSubset, 'String'));
  return o;
}

/** Children grouped by property name into `o`: one name once is a value, more (or json:Array) an array. */
function groupChildren(c: XContainerValue, o: JObject, scopes: Prefixes): void {
  const groups = new Map<string, XNodeValue[]>();
  for (const n of c.nodes) {
    const name = propertyName(n, scopes)!;
    const list = groups.get(name);
    if (list) list.push(n);
    else groups.set(name, [n]);
  }
  for (const [name, nodes] of groups) {
    // a lone comment is written as a JSON comment without a name; several make a "#comment" array of them
    if (name === '#comment') {
      if (nodes.length > 1) o.set(name, new JArray());
      continue;
    }
    if (nodes.length === 1 && !(nodes[0] instanceof XElementValue && isJsonArray(nodes[0]))) o.set(ownName(nodes[0]!, scopes), nodeValue(nodes[0]!, scopes));
    else {
      const a = new JArray();
      for (const n of nodes) a.add(nodeValue(n, scopes));
      o.set(name, a);
    }
  }
}

function declaredPrefixes(e: XElementValue): Map<string, string> {
  const scope = new Map<string, string>();
  for (const a of e.attributes) if (a.name.ns.uri === XMLNS_NS) scope.set(a.name.local, a.value);
  return scope;
}

/** A node written on its own is named with its own xmlns declarations in scope (grouped names are not). */
function ownName(n: XNodeValue, scopes: Prefixes): string {
  if (!(n instanceof XElementValue)) return propertyName(n, scopes);
  return fullName(n.name.ns.uri, n.name.local, [...scopes, declaredPrefixes(n)]);
}

function elementValue(e: XElementValue, scopes: Prefixes): JToken {
  scopes.push(declaredPrefixes(e));
  try {
    const attributes = e.attributes.filter((a) => !isJsonAttribute(a));
    const only = e.nodes[0];
    if (attributes.length === 0 && e.nodes.length === 1 && only instanceof XTextValue && !(only instanceof XCDataValue)) return new JValue(only.text, 'String');
    if (e.nodes.length === 0 && e.attributes.length === 0) return e.isEmpty ? JValue.null() : new JValue('', 'String');
    const o = new JObject();
    for (const a of attributes) o.set(`@${a.name.ns.uri === '' ? a.name.local : fullName(a.name.ns.uri, a.name.local, scopes)}`, new JValue(a.value, 'String'));
    groupChildren(e, o, scopes);
    return o;
  } finally {
    scopes.pop();
  }
}

/** The JToken JsonConvert.SerializeObject(node) / JToken.FromObject(node) builds for an X* value. */
export function xmlToJson(x: XObjectValue): JToken {
  const o = new JObject();
  if (x instanceof XDocumentValue) {
    if (x.declaration) {
      const d = new JObject();
      if (x.declaration.version !== null) d.set('@version', new JValue(x.declaration.version, 'String'));
      if (x.declaration.encoding !== null) d.set('@encoding', new JValue(x.declaration.encoding, 'String'));
      if (x.declaration.standalone !== null) d.set('@standalone', new JValue(x.declaration.standalone, 'String'));
      o.set('?xml', d);
    }
    groupChildren(x, o, []);
  } else if (x instanceof XAttributeValue) {
    return JValue.null(); // Newtonsoft serialises a lone XAttribute as null
  } else if (!(x instanceof XCommentValue)) {
    const n = x as XNodeValue;
    o.set(ownName(n, []), nodeValue(n, []));
  }
  return o;
}
