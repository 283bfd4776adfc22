/**
 * Registers Newtonsoft.Json: JToken, JContainer, JObject, JArray, JProperty, JValue, JTokenType,
 * Formatting and JsonConvert. The model and conversions live in ../json/.
 */
import { cast, ctor, field, generic, indexer, method, prop, registerType } from '../registry.js';
import { dotnetError } from '../errors.js';
import { EnumValue, makeArray } from '../values.js';
import type { Ty } from '../types.js';
import { JArray, JContainer, JObject, JProperty, JToken, JValue, JTOKEN_TYPES } from '../json/model.js';
import { parseJson } from '../json/parse.js';
import { boxedValueOf, castToken, collectionHooks, deserialize, fromObject, serializeObject, toObject, tokenToString, valueAs } from '../json/convert.js';
import { selectTokens } from '../json/select.js';
import { enumerate, isEnumerable } from '../enumerate.js';
import { enumValue } from '../compiler/conversions.js';
import { typeByFullName } from '../registry.js';
import { DictionaryValue, KeyValuePairValue, ListValue } from './collections.js';

export { JArray, JContainer, JObject, JProperty, JToken, JValue, parseJson };

const LINQ = 'Newtonsoft.Json.Linq';

registerType({ name: `${LINQ}.JTokenType`, kind: 'enum', enumMembers: JTOKEN_TYPES });
registerType({ name: 'Newtonsoft.Json.Formatting', kind: 'enum', enumMembers: { None: 0, Indented: 1 } });

const indented = (f: EnumValue | null) => !!f && f.value === 1;

/** A .NET value added to a container becomes a token (JToken as is, others through FromObject). */
function toToken(v: unknown): JToken {
  return v instanceof JToken ? v : fromObject(v);
}

function tokenType(t: JToken): EnumValue {
  return enumValue(typeByFullName(`${LINQ}.JTokenType`)!, JTOKEN_TYPES[t.type]);
}

function typedCasts(): ReturnType<typeof cast>[] {
  const out: ReturnType<typeof cast>[] = [];
  const targets: [string, string][] = [
    ['string', 'System.String'],
    ['int?', 'System.Int32'],
    ['int', 'System.Int32'],
    ['long?', 'System.Int64'],
    ['long', 'System.Int64'],
    ['bool?', 'System.Boolean'],
    ['bool', 'System.Boolean'],
    ['double?', 'System.Double'],
    ['double', 'System.Double'],
    ['decimal?', 'System.Decimal'],
    ['decimal', 'System.Decimal'],
    ['float', 'System.Single'],
    ['short', 'System.Int16'],
    ['byte', 'System.Byte'],
    ['uint', 'System.UInt32'],
    ['char', 'System.Char'],
    ['DateTime?', 'System.DateTime'],
    ['DateTime', 'System.DateTime'],
    ['Guid?', 'System.Guid'],
    ['Guid', 'System.Guid'],
    ['byte[]', 'System.Byte[]'],
  ];
  for (const [cs, full] of targets) {
    const nullable = cs.endsWith('?');
    out.push(cast(`explicit (JToken value) => ${cs}`, (t: JToken | null) => castToken(t, full, nullable)));
  }
  for (const cs of ['string', 'int', 'long', 'bool', 'double', 'decimal', 'float', 'DateTime', 'Guid', 'byte[]', 'int?', 'long?', 'bool?', 'double?']) {
    out.push(cast(`implicit (${cs} value) => JToken`, (v: unknown) => (v === null && cs === 'string' ? new JValue(null, 'String') : JValue.from(v))));
  }
  return out;
}

const tokens = (xs: Iterable<JToken>) => makeArray(`${LINQ}.JToken`, [...xs]);

