/**
 * The Newtonsoft.Json.Linq token model (JToken, JContainer, JObject, JArray, JProperty, JValue) with
 * Newtonsoft's behaviour: property order kept, indexers return null when absent, tokens added to a
 * second parent are cloned, ToString() indents with two spaces, Formatting.None is compact.
 */
import { dotnetError } from '../errors.js';
import { BoxedValue, DateTimeValue, GuidValue, EnumValue } from '../values.js';
import { formatDouble } from '../runtime/number-format.js';
import { DecimalValue } from '../runtime/decimal-value.js';
import { chargeProgress, chargeSteps, checkCollectionSize, checkStringLength, PROGRESS_EVERY } from '../budget.js';

export type JTokenTypeName =
  | 'None' | 'Object' | 'Array' | 'Constructor' | 'Property' | 'Comment' | 'Integer' | 'Float' | 'String'
  | 'Boolean' | 'Null' | 'Undefined' | 'Date' | 'Raw' | 'Bytes' | 'Guid' | 'Uri' | 'TimeSpan';

export const JTOKEN_TYPES: Record<JTokenTypeName, number> = {
  None: 0, Object: 1, Array: 2, Constructor: 3, Property: 4, Comment: 5, Integer: 6, Float: 7, String: 8,
  Boolean: 9, Null: 10, Undefined: 11, Date: 12, Raw: 13, Bytes: 14, Guid: 15, Uri: 16, TimeSpan: 17,
};

export abstract class JToken {
  parent: JContainer | null = null;
  abstract get type(): JTokenTypeName;
  abstract clone(): JToken;
  abstract write(out: string[], indent: string | null, depth: number): void;

  /** JSON text: indented with two spaces (Formatting.Indented) or compact (Formatting.None). */
  toJson(indented: boolean): string {
    const out: string[] = [];
    this.write(out, indented ? '  ' : null, 0);
    const s = out.join('');
    checkStringLength(s.length);
    return s;
  }

  /** JToken.Path as Newtonsoft builds it: `a.b[0]`, `['odd key']`. */
  get path(): string {
    const parts: string[] = [];
    let cur: JToken = this;
    while (cur.parent) {
      const p: JContainer = cur.parent;
      if (p instanceof JArray) parts.unshift(`[${p.items.indexOf(cur)}]`);
      else if (p instanceof JProperty) {
        const name = p.name;
        parts.unshift(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `['${name.replace(/'/g, "\\'")}']`);
      }
      cur = p;
    }
    const s = parts.join('');
    return s.startsWith('.') ? s.slice(1) : s;
  }

  get root(): JToken {
    let cur: JToken = this;
    while (cur.parent) cur = cur.parent;
    return cur;
  }

  /** The token's children (JObject: its properties, JArray: items, JProperty: its value). */
  children(): JToken[] {
    return [];
  }

  get next(): JToken | null {
    const p = this.parent;
    if (!p) return null;
    const siblings = p.childTokens();
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }
  get previous(): JToken | null {
    const p = this.parent;
    if (!p) return null;
    const siblings = p.childTokens();
    return siblings[siblings.indexOf(this) - 1] ?? null;
  }

  remove(): void {
    if (!this.parent) throw dotnetError('System.InvalidOperationException', 'The parent is missing.');
    this.parent.removeChild(this);
  }

  /** Indexer on a JToken-typed receiver: dispatched by the token's kind. */
  getItem(key: unknown): JToken | null {
    throw dotnetError('System.InvalidOperationException', `Cannot access child value on ${this.typeFullName()}.`);
  }
  setItem(key: unknown, value: JToken | null): void {
    void key;
    void value;
    throw dotnetError('System.InvalidOperationException', `Cannot set child value on ${this.typeFullName()}.`);
  }

  typeFullName(): string {
    return `Newtonsoft.Json.Linq.${this.constructor.name}`;
  }

  /** The reader token name used in JsonReaderException messages. */
  readerTokenName(): string {
    return this.type;
  }
}

