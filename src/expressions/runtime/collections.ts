/**
 * System.Collections.Generic: List<T>, Dictionary<K,V>, HashSet<T>, KeyValuePair<K,V>, Queue<T>,
 * Stack<T>, StringComparer, plus System.Array members. Messages are .NET's (KeyNotFoundException,
 * ArgumentOutOfRangeException, "Queue empty." …).
 */
import { chargeSteps, checkCollectionSize } from '../budget.js';
import { enumerate } from '../enumerate.js';
import { genericCtor, generic, indexer, method, prop, registerType } from '../registry.js';
import type { Ty } from '../types.js';
import { makeArray } from '../values.js';
import { displayString } from './display.js';
import { defaultOf } from './equality.js';
import { compareOrdinal, compareValues, keyOf, valueEquals } from './equality.js';
import { fail } from './fail.js';

/** A scan over n items is charged n/16 steps (as enumerate charges a pass over an array). */
const chargeScan = (n: number) => n >= 16 && chargeSteps(n / 16);

export const tyName = (t: Ty | undefined): string => (t && (t.kind === 'named' || t.kind === 'array') ? t.dotnetName : 'System.Object');

const INDEX_RANGE = "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')";

// ───────────── StringComparer ─────────────

export class StringComparerValue {
  constructor(
    readonly name: string,
    readonly ignoreCase: boolean,
  ) {}
  equals(a: string | null, b: string | null): boolean {
    if (a === null || b === null) return a === b;
    return this.ignoreCase ? a.toUpperCase() === b.toUpperCase() : a === b;
  }
  compare(a: string | null, b: string | null): number {
    if (a === b) return 0;
    if (a === null) return -1;
    if (b === null) return 1;
    return this.ignoreCase ? compareOrdinal(a.toUpperCase(), b.toUpperCase()) : compareOrdinal(a, b);
  }
}

const COMPARERS = {
  Ordinal: new StringComparerValue('System.OrdinalComparer', false),
  OrdinalIgnoreCase: new StringComparerValue('System.OrdinalIgnoreCaseComparer', true),
  InvariantCulture: new StringComparerValue('System.CultureAwareComparer', false),
  InvariantCultureIgnoreCase: new StringComparerValue('System.CultureAwareComparer', true),
  CurrentCulture: new StringComparerValue('System.CultureAwareComparer', false),
  CurrentCultureIgnoreCase: new StringComparerValue('System.CultureAwareComparer', true),
};

registerType({
  name: 'System.StringComparer',
  jsClass: StringComparerValue,
  interfaces: ['System.Collections.Generic.IEqualityComparer<string>', 'System.Collections.Generic.IComparer<string>'],
  statics: Object.fromEntries(Object.entries(COMPARERS).map(([k, v]) => [k, prop('System.StringComparer', () => v)])),
  members: {
    Equals: method('(string x, string y) => bool', (c: StringComparerValue, a: string | null, b: string | null) => c.equals(a, b)),
    Compare: method('(string x, string y) => int', (c: StringComparerValue, a: string | null, b: string | null) => c.compare(a, b)),
  },
  toString: (c: StringComparerValue) => c.name,
});
registerType({ name: 'System.Collections.Generic.IEqualityComparer<T>', kind: 'interface' });
registerType({ name: 'System.Collections.Generic.IComparer<T>', kind: 'interface' });

// ───────────── KeyValuePair ─────────────

export class KeyValuePairValue {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
    readonly types: [string, string] = ['System.Object', 'System.Object'],
  ) {}
}

