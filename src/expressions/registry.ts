/**
 * The registry of the .NET surface a policy expression may use. Only what is registered here resolves;
 * everything else is a compile-time diagnostic naming the type and member (the sandbox's allow-list).
 *
 * ## Registering a type (runtime modules do this at import time; runtime/index.ts imports them all)
 *
 * ```ts
 * import { registerType, method, generic, prop, field, ctor, indexer, cast, op } from '../registry.js';
 * import { dotnetError } from '../errors.js';
 *
 * registerType({
 *   name: 'System.Convert',            // full .NET name; the short name `Convert` resolves automatically
 *   kind: 'static',                    // 'class' (default) | 'struct' | 'static' | 'interface' | 'enum'
 *   statics: {
 *     ToBase64String: [
 *       method('(byte[] inArray) => string', (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')),
 *       method('(byte[] inArray, int offset, int length) => string', (b, o, l) => …),
 *     ],
 *     FromBase64String: method('(string s) => byte[]', (s: string) => { if (bad) throw dotnetError('System.FormatException', '…'); … }),
 *   },
 * });
 *
 * registerType({
 *   name: 'System.Text.StringBuilder',
 *   jsClass: StringBuilderValue,      // runtime values `instanceof` this class have this type
 *   constructors: [ctor('()', () => new StringBuilderValue()), ctor('(string value)', (s) => …)],
 *   members: {
 *     Length: prop('int', (self: StringBuilderValue) => self.length),        // instance: fn(self, …args)
 *     Append: [method('(string value) => StringBuilder', (self, s) => …), method('(char value) => StringBuilder', …)],
 *   },
 *   toString: (self) => self.text,     // what ToString(), string concatenation and interpolation show
 * });
 *
 * registerType({
 *   name: 'System.Collections.Generic.List<T>',  // generic definition: type parameters in <>
 *   jsClass: ListValue,
 *   typeArgs: (self: ListValue) => [self.elementType],  // runtime generic arguments (full .NET names)
 *   interfaces: ['System.Collections.Generic.IEnumerable<T>'],
 *   iterate: (self: ListValue) => self.items,     // foreach and LINQ
 *   constructors: [ctor('()', (/* typeArgs are bound below *\/) => …)],
 *   members: { Add: method('(T item) => void', (self, item) => …), Count: prop('int', (self) => self.items.length) },
 *   indexers: [indexer('(int index) => T', (self, i) => …, (self, i, value) => …)],
 * });
 *
 * registerType({
 *   name: 'System.Linq.Enumerable', kind: 'static',
 *   extensions: {                                   // extension methods: the first parameter is `this`
 *     Where: method('<T>(this IEnumerable<T> source, Func<T, bool> predicate) => IEnumerable<T>', (src, pred) => …),
 *     Select: method('<T, R>(this IEnumerable<T> source, Func<T, R> selector) => IEnumerable<R>', (src, f) => …),
 *   },
 * });
 *
 * registerType({ name: 'System.StringComparison', kind: 'enum', enumMembers: { Ordinal: 4, OrdinalIgnoreCase: 5 } });
 * ```
 *
 * ## Signatures
 *
 * `[<T, U>](param, …) => ReturnType`; a parameter is `[this] [params] Type [name] [= default]`.
 * Types use C# spelling: keywords (`int`, `string`, `byte[]`, `object`), short or full names of registered
 * types (`JObject`, `System.Uri`), generics (`IEnumerable<KeyValuePair<string, string[]>>`), nullables
 * (`int?`), delegates (`Func<T, bool>`, `Action<T>`), and the type parameters of the method or of the type.
 * Defaults may be `null`, `true`, `false`, numbers or "strings". `params T[] xs` takes any number of
 * trailing arguments and the function receives them as one array. A signature's types are resolved when
 * first used, so modules may register in any order.
 *
 * ## Calling convention
 *
 * - static method / property getter: `fn(...args)`; instance: `fn(self, ...args)` (self is never null:
 *   the interpreter throws NullReferenceException first); constructor: `fn(...args)`.
 * - generic methods whose code depends on the type arguments (`As<T>()`, `Value<T>()`) use
 *   `generic(sig, (typeArgs: Ty[]) => fn)`: the binder runs once per call site at compile time (or
 *   once per runtime type at a dynamic call site) and returns the specialised function.
 *   `typeArgs[i].name` is the full .NET name (`System.String`), `.display` the C# one.
 * - lambdas arrive as plain JS functions; call them as `f(x)`. Each call is charged to the
 *   evaluation's step budget, so a runaway lambda stops too.
 * - arguments and results follow the value model in values.ts.
 * - `out`/`ref` parameters (`TryParse(string s, out int result)`): the function receives a `{ value }`
 *   holder and sets `holder.value`; the interpreter stores it into the caller's variable after the call.
 * - `params T[]` parameters arrive as one array (`Uint8Array` for `byte[]`).
 * - enumerating an argument (IEnumerable): `enumerate(value)` from enumerate.ts walks arrays, strings (as
 *   chars), byte[] and every registered type with an `iterate` hook.
 * - hooks (`toString`, `format`, `equals`, `compare`, `iterate`, `toJson`) are inherited along `base`.
 * - errors: `throw dotnetError('System.ArgumentNullException', 'Value cannot be null. (Parameter \'s\')')`.
 * - growth caps: call `checkStringLength(n)` / `checkCollectionSize(n)` from budget.ts when a runtime
 *   function builds a string or collection whose size the policy controls.
 *
 * ## Resolution (fast path)
 *
 * Member resolution happens once, at compile time, when the receiver's static type is known: the
 * compiler picks the overload (arity, then argument types; best conversion wins) and captures its
 * function in a closure, so evaluation does no string lookups. When the static type is `dynamic`
 * (e.g. an untyped lambda parameter), the call site resolves on the runtime type on first use and
 * caches the result per runtime type.
 *
 * Registering the same type name twice merges: members, overloads and statics are added. This lets a
 * runtime module add `Parse`/`TryParse` to `System.Int32`, which the core registers.
 */
