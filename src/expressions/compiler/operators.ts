/**
 * C# operators on static types: binary numeric promotion (§12.4.7), unchecked integer arithmetic
 * (int wraps, integer division truncates, division by zero throws), string concatenation with
 * .NET ToString, bool and enum operators, lifted nullable operators and user-defined operators.
 */
import { Ty } from '../types.js';
import { signatureOf, type TypeDef } from '../registry.js';
import { EnumValue } from '../values.js';
import type { DecimalValue } from '../runtime/decimal-value.js';
import { dotnetError } from '../errors.js';
import { stringifierFor } from '../format.js';
import { checkStringLength } from '../budget.js';
import { NUMERIC, enumValue, implicitConversion, numInfo, numericConverter, type Conv } from './conversions.js';
import { T, isNamed, isNullable, isValueType, makeNullable, underlying } from './typesys.js';

export type BinFn = (a: any, b: any) => unknown;
export interface BinaryOp {
  ty: Ty;
  fn: BinFn;
  /** Conversions applied to the operands before fn. */
  left: Conv;
  right: Conv;
}

const SIGNED = new Set(['System.SByte', 'System.Int16', 'System.Int32', 'System.Int64']);

/** The type both operands are promoted to, or undefined. */
export function promote(a: Ty, b: Ty): string | undefined {
  const an = a.kind === 'named' ? a.def!.fullName : '';
  const bn = b.kind === 'named' ? b.def!.fullName : '';
  if (!NUMERIC[an] || !NUMERIC[bn]) return undefined;
  const has = (n: string) => an === n || bn === n;
  if (has('System.Decimal')) return has('System.Double') || has('System.Single') ? undefined : 'System.Decimal';
  if (has('System.Double')) return 'System.Double';
  if (has('System.Single')) return 'System.Single';
  if (has('System.UInt64')) return SIGNED.has(an === 'System.UInt64' ? bn : an) ? undefined : 'System.UInt64';
  if (has('System.Int64')) return 'System.Int64';
  if (has('System.UInt32')) return SIGNED.has(an === 'System.UInt32' ? bn : an) || an === 'System.SByte' || bn === 'System.SByte' ? 'System.Int64' : 'System.UInt32';
  return 'System.Int32';
}

function divideByZero(): never {
  throw dotnetError('System.DivideByZeroException', 'Attempted to divide by zero.');
}

function overflow(): never {
  throw dotnetError('System.OverflowException', 'Arithmetic operation resulted in an overflow.');
}