registerType({
  name: 'System.Collections.Generic.KeyValuePair<TKey, TValue>',
  kind: 'struct',
  jsClass: KeyValuePairValue,
  typeArgs: (p: KeyValuePairValue) => p.types,
  constructors: [genericCtor('(TKey key, TValue value)', ([k, v]) => (key: unknown, value: unknown) => new KeyValuePairValue(key, value, [tyName(k), tyName(v)]))],
  members: {
    Key: prop('TKey', (p: KeyValuePairValue) => p.key),
    Value: prop('TValue', (p: KeyValuePairValue) => p.value),
  },
  toString: (p: KeyValuePairValue) => `[${displayString(p.key)}, ${displayString(p.value)}]`,
  equals: (a: KeyValuePairValue, b: KeyValuePairValue) => valueEquals(a.key, b.key) && valueEquals(a.value, b.value),
  toJson: (p: KeyValuePairValue) => ({ Key: p.key, Value: p.value }),
});

// ───────────── List<T> ─────────────

export class ListValue {
  constructor(
    readonly elementType: string,
    readonly items: unknown[] = [],
  ) {}
}

function checkIndex(i: number, count: number, inclusive = false): void {
  if (i < 0 || (inclusive ? i > count : i >= count)) fail('System.ArgumentOutOfRangeException', INDEX_RANGE);
}

function grow(items: unknown[], more: number): void {
  checkCollectionSize(items.length + more);
}

function listFrom(elementType: string, source: unknown): ListValue {
  if (source === null || source === undefined) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'collection')");
  const items = [...enumerate(source)];
  checkCollectionSize(items.length);
  return new ListValue(elementType, items);
}

type Pred = (x: unknown) => boolean;

const collectionInterfaces = (t: string) => [
  `System.Collections.Generic.IList<${t}>`,
  `System.Collections.Generic.IReadOnlyList<${t}>`,
  `System.Collections.Generic.ICollection<${t}>`,
  `System.Collections.Generic.IReadOnlyCollection<${t}>`,
  `System.Collections.Generic.IEnumerable<${t}>`,
];

