/**
 * Conversions between JTokens and .NET values as Newtonsoft performs them: the explicit casts
 * `(string)token`, `(int)token` …, `Value<T>()`, `ToObject<T>()`, `JToken.FromObject(…)` and
 * JsonConvert's SerializeObject / DeserializeObject.
 */
import { dotnetError } from '../errors.js';
import { BoxedValue, DateTimeValue, EnumValue, GuidValue, makeArray } from '../values.js';
import { formatDouble } from '../runtime/number-format.js';
import { DecimalValue } from '../runtime/decimal-value.js';
import { parseDecimal } from '../runtime/number-parse.js';
import { defOfObject } from '../registry.js';
import { defaultOf } from '../runtime/equality.js';
import { enumerate } from '../enumerate.js';
import { toDotnetString } from '../format.js';
import type { Ty } from '../types.js';
import { JArray, JObject, JProperty, JToken, JValue, type JTokenTypeName } from './model.js';
import { parseJson } from './parse.js';
import { XObjectValue } from '../runtime/xml/model.js';
import { xmlToJson } from '../runtime/xml/to-json.js';

const SHORT_NAMES: Record<string, string> = {
  'System.String': 'String', 'System.Int32': 'Int32', 'System.Int64': 'Int64', 'System.Boolean': 'Boolean',
  'System.Double': 'Double', 'System.Single': 'Single', 'System.Decimal': 'Decimal', 'System.DateTime': 'DateTime',
  'System.Guid': 'Guid', 'System.Int16': 'Int16', 'System.Byte': 'Byte', 'System.Char': 'Char', 'System.UInt32': 'UInt32',
};

function cannotConvert(from: JTokenTypeName, target: string): never {
  throw dotnetError('System.ArgumentException', `Can not convert ${from} to ${SHORT_NAMES[target] ?? target}.`);
}

