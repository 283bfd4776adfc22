/**
 * System.Linq.Enumerable over any enumerable value (arrays, List, Dictionary, JArray, JObject, strings …).
 * Query operators are deferred like .NET's (a SequenceValue re-runs its source on each enumeration);
 * aggregates run at once. Exceptions and messages are .NET's ("Sequence contains no elements" …).
 */
import { DecimalValue } from './decimal-value.js';
import { chargeStep, chargeSteps, checkCollectionSize } from '../budget.js';
import { checkedCast } from '../compiler/conversions.js';
import { enumerate } from '../enumerate.js';
import { generic, method, prop, registerType } from '../registry.js';
import type { Ty } from '../types.js';
import { makeArray } from '../values.js';
import { DictionaryValue, HashSetValue, ListValue, tyName, type StringComparerValue } from './collections.js';
import { compareValues, defaultOf, keyOf, valueEquals } from './equality.js';
import { fail } from './fail.js';
import { overflow } from './number-parse.js';

const NO_ELEMENTS = 'Sequence contains no elements';
const NO_MATCH = 'Sequence contains no matching element';
const MORE_THAN_ONE = 'Sequence contains more than one element';
const MORE_THAN_ONE_MATCH = 'Sequence contains more than one matching element';

/** Receives the items of a sequence one by one; returning false stops the enumeration. */
export type Sink = (x: unknown) => boolean | void;

/**
 * A deferred query result: enumerating it runs the query again, as in .NET. `push`, when present, runs
 * the same query by calling a sink per item: chains of Where/Select feeding ToArray/Count/Any… then run
 * as nested calls with no generator or iterator objects (the garbage a LINQ chain used to make).
 */
export class SequenceValue {
  constructor(
    readonly elementType: string,
    readonly run: () => Iterable<unknown>,
    readonly push?: (sink: Sink) => boolean,
  ) {}
  [Symbol.iterator](): Iterator<unknown> {
    return this.run()[Symbol.iterator]();
  }
}

/** The result of OrderBy/ThenBy: the source plus its sort keys, most significant first. */
export class OrderedSequenceValue extends SequenceValue {
  constructor(
    elementType: string,
    readonly source: unknown,
    readonly keys: SortKey[],
  ) {
    super(elementType, () => sortBy(source, keys));
  }
}

/** IGrouping<TKey, TElement>. */
export class GroupingValue {
  constructor(
    readonly key: unknown,
    readonly items: unknown[],
    readonly elementType: string,
  ) {}
}

type Fn1 = (x: unknown) => unknown;
type Fn2 = (x: unknown, i: number) => unknown;

function source(src: unknown): Iterable<unknown> {
  if (src === null || src === undefined) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'source')");
  return enumerate(src);
}

/** One OrderBy/ThenBy key: its selector, direction and IComparer (Comparer<K>.Default when absent). */
interface SortKey {
  select: (x: unknown) => unknown;
  descending: boolean;
  compare?: (a: unknown, b: unknown) => number;
}

/** An IComparer<T> / IEqualityComparer<T> argument (StringComparer is the one the allow-list has); null means the default. */
type Comparer = StringComparerValue | null;

function sortBy(src: unknown, keys: SortKey[]): unknown[] {
  const items = toArray(src).map((x, i) => ({ x, i, k: keys.map((key) => key.select(x)) }));
  // A comparison sort: n·log2(n) comparisons, charged before sorting.
  if (items.length > 1) chargeSteps((items.length * Math.log2(items.length)) / 4);
  items.sort((a, b) => {
    for (let j = 0; j < keys.length; j++) {
      const c = (keys[j]!.compare ?? compareValues)(a.k[j], b.k[j]);
      if (c !== 0) return keys[j]!.descending ? -c : c;
    }
    return a.i - b.i; // stable, as OrderBy is
  });
  return items.map((e) => e.x);
}

const seq = (t: Ty | undefined, run: () => Iterable<unknown>, push?: (sink: Sink) => boolean) => new SequenceValue(tyName(t), run, push);