// int.MinValue / -1 and int.MinValue % -1 throw OverflowException in .NET even unchecked (the x64 idiv traps).
const INT_OPS: Record<string, BinFn> = {
  '+': (a, b) => (a + b) | 0,
  '-': (a, b) => (a - b) | 0,
  '*': (a, b) => Math.imul(a, b),
  '/': (a, b) => (b === 0 ? divideByZero() : b === -1 && a === -2147483648 ? overflow() : (a / b) | 0),
  '%': (a, b) => (b === 0 ? divideByZero() : b === -1 && a === -2147483648 ? overflow() : a % b | 0),
  '&': (a, b) => a & b,
  '|': (a, b) => a | b,
  '^': (a, b) => a ^ b,
  '<<': (a, b) => a << (b & 31),
  '>>': (a, b) => a >> (b & 31),
};
const UINT_OPS: Record<string, BinFn> = {
  '+': (a, b) => (a + b) >>> 0,
  '-': (a, b) => (a - b) >>> 0,
  '*': (a, b) => Math.imul(a, b) >>> 0,
  '/': (a, b) => (b === 0 ? divideByZero() : Math.trunc(a / b)),
  '%': (a, b) => (b === 0 ? divideByZero() : a % b),
  '&': (a, b) => (a & b) >>> 0,
  '|': (a, b) => (a | b) >>> 0,
  '^': (a, b) => (a ^ b) >>> 0,
  '<<': (a, b) => (a << (b & 31)) >>> 0,
  '>>': (a, b) => a >>> (b & 31),
};
function bigOps(wrap: (v: bigint) => bigint): Record<string, BinFn> {
  // operands are bigints (long/ulong); shift counts are ints
  return {
    '+': (a: bigint, b: bigint) => wrap(a + b),
    '-': (a: bigint, b: bigint) => wrap(a - b),
    '*': (a: bigint, b: bigint) => wrap(a * b),
    '/': (a, b) => (b === 0n ? divideByZero() : wrap((a as bigint) / (b as bigint)) !== (a as bigint) / (b as bigint) ? overflow() : wrap((a as bigint) / (b as bigint))),
    '%': (a: bigint, b: bigint) => (b === 0n ? divideByZero() : b === -1n && wrap(-a) !== -a ? overflow() : a % b),
    '&': (a: bigint, b: bigint) => wrap(a & b),
    '|': (a: bigint, b: bigint) => wrap(a | b),
    '^': (a: bigint, b: bigint) => wrap(a ^ b),
    '<<': (a: bigint, b: number) => wrap(a << BigInt(b & 63)),
    '>>': (a: bigint, b: number) => wrap(a >> BigInt(b & 63)),
  };
}
const LONG_OPS = bigOps((v) => BigInt.asIntN(64, v));
const ULONG_OPS = bigOps((v) => BigInt.asUintN(64, v));
const DOUBLE_OPS: Record<string, BinFn> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};
const FLOAT_OPS: Record<string, BinFn> = Object.fromEntries(Object.entries(DOUBLE_OPS).map(([k, f]) => [k, (a: number, b: number) => Math.fround(f(a, b) as number)]));
const DECIMAL_OPS: Record<string, BinFn> = {
  '+': (a: DecimalValue, b: DecimalValue) => a.add(b),
  '-': (a: DecimalValue, b: DecimalValue) => a.subtract(b),
  '*': (a: DecimalValue, b: DecimalValue) => a.multiply(b),
  '/': (a: DecimalValue, b: DecimalValue) => a.divide(b),
  '%': (a: DecimalValue, b: DecimalValue) => a.remainder(b),
};
/** decimals compare by value (1.50m == 1.5m), not by reference. */
const DECIMAL_COMPARE: Record<string, BinFn> = {
  '<': (a: DecimalValue, b: DecimalValue) => a.compareTo(b) < 0,
  '>': (a: DecimalValue, b: DecimalValue) => a.compareTo(b) > 0,
  '<=': (a: DecimalValue, b: DecimalValue) => a.compareTo(b) <= 0,
  '>=': (a: DecimalValue, b: DecimalValue) => a.compareTo(b) >= 0,
  '==': (a: DecimalValue, b: DecimalValue) => a.equals(b),
  '!=': (a: DecimalValue, b: DecimalValue) => !a.equals(b),
};
const COMPARE: Record<string, BinFn> = {
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/** `checked` arithmetic: + - * on integral types throw OverflowException instead of wrapping. */
function checkedOps(wrapped: Record<string, BinFn>, inRange: (v: any) => boolean, exact: Record<string, BinFn>): Record<string, BinFn> {
  const out = { ...wrapped };
  for (const op of ['+', '-', '*']) {
    const f = exact[op]!;
    out[op] = (a, b) => {
      const v = f(a, b);
      return inRange(v) ? v : overflow();
    };
  }
  return out;
}
const EXACT_NUMBER: Record<string, BinFn> = { '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b };
const EXACT_BIGINT: Record<string, BinFn> = { '+': (a: bigint, b: bigint) => a + b, '-': (a: bigint, b: bigint) => a - b, '*': (a: bigint, b: bigint) => a * b };
// int * int is exact in a double only up to 2^53: BigInt for the product keeps the check exact.
const CHECKED_INT_OPS = { ...checkedOps(INT_OPS, (v: number) => v >= -2147483648 && v <= 2147483647, EXACT_NUMBER), '*': (a: number, b: number) => { const v = a * b; if (v < -2147483648 || v > 2147483647) overflow(); return v | 0; } };
const CHECKED_UINT_OPS = { ...checkedOps(UINT_OPS, (v: number) => v >= 0 && v <= 4294967295, EXACT_NUMBER), '*': (a: number, b: number) => { const v = BigInt(a) * BigInt(b); if (v > 4294967295n) overflow(); return Number(v); } };
const CHECKED_LONG_OPS = checkedOps(LONG_OPS, (v: bigint) => BigInt.asIntN(64, v) === v, EXACT_BIGINT);
const CHECKED_ULONG_OPS = checkedOps(ULONG_OPS, (v: bigint) => BigInt.asUintN(64, v) === v, EXACT_BIGINT);
const CHECKED: Record<string, Record<string, BinFn>> = { 'System.Int32': CHECKED_INT_OPS, 'System.UInt32': CHECKED_UINT_OPS, 'System.Int64': CHECKED_LONG_OPS, 'System.UInt64': CHECKED_ULONG_OPS };

/** Whether the code being compiled is inside `checked( )` (compilation is synchronous and lexical, as C#'s context is). */
let checkedContext = false;

/** Compiles `compile` in a checked (or unchecked) context. */
export function inCheckedContext<R>(checked: boolean, compile: () => R): R {
  const prev = checkedContext;
  checkedContext = checked;
  try {
    return compile();
  } finally {
    checkedContext = prev;
  }
}

function opsFor(type: string): Record<string, BinFn> {
  if (checkedContext && CHECKED[type]) return CHECKED[type]!;
  switch (type) {
    case 'System.Int32':
      return INT_OPS;
    case 'System.UInt32':
      return UINT_OPS;
    case 'System.Int64':
      return LONG_OPS;
    case 'System.UInt64':
      return ULONG_OPS;
    case 'System.Single':
      return FLOAT_OPS;
    case 'System.Decimal':
      return DECIMAL_OPS;
    default:
      return DOUBLE_OPS;
  }
}

const SHIFT_BASE: Record<string, string> = {
  'System.SByte': 'System.Int32',
  'System.Byte': 'System.Int32',
  'System.Int16': 'System.Int32',
  'System.UInt16': 'System.Int32',
  'System.Char': 'System.Int32',
  'System.Int32': 'System.Int32',
  'System.UInt32': 'System.UInt32',
  'System.Int64': 'System.Int64',
  'System.UInt64': 'System.UInt64',
};

/** Resolve `a op b` for operand types; undefined when C# has no such operator. */
export function binaryOperator(op: string, a: Ty, b: Ty, aConst?: { value: unknown }, bConst?: { value: unknown }): BinaryOp | undefined {
  // A user-defined + (XNamespace + string → XName) wins over string concatenation, as in C#.
  if (op === '+' && !(isNamed(a, 'System.String') && isNamed(b, 'System.String'))) {
    const user = userOperator(op, a, b, aConst, bConst);
    if (user) return user;
  }
  // String concatenation: either side a string.
  if (op === '+' && (isNamed(a, 'System.String') || isNamed(b, 'System.String'))) {
    const sa = stringifierFor(a);
    const sb = stringifierFor(b);
    return {
      ty: T.string,
      left: null,
      right: null,
      fn: (x, y) => {
        const s = sa(x) + sb(y);
        if (s.length > 65536) checkStringLength(s.length);
        return s;
      },
    };
  }
  const lifted = isNullable(a) || isNullable(b) || a.kind === 'null' || b.kind === 'null';
  const ua = a.kind === 'null' ? b : underlying(a);
  const ub = b.kind === 'null' ? a : underlying(b);
  const base = liftableOperator(op, ua, ub, aConst, bConst);
  if (base) {
    if (!lifted) return base;
    return liftNullable(op, base);
  }
  if (op === '==' || op === '!=') return referenceEquality(op, a, b);
  return undefined;
}

function liftNullable(op: string, base: BinaryOp): BinaryOp {
  const { fn, left, right } = base;
  const l = left ?? ((v: unknown) => v);
  const r = right ?? ((v: unknown) => v);
  if (op === '==' || op === '!=') {
    const eq = op === '==';
    return {
      ty: T.bool,
      left: null,
      right: null,
      fn: (x, y) => {
        const xn = x === null || x === undefined;
        const yn = y === null || y === undefined;
        if (xn || yn) return eq ? xn && yn : !(xn && yn);
        return fn(l(x), r(y));
      },
    };
  }
  if (['<', '>', '<=', '>='].includes(op)) {
    return { ty: T.bool, left: null, right: null, fn: (x, y) => (x === null || x === undefined || y === null || y === undefined ? false : fn(l(x), r(y))) };
  }
  if ((op === '&' || op === '|') && isNamed(base.ty, 'System.Boolean')) {
    // bool? three-valued logic
    return {
      ty: makeNullable(T.bool),
      left: null,
      right: null,
      fn: op === '&'
        ? (x, y) => (x === false || y === false ? false : x === null || y === null || x === undefined || y === undefined ? null : true)
        : (x, y) => (x === true || y === true ? true : x === null || y === null || x === undefined || y === undefined ? null : false),
    };
  }
  return {
    ty: makeNullable(base.ty),
    left: null,
    right: null,
    fn: (x, y) => (x === null || x === undefined || y === null || y === undefined ? null : fn(l(x), r(y))),
  };
}

function liftableOperator(op: string, a: Ty, b: Ty, aConst?: { value: unknown }, bConst?: { value: unknown }): BinaryOp | undefined {
  const a0 = a;
  const b0 = b;
  // Shifts promote the left operand alone.
  if (op === '<<' || op === '>>') {
    const base = a.kind === 'named' ? SHIFT_BASE[a.def!.fullName] : undefined;
    const cnt = implicitConversion(b, T.int, bConst);
    if (!base || !cnt) return undefined;
    return { ty: Ty.named(T.int.def!.fullName === base ? T.int.def! : (numTy(base).def!)), left: numericConverter(a.def!.fullName, base), right: cnt.conv, fn: opsFor(base)[op]! };
  }
  // An int constant that fits converts implicitly to uint/ulong (C# §10.2.11), so `1u + 1` stays uint.
  const unsignedOf = (t: Ty) => t.kind === 'named' && (t.def!.fullName === 'System.UInt32' || t.def!.fullName === 'System.UInt64');
  const nonNegativeIntConst = (t: Ty, c?: { value: unknown }) => isNamed(t, 'System.Int32') && typeof c?.value === 'number' && c.value >= 0;
  if (unsignedOf(a) && nonNegativeIntConst(b, bConst)) b = a;
  else if (unsignedOf(b) && nonNegativeIntConst(a, aConst)) a = b;
  const p = promote(a, b);
  if (p) {
    const left = numericConverter(a0.def!.fullName, p);
    const right = numericConverter(b0.def!.fullName, p);
    if (COMPARE[op]) return { ty: T.bool, left, right, fn: (p === 'System.Decimal' ? DECIMAL_COMPARE : COMPARE)[op]! };
    const fn = opsFor(p)[op];
    if (!fn) return undefined;
    if ((op === '&' || op === '|' || op === '^') && !NUMERIC[p]!.integral) return undefined;
    return { ty: numTy(p), left, right, fn };
  }
  // Constant int literal against a long-typed or other numeric is handled by promote; bool operators:
  if (isNamed(a, 'System.Boolean') && isNamed(b, 'System.Boolean')) {
    switch (op) {
      case '==':
        return { ty: T.bool, left: null, right: null, fn: (x, y) => x === y };
      case '!=':
      case '^':
        return { ty: T.bool, left: null, right: null, fn: (x, y) => x !== y };
      case '&':
        return { ty: T.bool, left: null, right: null, fn: (x, y) => x && y };
      case '|':
        return { ty: T.bool, left: null, right: null, fn: (x, y) => x || y };
    }
    return undefined;
  }
  // Enums
  if (isEnumTy(a) && a === b) {
    const def = a.def!;
    switch (op) {
      case '==':
        return { ty: T.bool, left: null, right: null, fn: (x: EnumValue, y: EnumValue) => x.value === y.value };
      case '!=':
        return { ty: T.bool, left: null, right: null, fn: (x: EnumValue, y: EnumValue) => x.value !== y.value };
      case '<':
      case '>':
      case '<=':
      case '>=': {
        const cmp = COMPARE[op]!;
        return { ty: T.bool, left: null, right: null, fn: (x: EnumValue, y: EnumValue) => cmp(x.value, y.value) };
      }
      case '&':
        return { ty: a, left: null, right: null, fn: (x: EnumValue, y: EnumValue) => enumValue(def, x.value & y.value) };
      case '|':
        return { ty: a, left: null, right: null, fn: (x: EnumValue, y: EnumValue) => enumValue(def, x.value | y.value) };
      case '^':
        return { ty: a, left: null, right: null, fn: (x: EnumValue, y: EnumValue) => enumValue(def, x.value ^ y.value) };
    }
    return undefined;
  }
  return userOperator(op, a, b, aConst, bConst);
}

function numTy(name: string): Ty {
  switch (name) {
    case 'System.Int32':
      return T.int;
    case 'System.UInt32':
      return T.uint;
    case 'System.Int64':
      return T.long;
    case 'System.UInt64':
      return T.ulong;
    case 'System.Single':
      return T.float;
    case 'System.Decimal':
      return T.decimal;
    default:
      return T.double;
  }
}

function isEnumTy(t: Ty): boolean {
  return t.kind === 'named' && t.def!.kind === 'enum';
}

/** User-defined operators declared on either operand's type (DateTime - TimeSpan …), then struct equality. */
function userOperator(op: string, a: Ty, b: Ty, aConst?: { value: unknown }, bConst?: { value: unknown }): BinaryOp | undefined {
  let best: (BinaryOp & { cost: number }) | undefined;
  for (const t of [a, b]) {
    for (let d = t.kind === 'named' ? t.def : undefined; d; d = baseDef(d)) {
      for (const o of d.operators.get(op) ?? []) {
        const sig = signatureOf(o, d);
        if (sig.params.length !== 2) continue;
        const ca = implicitConversion(a, sig.params[0]!.type, aConst);
        const cb = implicitConversion(b, sig.params[1]!.type, bConst);
        if (!ca || !cb) continue;
        const cost = ca.cost + cb.cost;
        if (!best || cost < best.cost) best = { ty: sig.returns, fn: o.fn as BinFn, left: ca.conv, right: cb.conv, cost };
      }
    }
  }
  if (best) return best;
  if ((op === '==' || op === '!=') && a === b && a.kind === 'named') {
    const eq = findHook(a.def!, (d) => d.equalsFn);
    if (eq) return { ty: T.bool, left: null, right: null, fn: op === '==' ? (x, y) => eq(x, y) : (x, y) => !eq(x, y) };
  }
  if (['<', '>', '<=', '>='].includes(op) && a === b && a.kind === 'named') {
    const cmp = findHook(a.def!, (d) => d.compareFn);
    if (cmp) {
      const c = COMPARE[op]!;
      return { ty: T.bool, left: null, right: null, fn: (x, y) => c(cmp(x, y), 0) };
    }
  }
  return undefined;
}

export function findHook<F>(def: TypeDef, get: (d: TypeDef) => F | undefined): F | undefined {
  for (let d: TypeDef | undefined = def; d; d = baseDef(d)) {
    const f = get(d);
    if (f) return f;
  }
  return undefined;
}

function baseDef(d: TypeDef): TypeDef | undefined {
  const b = d.baseType();
  return b && b.kind === 'named' ? b.def : undefined;
}

/** `==` / `!=` on reference types (and null against anything nullable): reference equality, strings by value. */
function referenceEquality(op: string, a: Ty, b: Ty): BinaryOp | undefined {
  const valueA = isValueType(a) && !isNullable(a);
  const valueB = isValueType(b) && !isNullable(b);
  if ((valueA && b.kind !== 'null' && b.kind !== 'dynamic' && !isNamed(b, 'System.Object')) || (valueB && a.kind !== 'null' && a.kind !== 'dynamic' && !isNamed(a, 'System.Object'))) {
    if (!(valueA && valueB)) return undefined;
  }
  const eq = (x: unknown, y: unknown) => (x ?? null) === (y ?? null) || looseBoxEquals(x, y);
  return { ty: T.bool, left: null, right: null, fn: op === '==' ? eq : (x, y) => !eq(x, y) };
}

function looseBoxEquals(x: unknown, y: unknown): boolean {
  // Value types compared through `dynamic`/`object` (boxed numbers, enum values) compare by value.
  if (x instanceof EnumValue && y instanceof EnumValue) return x.type === y.type && x.value === y.value;
  return false;
}

export interface UnaryOp {
  ty: Ty;
  fn: (a: any) => unknown;
}

/** `-x`, `+x`, `!x`, `~x` with numeric promotion (and lifting over nullables). */
export function unaryOperator(op: string, a: Ty): UnaryOp | undefined {
  if (isNullable(a)) {
    const inner = unaryOperator(op, underlying(a));
    if (!inner) return undefined;
    return { ty: makeNullable(inner.ty), fn: (v) => (v === null || v === undefined ? null : inner.fn(v)) };
  }
  if (op === '!') return isNamed(a, 'System.Boolean') || a.kind === 'dynamic' ? { ty: T.bool, fn: (v) => !v } : undefined;
  const n = numInfo(a);
  if (!n) {
    if (op === '~' && isEnumTy(a)) {
      const def = a.def!;
      return { ty: a, fn: (v: EnumValue) => enumValue(def, ~v.value) };
    }
    return undefined;
  }
  const name = a.def!.fullName;
  const p = n.rank < 3 ? 'System.Int32' : name;
  const conv = numericConverter(name, p);
  const c = conv ?? ((v: unknown) => v);
  const ty = numTy(p);
  switch (op) {
    case '+':
      return { ty, fn: c };
    case '-':
      if (p === 'System.Int32') return { ty, fn: (v) => -(c(v) as number) | 0 };
      if (p === 'System.Int64') return { ty, fn: (v) => BigInt.asIntN(64, -(c(v) as bigint)) };
      if (p === 'System.UInt32') return { ty: T.long, fn: (v) => -BigInt(v as number) };
      if (p === 'System.UInt64') return undefined;
      if (p === 'System.Decimal') return { ty, fn: (v) => (v as DecimalValue).negate() };
      return { ty, fn: (v) => -(c(v) as number) };
    case '~':
      if (p === 'System.Int32') return { ty, fn: (v) => ~(c(v) as number) };
      if (p === 'System.UInt32') return { ty, fn: (v) => ~(v as number) >>> 0 };
      if (p === 'System.Int64') return { ty, fn: (v) => BigInt.asIntN(64, ~(v as bigint)) };
      if (p === 'System.UInt64') return { ty, fn: (v) => BigInt.asUintN(64, ~(v as bigint)) };
      return undefined;
  }
  return undefined;
}