import { Ty } from './types.js';
import { KEYWORD_TYPES } from './values.js';

// ───────────────────────────── member specifications ─────────────────────────────

export type AnyFn = (...args: any[]) => unknown;

export interface ParamSpec {
  type: Ty;
  name: string;
  /** True for `this` (extension methods). */
  isThis: boolean;
  /** True for `params T[]`. */
  isParams: boolean;
  /** Present when optional. */
  default?: { value: unknown };
  /** `out` / `ref` parameters (TryParse): the function receives a `{ value }` holder. */
  byRef?: 'out' | 'ref';
}

export interface Signature {
  typeParams: string[];
  params: ParamSpec[];
  returns: Ty;
}

/** One overload of a method, constructor, indexer or operator. */
export interface Overload {
  kind: 'method' | 'ctor' | 'indexer' | 'cast' | 'operator';
  /** The signature text, parsed lazily (types may be registered later). */
  sigText: string;
  sig?: Signature;
  fn?: AnyFn;
  bind?: (typeArgs: Ty[]) => AnyFn;
  /** Indexers only: the setter. */
  set?: AnyFn;
  /** Casts only. */
  explicit?: boolean;
}

export interface PropertySpec {
  kind: 'property';
  typeText: string;
  type?: Ty;
  get: AnyFn;
  set?: AnyFn;
}

export interface FieldSpec {
  kind: 'field';
  typeText: string;
  type?: Ty;
  value: unknown;
}

export type MemberSpec = Overload | Overload[] | PropertySpec | FieldSpec;