/** DateTime.ToString() with the invariant culture: `MM/dd/yyyy HH:mm:ss`. */
export function invariantDate(d: DateTimeValue): string {
  const x = new Date(d.epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(x.getUTCMonth() + 1)}/${p(x.getUTCDate())}/${x.getUTCFullYear()} ${p(x.getUTCHours())}:${p(x.getUTCMinutes())}:${p(x.getUTCSeconds())}`;
}

/** JValue.ToString(): the value's own ToString (strings unquoted, bools True/False, null → ""). */
export function jvalueText(v: JValue): string {
  const x = v.value;
  switch (v.type) {
    case 'Null':
    case 'Undefined':
      return '';
    case 'Boolean':
      return x ? 'True' : 'False';
    case 'Integer':
      return String(x);
    case 'Float':
      return x instanceof DecimalValue ? x.toString() : formatDouble(x as number);
    case 'Date':
      return invariantDate(x as DateTimeValue);
    case 'Guid':
      return (x as GuidValue).text;
    case 'Bytes':
      return 'System.Byte[]';
    default:
      return String(x);
  }
}

/** JToken.ToString(): indented JSON for containers and properties, the value's text for JValue. */
export function tokenToString(t: JToken): string {
  return t instanceof JValue ? jvalueText(t) : t.toJson(true);
}

function parseIntText(s: string, target: string): bigint {
  const m = /^\s*[+-]?\d+\s*$/.exec(s);
  if (!m) throw dotnetError('System.FormatException', `The input string '${s}' was not in a correct format.`);
  return BigInt(s.trim());
}

const INT_RANGE: Record<string, [bigint, bigint]> = {
  'System.Int32': [-2147483648n, 2147483647n],
  'System.Int64': [-9223372036854775808n, 9223372036854775807n],
  'System.Int16': [-32768n, 32767n],
  'System.Byte': [0n, 255n],
  'System.UInt32': [0n, 4294967295n],
};

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function toInteger(v: JValue, target: string): bigint {
  const x = v.value;
  let big: bigint;
  switch (v.type) {
    case 'Integer':
      big = x as bigint;
      break;
    case 'Float':
      if (x instanceof DecimalValue) {
        big = x.round(0).toBigInt();
        break;
      }
      if (!Number.isFinite(x as number)) throw overflow(target);
      big = BigInt(roundHalfEven(x as number));
      break;
    case 'String':
      big = parseIntText(x as string, target);
      break;
    case 'Boolean':
      big = x ? 1n : 0n;
      break;
    default:
      cannotConvert(v.type, target);
  }
  const [lo, hi] = INT_RANGE[target]!;
  if (big < lo || big > hi) throw overflow(target);
  return big;
}

function overflow(target: string): Error {
  return dotnetError('System.OverflowException', `Value was either too large or too small for an ${SHORT_NAMES[target] ?? target}.`);
}

function toDouble(v: JValue, target: string): number {
  const x = v.value;
  switch (v.type) {
    case 'Integer':
      return Number(x);
    case 'Float':
      return x instanceof DecimalValue ? x.toNumber() : (x as number);
    case 'String': {
      const s = (x as string).trim();
      const n = Number(s);
      if (s === '' || Number.isNaN(n)) throw dotnetError('System.FormatException', `The input string '${x as string}' was not in a correct format.`);
      return n;
    }
    case 'Boolean':
      return x ? 1 : 0;
  }
  cannotConvert(v.type, target);
}

/** (decimal)token: Convert.ToDecimal of the value (a double gives 15 significant digits, a string parses). */
function toDecimal(v: JValue): DecimalValue {
  const x = v.value;
  switch (v.type) {
    case 'Integer':
      return DecimalValue.fromBigInt(x as bigint);
    case 'Float':
      return x instanceof DecimalValue ? x : DecimalValue.fromDouble(x as number);
    case 'String':
      return parseDecimal(x as string);
    case 'Boolean':
      return x ? DecimalValue.ONE : DecimalValue.ZERO;
  }
  cannotConvert(v.type, 'System.Decimal');
}

function toBool(v: JValue): boolean {
  const x = v.value;
  switch (v.type) {
    case 'Boolean':
      return x as boolean;
    case 'Integer':
      return x !== 0n;
    case 'Float':
      return x instanceof DecimalValue ? !x.isZero : x !== 0;
    case 'String': {
      const s = (x as string).trim().toLowerCase();
      if (s === 'true') return true;
      if (s === 'false') return false;
      throw dotnetError('System.FormatException', `String '${x as string}' was not recognized as a valid Boolean.`);
    }
  }
  cannotConvert(v.type, 'System.Boolean');
}

/**
 * The explicit conversion `(T)token` for a target type's full name; `nullable` for `int?` etc.
 * Casting a null reference gives null for reference and nullable targets.
 */
export function castToken(token: JToken | null, target: string, nullable: boolean): unknown {
  if (token === null || token === undefined) {
    if (target === 'System.String' || nullable) return null;
    throw dotnetError('System.ArgumentNullException', "Value cannot be null. (Parameter 'value')");
  }
  if (!(token instanceof JValue)) cannotConvert(token.type, nullable ? `Nullable\`1` : target);
  if ((token.type === 'Null' || token.type === 'Undefined') && (nullable || target === 'System.String' || target === 'System.Byte[]' || target === 'System.Uri')) return null;
  switch (target) {
    case 'System.String':
      if (token.type === 'Bytes') return Buffer.from(token.value as Uint8Array).toString('base64');
      return jvalueText(token);
    case 'System.Int32':
    case 'System.Int16':
    case 'System.Byte':
    case 'System.UInt32':
      return Number(toInteger(token, target));
    case 'System.Int64':
      return toInteger(token, target);
    case 'System.Double':
      return toDouble(token, target);
    case 'System.Decimal':
      return toDecimal(token);
    case 'System.Single':
      return Math.fround(toDouble(token, target));
    case 'System.Boolean':
      return toBool(token);
    case 'System.DateTime':
      if (token.type === 'Date') return token.value;
      if (token.type === 'String') {
        const ms = Date.parse(token.value as string);
        if (Number.isNaN(ms)) throw dotnetError('System.FormatException', `String '${token.value as string}' was not recognized as a valid DateTime.`);
        return new DateTimeValue(ms, 'Unspecified');
      }
      cannotConvert(token.type, target);
      break;
    case 'System.Guid':
      if (token.type === 'Guid') return token.value;
      if (token.type === 'String') return new GuidValue((token.value as string).toLowerCase());
      cannotConvert(token.type, target);
      break;
    case 'System.Char':
      if (token.type === 'String' && (token.value as string).length === 1) return (token.value as string).charCodeAt(0);
      cannotConvert(token.type, target);
      break;
    case 'System.Byte[]':
      if (token.type === 'Bytes') return token.value;
      if (token.type === 'String') return new Uint8Array(Buffer.from(token.value as string, 'base64'));
      cannotConvert(token.type, target);
  }
  throw dotnetError('System.InvalidCastException', `Unable to cast a JToken to '${target}'.`);
}

