/**
 * Conversions between static types, built once at compile time as small functions:
 * implicit (numeric widening, boxing, reference, nullable, user-defined implicit) and explicit
 * (numeric narrowing with .NET's unchecked wrap, unboxing, downcasts, user-defined explicit casts).
 */
import { Ty } from '../types.js';
import { signatureOf, type Overload, type TypeDef } from '../registry.js';
import { BoxedValue, EnumValue, box } from '../values.js';
import { dotnetError } from '../errors.js';
import { runtimeTy } from '../format.js';
import { DecimalValue } from '../runtime/decimal-value.js';
import { INTEGER_TYPES, overflow } from '../runtime/number-parse.js';
import { T, isInstance, isNamed, isNullable, isSubtype, isValueType, underlying } from './typesys.js';

export type Conv = ((v: unknown) => unknown) | null; // null = identity

interface NumInfo {
  rank: number;
  integral: boolean;
  big: boolean;
}

export const NUMERIC: Readonly<Record<string, NumInfo>> = {
  'System.SByte': { rank: 1, integral: true, big: false },
  'System.Byte': { rank: 1, integral: true, big: false },
  'System.Int16': { rank: 2, integral: true, big: false },
  'System.UInt16': { rank: 2, integral: true, big: false },
  'System.Char': { rank: 2, integral: true, big: false },
  'System.Int32': { rank: 3, integral: true, big: false },
  'System.UInt32': { rank: 4, integral: true, big: false },
  'System.Int64': { rank: 5, integral: true, big: true },
  'System.UInt64': { rank: 6, integral: true, big: true },
  'System.Single': { rank: 7, integral: false, big: false },
  'System.Double': { rank: 8, integral: false, big: false },
  'System.Decimal': { rank: 9, integral: false, big: false },
};

const IMPLICIT_NUMERIC: Readonly<Record<string, readonly string[]>> = {
  'System.SByte': ['System.Int16', 'System.Int32', 'System.Int64', 'System.Single', 'System.Double', 'System.Decimal'],
  'System.Byte': ['System.Int16', 'System.UInt16', 'System.Int32', 'System.UInt32', 'System.Int64', 'System.UInt64', 'System.Single', 'System.Double', 'System.Decimal'],
  'System.Int16': ['System.Int32', 'System.Int64', 'System.Single', 'System.Double', 'System.Decimal'],
  'System.UInt16': ['System.Int32', 'System.UInt32', 'System.Int64', 'System.UInt64', 'System.Single', 'System.Double', 'System.Decimal'],
  'System.Char': ['System.UInt16', 'System.Int32', 'System.UInt32', 'System.Int64', 'System.UInt64', 'System.Single', 'System.Double', 'System.Decimal'],
  'System.Int32': ['System.Int64', 'System.Single', 'System.Double', 'System.Decimal'],
  'System.UInt32': ['System.Int64', 'System.UInt64', 'System.Single', 'System.Double', 'System.Decimal'],
  'System.Int64': ['System.Single', 'System.Double', 'System.Decimal'],
  'System.UInt64': ['System.Single', 'System.Double', 'System.Decimal'],
  'System.Single': ['System.Double'],
};

export function numInfo(t: Ty): NumInfo | undefined {
  return t.kind === 'named' ? NUMERIC[t.def!.fullName] : undefined;
}

/** Converts a numeric value between representations, wrapping like unchecked C#. */
export function numericConverter(from: string, to: string): Conv {
  if (from === to) return null;
  if (from === 'System.Decimal' || to === 'System.Decimal') return decimalConverter(from, to);
  const src = NUMERIC[from]!;
  const toNumber: (v: unknown) => number = src.big ? (v) => Number(v as bigint) : (v) => v as number;
  switch (to) {
    case 'System.Int64':
      return src.big ? (v) => BigInt.asIntN(64, v as bigint) : (v) => BigInt.asIntN(64, BigInt(truncate(v as number)));
    case 'System.UInt64':
      return src.big ? (v) => BigInt.asUintN(64, v as bigint) : (v) => BigInt.asUintN(64, BigInt(truncate(v as number)));
    case 'System.Int32':
      return src.big ? (v) => Number(BigInt.asIntN(32, v as bigint)) : src.integral ? (v) => (v as number) | 0 : (v) => toInt32(v as number);
    case 'System.UInt32':
      return src.big ? (v) => Number(BigInt.asUintN(32, v as bigint)) : (v) => toInt32(v as number) >>> 0;
    case 'System.Int16':
      return (v) => (wrapInt(src.big, v) << 16) >> 16;
    case 'System.UInt16':
    case 'System.Char':
      return (v) => wrapInt(src.big, v) & 0xffff;
    case 'System.SByte':
      return (v) => (wrapInt(src.big, v) << 24) >> 24;
    case 'System.Byte':
      return (v) => wrapInt(src.big, v) & 0xff;
    case 'System.Single':
      return (v) => Math.fround(toNumber(v));
    case 'System.Double':
      return src.big ? toNumber : null;
  }
  return null;
}

