/**
 * Members of the collection interfaces (ICollection, IList, IReadOnlyCollection, IReadOnlyList,
 * IDictionary, IReadOnlyDictionary), so `IReadOnlyDictionary<string, X509Certificate2> d; d.Count`,
 * `IList<string> l; l[0]` compile as in C#. Each member dispatches at run time to the member of the same
 * name on the value's own type, as an interface call does in .NET; arrays, whose IList is implemented by
 * the CLR itself, are handled here.
 */
import { defOfObject, generic, indexer, isOverloads, method, prop, registerType, type MemberSpec, type Overload, type TypeDef } from '../registry.js';
import { defaultOfTy, valueEquals } from './equality.js';
import { fail } from './fail.js';

const G = 'System.Collections.Generic';
type AnyArray = unknown[] | Uint8Array;

const isArray = (v: unknown): v is AnyArray => Array.isArray(v) || v instanceof Uint8Array;

/** The value's own member `name`, searched up its base classes. */
function ownMember(self: object, name: string): MemberSpec | undefined {
  for (let def: TypeDef | undefined = defOfObject(self); def; def = def.baseType()?.def ?? undefined) {
    const m = def.members.get(name);
    if (m) return m;
  }
  return undefined;
}

function ownIndexer(self: object): Overload | undefined {
  for (let def: TypeDef | undefined = defOfObject(self); def; def = def.baseType()?.def ?? undefined) if (def.indexers[0]) return def.indexers[0];
  return undefined;
}

function missing(self: object, name: string): never {
  return fail('System.NotSupportedException', `'${defOfObject(self)?.fullName ?? 'object'}' does not implement '${name}'.`);
}

/** Reads a property of the value's own type. */
function getProperty(self: object, name: string): unknown {
  const m = ownMember(self, name);
  if (m && 'kind' in m && m.kind === 'property') return m.get(self);
  return missing(self, name);
}

/** Calls the value's own method `name` with `args` (the overload taking that many arguments). */
function callMethod(self: object, name: string, args: unknown[]): unknown {
  const m = ownMember(self, name);
  if (m && isOverloads(m)) {
    const list = Array.isArray(m) ? m : [m];
    const o = list.find((x) => x.fn && x.fn.length === args.length + 1) ?? list.find((x) => x.fn);
    if (o?.fn) return o.fn(self, ...args);
  }
  return missing(self, name);
}

function fixedSize(): never {
  return fail('System.NotSupportedException', 'Collection was of a fixed size.');
}

function arrayIndex(a: AnyArray, i: number): number {
  if (!Number.isInteger(i) || i < 0 || i >= a.length) fail('System.IndexOutOfRangeException', 'Index was outside the bounds of the array.');
  return i;
}

const arrayIndexOf = (a: AnyArray, x: unknown): number => Array.from(a as ArrayLike<unknown>).findIndex((y) => valueEquals(y, x));

const count = prop('int', (self: object) => (isArray(self) ? self.length : getProperty(self, 'Count')));
const call =
  (name: string, onArray: (a: AnyArray, ...args: any[]) => unknown) =>
  (self: object, ...args: unknown[]) =>
    isArray(self) ? onArray(self, ...args) : callMethod(self, name, args);

registerType({
  name: `${G}.IReadOnlyCollection<T>`,
  kind: 'interface',
  members: { Count: count },
});

registerType({
  name: `${G}.ICollection<T>`,
  kind: 'interface',
  members: {
    Count: count,
    IsReadOnly: prop('bool', (self: object) => isArray(self)),
    Add: method('(T item) => void', call('Add', fixedSize)),
    Remove: method('(T item) => bool', call('Remove', fixedSize)),
    Clear: method('() => void', call('Clear', fixedSize)),
    Contains: method('(T item) => bool', call('Contains', (a, x) => arrayIndexOf(a, x) >= 0)),
  },
});