/** A method overload: `method('(string s, int n) => string', fn)`. */
export function method(sig: string, fn: AnyFn): Overload {
  return { kind: 'method', sigText: sig, fn };
}
/** A generic method specialised by its type arguments: `generic('<T>() => T', ([t]) => (self) => …)`. */
export function generic(sig: string, bind: (typeArgs: Ty[]) => AnyFn): Overload {
  return { kind: 'method', sigText: sig, bind };
}
export function ctor(sig: string, fn: AnyFn): Overload {
  return { kind: 'ctor', sigText: `${sig} => void`, fn };
}
/** A generic type's constructor that needs the type's arguments: `new List<string>()`. */
export function genericCtor(sig: string, bind: (typeArgs: Ty[]) => AnyFn): Overload {
  return { kind: 'ctor', sigText: `${sig} => void`, bind };
}
/** `indexer('(string key) => JToken', get, set?)`. */
export function indexer(sig: string, get: AnyFn, set?: AnyFn): Overload {
  return { kind: 'indexer', sigText: sig, fn: get, ...(set ? { set } : {}) };
}
/** A conversion: `cast('explicit (JToken value) => string', fn)` or `cast('implicit (string value) => JToken', fn)`. */
export function cast(sig: string, fn: AnyFn): Overload {
  const m = /^\s*(explicit|implicit)\s+/.exec(sig);
  if (!m) throw new Error(`cast signature must start with explicit or implicit: ${sig}`);
  return { kind: 'cast', sigText: sig.slice(m[0].length), fn, explicit: m[1] === 'explicit' };
}
/** A user-defined operator: `op('(DateTime d, TimeSpan t) => DateTime', fn)` under `operators: { '+': … }`. */
export function op(sig: string, fn: AnyFn): Overload {
  return { kind: 'operator', sigText: sig, fn };
}
export function prop(type: string, get: AnyFn, set?: AnyFn): PropertySpec {
  return { kind: 'property', typeText: type, get, ...(set ? { set } : {}) };
}
export function field(type: string, value: unknown): FieldSpec {
  return { kind: 'field', typeText: type, value };
}

export type TypeKind = 'class' | 'struct' | 'static' | 'interface' | 'enum' | 'delegate';

export interface TypeSpec {
  /** Full .NET name; generic definitions list their parameters: `System.Collections.Generic.List<T>`. */
  name: string;
  /** Extra names usable in code (C# keywords: `string`, `int`). The short name is always usable. */
  aliases?: string[];
  kind?: TypeKind;
  /** Full name of the base class (default `System.Object`; `System.ValueType` for structs). */
  base?: string;
  /** Implemented interfaces, in signature syntax, may use the type's parameters: `IEnumerable<T>`. */
  interfaces?: string[];
  /** Runtime values that are `instanceof` one of these classes have this type. */
  jsClass?: Function | Function[];
  /** For runtime values that are not class instances: a test (checked after jsClass lookups). */
  test?: (value: unknown) => boolean;
  /** Runtime generic arguments of a value, as type names (`System.String`, `Newtonsoft.Json.Linq.JToken`). */
  typeArgs?: (self: any) => string[];
  statics?: Record<string, MemberSpec>;
  members?: Record<string, MemberSpec>;
  constructors?: Overload[];
  indexers?: Overload[];
  /** Conversions to or from this type (`cast(…)`). */
  casts?: Overload[];
  /** User-defined operators by C# token: '+', '-', '==', '!=', '<', '>', '<=', '>=', '*', '/', '%'. */
  operators?: Record<string, Overload[]>;
  /** Extension methods (first parameter `this …`), found by name for any receiver they accept. */
  extensions?: Record<string, Overload | Overload[]>;
  /** Enum members and their values. */
  enumMembers?: Record<string, number>;
  /** Enum is a [Flags] enum (ToString joins names with ", "). */
  flags?: boolean;
  /** .NET `ToString()` (also used by concatenation, interpolation and attribute rendering). */
  toString?: (self: any) => string;
  /** `ToString(format)` and composite formatting `{0:format}` (IFormattable). */
  format?: (self: any, format: string) => string;
  /** Value equality for `==`, `Equals`, dictionary keys (structs: DateTime, Guid, TimeSpan …). */
  equals?: (a: any, b: any) => boolean;
  /** Hash code for dictionary keys (defaults to toString). */
  hash?: (self: any) => string;
  /** Ordering for `<` and `CompareTo`, OrderBy (returns <0, 0, >0). */
  compare?: (a: any, b: any) => number;
  /** Enumeration for foreach and LINQ (IEnumerable). */
  iterate?: (self: any) => Iterable<unknown>;
  /** The element type of the enumeration, in signature syntax (e.g. `T`, `JToken`, `char`). */
  elementType?: string;
  /** JSON rendering for traces and `eval --format json` (default: toString). */
  toJson?: (self: any) => unknown;
  /** `default(T)` of a struct whose default is not a zero number (DateTime.MinValue, Guid.Empty, TimeSpan.Zero). */
  defaultValue?: unknown;
}