/** Calls `sink` for each item of an enumerable until it returns false; false when stopped early. */
export function forEachItem(src: unknown, sink: Sink): boolean {
  if (src instanceof SequenceValue && src.push) return src.push(sink);
  const items = source(src);
  if (Array.isArray(items)) {
    for (let i = 0; i < items.length; i++) if (sink(items[i]) === false) return false;
    return true;
  }
  for (const x of items) if (sink(x) === false) return false;
  return true;
}

/** The ArgumentNullException of a null source, checked when the operator is called (as .NET does). */
function checkSource(src: unknown): void {
  if (src === null || src === undefined) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'source')");
}

function* take(src: unknown, n: number): Generator<unknown> {
  if (n <= 0) return;
  let i = 0;
  for (const x of source(src)) {
    yield x;
    if (++i >= n) return;
  }
}

function toArray(src: unknown): unknown[] {
  const out: unknown[] = [];
  forEachItem(src, (x) => {
    out.push(x);
    if ((out.length & 1023) === 0) checkCollectionSize(out.length);
  });
  checkCollectionSize(out.length);
  return out;
}

// ── element operators (First, Last, Single …) specialised by T for default(T) ──

function first(src: unknown, pred?: Fn1): { found: boolean; value: unknown } {
  for (const x of source(src)) if (!pred || pred(x)) return { found: true, value: x };
  return { found: false, value: undefined };
}

function last(src: unknown, pred?: Fn1): { found: boolean; value: unknown } {
  let r = { found: false, value: undefined as unknown };
  for (const x of source(src)) if (!pred || pred(x)) r = { found: true, value: x };
  return r;
}

function single(src: unknown, pred?: Fn1): { found: boolean; value: unknown } {
  let r = { found: false, value: undefined as unknown };
  for (const x of source(src)) {
    if (pred && !pred(x)) continue;
    if (r.found) fail('System.InvalidOperationException', pred ? MORE_THAN_ONE_MATCH : MORE_THAN_ONE);
    r = { found: true, value: x };
  }
  return r;
}

type Finder = (src: unknown, pred?: Fn1) => { found: boolean; value: unknown };

function strict(find: Finder) {
  return [
    generic('<T>(this System.Collections.Generic.IEnumerable<T> source) => T', () => (src: unknown) => {
      const r = find(src);
      if (!r.found) fail('System.InvalidOperationException', NO_ELEMENTS);
      return r.value;
    }),
    generic('<T>(this System.Collections.Generic.IEnumerable<T> source, Func<T, bool> predicate) => T', () => (src: unknown, p: Fn1) => {
      const r = find(src, p);
      if (!r.found) fail('System.InvalidOperationException', NO_MATCH);
      return r.value;
    }),
  ];
}

function orDefault(find: Finder) {
  return [
    generic('<T>(this System.Collections.Generic.IEnumerable<T> source) => T', ([t]) => {
      const d = defaultOf(tyName(t));
      return (src: unknown) => {
        const r = find(src);
        return r.found ? r.value : d;
      };
    }),
    generic('<T>(this System.Collections.Generic.IEnumerable<T> source, Func<T, bool> predicate) => T', ([t]) => {
      const d = defaultOf(tyName(t));
      return (src: unknown, p: Fn1) => {
        const r = find(src, p);
        return r.found ? r.value : d;
      };
    }),
    generic('<T>(this System.Collections.Generic.IEnumerable<T> source, T defaultValue) => T', () => (src: unknown, d: unknown) => {
      const r = find(src);
      return r.found ? r.value : d;
    }),
  ];
}

// ── numeric aggregates ──

type NumKind = 'int' | 'long' | 'double' | 'decimal' | 'float';
const NUM_KINDS: NumKind[] = ['int', 'long', 'double', 'decimal', 'float'];

