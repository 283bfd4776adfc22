/**
 * .NET's default equality, hashing and ordering of runtime values, as used by Contains, Distinct,
 * Dictionary keys, HashSet, GroupBy and OrderBy (EqualityComparer<T>.Default / Comparer<T>.Default).
 */
import { defOfObject, typeByFullName, type TypeDef } from '../registry.js';
import { enumValue } from '../compiler/conversions.js';
import type { Ty } from '../types.js';
import { BoxedValue, EnumValue } from '../values.js';
import { fail } from './fail.js';

function defChain(v: object): TypeDef[] {
  const out: TypeDef[] = [];
  for (let d = defOfObject(v); d; ) {
    out.push(d);
    const b = d.baseType();
    d = b && b.kind === 'named' ? b.def : undefined;
  }
  return out;
}

function equalsFnOf(v: object): ((a: unknown, b: unknown) => boolean) | undefined {
  for (const d of defChain(v)) if (d.equalsFn) return d.equalsFn;
  return undefined;
}

/** A key that is equal for equal values: a primitive for value-like things, the object itself otherwise. */
export function keyOf(v: unknown, ignoreCase = false): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return 's:' + (ignoreCase ? v.toUpperCase() : v);
    case 'number':
      return 'n:' + String(v);
    case 'bigint':
      return 'l:' + v.toString();
    case 'boolean':
      return v ? 'b:1' : 'b:0';
  }
  if (v instanceof BoxedValue) return `x:${v.type}:${String(v.value)}`;
  if (v instanceof EnumValue) return `e:${v.type}:${v.value}`;
  const chain = defChain(v as object);
  for (const d of chain) if (d.hashFn) return `h:${d.fullName}:${d.hashFn(v)}`;
  return v;
}

/** object.Equals semantics for two runtime values. */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return keyOf(a) === keyOf(b);
  const eq = equalsFnOf(a);
  if (eq && defOfObject(a) === defOfObject(b)) return eq(a, b);
  const ka = keyOf(a);
  return typeof ka === 'string' && ka === keyOf(b);
}

const collator = new Intl.Collator('und', { sensitivity: 'variant', caseFirst: 'lower' });

/** Comparer<T>.Default: culture-aware (invariant) for strings; null sorts first. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  const x = a instanceof BoxedValue ? a.value : a instanceof EnumValue ? a.value : a;
  const y = b instanceof BoxedValue ? b.value : b instanceof EnumValue ? b.value : b;
  if (typeof x === 'string' && typeof y === 'string') return collator.compare(x, y);
  if ((typeof x === 'number' || typeof x === 'bigint') && (typeof y === 'number' || typeof y === 'bigint')) {
    if (typeof x === 'number' && Number.isNaN(x)) return typeof y === 'number' && Number.isNaN(y) ? 0 : -1;
    if (typeof y === 'number' && Number.isNaN(y)) return 1;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof x === 'boolean' && typeof y === 'boolean') return Number(x) - Number(y);
  if (typeof x === 'object' && x !== null) {
    for (const d of defChain(x)) if (d.compareFn) return d.compareFn(x, y);
  }
  return fail('System.InvalidOperationException', 'Failed to compare two elements in the array.');
}

/** Ordinal string comparison (string.CompareOrdinal, StringComparer.Ordinal). */
export function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `default(T)`, the one home for it (the compiler's `default(T)`, `FirstOrDefault`, `GetValueOrDefault`,
 * `TryGetValue`'s out value, JSON conversions): null for reference and nullable types; for structs the
 * type's registered default (DateTime.MinValue, Guid.Empty, TimeSpan.Zero …), the enum member 0, or zero.
 */
export function defaultOfDef(def: TypeDef | undefined): unknown {
  if (!def) return null;
  if (def.defaultValue !== undefined) return def.defaultValue;
  if (def.kind === 'enum') return enumValue(def, 0);
  if (def.kind !== 'struct') return null;
  switch (def.fullName) {
    case 'System.Int64':
    case 'System.UInt64':
      return 0n;
    case 'System.Boolean':
      return false;
    case 'System.Nullable':
      return null;
    default:
      return 0;
  }
}

/** `default(T)` for a type (null for `T?`, generic parameters and `dynamic`). */
export function defaultOfTy(ty: Ty): unknown {
  return ty.kind === 'named' && ty.def?.fullName !== 'System.Nullable' ? defaultOfDef(ty.def) : null;
}

/** `default(T)` for a full .NET type name (`System.Int32`, `System.DateTime`). */
export function defaultOf(typeName: string): unknown {
  return defaultOfDef(typeByFullName(typeName));
}