export abstract class JContainer extends JToken {
  abstract childTokens(): JToken[];
  abstract removeChild(t: JToken): void;
  override children(): JToken[] {
    return this.childTokens();
  }
  get count(): number {
    return this.childTokens().length;
  }
  get first(): JToken | null {
    return this.childTokens()[0] ?? null;
  }
  get last(): JToken | null {
    return this.childTokens().at(-1) ?? null;
  }
  *descendants(): Generator<JToken> {
    for (const c of this.childTokens()) {
      yield c;
      if (c instanceof JContainer) yield* c.descendants();
    }
  }
}

/** A token attached to a new parent: Newtonsoft clones tokens that already have one. */
export function adopt(t: JToken | null, parent: JContainer): JToken {
  const token = t ?? JValue.null();
  const own = token.parent ? token.clone() : token;
  own.parent = parent;
  return own;
}

export class JProperty extends JContainer {
  private val: JToken;
  constructor(
    readonly name: string,
    value: JToken | null,
  ) {
    super();
    this.val = adopt(value, this);
  }
  get type(): JTokenTypeName {
    return 'Property';
  }
  get value(): JToken {
    return this.val;
  }
  set value(v: JToken | null) {
    this.val.parent = null;
    this.val = adopt(v, this);
  }
  childTokens(): JToken[] {
    return [this.val];
  }
  removeChild(): void {
    throw dotnetError('System.InvalidOperationException', 'Cannot add or remove items from Newtonsoft.Json.Linq.JProperty.');
  }
  clone(): JProperty {
    return new JProperty(this.name, this.val.clone());
  }
  write(out: string[], indent: string | null, depth: number): void {
    out.push(quote(this.name), indent !== null ? ': ' : ':');
    this.val.write(out, indent, depth);
  }
}

export class JObject extends JContainer {
  readonly props = new Map<string, JProperty>();
  get type(): JTokenTypeName {
    return 'Object';
  }
  childTokens(): JToken[] {
    return [...this.props.values()];
  }
  removeChild(t: JToken): void {
    if (t instanceof JProperty && this.props.get(t.name) === t) {
      this.props.delete(t.name);
      t.parent = null;
    }
  }
  get(name: string): JToken | null {
    return this.props.get(name)?.value ?? null;
  }
  set(name: string, value: JToken | null): void {
    const existing = this.props.get(name);
    if (existing) existing.value = value;
    else this.addProperty(new JProperty(name, value));
  }
  /** Add(string, JToken) and Add(JProperty): a duplicate name is an ArgumentException. */
  addProperty(p: JProperty): void {
    if (this.props.has(p.name)) {
      throw dotnetError('System.ArgumentException', `Can not add property ${p.name} to Newtonsoft.Json.Linq.JObject. Property with the same name already exists on object.`);
    }
    const own = p.parent ? p.clone() : p;
    own.parent = this;
    this.props.set(own.name, own);
    if ((this.props.size & 1023) === 0) checkCollectionSize(this.props.size);
  }
  /** JContainer.Add(object) on a JObject: JProperty or a JObject's properties. */
  addContent(content: unknown): void {
    if (content instanceof JProperty) this.addProperty(content);
    else if (content instanceof JObject) for (const p of content.props.values()) this.addProperty(new JProperty(p.name, p.value));
    else if (content === null || content === undefined) return;
    else throw dotnetError('System.ArgumentException', `Can not add ${contentTypeName(content)} to Newtonsoft.Json.Linq.JObject.`);
  }
  removeProperty(name: string): boolean {
    const p = this.props.get(name);
    if (!p) return false;
    this.props.delete(name);
    p.parent = null;
    return true;
  }
  override getItem(key: unknown): JToken | null {
    if (typeof key !== 'string') throw dotnetError('System.ArgumentException', `Accessed JObject values with invalid key value: ${keyText(key)}. Object property name expected.`);
    return this.get(key);
  }
  override setItem(key: unknown, value: JToken | null): void {
    if (typeof key !== 'string') throw dotnetError('System.ArgumentException', `Set JObject values with invalid key value: ${keyText(key)}. Object property name expected.`);
    this.set(key, value);
  }
  clone(): JObject {
    const o = new JObject();
    chargeSteps(this.props.size); // a deep copy: each node is charged by its parent
    for (const p of this.props.values()) o.addProperty(p.clone());
    return o;
  }
  write(out: string[], indent: string | null, depth: number): void {
    if (this.props.size === 0) {
      out.push('{}');
      return;
    }
    out.push('{');
    let first = true;
    for (const p of this.props.values()) {
      if (!first) out.push(',');
      first = false;
      if (indent !== null) out.push('\n', indent.repeat(depth + 1));
      p.write(out, indent, depth + 1);
    }
    if (indent !== null) out.push('\n', indent.repeat(depth));
    out.push('}');
  }
  override readerTokenName(): string {
    return 'StartObject';
  }
}