registerType({
  name: `${LINQ}.JToken`,
  jsClass: JToken,
  interfaces: ['System.Collections.Generic.IEnumerable<JToken>'],
  elementType: 'JToken',
  iterate: (t: JToken) => t.children(),
  casts: typedCasts(),
  indexers: [indexer('(object key) => JToken', (t: JToken, k: unknown) => t.getItem(k), (t: JToken, k: unknown, v: JToken | null) => t.setItem(k, v))],
  statics: {
    Parse: method('(string json) => JToken', (s: string) => parseJson(s, 'JToken')),
    FromObject: method('(object o) => JToken', (o: unknown) => fromObject(o)),
    DeepEquals: method('(JToken t1, JToken t2) => bool', (a: JToken | null, b: JToken | null) => deepEquals(a, b)),
  },
  members: {
    Type: prop('JTokenType', tokenType),
    Path: prop('string', (t: JToken) => t.path),
    Parent: prop('JContainer', (t: JToken) => t.parent),
    Root: prop('JToken', (t: JToken) => t.root),
    HasValues: prop('bool', (t: JToken) => t.children().length > 0),
    First: prop('JToken', (t: JToken) => firstOf(t)),
    Last: prop('JToken', (t: JToken) => lastOf(t)),
    Next: prop('JToken', (t: JToken) => t.next),
    Previous: prop('JToken', (t: JToken) => t.previous),
    Children: [
      method('() => IEnumerable<JToken>', (t: JToken) => tokens(t.children())),
      generic('<T>() => IEnumerable<T>', ([ty]) => (t: JToken) => makeArray(ty!.name, t.children().filter((c) => isTokenOf(c, ty!)))),
    ],
    Values: generic('<T>() => IEnumerable<T>', ([ty]) => (t: JToken) => makeArray(ty!.name, t.children().map((c) => valueAs(c instanceof JProperty ? c.value : c, ty!)))),
    Value: [
      generic('<T>(object key) => T', ([ty]) => (t: JToken, k: unknown) => valueAs(t.getItem(k), ty!)),
      generic('<T>() => T', ([ty]) => (t: JToken) => valueAs(t, ty!)),
    ],
    ToObject: [
      generic('<T>() => T', ([ty]) => (t: JToken) => toObject(t, ty!)),
    ],
    ToString: [
      method('() => string', (t: JToken) => tokenToString(t)),
      method('(Newtonsoft.Json.Formatting formatting) => string', (t: JToken, f: EnumValue | null) => t.toJson(indented(f))),
    ],
    Remove: method('() => void', (t: JToken) => t.remove()),
    Replace: method('(JToken value) => void', (t: JToken, v: JToken) => replaceToken(t, v)),
    DeepClone: method('() => JToken', (t: JToken) => t.clone()),
    SelectToken: [
      method('(string path) => JToken', (t: JToken, p: string) => selectOne(t, p, false)),
      method('(string path, bool errorWhenNoMatch) => JToken', (t: JToken, p: string, e: boolean) => selectOne(t, p, e)),
    ],
    SelectTokens: method('(string path) => IEnumerable<JToken>', (t: JToken, p: string) => tokens(selectTokens(t, p))),
    AddAfterSelf: method('(object content) => void', (t: JToken, c: unknown) => insertSibling(t, c, 1)),
    AddBeforeSelf: method('(object content) => void', (t: JToken, c: unknown) => insertSibling(t, c, 0)),
    Equals: method('(object obj) => bool', (t: JToken, o: unknown) => t === o),
  },
  toString: (t: JToken) => tokenToString(t),
  toJson: (t: JToken) => JSON.parse(t.toJson(false)) as unknown,
});

function firstOf(t: JToken): JToken | null {
  if (t instanceof JValue) throw dotnetError('System.InvalidOperationException', 'Cannot access child value on Newtonsoft.Json.Linq.JValue.');
  return t.children()[0] ?? null;
}
function lastOf(t: JToken): JToken | null {
  if (t instanceof JValue) throw dotnetError('System.InvalidOperationException', 'Cannot access child value on Newtonsoft.Json.Linq.JValue.');
  return t.children().at(-1) ?? null;
}

function isTokenOf(t: JToken, ty: Ty): boolean {
  const name = ty.name;
  if (name === `${LINQ}.JToken`) return true;
  if (name === `${LINQ}.JContainer`) return t instanceof JContainer;
  return t.typeFullName() === name;
}