function sumOf(values: Iterable<unknown>, kind: NumKind): number | bigint | DecimalValue {
  if (kind === 'decimal') {
    let d = DecimalValue.ZERO;
    for (const v of values) d = d.add(v as DecimalValue);
    return d;
  }
  if (kind === 'long') {
    let s = 0n;
    for (const v of values) {
      s += v as bigint;
      if (s > 9223372036854775807n || s < -9223372036854775808n) overflow('an Int64');
    }
    return s;
  }
  let s = 0;
  for (const v of values) s += v as number;
  if (kind === 'int' && (s > 2147483647 || s < -2147483648)) fail('System.OverflowException', 'Arithmetic operation resulted in an overflow.');
  return s;
}

function averageOf(values: Iterable<unknown>, kind: NumKind): number | DecimalValue {
  if (kind === 'decimal') {
    let n = 0;
    let d = DecimalValue.ZERO;
    for (const v of values) {
      d = d.add(v as DecimalValue);
      n++;
    }
    if (n === 0) fail('System.InvalidOperationException', NO_ELEMENTS);
    return d.divide(DecimalValue.fromInt(n));
  }
  let n = 0;
  let s = 0;
  for (const v of values) {
    s += Number(v);
    n++;
  }
  if (n === 0) fail('System.InvalidOperationException', NO_ELEMENTS);
  return kind === 'float' ? Math.fround(s / n) : s / n;
}

/** Min/Max of value types throws on an empty sequence; of reference types (string) returns null. */
function extreme(values: Iterable<unknown>, sign: 1 | -1, nullable: boolean): unknown {
  let best: unknown = undefined;
  let any = false;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'number' && Number.isNaN(v) && sign === -1) return v; // Min: NaN wins
    if (!any || sign * compareValues(v, best) > 0) best = v;
    any = true;
  }
  if (!any) {
    if (nullable) return null;
    fail('System.InvalidOperationException', NO_ELEMENTS);
  }
  return best;
}

const map = (src: unknown, f: Fn1) => {
  const items = source(src);
  return (function* () {
    for (const x of items) yield f(x);
  })();
};

function numericOverloads(name: 'Sum' | 'Average') {
  const out = [];
  for (const k of NUM_KINDS) {
    const ret = name === 'Average' ? (k === 'decimal' ? 'decimal' : k === 'float' ? 'float' : 'double') : k;
    const run = name === 'Sum' ? (v: Iterable<unknown>) => sumOf(v, k) : (v: Iterable<unknown>) => averageOf(v, k);
    out.push(method(`(this System.Collections.Generic.IEnumerable<${k}> source) => ${ret}`, (src: unknown) => run(source(src))));
    out.push(method(`<T>(this System.Collections.Generic.IEnumerable<T> source, Func<T, ${k}> selector) => ${ret}`, (src: unknown, f: Fn1) => run(map(src, f))));
  }
  return out;
}

function extremeOverloads(sign: 1 | -1) {
  const out = [];
  for (const k of NUM_KINDS) {
    out.push(method(`(this System.Collections.Generic.IEnumerable<${k}> source) => ${k}`, (src: unknown) => extreme(source(src), sign, false)));
    out.push(method(`<T>(this System.Collections.Generic.IEnumerable<T> source, Func<T, ${k}> selector) => ${k}`, (src: unknown, f: Fn1) => extreme(map(src, f), sign, false)));
  }
  out.push(
    generic('<T>(this System.Collections.Generic.IEnumerable<T> source) => T', ([t]) => {
      const nullable = defaultOf(tyName(t)) === null;
      return (src: unknown) => extreme(source(src), sign, nullable);
    }),
  );
  out.push(
    generic('<T, R>(this System.Collections.Generic.IEnumerable<T> source, Func<T, R> selector) => R', ([, r]) => {
      const nullable = defaultOf(tyName(r)) === null;
      return (src: unknown, f: Fn1) => extreme(map(src, f), sign, nullable);
    }),
  );
  return out;
}