/** Conversions to and from decimal: exact from integers, 15 (double) or 7 (float) digits from floating
 * point, truncation to integers with .NET's OverflowException (also in unchecked code, as decimal does). */
function decimalConverter(from: string, to: string): Conv {
  if (to === 'System.Decimal') {
    if (from === 'System.Double') return (v) => DecimalValue.fromDouble(v as number);
    if (from === 'System.Single') return (v) => DecimalValue.fromSingle(v as number);
    return NUMERIC[from]!.big ? (v) => DecimalValue.fromBigInt(v as bigint) : (v) => DecimalValue.fromInt(v as number);
  }
  if (to === 'System.Double') return (v) => (v as DecimalValue).toNumber();
  if (to === 'System.Single') return (v) => Math.fround((v as DecimalValue).toNumber());
  const range = INTEGER_TYPES[to === 'System.Char' ? 'System.UInt16' : to]!;
  const big = NUMERIC[to]!.big;
  return (v) => {
    const n = (v as DecimalValue).toBigInt();
    if (n < range.min || n > range.max) overflow(to === 'System.Char' ? 'a character' : range);
    return big ? n : Number(n);
  };
}

function truncate(n: number): number {
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}
function toInt32(n: number): number {
  if (!Number.isFinite(n)) return -2147483648;
  return Number(BigInt.asIntN(32, BigInt(Math.trunc(n))));
}
function wrapInt(big: boolean, v: unknown): number {
  return big ? Number(BigInt.asIntN(32, v as bigint)) : toInt32(v as number);
}

/** A constant int fits the target integral type (C# implicit constant conversion). */
export function constantFits(value: unknown, to: string): boolean {
  if (typeof value !== 'number' || !Number.isInteger(value)) return false;
  const ranges: Record<string, [number, number]> = {
    'System.SByte': [-128, 127],
    'System.Byte': [0, 255],
    'System.Int16': [-32768, 32767],
    'System.UInt16': [0, 65535],
    'System.Char': [0, 65535],
    'System.UInt32': [0, 4294967295],
    'System.UInt64': [0, Number.MAX_SAFE_INTEGER],
  };
  const r = ranges[to];
  return !!r && value >= r[0] && value <= r[1] && to !== 'System.Char';
}

export interface ConvResult {
  conv: Conv;
  /** Lower is better (overload resolution): 0 identity, 1 numeric, 2 reference, 3 boxing, 4 user-defined, 5 dynamic. */
  cost: number;
}

/** The implicit conversion from → to, or undefined when there is none. */
export function implicitConversion(from: Ty, to: Ty, constValue?: { value: unknown }): ConvResult | undefined {
  if (from === to) return { conv: null, cost: 0 };
  if (to.kind === 'dynamic') return { conv: boxer(from), cost: 5 };
  if (from.kind === 'dynamic') return { conv: dynamicTo(to), cost: 5 };
  if (from.kind === 'null') return isValueType(to) && !isNullable(to) ? undefined : { conv: null, cost: 1 };
  const fn = numInfo(from) ? from.def!.fullName : undefined;
  const tn = to.kind === 'named' ? to.def!.fullName : undefined;
  if (fn && tn && IMPLICIT_NUMERIC[fn]?.includes(tn)) return { conv: numericConverter(fn, tn), cost: 1 + (NUMERIC[tn]!.rank - NUMERIC[fn]!.rank) / 100 };
  if (constValue && tn && fn === 'System.Int32' && constantFits(constValue.value, tn)) return { conv: numericConverter(fn, tn), cost: 1 };
  if (constValue && tn && fn === 'System.Int32' && (tn === 'System.Int64' || tn === 'System.UInt64') && typeof constValue.value === 'number' && constValue.value >= 0)
    return { conv: numericConverter(fn, tn), cost: 1 };
  // T → T? and T? → object
  if (isNullable(to)) {
    const inner = implicitConversion(isNullable(from) ? underlying(from) : from, underlying(to), constValue);
    if (inner) return { conv: inner.conv ? (v) => (v === null || v === undefined ? null : inner.conv!(v)) : null, cost: inner.cost + 0.5 };
    return undefined;
  }
  if (isNullable(from)) {
    if (isNamed(to, 'System.Object')) return { conv: boxer(underlying(from)), cost: 3 };
    return undefined;
  }
  if (isSubtype(from, to)) {
    if (isValueType(from)) return { conv: boxer(from), cost: 3 };
    return { conv: null, cost: isNamed(to, 'System.Object') ? 3 : 2 };
  }
  const user = userConversion(from, to, false);
  if (user) return { conv: user, cost: 4 };
  return undefined;
}