// ───────────────────────────── type definitions ─────────────────────────────

export interface EnumMember {
  name: string;
  value: number;
}

export class TypeDef {
  readonly fullName: string;
  readonly typeParams: string[];
  readonly displayName: string;
  kind: TypeKind;
  baseName: string | undefined;
  interfaceTexts: string[] = [];
  jsClasses: Function[] = [];
  test?: (value: unknown) => boolean;
  typeArgs?: (self: any) => string[];
  statics = new Map<string, MemberSpec>();
  members = new Map<string, MemberSpec>();
  constructors: Overload[] = [];
  indexers: Overload[] = [];
  casts: Overload[] = [];
  operators = new Map<string, Overload[]>();
  enumMembers = new Map<string, number>();
  flags = false;
  toStringFn?: (self: any) => string;
  formatFn?: (self: any, format: string) => string;
  equalsFn?: (a: any, b: any) => boolean;
  hashFn?: (self: any) => string;
  compareFn?: (a: any, b: any) => number;
  iterateFn?: (self: any) => Iterable<unknown>;
  elementTypeText?: string;
  toJsonFn?: (self: any) => unknown;
  defaultValue?: unknown;
  private baseTy?: Ty | null;
  private interfaceTys?: Ty[];

  constructor(name: string, kind: TypeKind) {
    const lt = name.indexOf('<');
    this.fullName = lt < 0 ? name : name.slice(0, lt);
    this.typeParams = lt < 0 ? [] : name.slice(lt + 1, -1).split(',').map((s) => s.trim());
    const short = this.fullName.slice(this.fullName.lastIndexOf('.') + 1);
    this.displayName = short;
    this.kind = kind;
    this.baseName = undefined;
  }

  get shortName(): string {
    return this.displayName;
  }

  /** The base class as a Ty in terms of this definition's type parameters (null for System.Object). */
  baseType(): Ty | null {
    if (this.baseTy === undefined) {
      const name = this.baseName ?? defaultBase(this);
      this.baseTy = name ? parseType(name, this.typeParams) : null;
    }
    return this.baseTy;
  }

  interfaces(): Ty[] {
    if (!this.interfaceTys) this.interfaceTys = this.interfaceTexts.map((t) => parseType(t, this.typeParams));
    return this.interfaceTys;
  }

  /** The type with its own parameters as arguments (`List<T>`). */
  selfType(): Ty {
    return Ty.named(
      this,
      this.typeParams.map((p) => Ty.param(p)),
    );
  }
}

function defaultBase(def: TypeDef): string | undefined {
  if (def.fullName === 'System.Object') return undefined;
  if (def.kind === 'interface') return undefined;
  if (def.kind === 'enum') return 'System.Enum';
  if (def.kind === 'struct') return 'System.ValueType';
  return 'System.Object';
}

const byFullName = new Map<string, TypeDef>();
/** name (full, short or alias) + '`' + arity → definitions. */
const byName = new Map<string, TypeDef[]>();
const extensionMethods = new Map<string, Overload[]>();
const classToDef = new Map<Function, TypeDef>();
const testedDefs: TypeDef[] = [];
let generation = 0;

function addName(name: string, def: TypeDef): void {
  const key = `${name}\`${def.typeParams.length}`;
  const list = byName.get(key) ?? [];
  if (!list.includes(def)) list.push(def);
  byName.set(key, list);
}