function extremeBy(sign: 1 | -1) {
  return generic('<T, K>(this System.Collections.Generic.IEnumerable<T> source, Func<T, K> keySelector) => T', ([t]) => {
    const nullable = defaultOf(tyName(t)) === null;
    return (src: unknown, f: Fn1) => {
      let best: unknown;
      let bestKey: unknown;
      let any = false;
      for (const x of source(src)) {
        const k = f(x);
        if (!any || sign * compareValues(k, bestKey) > 0) {
          best = x;
          bestKey = k;
        }
        any = true;
      }
      if (!any) {
        if (nullable) return null;
        fail('System.InvalidOperationException', NO_ELEMENTS);
      }
      return best;
    };
  });
}

function distinctBy(items: Iterable<unknown>, key: Fn1, comparer: Comparer = null): Generator<unknown> {
  return (function* () {
    const seen = new Set<unknown>();
    for (const x of items) {
      const k = keyOf(key(x), comparer?.ignoreCase ?? false);
      if (seen.has(k)) continue;
      seen.add(k);
      yield x;
    }
  })();
}

function sortKey(select: Fn1, descending: boolean, comparer: Comparer): SortKey {
  return comparer ? { select, descending, compare: (a, b) => comparer.compare(a as string | null, b as string | null) } : { select, descending };
}

function orderBy(descending: boolean) {
  const make = ([t]: Ty[]) => (src: unknown, f: Fn1, comparer: Comparer = null) => {
    source(src);
    return new OrderedSequenceValue(tyName(t), src, [sortKey(f, descending, comparer)]);
  };
  return [
    generic('<T, K>(this System.Collections.Generic.IEnumerable<T> source, Func<T, K> keySelector) => System.Linq.IOrderedEnumerable<T>', make),
    generic('<T, K>(this System.Collections.Generic.IEnumerable<T> source, Func<T, K> keySelector, System.Collections.Generic.IComparer<K> comparer) => System.Linq.IOrderedEnumerable<T>', make),
  ];
}

function thenBy(descending: boolean) {
  const then = (src: OrderedSequenceValue, f: Fn1, comparer: Comparer = null) => new OrderedSequenceValue(src.elementType, src.source, [...src.keys, sortKey(f, descending, comparer)]);
  return [
    method('<T, K>(this System.Linq.IOrderedEnumerable<T> source, Func<T, K> keySelector) => System.Linq.IOrderedEnumerable<T>', then),
    method('<T, K>(this System.Linq.IOrderedEnumerable<T> source, Func<T, K> keySelector, System.Collections.Generic.IComparer<K> comparer) => System.Linq.IOrderedEnumerable<T>', then),
  ];
}

const E = 'System.Collections.Generic.IEnumerable';