/** `token.Value<T>()`: Newtonsoft's Extensions.Convert (default for a missing token). */
export function valueAs(token: JToken | null, t: Ty): unknown {
  const nullable = t.kind === 'named' && t.def!.fullName === 'System.Nullable';
  const target = nullable ? t.args[0]! : t;
  const name = target.kind === 'array' ? target.dotnetName : target.kind === 'named' ? target.def!.fullName : 'System.Object';
  if (token === null || token === undefined) return nullable ? null : defaultOf(name);
  if (name.startsWith('Newtonsoft.Json.Linq.')) return token;
  if (!(token instanceof JValue)) throw dotnetError('System.InvalidCastException', `Cannot cast ${token.typeFullName()} to Newtonsoft.Json.Linq.JValue.`);
  if (name === 'System.Object') return boxedValueOf(token);
  if (token.type === 'Null' || token.type === 'Undefined') {
    if (nullable || name === 'System.String') return null;
    throw dotnetError('System.InvalidCastException', 'Null object cannot be converted to a value type.');
  }
  return castToken(token, name, nullable);
}


/** JValue.Value as an `object`. */
export function boxedValueOf(v: JValue): unknown {
  switch (v.type) {
    case 'Float':
      return v.value instanceof DecimalValue ? v.value : new BoxedValue('System.Double', v.value as number);
    case 'Null':
    case 'Undefined':
      return null;
    default:
      return v.value;
  }
}

/** JToken.FromObject / the serializer's view of a .NET value. */
export function fromObject(v: unknown, depth = 0): JToken {
  if (depth > 64) throw dotnetError('Newtonsoft.Json.JsonSerializationException', 'Self referencing loop detected.');
  if (v instanceof JToken) return v.clone();
  if (v === null || v === undefined) return JValue.null();
  // LINQ to XML nodes convert as Newtonsoft's XmlNodeConverter does (docs/xml.md).
  if (v instanceof XObjectValue) return xmlToJson(v);
  if (typeof v !== 'object' || v instanceof BoxedValue || v instanceof DecimalValue || v instanceof DateTimeValue || v instanceof GuidValue || v instanceof Uint8Array) return JValue.from(v);
  if (v instanceof EnumValue) return new JValue(BigInt(v.value), 'Integer');
  if (Array.isArray(v)) {
    const a = new JArray();
    for (const x of v) a.add(fromObject(x, depth + 1));
    return a;
  }
  const def = defOfObject(v);
  const name = def?.fullName ?? '';
  if (name === 'System.Collections.Generic.Dictionary' || name.endsWith('Dictionary') || name.endsWith('VariableDictionary')) {
    const o = new JObject();
    for (const kv of enumerate(v)) {
      const pair = kv as { key: unknown; value: unknown };
      o.set(toDotnetString(pair.key), fromObject(pair.value, depth + 1));
    }
    return o;
  }
  if (name === 'System.Collections.Generic.KeyValuePair') {
    const pair = v as { key: unknown; value: unknown };
    const o = new JObject();
    o.set('Key', fromObject(pair.key, depth + 1));
    o.set('Value', fromObject(pair.value, depth + 1));
    return o;
  }
  // Anonymous objects: their members in declaration order.
  const anon = v as { names?: string[]; values?: unknown[] };
  if (Array.isArray(anon.names) && Array.isArray(anon.values)) {
    const o = new JObject();
    anon.names.forEach((n, i) => o.set(n, fromObject(anon.values![i], depth + 1)));
    return o;
  }
  if (def) {
    for (let d: typeof def | undefined = def; d; d = d.baseType()?.def) {
      if (d.iterateFn) {
        const a = new JArray();
        for (const x of enumerate(v)) a.add(fromObject(x, depth + 1));
        return a;
      }
      if (d.toStringFn && d.kind === 'struct') return new JValue(d.toStringFn(v), 'String');
    }
  }
  return new JValue(toDotnetString(v), 'String');
}