registerType({
  name: 'System.Collections.Generic.List<T>',
  jsClass: ListValue,
  typeArgs: (l: ListValue) => [l.elementType],
  interfaces: collectionInterfaces('T'),
  iterate: (l: ListValue) => listIterator(l),
  elementType: 'T',
  constructors: [
    genericCtor('()', ([t]) => () => new ListValue(tyName(t))),
    genericCtor('(int capacity)', ([t]) => (n: number) => {
      if (n < 0) fail('System.ArgumentOutOfRangeException', "Non-negative number required. (Parameter 'capacity')");
      return new ListValue(tyName(t));
    }),
    genericCtor('(System.Collections.Generic.IEnumerable<T> collection)', ([t]) => (src: unknown) => listFrom(tyName(t), src)),
  ],
  members: {
    Count: prop('int', (l: ListValue) => l.items.length),
    Capacity: prop('int', (l: ListValue) => l.items.length),
    Add: method('(T item) => void', (l: ListValue, x: unknown) => {
      grow(l.items, 1);
      l.items.push(x);
    }),
    AddRange: method('(System.Collections.Generic.IEnumerable<T> collection) => void', (l: ListValue, src: unknown) => {
      if (src === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'collection')");
      const more = [...enumerate(src)];
      grow(l.items, more.length);
      l.items.push(...more);
    }),
    Insert: method('(int index, T item) => void', (l: ListValue, i: number, x: unknown) => {
      if (i < 0 || i > l.items.length) fail('System.ArgumentOutOfRangeException', "Index must be within the bounds of the List. (Parameter 'index')");
      grow(l.items, 1);
      l.items.splice(i, 0, x);
    }),
    Remove: method('(T item) => bool', (l: ListValue, x: unknown) => {
      const i = l.items.findIndex((y) => valueEquals(y, x));
      if (i >= 0) l.items.splice(i, 1);
      return i >= 0;
    }),
    RemoveAt: method('(int index) => void', (l: ListValue, i: number) => {
      checkIndex(i, l.items.length);
      l.items.splice(i, 1);
    }),
    RemoveAll: method('(Predicate<T> match) => int', (l: ListValue, p: Pred) => {
      const keep = l.items.filter((x) => !p(x));
      const removed = l.items.length - keep.length;
      l.items.splice(0, l.items.length, ...keep);
      return removed;
    }),
    RemoveRange: method('(int index, int count) => void', (l: ListValue, i: number, n: number) => {
      if (i < 0 || n < 0 || i + n > l.items.length) fail('System.ArgumentException', 'Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.');
      l.items.splice(i, n);
    }),
    Clear: method('() => void', (l: ListValue) => {
      l.items.length = 0;
    }),
    Contains: method('(T item) => bool', (l: ListValue, x: unknown) => (chargeScan(l.items.length), l.items.some((y) => valueEquals(y, x)))),
    IndexOf: method('(T item) => int', (l: ListValue, x: unknown) => (chargeScan(l.items.length), l.items.findIndex((y) => valueEquals(y, x)))),
    LastIndexOf: method('(T item) => int', (l: ListValue, x: unknown) => {
      for (let i = l.items.length - 1; i >= 0; i--) if (valueEquals(l.items[i], x)) return i;
      return -1;
    }),
    Find: generic('(Predicate<T> match) => T', () => (l: ListValue, p: Pred) => {
      for (const x of l.items) if (p(x)) return x;
      return defaultOf(l.elementType);
    }),
    FindIndex: method('(Predicate<T> match) => int', (l: ListValue, p: Pred) => l.items.findIndex((x) => p(x))),
    FindLast: method('(Predicate<T> match) => T', (l: ListValue, p: Pred) => {
      for (let i = l.items.length - 1; i >= 0; i--) if (p(l.items[i])) return l.items[i];
      return defaultOf(l.elementType);
    }),
    FindAll: method('(Predicate<T> match) => System.Collections.Generic.List<T>', (l: ListValue, p: Pred) => new ListValue(l.elementType, l.items.filter((x) => p(x)))),
    Exists: method('(Predicate<T> match) => bool', (l: ListValue, p: Pred) => l.items.some((x) => p(x))),
    TrueForAll: method('(Predicate<T> match) => bool', (l: ListValue, p: Pred) => l.items.every((x) => p(x))),
    ForEach: method('(Action<T> action) => void', (l: ListValue, f: (x: unknown) => void) => {
      const snapshot = [...l.items];
      for (const x of snapshot) f(x);
    }),
    GetRange: method('(int index, int count) => System.Collections.Generic.List<T>', (l: ListValue, i: number, n: number) => {
      if (i < 0 || n < 0 || i + n > l.items.length) fail('System.ArgumentException', 'Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.');
      return new ListValue(l.elementType, l.items.slice(i, i + n));
    }),
    Sort: [
      method('() => void', (l: ListValue) => sortInPlace(l.items, compareValues)),
      method('(System.Comparison<T> comparison) => void', (l: ListValue, c: (a: unknown, b: unknown) => number) => sortInPlace(l.items, c)),
    ],
    Reverse: method('() => void', (l: ListValue) => {
      l.items.reverse();
    }),
    ToArray: method('() => T[]', (l: ListValue) => makeArray(l.elementType, [...l.items])),
    AsReadOnly: method('() => System.Collections.Generic.IReadOnlyList<T>', (l: ListValue) => new ListValue(l.elementType, l.items)),
  },
  indexers: [
    indexer(
      '(int index) => T',
      (l: ListValue, i: number) => {
        checkIndex(i, l.items.length);
        return l.items[i];
      },
      (l: ListValue, i: number, v: unknown) => {
        checkIndex(i, l.items.length);
        l.items[i] = v;
      },
    ),
  ],
  toString: (l: ListValue) => `System.Collections.Generic.List\`1[${l.elementType}]`,
  toJson: (l: ListValue) => l.items,
});

registerType({ name: 'System.Comparison<T>', kind: 'delegate', base: 'System.Delegate' });

/** List<T> enumeration: modifying the list while enumerating throws as in .NET. */
function* listIterator(l: ListValue): Generator<unknown> {
  const length = l.items.length;
  chargeScan(length);
  const snapshot = l.items;
  for (let i = 0; i < snapshot.length; i++) {
    if (l.items.length !== length) fail('System.InvalidOperationException', 'Collection was modified; enumeration operation may not execute.');
    yield snapshot[i];
  }
  if (l.items.length !== length) fail('System.InvalidOperationException', 'Collection was modified; enumeration operation may not execute.');
}