function selectOne(t: JToken, path: string, errorWhenNoMatch: boolean): JToken | null {
  const found = selectTokens(t, path, errorWhenNoMatch);
  if (found.length > 1) throw dotnetError('Newtonsoft.Json.JsonException', 'Path returned multiple tokens.');
  return found[0] ?? null;
}

function replaceToken(t: JToken, v: JToken): void {
  const p = t.parent;
  if (!p) throw dotnetError('System.InvalidOperationException', 'The parent is missing.');
  if (p instanceof JProperty) p.value = v;
  else if (p instanceof JArray) p.setItem(p.items.indexOf(t), v);
  else if (p instanceof JObject && t instanceof JProperty && v instanceof JProperty) {
    const entries = [...p.props.values()].map((x) => (x === t ? v : x));
    p.props.clear();
    for (const e of entries) p.addProperty(e);
  }
}

function insertSibling(t: JToken, content: unknown, after: number): void {
  const p = t.parent;
  if (!p) throw dotnetError('System.InvalidOperationException', 'The parent is missing.');
  if (p instanceof JArray) {
    const i = p.items.indexOf(t) + after;
    const tok = toToken(content);
    const own = tok.parent ? tok.clone() : tok;
    own.parent = p;
    p.items.splice(i, 0, own);
    return;
  }
  if (p instanceof JObject && content instanceof JProperty) {
    const entries = [...p.props.values()];
    const i = entries.indexOf(t as JProperty) + after;
    entries.splice(i, 0, content);
    p.props.clear();
    for (const e of entries) p.addProperty(e.parent && e.parent !== p ? e.clone() : (((e.parent = null), e) as JProperty));
    return;
  }
  throw dotnetError('System.ArgumentException', `Can not add ${content instanceof JToken ? content.typeFullName() : 'value'} to ${p.typeFullName()}.`);
}

export function deepEquals(a: JToken | null, b: JToken | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.toJson(false) === b.toJson(false);
}

registerType({
  name: `${LINQ}.JContainer`,
  base: `${LINQ}.JToken`,
  jsClass: JContainer,
  members: {
    Count: prop('int', (c: JContainer) => c.count),
    Add: method('(object content) => void', (c: JContainer, v: unknown) => addContent(c, v)),
    Descendants: method('() => IEnumerable<JToken>', (c: JContainer) => tokens(c.descendants())),
    RemoveAll: method('() => void', (c: JContainer) => {
      for (const t of [...c.childTokens()]) c.removeChild(t);
    }),
    Merge: method('(object content) => void', (c: JContainer, v: unknown) => merge(c, v)),
  },
});

/**
 * JContainer.Add(object) / the params constructors, as Newtonsoft's AddInternal: any collection except a
 * string, byte[] or JToken is added item by item (recursively); anything else is one token.
 */
function addContent(c: JContainer, v: unknown): void {
  if (typeof v === 'object' && v !== null && !(v instanceof JToken) && !(v instanceof Uint8Array) && isEnumerable(v)) {
    for (const x of enumerate(v)) addContent(c, x);
  } else if (c instanceof JObject) c.addContent(v);
  else if (c instanceof JArray) c.add(toToken(v));
  else throw dotnetError('System.ArgumentException', `Can not add content to ${c.typeFullName()}.`);
}

function merge(c: JContainer, v: unknown): void {
  if (c instanceof JObject && v instanceof JObject) {
    for (const p of v.props.values()) {
      const existing = c.get(p.name);
      if (existing instanceof JContainer && p.value instanceof JContainer && existing.type === p.value.type) merge(existing, p.value);
      else c.set(p.name, p.value.clone());
    }
  } else if (c instanceof JArray && v instanceof JArray) for (const t of v.items) c.add(t.clone());
}