/** Register (or extend) a type. See the header comment for the shape. */
export function registerType(spec: TypeSpec): TypeDef {
  generation++;
  const probe = new TypeDef(spec.name, spec.kind ?? 'class');
  const key = probe.typeParams.length ? `${probe.fullName}\`${probe.typeParams.length}` : probe.fullName;
  let def = byFullName.get(key);
  if (!def) {
    def = probe;
    byFullName.set(key, def);
    // The plain name finds the first registered arity (System.Func → Func`1 …); exact arity via `Name\`N`.
    if (!byFullName.has(def.fullName)) byFullName.set(def.fullName, def);
    addName(def.fullName, def);
    addName(def.shortName, def);
  }
  if (spec.kind) def.kind = spec.kind;
  if (spec.base) def.baseName = spec.base;
  for (const a of spec.aliases ?? []) addName(a, def);
  if (spec.interfaces) def.interfaceTexts.push(...spec.interfaces);
  for (const c of toList(spec.jsClass)) {
    def.jsClasses.push(c);
    classToDef.set(c, def);
  }
  if (spec.test) {
    def.test = spec.test;
    testedDefs.push(def);
  }
  if (spec.typeArgs) def.typeArgs = spec.typeArgs;
  mergeMembers(def.statics, spec.statics);
  mergeMembers(def.members, spec.members);
  def.constructors.push(...(spec.constructors ?? []));
  def.indexers.push(...(spec.indexers ?? []));
  def.casts.push(...(spec.casts ?? []));
  for (const [tok, list] of Object.entries(spec.operators ?? {})) {
    def.operators.set(tok, [...(def.operators.get(tok) ?? []), ...list]);
  }
  for (const [name, m] of Object.entries(spec.extensions ?? {})) {
    extensionMethods.set(name, [...(extensionMethods.get(name) ?? []), ...toList(m)]);
  }
  for (const [name, value] of Object.entries(spec.enumMembers ?? {})) def.enumMembers.set(name, value);
  if (spec.flags) def.flags = true;
  // Hooks are read as own properties only: a spec without `toString` must not pick up
  // Object.prototype.toString (a second registration would make ToString() print `[object Object]`).
  const toStringFn = own(spec, 'toString');
  if (toStringFn) def.toStringFn = toStringFn;
  const formatFn = own(spec, 'format');
  if (formatFn) def.formatFn = formatFn;
  const equalsFn = own(spec, 'equals');
  if (equalsFn) def.equalsFn = equalsFn;
  const hashFn = own(spec, 'hash');
  if (hashFn) def.hashFn = hashFn;
  const compareFn = own(spec, 'compare');
  if (compareFn) def.compareFn = compareFn;
  const iterateFn = own(spec, 'iterate');
  if (iterateFn) def.iterateFn = iterateFn;
  const elementType = own(spec, 'elementType');
  if (elementType) def.elementTypeText = elementType;
  const toJsonFn = own(spec, 'toJson');
  if (toJsonFn) def.toJsonFn = toJsonFn;
  if (Object.hasOwn(spec, 'defaultValue')) def.defaultValue = spec.defaultValue;
  return def;
}

/** An optional key of a spec, only when the spec itself has it (never from Object.prototype). */
function own<K extends keyof TypeSpec>(spec: TypeSpec, key: K): TypeSpec[K] | undefined {
  return Object.hasOwn(spec, key) ? spec[key] : undefined;
}

function toList<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

function mergeMembers(into: Map<string, MemberSpec>, add: Record<string, MemberSpec> | undefined): void {
  for (const [name, spec] of Object.entries(add ?? {})) {
    const old = into.get(name);
    if (old && isOverloads(old) && isOverloads(spec)) into.set(name, [...toList(old), ...toList(spec)]);
    else into.set(name, spec);
  }
}

export function isOverloads(m: MemberSpec): m is Overload | Overload[] {
  return Array.isArray(m) || (m as Overload).sigText !== undefined;
}

/** Incremented on every registration (lets caches notice late registrations). */
export function registryGeneration(): number {
  return generation;
}