/** A stable sort (List.Sort is unstable in .NET, but no policy can tell for equal keys of value types). */
function sortInPlace(items: unknown[], compare: (a: unknown, b: unknown) => number): void {
  items.sort((a, b) => compare(a, b));
}

// ───────────── Dictionary<K,V> ─────────────

export class DictionaryValue {
  readonly map = new Map<unknown, KeyValuePairValue>();
  constructor(
    readonly keyType: string,
    readonly valueType: string,
    readonly comparer?: StringComparerValue,
  ) {}
  key(k: unknown): unknown {
    if (k === null || k === undefined) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'key')");
    return keyOf(k, this.comparer?.ignoreCase ?? false);
  }
  get(k: unknown): unknown {
    const e = this.map.get(this.key(k));
    if (!e) fail('System.Collections.Generic.KeyNotFoundException', `The given key '${displayString(k)}' was not present in the dictionary.`);
    return e.value;
  }
  set(k: unknown, v: unknown): void {
    const key = this.key(k);
    const old = this.map.get(key);
    if (!old) checkCollectionSize(this.map.size + 1);
    this.map.set(key, new KeyValuePairValue(old ? old.key : k, v, [this.keyType, this.valueType]));
  }
  add(k: unknown, v: unknown): void {
    const key = this.key(k);
    if (this.map.has(key)) fail('System.ArgumentException', `An item with the same key has already been added. Key: ${displayString(k)}`);
    checkCollectionSize(this.map.size + 1);
    this.map.set(key, new KeyValuePairValue(k, v, [this.keyType, this.valueType]));
  }
}

function* dictionaryIterator(d: DictionaryValue): Generator<KeyValuePairValue> {
  const size = d.map.size;
  chargeScan(size);
  for (const e of d.map.values()) {
    yield e;
    if (d.map.size !== size) fail('System.InvalidOperationException', 'Collection was modified; enumeration operation may not execute.');
  }
}

function dictionaryFrom(k: Ty | undefined, v: Ty | undefined, src: unknown, comparer?: StringComparerValue): DictionaryValue {
  const d = new DictionaryValue(tyName(k), tyName(v), comparer);
  if (src === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'dictionary')");
  for (const e of enumerate(src)) {
    const p = e as KeyValuePairValue;
    d.add(p.key, p.value);
  }
  return d;
}

const dictInterfaces = [
  'System.Collections.Generic.IDictionary<TKey, TValue>',
  'System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>',
  'System.Collections.Generic.ICollection<System.Collections.Generic.KeyValuePair<TKey, TValue>>',
  'System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<TKey, TValue>>',
];

const dictionaryMembers = {
  Count: prop('int', (d: DictionaryValue) => d.map.size),
  Keys: prop('System.Collections.Generic.List<TKey>', (d: DictionaryValue) => new ListValue(d.keyType, [...d.map.values()].map((e) => e.key))),
  Values: prop('System.Collections.Generic.List<TValue>', (d: DictionaryValue) => new ListValue(d.valueType, [...d.map.values()].map((e) => e.value))),
  Comparer: prop('System.Collections.Generic.IEqualityComparer<TKey>', (d: DictionaryValue) => d.comparer ?? null),
  Add: method('(TKey key, TValue value) => void', (d: DictionaryValue, k: unknown, v: unknown) => d.add(k, v)),
  TryAdd: method('(TKey key, TValue value) => bool', (d: DictionaryValue, k: unknown, v: unknown) => {
    if (d.map.has(d.key(k))) return false;
    d.add(k, v);
    return true;
  }),
  ContainsKey: method('(TKey key) => bool', (d: DictionaryValue, k: unknown) => d.map.has(d.key(k))),
  ContainsValue: method('(TValue value) => bool', (d: DictionaryValue, v: unknown) => (chargeScan(d.map.size), [...d.map.values()].some((e) => valueEquals(e.value, v)))),
  Remove: method('(TKey key) => bool', (d: DictionaryValue, k: unknown) => d.map.delete(d.key(k))),
  Clear: method('() => void', (d: DictionaryValue) => d.map.clear()),
  TryGetValue: method('(TKey key, out TValue value) => bool', (d: DictionaryValue, k: unknown, out: { value: unknown }) => {
    const e = d.map.get(d.key(k));
    out.value = e ? e.value : defaultOf(d.valueType);
    return e !== undefined;
  }),
  GetValueOrDefault: [
    method('(TKey key) => TValue', (d: DictionaryValue, k: unknown) => {
      const e = d.map.get(d.key(k));
      return e ? e.value : defaultOf(d.valueType);
    }),
    method('(TKey key, TValue defaultValue) => TValue', (d: DictionaryValue, k: unknown, dflt: unknown) => {
      const e = d.map.get(d.key(k));
      return e ? e.value : dflt;
    }),
  ],
};

