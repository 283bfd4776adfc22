/**
 * System.Math (Round with banker's rounding and MidpointRounding, Abs, Min, Max, Floor, Ceiling, Pow, Sqrt,
 * Log …) and System.MidpointRounding. decimal is a DecimalValue: its rounding is exact (decimal-value.ts).
 */
import { field, method, registerType } from '../registry.js';
import { EnumValue } from '../values.js';
import { fail } from './fail.js';
import type { DecimalValue } from './decimal-value.js';

registerType({
  name: 'System.MidpointRounding',
  kind: 'enum',
  enumMembers: { ToEven: 0, AwayFromZero: 1, ToZero: 2, ToNegativeInfinity: 3, ToPositiveInfinity: 4 },
});

type Mode = 0 | 1 | 2 | 3 | 4;

/** Rounds a double to an integer with a MidpointRounding mode. */
export function roundDouble(x: number, mode: Mode = 0): number {
  if (!Number.isFinite(x)) return x;
  switch (mode) {
    case 2:
      return Math.trunc(x);
    case 3:
      return Math.floor(x);
    case 4:
      return Math.ceil(x);
  }
  const floor = Math.floor(x);
  const diff = x - floor;
  const r = diff !== 0.5 ? (diff > 0.5 ? floor + 1 : floor) : mode === 1 ? (x < 0 ? floor : floor + 1) : floor % 2 === 0 ? floor : floor + 1;
  // .NET keeps the sign of a negative that rounds to zero: Math.Round(-0.4) is -0 (prints "-0" since .NET Core 3.0).
  return r === 0 && x < 0 ? -0 : r;
}

/** Math.Round(double, digits[, mode]): scale by 10^digits, round, scale back (as .NET Core does). */
export function roundDoubleDigits(x: number, digits: number, mode: Mode = 0): number {
  if (digits < 0 || digits > 15) fail('System.ArgumentOutOfRangeException', "Rounding digits must be between 0 and 15, inclusive. (Parameter 'digits')");
  if (Math.abs(x) >= 1e16) return x;
  const p = 10 ** digits;
  return roundDouble(x * p, mode) / p;
}

/** Math.Round(decimal, digits[, mode]): exact, on the decimal digits (Math.Round(2.675m, 2) is 2.68). */
export function roundDecimal(x: DecimalValue, digits: number, mode: Mode = 0): DecimalValue {
  if (digits < 0 || digits > 28) fail('System.ArgumentOutOfRangeException', "Decimal can only round to between 0 and 28 digits of precision. (Parameter 'decimals')");
  return x.round(digits, mode);
}

const mode = (m: EnumValue) => m.value as Mode;

function absInt(x: number, min: number): number {
  if (x === min) fail('System.OverflowException', 'Negating the minimum value of a twos complement number is invalid.');
  return Math.abs(x);
}

const both = <T>(k: string, fn: (a: T, b: T) => T) => method(`(${k} val1, ${k} val2) => ${k}`, fn);
const minOf = <T>(a: T, b: T) => (a < b ? a : b);
const maxOf = <T>(a: T, b: T) => (a > b ? a : b);
const dmin = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));
const dmax = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));
const d1 = (fn: (x: number) => number) => method('(double d) => double', fn);

function clamp<T>(v: T, lo: T, hi: T): T {
  if (lo > hi) fail('System.ArgumentException', `'${String(lo)}' cannot be greater than ${String(hi)}.`);
  return v < lo ? lo : v > hi ? hi : v;
}