// ───────────────────────────── lookups ─────────────────────────────

/** A type definition by full name (`System.String`). */
export function typeByFullName(fullName: string): TypeDef | undefined {
  return byFullName.get(fullName);
}

/** Definitions reachable by a name as written in code (`Convert`, `System.Convert`, `string`) with that arity. */
export function typesByName(name: string, arity = 0): TypeDef[] {
  const kw = Object.hasOwn(KEYWORD_TYPES, name) ? KEYWORD_TYPES[name] : undefined;
  if (kw && arity === 0) {
    const def = byFullName.get(kw);
    return def ? [def] : [];
  }
  return byName.get(`${name}\`${arity}`) ?? [];
}

/** Whether any registered type's name starts with `prefix.` (so `System.Text` is a namespace). */
export function isNamespace(prefix: string): boolean {
  const p = prefix + '.';
  for (const name of byFullName.keys()) if (name.startsWith(p)) return true;
  return false;
}

/** All definitions (each once). */
function uniqueDefs(): TypeDef[] {
  return [...new Set(byFullName.values())];
}

export function extensionsNamed(name: string): Overload[] {
  return extensionMethods.get(name) ?? [];
}

/** All registered type definitions (for docs and tests). */
export function allTypes(): TypeDef[] {
  return uniqueDefs();
}

/** The registered definition of a JS class instance (walks the prototype chain). */
export function defOfObject(value: object): TypeDef | undefined {
  let proto = Object.getPrototypeOf(value) as { constructor?: Function } | null;
  while (proto) {
    const c = proto.constructor;
    if (c) {
      const def = classToDef.get(c);
      if (def) return def;
    }
    proto = Object.getPrototypeOf(proto) as { constructor?: Function } | null;
  }
  for (const def of testedDefs) if (def.test!(value)) return def;
  return undefined;
}

/** A definition with a `test` that accepts this (non-class) value. */
export function defByTest(value: unknown): TypeDef | undefined {
  for (const def of testedDefs) if (def.test!(value)) return def;
  return undefined;
}

// ───────────────────────────── parsing type and signature text ─────────────────────────────

const TOKEN = /\s*(=>|\.\.\.|[A-Za-z_][A-Za-z0-9_.]*|"(?:[^"\\]|\\.)*"|-?[0-9][0-9.]*[A-Za-z]?|[<>,()[\]?=])/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`cannot parse signature '${text}' at ${pos}`);
    out.push(m[1]!);
    pos = TOKEN.lastIndex;
  }
  return out;
}

class TokenStream {
  i = 0;
  constructor(
    readonly toks: string[],
    readonly text: string,
  ) {}
  peek(): string | undefined {
    return this.toks[this.i];
  }
  next(): string {
    const t = this.toks[this.i++];
    if (t === undefined) throw new Error(`unexpected end of signature '${this.text}'`);
    return t;
  }
  expect(t: string): void {
    const got = this.next();
    if (got !== t) throw new Error(`expected '${t}' but got '${got}' in '${this.text}'`);
  }
}

/** Resolve a type written in signature syntax. `typeParams` are names that stand for type parameters. */
export function parseType(text: string, typeParams: readonly string[] = []): Ty {
  const ts = new TokenStream(tokenize(text), text);
  const t = readType(ts, typeParams);
  if (ts.peek() !== undefined) throw new Error(`trailing text in type '${text}'`);
  return t;
}

function readType(ts: TokenStream, typeParams: readonly string[]): Ty {
  const name = ts.next();
  let t: Ty;
  if (name === 'dynamic') t = Ty.dynamic;
  else if (name === 'void') t = Ty.voidType;
  else if (typeParams.includes(name)) t = Ty.param(name);
  else {
    const args: Ty[] = [];
    if (ts.peek() === '<') {
      ts.next();
      for (;;) {
        args.push(readType(ts, typeParams));
        const sep = ts.next();
        if (sep === '>') break;
        if (sep !== ',') throw new Error(`expected ',' or '>' in '${ts.text}'`);
      }
    }
    t = resolveNamed(name, args, ts.text);
  }
  for (;;) {
    if (ts.peek() === '[') {
      ts.next();
      ts.expect(']');
      t = Ty.array(t);
    } else if (ts.peek() === '?') {
      ts.next();
      t = nullableOf(t);
    } else break;
  }
  return t;
}