registerType({
  name: 'System.Collections.Generic.Dictionary<TKey, TValue>',
  jsClass: DictionaryValue,
  typeArgs: (d: DictionaryValue) => [d.keyType, d.valueType],
  interfaces: dictInterfaces,
  iterate: dictionaryIterator,
  elementType: 'System.Collections.Generic.KeyValuePair<TKey, TValue>',
  constructors: [
    genericCtor('()', ([k, v]) => () => new DictionaryValue(tyName(k), tyName(v))),
    genericCtor('(int capacity)', ([k, v]) => () => new DictionaryValue(tyName(k), tyName(v))),
    genericCtor('(System.Collections.Generic.IEqualityComparer<TKey> comparer)', ([k, v]) => (c: StringComparerValue | null) => new DictionaryValue(tyName(k), tyName(v), c ?? undefined)),
    genericCtor('(System.Collections.Generic.IDictionary<TKey, TValue> dictionary)', ([k, v]) => (src: unknown) => dictionaryFrom(k, v, src)),
    genericCtor(
      '(System.Collections.Generic.IDictionary<TKey, TValue> dictionary, System.Collections.Generic.IEqualityComparer<TKey> comparer)',
      ([k, v]) => (src: unknown, c: StringComparerValue | null) => dictionaryFrom(k, v, src, c ?? undefined),
    ),
  ],
  members: dictionaryMembers,
  indexers: [indexer('(TKey key) => TValue', (d: DictionaryValue, k: unknown) => d.get(k), (d: DictionaryValue, k: unknown, v: unknown) => d.set(k, v))],
  toString: (d: DictionaryValue) => `System.Collections.Generic.Dictionary\`2[${d.keyType},${d.valueType}]`,
  toJson: (d: DictionaryValue) => Object.fromEntries([...d.map.values()].map((e) => [displayString(e.key), e.value])),
});

registerType({ name: 'System.Collections.Generic.IDictionary<TKey, TValue>', kind: 'interface', interfaces: ['System.Collections.Generic.ICollection<System.Collections.Generic.KeyValuePair<TKey, TValue>>'], elementType: 'System.Collections.Generic.KeyValuePair<TKey, TValue>' });
registerType({ name: 'System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>', kind: 'interface', interfaces: ['System.Collections.Generic.IReadOnlyCollection<System.Collections.Generic.KeyValuePair<TKey, TValue>>'], elementType: 'System.Collections.Generic.KeyValuePair<TKey, TValue>' });

// ───────────── HashSet<T> ─────────────

export class HashSetValue {
  readonly map = new Map<unknown, unknown>();
  constructor(
    readonly elementType: string,
    readonly comparer?: StringComparerValue,
  ) {}
  key(x: unknown): unknown {
    return keyOf(x, this.comparer?.ignoreCase ?? false);
  }
  add(x: unknown): boolean {
    const k = this.key(x);
    if (this.map.has(k)) return false;
    checkCollectionSize(this.map.size + 1);
    this.map.set(k, x);
    return true;
  }
}