registerType({
  name: `${LINQ}.JObject`,
  base: `${LINQ}.JContainer`,
  jsClass: JObject,
  interfaces: ['System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, JToken>>'],
  elementType: 'System.Collections.Generic.KeyValuePair<string, JToken>',
  iterate: function* (o: JObject) {
    for (const p of o.props.values()) yield new KeyValuePairValue(p.name, p.value, ['System.String', `${LINQ}.JToken`]);
  },
  constructors: [
    ctor('()', () => new JObject()),
    ctor('(JObject other)', (o: JObject) => o.clone()),
    ctor('(params object[] content)', (items: unknown[]) => {
      const o = new JObject();
      for (const x of items) addContent(o, x);
      return o;
    }),
  ],
  indexers: [indexer('(string propertyName) => JToken', (o: JObject, k: string) => o.get(k), (o: JObject, k: string, v: JToken | null) => o.set(k, v))],
  statics: {
    Parse: method('(string json) => JObject', (s: string) => parseJson(s, 'JObject')),
    FromObject: method('(object o) => JObject', (v: unknown) => {
      const t = fromObject(v);
      if (!(t instanceof JObject)) throw dotnetError('System.ArgumentException', `Object serialized to ${t.type}. JObject instance expected.`);
      return t;
    }),
  },
  members: {
    Add: [
      method('(string propertyName, JToken value) => void', (o: JObject, k: string, v: JToken | null) => o.addProperty(new JProperty(k, v))),
      method('(object content) => void', (o: JObject, v: unknown) => addContent(o, v)),
    ],
    Remove: method('(string propertyName) => bool', (o: JObject, k: string) => o.removeProperty(k)),
    ContainsKey: method('(string propertyName) => bool', (o: JObject, k: string) => o.props.has(k)),
    TryGetValue: method('(string propertyName, out JToken value) => bool', (o: JObject, k: string, out: { value: unknown }) => {
      out.value = o.get(k);
      return o.props.has(k);
    }),
    Property: [
      method('(string name) => JProperty', (o: JObject, k: string) => o.props.get(k) ?? null),
      method('(string name, StringComparison comparison) => JProperty', (o: JObject, k: string, c: EnumValue) => findProperty(o, k, c)),
    ],
    Properties: method('() => IEnumerable<JProperty>', (o: JObject) => makeArray(`${LINQ}.JProperty`, [...o.props.values()])),
    PropertyValues: method('() => IEnumerable<JToken>', (o: JObject) => tokens([...o.props.values()].map((p) => p.value))),
    GetValue: [
      method('(string propertyName) => JToken', (o: JObject, k: string) => o.get(k)),
      method('(string propertyName, StringComparison comparison) => JToken', (o: JObject, k: string, c: EnumValue) => findProperty(o, k, c)?.value ?? null),
    ],
  },
});

function findProperty(o: JObject, k: string, c: EnumValue | null): JProperty | null {
  const exact = o.props.get(k);
  if (exact) return exact;
  if (c && (c.value & 1) === 1) for (const p of o.props.values()) if (p.name.toUpperCase() === k.toUpperCase()) return p;
  return null;
}

registerType({
  name: `${LINQ}.JArray`,
  base: `${LINQ}.JContainer`,
  jsClass: JArray,
  interfaces: ['System.Collections.Generic.IList<JToken>'],
  elementType: 'JToken',
  iterate: (a: JArray) => [...a.items],
  constructors: [
    ctor('()', () => new JArray()),
    ctor('(JArray other)', (a: JArray) => a.clone()),
    ctor('(params object[] content)', (items: unknown[]) => {
      const a = new JArray();
      for (const x of items) addContent(a, x);
      return a;
    }),
  ],
  indexers: [indexer('(int index) => JToken', (a: JArray, i: number) => a.at(i), (a: JArray, i: number, v: JToken | null) => a.setItem(i, v))],
  statics: {
    Parse: method('(string json) => JArray', (s: string) => parseJson(s, 'JArray') as JArray),
    FromObject: method('(object o) => JArray', (v: unknown) => {
      const t = fromObject(v);
      if (!(t instanceof JArray)) throw dotnetError('System.ArgumentException', `Object serialized to ${t.type}. JArray instance expected.`);
      return t;
    }),
  },
  members: {
    Add: [method('(JToken item) => void', (a: JArray, v: JToken | null) => a.add(v)), method('(object content) => void', (a: JArray, v: unknown) => addContent(a, v))],
    Insert: method('(int index, JToken item) => void', (a: JArray, i: number, v: JToken | null) => {
      if (i < 0 || i > a.items.length) throw dotnetError('System.ArgumentOutOfRangeException', "Index must be within the bounds of the List. (Parameter 'index')");
      const tok = v ?? JValue.null();
      const own = tok.parent ? tok.clone() : tok;
      own.parent = a;
      a.items.splice(i, 0, own);
    }),
    RemoveAt: method('(int index) => void', (a: JArray, i: number) => a.removeChild(a.at(i))),
    Remove: method('(JToken item) => bool', (a: JArray, v: JToken) => {
      const had = a.items.includes(v);
      a.removeChild(v);
      return had;
    }),
    Contains: method('(JToken item) => bool', (a: JArray, v: JToken) => a.items.includes(v)),
    IndexOf: method('(JToken item) => int', (a: JArray, v: JToken) => a.items.indexOf(v)),
    Clear: method('() => void', (a: JArray) => {
      for (const t of a.items) t.parent = null;
      a.items.length = 0;
    }),
  },
});