registerType({
  name: 'System.Math',
  kind: 'static',
  statics: {
    PI: field('double', Math.PI),
    E: field('double', Math.E),
    Tau: field('double', 2 * Math.PI),
    Abs: [
      method('(int value) => int', (x: number) => absInt(x, -2147483648)),
      method('(long value) => long', (x: bigint) => {
        if (x === -(2n ** 63n)) fail('System.OverflowException', 'Negating the minimum value of a twos complement number is invalid.');
        return x < 0n ? -x : x;
      }),
      method('(double value) => double', Math.abs),
      method('(decimal value) => decimal', (x: DecimalValue) => x.abs()),
    ],
    Min: [both<number>('int', minOf), both<bigint>('long', minOf), both<number>('double', dmin), both<DecimalValue>('decimal', (a, b) => (a.compareTo(b) < 0 ? a : b))],
    Max: [both<number>('int', maxOf), both<bigint>('long', maxOf), both<number>('double', dmax), both<DecimalValue>('decimal', (a, b) => (a.compareTo(b) >= 0 ? a : b))],
    Clamp: [
      method('(int value, int min, int max) => int', clamp<number>),
      method('(long value, long min, long max) => long', clamp<bigint>),
      method('(double value, double min, double max) => double', clamp<number>),
    ],
    Round: [
      method('(double a) => double', (x: number) => roundDouble(x)),
      method('(double value, int digits) => double', (x: number, d: number) => roundDoubleDigits(x, d)),
      method('(double value, System.MidpointRounding mode) => double', (x: number, m: EnumValue) => roundDouble(x, mode(m))),
      method('(double value, int digits, System.MidpointRounding mode) => double', (x: number, d: number, m: EnumValue) => roundDoubleDigits(x, d, mode(m))),
      method('(decimal d) => decimal', (x: DecimalValue) => roundDecimal(x, 0)),
      method('(decimal d, int decimals) => decimal', (x: DecimalValue, d: number) => roundDecimal(x, d)),
      method('(decimal d, System.MidpointRounding mode) => decimal', (x: DecimalValue, m: EnumValue) => roundDecimal(x, 0, mode(m))),
      method('(decimal d, int decimals, System.MidpointRounding mode) => decimal', (x: DecimalValue, d: number, m: EnumValue) => roundDecimal(x, d, mode(m))),
    ],
    Floor: [d1(Math.floor), method('(decimal d) => decimal', (x: DecimalValue) => x.floor())],
    Ceiling: [d1(Math.ceil), method('(decimal d) => decimal', (x: DecimalValue) => x.ceiling())],
    Truncate: [d1(Math.trunc), method('(decimal d) => decimal', (x: DecimalValue) => x.truncate())],
    Sign: [
      method('(int value) => int', Math.sign),
      method('(long value) => int', (x: bigint) => (x < 0n ? -1 : x > 0n ? 1 : 0)),
      method('(double value) => int', (x: number) => {
        if (Number.isNaN(x)) fail('System.ArithmeticException', 'Function does not accept floating point Not-a-Number values.');
        return Math.sign(x);
      }),
      method('(decimal value) => int', (x: DecimalValue) => (x.coef < 0n ? -1 : x.coef > 0n ? 1 : 0)),
    ],
    Pow: method('(double x, double y) => double', (x: number, y: number) => (x === 1 || (y === 0 && !Number.isNaN(x)) ? 1 : Math.pow(x, y))),
    Sqrt: d1(Math.sqrt),
    Cbrt: d1(Math.cbrt),
    Exp: d1(Math.exp),
    Log: [d1(Math.log), method('(double a, double newBase) => double', (a: number, b: number) => Math.log(a) / Math.log(b))],
    Log10: d1(Math.log10),
    Log2: d1(Math.log2),
    Sin: d1(Math.sin),
    Cos: d1(Math.cos),
    Tan: d1(Math.tan),
    Asin: d1(Math.asin),
    Acos: d1(Math.acos),
    Atan: d1(Math.atan),
    Atan2: method('(double y, double x) => double', Math.atan2),
    Sinh: d1(Math.sinh),
    Cosh: d1(Math.cosh),
    Tanh: d1(Math.tanh),
    BigMul: method('(int a, int b) => long', (a: number, b: number) => BigInt(a) * BigInt(b)),
    DivRem: method('(int a, int b, out int result) => int', (a: number, b: number, r: { value: number }) => {
      if (b === 0) fail('System.DivideByZeroException', 'Attempted to divide by zero.');
      r.value = a % b | 0;
      return (a / b) | 0;
    }),
  },
});