function hashSetOf(t: Ty | undefined, src: unknown, c?: StringComparerValue): HashSetValue {
  const s = new HashSetValue(tyName(t), c);
  if (src === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'collection')");
  if (src !== undefined) for (const x of enumerate(src)) s.add(x);
  return s;
}

const otherSet = (s: HashSetValue, other: unknown) => {
  if (other === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'other')");
  return new Set([...enumerate(other)].map((x) => s.key(x)));
};

registerType({
  name: 'System.Collections.Generic.HashSet<T>',
  jsClass: HashSetValue,
  typeArgs: (s: HashSetValue) => [s.elementType],
  interfaces: ['System.Collections.Generic.ISet<T>', 'System.Collections.Generic.ICollection<T>', 'System.Collections.Generic.IReadOnlyCollection<T>', 'System.Collections.Generic.IEnumerable<T>'],
  iterate: (s: HashSetValue) => [...s.map.values()],
  elementType: 'T',
  constructors: [
    genericCtor('()', ([t]) => () => new HashSetValue(tyName(t))),
    genericCtor('(System.Collections.Generic.IEnumerable<T> collection)', ([t]) => (src: unknown) => hashSetOf(t, src)),
    genericCtor('(System.Collections.Generic.IEqualityComparer<T> comparer)', ([t]) => (c: StringComparerValue | null) => new HashSetValue(tyName(t), c ?? undefined)),
    genericCtor('(System.Collections.Generic.IEnumerable<T> collection, System.Collections.Generic.IEqualityComparer<T> comparer)', ([t]) => (src: unknown, c: StringComparerValue | null) => hashSetOf(t, src, c ?? undefined)),
  ],
  members: {
    Count: prop('int', (s: HashSetValue) => s.map.size),
    Add: method('(T item) => bool', (s: HashSetValue, x: unknown) => s.add(x)),
    Remove: method('(T item) => bool', (s: HashSetValue, x: unknown) => s.map.delete(s.key(x))),
    Contains: method('(T item) => bool', (s: HashSetValue, x: unknown) => s.map.has(s.key(x))),
    Clear: method('() => void', (s: HashSetValue) => s.map.clear()),
    UnionWith: method('(System.Collections.Generic.IEnumerable<T> other) => void', (s: HashSetValue, o: unknown) => {
      if (o === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'other')");
      for (const x of enumerate(o)) s.add(x);
    }),
    IntersectWith: method('(System.Collections.Generic.IEnumerable<T> other) => void', (s: HashSetValue, o: unknown) => {
      const keep = otherSet(s, o);
      for (const k of [...s.map.keys()]) if (!keep.has(k)) s.map.delete(k);
    }),
    ExceptWith: method('(System.Collections.Generic.IEnumerable<T> other) => void', (s: HashSetValue, o: unknown) => {
      for (const k of otherSet(s, o)) s.map.delete(k);
    }),
    IsSubsetOf: method('(System.Collections.Generic.IEnumerable<T> other) => bool', (s: HashSetValue, o: unknown) => {
      const other = otherSet(s, o);
      return [...s.map.keys()].every((k) => other.has(k));
    }),
    IsSupersetOf: method('(System.Collections.Generic.IEnumerable<T> other) => bool', (s: HashSetValue, o: unknown) => [...otherSet(s, o)].every((k) => s.map.has(k))),
    Overlaps: method('(System.Collections.Generic.IEnumerable<T> other) => bool', (s: HashSetValue, o: unknown) => [...otherSet(s, o)].some((k) => s.map.has(k))),
    SetEquals: method('(System.Collections.Generic.IEnumerable<T> other) => bool', (s: HashSetValue, o: unknown) => {
      const other = otherSet(s, o);
      return other.size === s.map.size && [...other].every((k) => s.map.has(k));
    }),
  },
  toString: (s: HashSetValue) => `System.Collections.Generic.HashSet\`1[${s.elementType}]`,
  toJson: (s: HashSetValue) => [...s.map.values()],
});
registerType({ name: 'System.Collections.Generic.ISet<T>', kind: 'interface', interfaces: ['System.Collections.Generic.ICollection<T>'], elementType: 'T' });