export class JArray extends JContainer {
  readonly items: JToken[] = [];
  get type(): JTokenTypeName {
    return 'Array';
  }
  childTokens(): JToken[] {
    return this.items;
  }
  removeChild(t: JToken): void {
    const i = this.items.indexOf(t);
    if (i >= 0) {
      this.items.splice(i, 1);
      t.parent = null;
    }
  }
  add(t: JToken | null): void {
    this.items.push(adopt(t, this));
    if ((this.items.length & 1023) === 0) checkCollectionSize(this.items.length);
  }
  at(i: number): JToken {
    if (i < 0 || i >= this.items.length) {
      throw dotnetError('System.ArgumentOutOfRangeException', "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')");
    }
    return this.items[i]!;
  }
  override getItem(key: unknown): JToken | null {
    if (typeof key !== 'number') throw dotnetError('System.ArgumentException', `Accessed JArray values with invalid key value: ${keyText(key)}. Int32 array index expected.`);
    return this.at(key);
  }
  override setItem(key: unknown, value: JToken | null): void {
    if (typeof key !== 'number') throw dotnetError('System.ArgumentException', `Set JArray values with invalid key value: ${keyText(key)}. Int32 array index expected.`);
    const old = this.at(key);
    old.parent = null;
    this.items[key] = adopt(value, this);
  }
  clone(): JArray {
    chargeSteps(this.items.length); // a deep copy: each node is charged by its parent
    const a = new JArray();
    for (const t of this.items) a.add(t.clone());
    return a;
  }
  write(out: string[], indent: string | null, depth: number): void {
    if (this.items.length === 0) {
      out.push('[]');
      return;
    }
    out.push('[');
    this.items.forEach((t, i) => {
      if (i) out.push(',');
      if (indent !== null) out.push('\n', indent.repeat(depth + 1));
      t.write(out, indent, depth + 1);
    });
    if (indent !== null) out.push('\n', indent.repeat(depth));
    out.push(']');
  }
  override readerTokenName(): string {
    return 'StartArray';
  }
}

/**
 * A primitive. `value` holds: string, boolean, bigint (Integer), number or DecimalValue (Float), DateTimeValue (Date,
 * with `text` keeping the ISO form read from JSON), GuidValue, Uint8Array (Bytes) or null.
 */
export class JValue extends JToken {
  constructor(
    readonly value: unknown,
    private readonly kind: JTokenTypeName,
    /** The original ISO text of a Date read from JSON (serialised back unchanged). */
    readonly text?: string,
  ) {
    super();
  }
  static null(): JValue {
    return new JValue(null, 'Null');
  }
  static from(v: unknown): JValue {
    if (v === null || v === undefined) return JValue.null();
    // A decimal stays a decimal (Float): 2.50m keeps its scale in ToString and serialisation.
    if (v instanceof DecimalValue) return new JValue(v, 'Float');
    if (v instanceof BoxedValue) {
      if (v.type === 'System.Char') return new JValue(String.fromCharCode(v.value as number), 'String');
      if (typeof v.value === 'bigint') return new JValue(v.value, 'Integer');
      return v.type === 'System.Double' || v.type === 'System.Single' ? new JValue(v.value, 'Float') : new JValue(BigInt(v.value), 'Integer');
    }
    switch (typeof v) {
      case 'string':
        return new JValue(v, 'String');
      case 'boolean':
        return new JValue(v, 'Boolean');
      case 'bigint':
        return new JValue(v, 'Integer');
      case 'number':
        return Number.isInteger(v) ? new JValue(BigInt(v), 'Integer') : new JValue(v, 'Float');
    }
    if (v instanceof DateTimeValue) return new JValue(v, 'Date');
    if (v instanceof GuidValue) return new JValue(v, 'Guid');
    if (v instanceof Uint8Array) return new JValue(v, 'Bytes');
    if (v instanceof EnumValue) return new JValue(BigInt(v.value), 'Integer');
    throw dotnetError('System.ArgumentException', `Could not determine JSON object type for type ${contentTypeName(v)}.`);
  }
  get type(): JTokenTypeName {
    return this.kind;
  }
  clone(): JValue {
    return new JValue(this.value, this.kind, this.text);
  }
  write(out: string[]): void {
    out.push(jsonOfPrimitive(this));
  }
  override readerTokenName(): string {
    return this.kind;
  }
}