registerType({
  name: 'System.Linq.Enumerable',
  kind: 'static',
  statics: {
    Range: method('(int start, int count) => System.Collections.Generic.IEnumerable<int>', (start: number, count: number) => {
      if (count < 0 || start + count - 1 > 2147483647) fail('System.ArgumentOutOfRangeException', "Specified argument was out of the range of valid values. (Parameter 'count')");
      return new SequenceValue('System.Int32', function* () {
        for (let i = 0; i < count; i++) {
          chargeStep();
          yield start + i;
        }
      });
    }),
    Repeat: generic('<T>(T element, int count) => System.Collections.Generic.IEnumerable<T>', ([t]) => (x: unknown, count: number) => {
      if (count < 0) fail('System.ArgumentOutOfRangeException', "Specified argument was out of the range of valid values. (Parameter 'count')");
      return seq(t, function* () {
        for (let i = 0; i < count; i++) {
          chargeStep();
          yield x;
        }
      });
    }),
    Empty: generic('<T>() => System.Collections.Generic.IEnumerable<T>', ([t]) => () => makeArray(tyName(t), [])),
  },
  extensions: {
    Where: [
      generic(`<T>(this ${E}<T> source, Func<T, bool> predicate) => ${E}<T>`, ([t]) => (src: unknown, p: Fn1) => {
        checkSource(src);
        return seq(
          t,
          function* () {
            for (const x of source(src)) if (p(x)) yield x;
          },
          (sink) => forEachItem(src, (x) => (p(x) ? sink(x) : true)),
        );
      }),
      generic(`<T>(this ${E}<T> source, Func<T, int, bool> predicate) => ${E}<T>`, ([t]) => (src: unknown, p: Fn2) => {
        source(src);
        return seq(t, function* () {
          let i = 0;
          for (const x of source(src)) if (p(x, i++)) yield x;
        });
      }),
    ],
    Select: [
      generic(`<T, R>(this ${E}<T> source, Func<T, R> selector) => ${E}<R>`, ([, r]) => (src: unknown, f: Fn1) => {
        checkSource(src);
        return seq(
          r,
          function* () {
            for (const x of source(src)) yield f(x);
          },
          (sink) => forEachItem(src, (x) => sink(f(x))),
        );
      }),
      generic(`<T, R>(this ${E}<T> source, Func<T, int, R> selector) => ${E}<R>`, ([, r]) => (src: unknown, f: Fn2) => {
        source(src);
        return seq(r, function* () {
          let i = 0;
          for (const x of source(src)) yield f(x, i++);
        });
      }),
    ],
    SelectMany: [
      generic(`<T, R>(this ${E}<T> source, Func<T, ${E}<R>> selector) => ${E}<R>`, ([, r]) => (src: unknown, f: Fn1) => {
        source(src);
        return seq(r, function* () {
          for (const x of source(src)) yield* enumerate(f(x));
        });
      }),
      generic(`<T, C, R>(this ${E}<T> source, Func<T, ${E}<C>> collectionSelector, Func<T, C, R> resultSelector) => ${E}<R>`, ([, , r]) => (src: unknown, f: Fn1, g: (x: unknown, c: unknown) => unknown) => {
        source(src);
        return seq(r, function* () {
          for (const x of source(src)) for (const c of enumerate(f(x))) yield g(x, c);
        });
      }),
    ],
    Any: [
      method(`<T>(this ${E}<T> source) => bool`, (src: unknown) => {
        for (const _ of source(src)) return true;
        return false;
      }),
      method(`<T>(this ${E}<T> source, Func<T, bool> predicate) => bool`, (src: unknown, p: Fn1) => {
        for (const x of source(src)) if (p(x)) return true;
        return false;
      }),
    ],
    All: method(`<T>(this ${E}<T> source, Func<T, bool> predicate) => bool`, (src: unknown, p: Fn1) => {
      for (const x of source(src)) if (!p(x)) return false;
      return true;
    }),
    Count: [
      method(`<T>(this ${E}<T> source) => int`, (src: unknown) => {
        let n = 0;
        for (const _ of source(src)) {
          n++;
          if ((n & 1023) === 0) chargeStep();
        }
        return n;
      }),
      method(`<T>(this ${E}<T> source, Func<T, bool> predicate) => int`, (src: unknown, p: Fn1) => {
        let n = 0;
        for (const x of source(src)) if (p(x)) n++;
        return n;
      }),
    ],
    LongCount: method(`<T>(this ${E}<T> source) => long`, (src: unknown) => BigInt(toArray(src).length)),
    Contains: [
      method(`<T>(this ${E}<T> source, T value) => bool`, (src: unknown, v: unknown) => {
        for (const x of source(src)) if (valueEquals(x, v)) return true;
        return false;
      }),
      method(`<T>(this ${E}<T> source, T value, System.Collections.Generic.IEqualityComparer<T> comparer) => bool`, (src: unknown, v: unknown, c: Comparer) => {
        for (const x of source(src)) if (c ? c.equals(x as string | null, v as string | null) : valueEquals(x, v)) return true;
        return false;
      }),
    ],
    First: strict(first),
    Last: strict(last),
    Single: strict(single),
    FirstOrDefault: orDefault(first),
    LastOrDefault: orDefault(last),
    SingleOrDefault: orDefault(single),
    ElementAt: method(`<T>(this ${E}<T> source, int index) => T`, (src: unknown, i: number) => {
      const items = toArray(src);
      if (i < 0 || i >= items.length) fail('System.ArgumentOutOfRangeException', "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')");
      return items[i];
    }),
    ElementAtOrDefault: generic(`<T>(this ${E}<T> source, int index) => T`, ([t]) => (src: unknown, i: number) => {
      const items = toArray(src);
      return i >= 0 && i < items.length ? items[i] : defaultOf(tyName(t));
    }),
    DefaultIfEmpty: generic(`<T>(this ${E}<T> source) => ${E}<T>`, ([t]) => (src: unknown) =>
      seq(t, function* () {
        let any = false;
        for (const x of source(src)) {
          any = true;
          yield x;
        }
        if (!any) yield defaultOf(tyName(t));
      }),
    ),
    ToArray: generic(`<T>(this ${E}<T> source) => T[]`, ([t]) => (src: unknown) => makeArray(tyName(t), toArray(src))),
    ToList: generic(`<T>(this ${E}<T> source) => System.Collections.Generic.List<T>`, ([t]) => (src: unknown) => new ListValue(tyName(t), toArray(src))),
    ToHashSet: generic(`<T>(this ${E}<T> source) => System.Collections.Generic.HashSet<T>`, ([t]) => (src: unknown) => {
      const s = new HashSetValue(tyName(t));
      for (const x of source(src)) s.add(x);
      return s;
    }),
    ToDictionary: [
      generic(`<T, K>(this ${E}<T> source, Func<T, K> keySelector) => System.Collections.Generic.Dictionary<K, T>`, ([t, k]) => (src: unknown, f: Fn1) => {
        const d = new DictionaryValue(tyName(k), tyName(t));
        for (const x of source(src)) d.add(f(x), x);
        return d;
      }),
      generic(`<T, K, V>(this ${E}<T> source, Func<T, K> keySelector, Func<T, V> elementSelector) => System.Collections.Generic.Dictionary<K, V>`, ([, k, v]) => (src: unknown, f: Fn1, g: Fn1) => {
        const d = new DictionaryValue(tyName(k), tyName(v));
        for (const x of source(src)) d.add(f(x), g(x));
        return d;
      }),
    ],
    OrderBy: orderBy(false),
    OrderByDescending: orderBy(true),
    ThenBy: thenBy(false),
    ThenByDescending: thenBy(true),
    Reverse: generic(`<T>(this ${E}<T> source) => ${E}<T>`, ([t]) => (src: unknown) => {
      source(src);
      return seq(t, () => toArray(src).reverse());
    }),
    Skip: generic(`<T>(this ${E}<T> source, int count) => ${E}<T>`, ([t]) => (src: unknown, n: number) => {
      source(src);
      return seq(t, function* () {
        let i = 0;
        for (const x of source(src)) if (i++ >= n) yield x;
      });
    }),
    Take: generic(`<T>(this ${E}<T> source, int count) => ${E}<T>`, ([t]) => (src: unknown, n: number) => {
      source(src);
      return seq(t, () => take(src, n));
    }),
    SkipWhile: generic(`<T>(this ${E}<T> source, Func<T, bool> predicate) => ${E}<T>`, ([t]) => (src: unknown, p: Fn1) =>
      seq(t, function* () {
        let skipping = true;
        for (const x of source(src)) {
          if (skipping && p(x)) continue;
          skipping = false;
          yield x;
        }
      }),
    ),
    TakeWhile: generic(`<T>(this ${E}<T> source, Func<T, bool> predicate) => ${E}<T>`, ([t]) => (src: unknown, p: Fn1) =>
      seq(t, function* () {
        for (const x of source(src)) {
          if (!p(x)) return;
          yield x;
        }
      }),
    ),
    Distinct: [
      generic(`<T>(this ${E}<T> source) => ${E}<T>`, ([t]) => (src: unknown) => {
        source(src);
        return seq(t, () => distinctBy(source(src), (x) => x));
      }),
      generic(`<T>(this ${E}<T> source, System.Collections.Generic.IEqualityComparer<T> comparer) => ${E}<T>`, ([t]) => (src: unknown, c: Comparer) => {
        source(src);
        return seq(t, () => distinctBy(source(src), (x) => x, c));
      }),
    ],
    DistinctBy: generic(`<T, K>(this ${E}<T> source, Func<T, K> keySelector) => ${E}<T>`, ([t]) => (src: unknown, f: Fn1) => seq(t, () => distinctBy(source(src), f))),
    Concat: generic(`<T>(this ${E}<T> first, ${E}<T> second) => ${E}<T>`, ([t]) => (a: unknown, b: unknown) => {
      source(a);
      if (b === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'second')");
      return seq(t, function* () {
        yield* source(a);
        yield* enumerate(b);
      });
    }),
    Append: generic(`<T>(this ${E}<T> source, T element) => ${E}<T>`, ([t]) => (src: unknown, x: unknown) =>
      seq(t, function* () {
        yield* source(src);
        yield x;
      }),
    ),
    Prepend: generic(`<T>(this ${E}<T> source, T element) => ${E}<T>`, ([t]) => (src: unknown, x: unknown) =>
      seq(t, function* () {
        yield x;
        yield* source(src);
      }),
    ),
    Union: generic(`<T>(this ${E}<T> first, ${E}<T> second) => ${E}<T>`, ([t]) => (a: unknown, b: unknown) =>
      seq(t, () =>
        distinctBy(
          (function* () {
            yield* source(a);
            yield* enumerate(b);
          })(),
          (x) => x,
        ),
      ),
    ),
    Intersect: generic(`<T>(this ${E}<T> first, ${E}<T> second) => ${E}<T>`, ([t]) => (a: unknown, b: unknown) =>
      seq(t, function* () {
        const other = new Set([...enumerate(b)].map((x) => keyOf(x)));
        for (const x of distinctBy(source(a), (y) => y)) if (other.has(keyOf(x))) yield x;
      }),
    ),
    Except: generic(`<T>(this ${E}<T> first, ${E}<T> second) => ${E}<T>`, ([t]) => (a: unknown, b: unknown) =>
      seq(t, function* () {
        const other = new Set([...enumerate(b)].map((x) => keyOf(x)));
        for (const x of distinctBy(source(a), (y) => y)) if (!other.has(keyOf(x))) yield x;
      }),
    ),
    SequenceEqual: method(`<T>(this ${E}<T> first, ${E}<T> second) => bool`, (a: unknown, b: unknown) => {
      const x = toArray(a);
      const y = [...enumerate(b)];
      return x.length === y.length && x.every((v, i) => valueEquals(v, y[i]));
    }),
    Zip: generic(`<A, B, R>(this ${E}<A> first, ${E}<B> second, Func<A, B, R> resultSelector) => ${E}<R>`, ([, , r]) => (a: unknown, b: unknown, f: (x: unknown, y: unknown) => unknown) =>
      seq(r, function* () {
        const it = enumerate(b)[Symbol.iterator]();
        for (const x of source(a)) {
          const n = it.next();
          if (n.done) return;
          yield f(x, n.value);
        }
      }),
    ),
    GroupBy: [
      generic(`<T, K>(this ${E}<T> source, Func<T, K> keySelector) => ${E}<System.Linq.IGrouping<K, T>>`, ([t]) => (src: unknown, f: Fn1) =>
        new SequenceValue('System.Linq.IGrouping', () => groupBy(source(src), f, (x) => x, tyName(t))),
      ),
      generic(`<T, K, V>(this ${E}<T> source, Func<T, K> keySelector, Func<T, V> elementSelector) => ${E}<System.Linq.IGrouping<K, V>>`, ([, , v]) => (src: unknown, f: Fn1, g: Fn1) =>
        new SequenceValue('System.Linq.IGrouping', () => groupBy(source(src), f, g, tyName(v))),
      ),
    ],
    Sum: numericOverloads('Sum'),
    Average: numericOverloads('Average'),
    Min: extremeOverloads(-1),
    Max: extremeOverloads(1),
    MinBy: extremeBy(-1),
    MaxBy: extremeBy(1),
    Aggregate: [
      method(`<T>(this ${E}<T> source, Func<T, T, T> func) => T`, (src: unknown, f: (a: unknown, b: unknown) => unknown) => {
        let acc: unknown;
        let any = false;
        for (const x of source(src)) {
          acc = any ? f(acc, x) : x;
          any = true;
        }
        if (!any) fail('System.InvalidOperationException', NO_ELEMENTS);
        return acc;
      }),
      method(`<T, A>(this ${E}<T> source, A seed, Func<A, T, A> func) => A`, (src: unknown, seed: unknown, f: (a: unknown, b: unknown) => unknown) => {
        let acc = seed;
        for (const x of source(src)) acc = f(acc, x);
        return acc;
      }),
      method(`<T, A, R>(this ${E}<T> source, A seed, Func<A, T, A> func, Func<A, R> resultSelector) => R`, (src: unknown, seed: unknown, f: (a: unknown, b: unknown) => unknown, r: Fn1) => {
        let acc = seed;
        for (const x of source(src)) acc = f(acc, x);
        return r(acc);
      }),
    ],
    Cast: generic(`<R>(this System.Collections.IEnumerable source) => ${E}<R>`, ([r]) => {
      const conv = r ? checkedCast(r) : null;
      return (src: unknown) => seq(r, () => (conv ? map(src, conv) : source(src)));
    }),
    OfType: generic(`<R>(this System.Collections.IEnumerable source) => ${E}<R>`, ([r]) => {
      const conv = r ? checkedCast(r) : null;
      return (src: unknown) =>
        seq(r, function* () {
          for (const x of source(src)) {
            if (x === null || x === undefined) continue;
            if (!conv) {
              yield x;
              continue;
            }
            let ok = true;
            let v: unknown;
            try {
              v = conv(x);
            } catch {
              ok = false;
            }
            if (ok) yield v;
          }
        });
    }),
    AsEnumerable: method(`<T>(this ${E}<T> source) => ${E}<T>`, (src: unknown) => src),
  },
});