/** The explicit conversion (cast) from → to, or undefined when C# rejects the cast. */
export function explicitConversion(from: Ty, to: Ty, constValue?: { value: unknown }): Conv | undefined {
  const imp = implicitConversion(from, to, constValue);
  if (imp && !(from.kind === 'dynamic')) return imp.conv;
  if (from.kind === 'dynamic') return dynamicTo(to, true);
  const fromU = underlying(from);
  const toU = underlying(to);
  const fi = numInfo(fromU);
  const ti = numInfo(toU);
  if ((fi || isEnum(fromU)) && (ti || isEnum(toU))) {
    const conv = enumNumeric(fromU, toU);
    if (isNullable(from) && !isNullable(to)) return (v) => (v === null || v === undefined ? nullableMissing() : conv ? conv(v) : v);
    return conv && isNullable(from) ? (v) => (v === null ? null : conv(v)) : conv;
  }
  // Nullable<T> → T (or → U when T → U is a cast): a null throws like `.Value` does.
  if (isNullable(from) && !isNullable(to) && !isNamed(to, 'System.Object')) {
    const inner = explicitConversion(fromU, to);
    if (inner !== undefined) return (v) => (v === null || v === undefined ? nullableMissing() : inner ? inner(v) : v);
  }
  // T → U? and T? → U? when T → U is a cast: null stays null.
  if (isNullable(to) && (isNullable(from) || isValueType(from))) {
    const inner = explicitConversion(fromU, toU);
    if (inner !== undefined) return inner ? (v) => (v === null || v === undefined ? null : inner(v)) : null;
  }
  // Unboxing and downcasts (object → int, object → JObject, JToken → JObject).
  if (isSubtype(to, from) || isNamed(from, 'System.Object') || isInterface(from) || isInterface(to)) {
    const user = userConversion(from, to, true);
    if (user) return user;
    return checkedCast(to);
  }
  return userConversion(from, to, true) ?? undefined;
}

function nullableMissing(): never {
  throw dotnetError('System.InvalidOperationException', 'Nullable object must have a value.');
}

function isInterface(t: Ty): boolean {
  return t.kind === 'named' && t.def!.kind === 'interface';
}
function isEnum(t: Ty): boolean {
  return t.kind === 'named' && t.def!.kind === 'enum';
}

function enumNumeric(from: Ty, to: Ty): Conv {
  const fromName = isEnum(from) ? 'System.Int32' : from.def!.fullName;
  if (isEnum(to)) {
    const def = to.def!;
    const toInt = numericConverter(fromName, 'System.Int32');
    return (v) => enumValue(def, (toInt ? toInt(v) : v) as number);
  }
  const raw: Conv = isEnum(from) ? (v) => (v as EnumValue).value : null;
  const num = numericConverter(fromName, to.def!.fullName);
  if (!raw) return num;
  return num ? (v) => num(raw(v)) : raw;
}

/** The interned EnumValue of an enum type for a number (flags combinations get joined names). */
export function enumValue(def: TypeDef, value: number): EnumValue {
  let byValue = enumCache.get(def);
  if (!byValue) {
    byValue = new Map();
    for (const [name, v] of def.enumMembers) if (!byValue.has(v)) byValue.set(v, new EnumValue(def.fullName, v, name));
    enumCache.set(def, byValue);
  }
  let e = byValue.get(value);
  if (!e) {
    let name = String(value);
    if (def.flags) {
      const names: string[] = [];
      let rest = value;
      for (const [n, v] of [...def.enumMembers].sort((a, b) => b[1] - a[1])) {
        if (v !== 0 && (rest & v) === v) {
          names.unshift(n);
          rest &= ~v;
        }
      }
      if (rest === 0 && names.length) name = names.join(', ');
    }
    e = new EnumValue(def.fullName, value, name);
  }
  return e;
}
const enumCache = new Map<TypeDef, Map<number, EnumValue>>();