// ───────────── Queue<T> / Stack<T> ─────────────

export class QueueValue {
  constructor(
    readonly elementType: string,
    readonly items: unknown[] = [],
  ) {}
}
export class StackValue {
  constructor(
    readonly elementType: string,
    readonly items: unknown[] = [],
  ) {}
}

registerType({
  name: 'System.Collections.Generic.Queue<T>',
  jsClass: QueueValue,
  typeArgs: (q: QueueValue) => [q.elementType],
  interfaces: ['System.Collections.Generic.IReadOnlyCollection<T>', 'System.Collections.Generic.IEnumerable<T>'],
  iterate: (q: QueueValue) => [...q.items],
  elementType: 'T',
  constructors: [
    genericCtor('()', ([t]) => () => new QueueValue(tyName(t))),
    genericCtor('(System.Collections.Generic.IEnumerable<T> collection)', ([t]) => (src: unknown) => new QueueValue(tyName(t), [...enumerate(src)])),
  ],
  members: {
    Count: prop('int', (q: QueueValue) => q.items.length),
    Enqueue: method('(T item) => void', (q: QueueValue, x: unknown) => {
      grow(q.items, 1);
      q.items.push(x);
    }),
    Dequeue: method('() => T', (q: QueueValue) => {
      if (q.items.length === 0) fail('System.InvalidOperationException', 'Queue empty.');
      return q.items.shift();
    }),
    Peek: method('() => T', (q: QueueValue) => {
      if (q.items.length === 0) fail('System.InvalidOperationException', 'Queue empty.');
      return q.items[0];
    }),
    TryDequeue: method('(out T result) => bool', (q: QueueValue, out: { value: unknown }) => {
      const ok = q.items.length > 0;
      out.value = ok ? q.items.shift() : defaultOf(q.elementType);
      return ok;
    }),
    Contains: method('(T item) => bool', (q: QueueValue, x: unknown) => (chargeScan(q.items.length), q.items.some((y) => valueEquals(y, x)))),
    Clear: method('() => void', (q: QueueValue) => {
      q.items.length = 0;
    }),
    ToArray: method('() => T[]', (q: QueueValue) => makeArray(q.elementType, [...q.items])),
  },
  toString: (q: QueueValue) => `System.Collections.Generic.Queue\`1[${q.elementType}]`,
  toJson: (q: QueueValue) => q.items,
});

registerType({
  name: 'System.Collections.Generic.Stack<T>',
  jsClass: StackValue,
  typeArgs: (s: StackValue) => [s.elementType],
  interfaces: ['System.Collections.Generic.IReadOnlyCollection<T>', 'System.Collections.Generic.IEnumerable<T>'],
  iterate: (s: StackValue) => [...s.items].reverse(),
  elementType: 'T',
  constructors: [
    genericCtor('()', ([t]) => () => new StackValue(tyName(t))),
    genericCtor('(System.Collections.Generic.IEnumerable<T> collection)', ([t]) => (src: unknown) => new StackValue(tyName(t), [...enumerate(src)])),
  ],
  members: {
    Count: prop('int', (s: StackValue) => s.items.length),
    Push: method('(T item) => void', (s: StackValue, x: unknown) => {
      grow(s.items, 1);
      s.items.push(x);
    }),
    Pop: method('() => T', (s: StackValue) => {
      if (s.items.length === 0) fail('System.InvalidOperationException', 'Stack empty.');
      return s.items.pop();
    }),
    Peek: method('() => T', (s: StackValue) => {
      if (s.items.length === 0) fail('System.InvalidOperationException', 'Stack empty.');
      return s.items[s.items.length - 1];
    }),
    TryPop: method('(out T result) => bool', (s: StackValue, out: { value: unknown }) => {
      const ok = s.items.length > 0;
      out.value = ok ? s.items.pop() : defaultOf(s.elementType);
      return ok;
    }),
    Contains: method('(T item) => bool', (s: StackValue, x: unknown) => (chargeScan(s.items.length), s.items.some((y) => valueEquals(y, x)))),
    Clear: method('() => void', (s: StackValue) => {
      s.items.length = 0;
    }),
    ToArray: method('() => T[]', (s: StackValue) => makeArray(s.elementType, [...s.items].reverse())),
  },
  toString: (s: StackValue) => `System.Collections.Generic.Stack\`1[${s.elementType}]`,
  toJson: (s: StackValue) => [...s.items].reverse(),
});