function resolveNamed(name: string, args: Ty[], context: string): Ty {
  const defs = typesByName(name, args.length);
  if (defs.length === 0) throw new UnknownTypeError(`unknown type '${name}${args.length ? `<${args.length}>` : ''}' in '${context}'`);
  return Ty.named(defs[0]!, args);
}

export class UnknownTypeError extends Error {}

/** `T?` for a value type T (reference types stay as they are, as nullable annotations do). */
export function nullableOf(t: Ty): Ty {
  if (t.kind === 'named' && isValueTypeDef(t.def!) && t.def!.fullName !== 'System.Nullable') {
    const nullable = byFullName.get('System.Nullable');
    if (nullable) return Ty.named(nullable, [t]);
  }
  return t;
}

export function isValueTypeDef(def: TypeDef): boolean {
  return def.kind === 'struct' || def.kind === 'enum';
}

/** Parse `[<T, U>](params) => R` (the type's own parameters are also in scope). */
export function parseSignature(text: string, ownerTypeParams: readonly string[] = []): Signature {
  const ts = new TokenStream(tokenize(text), text);
  const typeParams: string[] = [];
  if (ts.peek() === '<') {
    ts.next();
    for (;;) {
      typeParams.push(ts.next());
      const sep = ts.next();
      if (sep === '>') break;
    }
  }
  const scope = [...ownerTypeParams, ...typeParams];
  ts.expect('(');
  const params: ParamSpec[] = [];
  if (ts.peek() === ')') ts.next();
  else
    for (;;) {
      let isThis = false;
      let isParams = false;
      let byRef: 'out' | 'ref' | undefined;
      for (;;) {
        const p = ts.peek();
        if (p === 'this') isThis = true;
        else if (p === 'params') isParams = true;
        else if (p === 'out' || p === 'ref') byRef = p;
        else break;
        ts.next();
      }
      const type = readType(ts, scope);
      let name = `arg${params.length}`;
      const maybeName = ts.peek();
      if (maybeName && /^[A-Za-z_]/.test(maybeName)) name = ts.next();
      const param: ParamSpec = { type, name, isThis, isParams, ...(byRef ? { byRef } : {}) };
      if (ts.peek() === '=') {
        ts.next();
        param.default = { value: parseDefault(ts.next(), type) };
      }
      params.push(param);
      const sep = ts.next();
      if (sep === ')') break;
      if (sep !== ',') throw new Error(`expected ',' or ')' in '${text}'`);
    }
  ts.expect('=>');
  const returns = readType(ts, scope);
  return { typeParams, params, returns };
}

function parseDefault(tok: string, type: Ty): unknown {
  if (tok === 'null') return null;
  if (tok === 'true') return true;
  if (tok === 'false') return false;
  if (tok.startsWith('"')) return JSON.parse(tok) as string;
  // Enum defaults (`StringSplitOptions.None`) arrive as null: functions treat null as the zero member.
  if (/^[A-Za-z_]/.test(tok)) return null;
  if (type.name === 'System.Int64' || type.name === 'System.UInt64') return BigInt(tok.replace(/[A-Za-z]$/, ''));
  return Number(tok.replace(/[A-Za-z]$/, ''));
}

/** The parsed signature of an overload (cached). `owner` supplies the type's own type parameters. */
export function signatureOf(o: Overload, owner?: TypeDef): Signature {
  if (!o.sig) o.sig = parseSignature(o.sigText, owner?.typeParams ?? []);
  return o.sig;
}

export function propertyType(p: PropertySpec | FieldSpec, owner: TypeDef): Ty {
  if (!p.type) p.type = parseType(p.typeText, owner.typeParams);
  return p.type;
}