const listIndexer = indexer(
  '(int index) => T',
  (self: object, i: number) => (isArray(self) ? (self as ArrayLike<unknown>)[arrayIndex(self, i)] : ownIndexer(self)?.fn?.(self, i) ?? missing(self, 'this[int]')),
  (self: object, i: number, v: unknown) => {
    if (isArray(self)) (self as unknown[])[arrayIndex(self, i)] = v;
    else (ownIndexer(self)?.set ?? ((s: object) => missing(s, 'this[int]')))(self, i, v);
  },
);

registerType({
  name: `${G}.IList<T>`,
  kind: 'interface',
  indexers: [listIndexer],
  members: {
    IndexOf: method('(T item) => int', call('IndexOf', arrayIndexOf)),
    Insert: method('(int index, T item) => void', call('Insert', fixedSize)),
    RemoveAt: method('(int index) => void', call('RemoveAt', fixedSize)),
  },
});

registerType({ name: `${G}.IReadOnlyList<T>`, kind: 'interface', indexers: [indexer('(int index) => T', listIndexer.fn!)] });

const dictionaryIndexer = (settable: boolean) =>
  indexer(
    '(TKey key) => TValue',
    (self: object, k: unknown) => (ownIndexer(self)?.fn ?? ((s: object) => missing(s, 'this[TKey]')))(self, k),
    ...(settable ? [(self: object, k: unknown, v: unknown) => (ownIndexer(self)?.set ?? ((s: object) => missing(s, 'this[TKey]')))(self, k, v)] : []),
  );

const readOnlyDictionaryMembers = {
  Keys: prop(`${G}.IEnumerable<TKey>`, (self: object) => getProperty(self, 'Keys')),
  Values: prop(`${G}.IEnumerable<TValue>`, (self: object) => getProperty(self, 'Values')),
  ContainsKey: method('(TKey key) => bool', (self: object, k: unknown) => callMethod(self, 'ContainsKey', [k])),
  TryGetValue: method('(TKey key, out TValue value) => bool', (self: object, k: unknown, out: unknown) => callMethod(self, 'TryGetValue', [k, out])),
};

registerType({
  name: `${G}.IReadOnlyDictionary<TKey, TValue>`,
  kind: 'interface',
  indexers: [dictionaryIndexer(false)],
  members: readOnlyDictionaryMembers,
});

registerType({
  name: `${G}.IDictionary<TKey, TValue>`,
  kind: 'interface',
  indexers: [dictionaryIndexer(true)],
  members: {
    ...readOnlyDictionaryMembers,
    Keys: prop(`${G}.ICollection<TKey>`, (self: object) => getProperty(self, 'Keys')),
    Values: prop(`${G}.ICollection<TValue>`, (self: object) => getProperty(self, 'Values')),
    Add: method('(TKey key, TValue value) => void', (self: object, k: unknown, v: unknown) => callMethod(self, 'Add', [k, v])),
    Remove: method('(TKey key) => bool', (self: object, k: unknown) => callMethod(self, 'Remove', [k])),
  },
});

/**
 * System.Collections.Generic.CollectionExtensions: .NET's `GetValueOrDefault` on any IReadOnlyDictionary.
 * As in C#, an applicable instance method wins (APIM's `(string, string)` on headers, query and JWT
 * claims, which comma-join the values); this extension is chosen only when none applies, e.g.
 * `claims.GetValueOrDefault("roles", new string[0])`, which gives the claim's values as an array.
 */
registerType({
  name: `${G}.CollectionExtensions`,
  kind: 'static',
  extensions: {
    GetValueOrDefault: [
      generic(`<TKey, TValue>(this ${G}.IReadOnlyDictionary<TKey, TValue> dictionary, TKey key) => TValue`, ([, v]) => {
        const fallback = defaultOfTy(v!);
        return (self: object, k: unknown) => tryGet(self, k, fallback);
      }),
      generic(`<TKey, TValue>(this ${G}.IReadOnlyDictionary<TKey, TValue> dictionary, TKey key, TValue defaultValue) => TValue`, () => tryGet),
    ],
  },
});

function tryGet(self: object, key: unknown, fallback: unknown): unknown {
  if (self === null || self === undefined) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'dictionary')");
  const out = { value: undefined as unknown };
  return callMethod(self, 'TryGetValue', [key, out]) ? out.value : fallback;
}