/** JsonConvert.SerializeObject(value[, formatting]). */
export function serializeObject(v: unknown, indented: boolean): string {
  if (v === null || v === undefined) return 'null';
  return fromObject(v).toJson(indented);
}

/** `(JObject)`-style parse for DeserializeObject<T>. */
export function deserialize(text: string | null, t: Ty | undefined): unknown {
  if (text === null || text === undefined) throw dotnetError('System.ArgumentNullException', "Value cannot be null. (Parameter 'value')");
  const token = parseJson(text, 'JToken');
  if (!t) return token instanceof JValue ? boxedValueOf(token) : token;
  return toObject(token, t);
}

/** JToken.ToObject<T>() for the targets policies use. */
export function toObject(token: JToken, t: Ty): unknown {
  const name = t.kind === 'named' ? t.def!.fullName : t.kind === 'array' ? 'array' : 'System.Object';
  switch (name) {
    case 'Newtonsoft.Json.Linq.JToken':
      return token;
    case 'Newtonsoft.Json.Linq.JObject':
      if (token instanceof JObject) return token;
      if (token instanceof JValue && token.type === 'Null') return null;
      throw dotnetError('System.InvalidCastException', `Unable to cast object of type '${token.typeFullName()}' to type 'Newtonsoft.Json.Linq.JObject'.`);
    case 'Newtonsoft.Json.Linq.JArray':
      if (token instanceof JArray) return token;
      if (token instanceof JValue && token.type === 'Null') return null;
      throw dotnetError('System.InvalidCastException', `Unable to cast object of type '${token.typeFullName()}' to type 'Newtonsoft.Json.Linq.JArray'.`);
    case 'System.Object':
      return token instanceof JValue ? boxedValueOf(token) : token;
    case 'array': {
      if (!(token instanceof JArray)) throw serializationError(token, t.dotnetName);
      const el = t.element!;
      const items = token.items.map((x) => toObject(x, el));
      return el.kind === 'named' && el.def!.fullName === 'System.Byte' ? Uint8Array.from(items as number[]) : makeArray(el.kind === 'named' ? el.def!.fullName : 'System.Object', items);
    }
  }
  const hook = collectionHooks.get(name);
  if (hook) return hook(token, t);
  if (token instanceof JValue) return valueAs(token, t);
  throw serializationError(token, t.dotnetName);
}

function serializationError(token: JToken, target: string): Error {
  const kind = token instanceof JObject ? 'a JSON object' : token instanceof JArray ? 'a JSON array' : 'this JSON value';
  return dotnetError('Newtonsoft.Json.JsonSerializationException', `Cannot deserialize ${kind} into type '${target}'.`);
}

/** Collection targets of ToObject/DeserializeObject (List<T>, Dictionary<K,V>) registered by runtime/json.ts. */
export const collectionHooks = new Map<string, (token: JToken, t: Ty) => unknown>();

export { JProperty };