registerType({
  name: `${LINQ}.JProperty`,
  base: `${LINQ}.JContainer`,
  jsClass: JProperty,
  constructors: [ctor('(string name, object content)', (n: string, c: unknown) => new JProperty(n, toToken(c)))],
  members: {
    Name: prop('string', (p: JProperty) => p.name),
    Value: prop('JToken', (p: JProperty) => p.value, (p: JProperty, v: JToken | null) => {
      p.value = v;
    }),
  },
});

registerType({
  name: `${LINQ}.JValue`,
  base: `${LINQ}.JToken`,
  jsClass: JValue,
  constructors: [
    ctor('(string value)', (v: string | null) => (v === null ? new JValue(null, 'String') : JValue.from(v))),
    ctor('(long value)', (v: bigint) => JValue.from(v)),
    ctor('(double value)', (v: number) => new JValue(v, 'Float')),
    ctor('(decimal value)', (v: unknown) => JValue.from(v)),
    ctor('(bool value)', (v: boolean) => JValue.from(v)),
    ctor('(object value)', (v: unknown) => JValue.from(v)),
  ],
  statics: {
    CreateNull: method('() => JValue', () => JValue.null()),
    CreateString: method('(string value) => JValue', (v: string) => new JValue(v, 'String')),
  },
  members: {
    Value: prop('object', (v: JValue) => boxedValueOf(v)),
  },
});

registerType({
  name: 'Newtonsoft.Json.JsonConvert',
  kind: 'static',
  statics: {
    SerializeObject: [
      method('(object value) => string', (v: unknown) => serializeObject(v, false)),
      method('(object value, Newtonsoft.Json.Formatting formatting) => string', (v: unknown, f: EnumValue | null) => serializeObject(v, indented(f))),
    ],
    DeserializeObject: [
      method('(string value) => object', (s: string) => deserialize(s, undefined)),
      generic('<T>(string value) => T', ([t]) => (s: string) => deserialize(s, t!)),
    ],
    True: field('string', 'true'),
    False: field('string', 'false'),
    Null: field('string', 'null'),
  },
});

// ToObject / DeserializeObject into the collection types of runtime/collections.ts.
collectionHooks.set('System.Collections.Generic.Dictionary', (token, t) => {
  if (!(token instanceof JObject)) throw dotnetError('Newtonsoft.Json.JsonSerializationException', `Cannot deserialize the current JSON array into type '${t.dotnetName}'.`);
  const [k, v] = t.args;
  const d = new DictionaryValue(k!.dotnetName, v!.dotnetName);
  for (const p of token.props.values()) d.set(p.name, toObject(p.value, v!));
  return d;
});
collectionHooks.set('System.Collections.Generic.List', (token, t) => {
  if (!(token instanceof JArray)) throw dotnetError('Newtonsoft.Json.JsonSerializationException', `Cannot deserialize the current JSON object into type '${t.dotnetName}'.`);
  const el = t.args[0]!;
  return new ListValue(el.dotnetName, token.items.map((x) => toObject(x, el)));
});