function groupBy(items: Iterable<unknown>, key: Fn1, element: Fn1, elementType: string): GroupingValue[] {
  const groups = new Map<unknown, GroupingValue>();
  for (const x of items) {
    const k = key(x);
    const hk = keyOf(k);
    let g = groups.get(hk);
    if (!g) {
      g = new GroupingValue(k, [], elementType);
      groups.set(hk, g);
    }
    g.items.push(element(x));
  }
  return [...groups.values()];
}

registerType({
  name: 'System.Linq.IOrderedEnumerable<T>',
  kind: 'interface',
  interfaces: ['System.Collections.Generic.IEnumerable<T>'],
  elementType: 'T',
});

registerType({
  name: 'System.Linq.Iterator<T>',
  jsClass: SequenceValue,
  interfaces: ['System.Collections.Generic.IEnumerable<T>'],
  typeArgs: (s: SequenceValue) => [s.elementType],
  iterate: (s: SequenceValue) => s.run(),
  elementType: 'T',
  toString: (s: SequenceValue) => `System.Linq.Enumerable+Iterator\`1[${s.elementType}]`,
  toJson: (s: SequenceValue) => [...s.run()],
});

registerType({
  name: 'System.Linq.OrderedEnumerable<T>',
  base: 'System.Linq.Iterator<T>',
  jsClass: OrderedSequenceValue,
  interfaces: ['System.Linq.IOrderedEnumerable<T>'],
  typeArgs: (s: SequenceValue) => [s.elementType],
  iterate: (s: SequenceValue) => s.run(),
  elementType: 'T',
  toString: (s: SequenceValue) => `System.Linq.OrderedEnumerable\`2[${s.elementType},System.Object]`,
});

registerType({
  name: 'System.Linq.IGrouping<TKey, TElement>',
  jsClass: GroupingValue,
  kind: 'class',
  interfaces: ['System.Collections.Generic.IEnumerable<TElement>'],
  iterate: (g: GroupingValue) => g.items,
  elementType: 'TElement',
  members: {
    Key: prop('TKey', (g: GroupingValue) => g.key),
  },
  toString: () => 'System.Linq.Grouping`2',
  toJson: (g: GroupingValue) => ({ Key: g.key, Items: g.items }),
});