/** Boxes a value of static type `from` when it becomes `object`. */
export function boxer(from: Ty): Conv {
  const t = underlying(from);
  if (t.kind !== 'named') return null;
  const name = t.def!.fullName;
  switch (name) {
    case 'System.Double':
    case 'System.Single':
    case 'System.Char':
    case 'System.Byte':
    case 'System.SByte':
    case 'System.Int16':
    case 'System.UInt16':
    case 'System.UInt32':
    case 'System.UInt64':
      return (v) => box(name, v);
    default:
      return null;
  }
}

/** From a self-describing value to a static type (unboxing with a type check). */
export function dynamicTo(to: Ty, explicit = false): Conv {
  if (to.kind === 'dynamic' || isNamed(to, 'System.Object')) return null;
  return checkedCast(to, explicit);
}

/** A runtime-checked cast: null passes for reference types; value types must match exactly (unboxing). */
export function checkedCast(to: Ty, allowNumericUnbox = false): Conv {
  const nullable = isNullable(to);
  const target = underlying(to);
  const valueType = isValueType(target);
  const tn = target.kind === 'named' ? target.def!.fullName : '';
  const numeric = NUMERIC[tn];
  return (v) => {
    if (v === null || v === undefined) {
      if (valueType && !nullable) throw dotnetError('System.NullReferenceException');
      return null;
    }
    if (numeric) {
      const rt = runtimeTy(v);
      const rn = rt.kind === 'named' ? rt.def!.fullName : '';
      if (rn === tn) return v instanceof BoxedValue ? v.value : v;
      // A bare JS number that is integral but statically double (e.g. 2.0 from JSON) unboxes as double.
      if (tn === 'System.Double' && typeof v === 'number') return v;
      if (allowNumericUnbox && NUMERIC[rn] && false) return v;
      throw invalidCast(rt, target);
    }
    if (isInstance(v, target)) return v;
    throw invalidCast(runtimeTy(v), target);
  };
}

export function invalidCast(from: Ty, to: Ty): Error {
  return dotnetError('System.InvalidCastException', `Unable to cast object of type '${from.dotnetName}' to type '${to.dotnetName}'.`);
}

/** A user-defined conversion declared on either type (or their bases). */
function userConversion(from: Ty, to: Ty, allowExplicit: boolean): Conv | undefined {
  const candidates: { o: Overload; owner: TypeDef }[] = [];
  for (const t of [from, to, underlying(to)]) {
    for (let d = t.kind === 'named' ? t.def : undefined; d; d = baseDefOf(d)) for (const o of d.casts) candidates.push({ o, owner: d });
  }
  let best: { fn: Conv; cost: number } | undefined;
  for (const { o, owner } of candidates) {
    if (o.explicit && !allowExplicit) continue;
    const sig = signatureOf(o, owner);
    const p = sig.params[0]!.type;
    const r = sig.returns;
    if (!(r === to || r === underlying(to))) continue;
    let pre: Conv = null;
    let cost = 0;
    if (p !== from) {
      if (!isSubtype(from, p) || from.kind === 'dynamic') {
        const fi = numInfo(from);
        const pi = numInfo(p);
        if (!(fi && pi && IMPLICIT_NUMERIC[from.def!.fullName]?.includes(p.def!.fullName))) continue;
        pre = numericConverter(from.def!.fullName, p.def!.fullName);
        cost = 1;
      } else cost = 0.5;
    }
    if (!best || cost < best.cost) {
      const fn = o.fn!;
      const pre2 = pre;
      best = { fn: pre2 ? (v) => fn(pre2(v)) : (v) => fn(v), cost };
    }
  }
  return best?.fn;
}

function baseDefOf(d: TypeDef): TypeDef | undefined {
  const b = d.baseType();
  return b && b.kind === 'named' ? b.def : undefined;
}

/** Compose two conversions. */
export function compose(a: Conv, b: Conv): Conv {
  if (!a) return b;
  if (!b) return a;
  return (v) => b(a(v));
}

export { T };
export const objectTy = (): Ty => T.object;