// ───────────── System.Array ─────────────

type AnyArray = unknown[] | Uint8Array;

const arrayItems = (a: AnyArray | null, name = 'array'): unknown[] | Uint8Array => {
  if (a === null) fail('System.ArgumentNullException', `Value cannot be null. (Parameter '${name}')`);
  return a;
};

/** Array.Copy: overlapping copies within one array behave as if through a temporary, as in .NET. */
function arrayCopy(src: AnyArray | null, si: number, dst: AnyArray | null, di: number, n: number): void {
  const s = arrayItems(src, 'sourceArray');
  const d = arrayItems(dst, 'destinationArray');
  if (si < 0) fail('System.ArgumentOutOfRangeException', "Number was less than the array's lower bound in the first dimension. (Parameter 'sourceIndex')");
  if (di < 0) fail('System.ArgumentOutOfRangeException', "Number was less than the array's lower bound in the first dimension. (Parameter 'destinationIndex')");
  if (n < 0) fail('System.ArgumentOutOfRangeException', "Non-negative number required. (Parameter 'length')");
  if (si + n > s.length) fail('System.ArgumentException', "Source array was not long enough. Check the source index, length, and the array's lower bounds. (Parameter 'sourceArray')");
  if (di + n > d.length) fail('System.ArgumentException', "Destination array was not long enough. Check the destination index, length, and the array's lower bounds. (Parameter 'destinationArray')");
  const items = Array.from(s).slice(si, si + n);
  for (let i = 0; i < n; i++) (d as unknown[])[di + i] = items[i];
}

registerType({
  name: 'System.Array',
  members: {
    Length: prop('int', (a: AnyArray) => a.length),
    LongLength: prop('long', (a: AnyArray) => BigInt(a.length)),
    Rank: prop('int', () => 1),
  },
  statics: {
    IndexOf: method('<T>(T[] array, T value) => int', (a: AnyArray | null, x: unknown) => Array.from(arrayItems(a)).findIndex((y) => valueEquals(y, x))),
    Exists: method('<T>(T[] array, Predicate<T> match) => bool', (a: AnyArray | null, p: Pred) => Array.from(arrayItems(a)).some((x) => p(x))),
    Find: method('<T>(T[] array, Predicate<T> match) => T', (a: AnyArray | null, p: Pred) => Array.from(arrayItems(a)).find((x) => p(x)) ?? null),
    Reverse: method('(System.Array array) => void', (a: AnyArray | null) => {
      arrayItems(a).reverse();
    }),
    Sort: method('<T>(T[] array) => void', (a: AnyArray | null) => {
      const items = arrayItems(a);
      if (items instanceof Uint8Array) items.sort();
      else sortInPlace(items, compareValues);
    }),
    Empty: generic('<T>() => T[]', ([t]) => () => makeArray(tyName(t), [])),
    Copy: [
      method('(System.Array sourceArray, System.Array destinationArray, int length) => void', (src: AnyArray | null, dst: AnyArray | null, n: number) => arrayCopy(src, 0, dst, 0, n)),
      method('(System.Array sourceArray, int sourceIndex, System.Array destinationArray, int destinationIndex, int length) => void', arrayCopy),
    ],
  },
});