export function jsonOfPrimitive(v: JValue): string {
  const x = v.value;
  switch (v.type) {
    case 'Null':
      return 'null';
    case 'Undefined':
      return 'undefined';
    case 'Boolean':
      return x ? 'true' : 'false';
    case 'Integer':
      return String(x);
    case 'Float':
      return x instanceof DecimalValue ? jsonDecimal(x) : jsonFloat(x as number);
    case 'String':
      return quote(x as string);
    case 'Date':
      return quote(v.text ?? isoOf(x as DateTimeValue));
    case 'Guid':
      return quote((x as GuidValue).text);
    case 'Bytes':
      return quote(Buffer.from(x as Uint8Array).toString('base64'));
    default:
      return quote(String(x));
  }
}

/** Newtonsoft writes doubles as "R" and adds ".0" to integral values. */
export function jsonFloat(n: number): string {
  if (Number.isNaN(n)) return '"NaN"';
  if (n === Infinity) return '"Infinity"';
  if (n === -Infinity) return '"-Infinity"';
  const s = formatDouble(n, 'R');
  return /[.E]/.test(s) ? s : s + '.0';
}

/** Newtonsoft writes a decimal as its ToString() and adds ".0" to integral values (2.50m → 2.50, 2m → 2.0). */
export function jsonDecimal(d: DecimalValue): string {
  const s = d.toString();
  return s.includes('.') ? s : s + '.0';
}

export function isoOf(d: DateTimeValue): string {
  const iso = new Date(d.epochMs).toISOString(); // 2020-01-02T10:00:00.000Z
  const frac = (String(d.epochMs % 1000 < 0 ? d.epochMs % 1000 + 1000 : d.epochMs % 1000).padStart(3, '0') + String(d.subMsTicks).padStart(4, '0')).replace(/0+$/, '');
  return iso.slice(0, 19) + (frac ? '.' + frac : '') + (d.kind === 'Utc' ? 'Z' : d.kind === 'Local' ? '+00:00' : '');
}

/** JSON string literal as Newtonsoft escapes it (default StringEscapeHandling). */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    if ((i & (PROGRESS_EVERY - 1)) === PROGRESS_EVERY - 1) chargeProgress(PROGRESS_EVERY, out.length);
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20 || c === 0x85 || c === 0x2028 || c === 0x2029) {
      switch (ch) {
        case '\n': out += '\\n'; break;
        case '\r': out += '\\r'; break;
        case '\t': out += '\\t'; break;
        case '\b': out += '\\b'; break;
        case '\f': out += '\\f'; break;
        default: out += '\\u' + c.toString(16).padStart(4, '0');
      }
    } else out += ch;
  }
  return out + '"';
}

function keyText(k: unknown): string {
  return typeof k === 'string' ? `"${k}"` : String(k);
}

export function contentTypeName(v: unknown): string {
  if (v instanceof JToken) return v.typeFullName();
  if (typeof v === 'string') return 'System.String';
  if (typeof v === 'boolean') return 'System.Boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'System.Int32' : 'System.Double';
  if (typeof v === 'bigint') return 'System.Int64';
  return 'System.Object';
}
