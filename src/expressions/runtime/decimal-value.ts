/**
 * System.Decimal exactly as .NET 8 computes it: a 96-bit unsigned integer coefficient, a sign and a
 * scale 0–28 (value = coefficient / 10^scale). The coefficient is a signed bigint here, so every
 * operation is exact before the one rounding .NET does:
 * - `+ -` keep the larger scale; `*` adds the scales; `%` keeps the larger scale (sign of the dividend);
 * - `/` gives as many digits as fit (28 decimals, or 96 bits of coefficient), the last one rounded
 *   half to even, and stops early (no trailing zeros below the operands' scale) when the quotient is exact;
 * - a result whose coefficient exceeds 96 bits or whose scale exceeds 28 is rounded half to even to fit,
 *   and an integral result that does not fit throws OverflowException.
 * Why an own type rather than decimal.js: the rules above are about the scale, which decimal.js does not
 * keep (it normalises 1.50 to 1.5), and a bigint coefficient gives .NET's 96-bit overflow points for free.
 */
import { fail } from './fail.js';

const MAX_COEF = (1n << 96n) - 1n; // 79228162514264337593543950335
const MAX_SCALE = 28;
const POW10: bigint[] = [];
for (let i = 0, p = 1n; i <= 60; i++, p *= 10n) POW10.push(p);

function pow10(n: number): bigint {
  return n < POW10.length ? POW10[n]! : 10n ** BigInt(n);
}

export function decimalOverflow(): never {
  fail('System.OverflowException', 'Value was either too large or too small for a Decimal.');
}

function divideByZero(): never {
  fail('System.DivideByZeroException', 'Attempted to divide by zero.');
}

/** |a| / 10^k rounded half to even (a ≥ 0). */
function shiftRoundEven(a: bigint, k: number): bigint {
  if (k === 0) return a;
  const p = pow10(k);
  const q = a / p;
  const r2 = (a % p) * 2n;
  return r2 > p || (r2 === p && (q & 1n) === 1n) ? q + 1n : q;
}

function digitCount(a: bigint): number {
  return a.toString().length;
}

/** System.MidpointRounding values, as Math.Round receives them. */
export const Midpoint = { ToEven: 0, AwayFromZero: 1, ToZero: 2, ToNegativeInfinity: 3, ToPositiveInfinity: 4 } as const;
export type MidpointMode = number;

export class DecimalValue {
  /** Use DecimalValue.of (which rounds to fit); the constructor trusts its arguments. */
  private constructor(
    /** Signed coefficient, |coef| < 2^96. */
    readonly coef: bigint,
    /** 0…28. */
    readonly scale: number,
  ) {}

  static readonly ZERO = new DecimalValue(0n, 0);
  static readonly ONE = new DecimalValue(1n, 0);
  static readonly MINUS_ONE = new DecimalValue(-1n, 0);
  static readonly MAX = new DecimalValue(MAX_COEF, 0);
  static readonly MIN = new DecimalValue(-MAX_COEF, 0);

  /** coef / 10^scale, rounded half to even to 96 bits and scale ≤ 28 (OverflowException when it cannot fit). */
  static of(coef: bigint, scale: number): DecimalValue {
    if (scale < 0) {
      coef *= pow10(-scale);
      scale = 0;
    }
    const neg = coef < 0n;
    const a = neg ? -coef : coef;
    if (a <= MAX_COEF && scale <= MAX_SCALE) return new DecimalValue(coef, scale);
    let k = Math.max(0, scale - MAX_SCALE);
    if (a > MAX_COEF) k = Math.max(k, digitCount(a) - 29);
    let q = shiftRoundEven(a, k);
    while (q > MAX_COEF) q = shiftRoundEven(a, ++k);
    if (k > scale) decimalOverflow();
    return new DecimalValue(neg ? -q : q, scale - k);
  }

  static fromInt(n: number): DecimalValue {
    return new DecimalValue(BigInt(n), 0);
  }

  static fromBigInt(n: bigint): DecimalValue {
    return DecimalValue.of(n, 0);
  }

  /** (decimal)double: rounded to 15 significant digits, trailing zeros dropped, as .NET's VarDecFromR8. */
  static fromDouble(x: number, significant = 15): DecimalValue {
    if (!Number.isFinite(x) || Math.abs(x) >= 7.922816251426434e28) decimalOverflow();
    if (x === 0) return DecimalValue.ZERO;
    const [mantissa, exponent] = Math.abs(x).toExponential(significant - 1).split('e');
    let coef = BigInt(mantissa!.replace('.', ''));
    let scale = significant - 1 - Number(exponent);
    if (scale > MAX_SCALE) {
      coef = shiftRoundEven(coef, scale - MAX_SCALE);
      scale = MAX_SCALE;
    }
    while (scale > 0 && coef % 10n === 0n) {
      coef /= 10n;
      scale--;
    }
    if (coef === 0n) return DecimalValue.ZERO;
    return DecimalValue.of(x < 0 ? -coef : coef, scale);
  }

  /** (decimal)float: 7 significant digits. */
  static fromSingle(x: number): DecimalValue {
    return DecimalValue.fromDouble(Math.fround(x), 7);
  }

  /** Digits with an optional point and exponent ("1.50", "1e3"), as in a C# literal or invariant text; undefined when malformed. */
  static fromText(text: string): DecimalValue | undefined {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
    const frac = m[3] ?? '';
    const coef = BigInt((m[2] || '0') + frac);
    const scale = frac.length - (m[4] ? Number(m[4]) : 0);
    // digits beyond scale 28 round away, as .NET's parser does (0.1234…(30 digits) keeps 28 decimals)
    const d = DecimalValue.of(m[1] === '-' ? -coef : coef, scale);
    return d;
  }

  get isZero(): boolean {
    return this.coef === 0n;
  }

  get isNegative(): boolean {
    return this.coef < 0n;
  }

  /** The coefficient at a larger scale (exact; may exceed 96 bits, callers round with `of`). */
  private at(scale: number): bigint {
    return scale === this.scale ? this.coef : this.coef * pow10(scale - this.scale);
  }

  add(b: DecimalValue): DecimalValue {
    if (this.scale === b.scale) return DecimalValue.of(this.coef + b.coef, this.scale);
    const s = Math.max(this.scale, b.scale);
    return DecimalValue.of(this.at(s) + b.at(s), s);
  }

  subtract(b: DecimalValue): DecimalValue {
    if (this.scale === b.scale) return DecimalValue.of(this.coef - b.coef, this.scale);
    const s = Math.max(this.scale, b.scale);
    return DecimalValue.of(this.at(s) - b.at(s), s);
  }

  multiply(b: DecimalValue): DecimalValue {
    return DecimalValue.of(this.coef * b.coef, this.scale + b.scale);
  }

  divide(b: DecimalValue): DecimalValue {
    if (b.coef === 0n) divideByZero();
    const neg = this.coef < 0n !== b.coef < 0n;
    let num = this.coef < 0n ? -this.coef : this.coef;
    const den = b.coef < 0n ? -b.coef : b.coef;
    let scale = this.scale - b.scale;
    if (scale < 0) {
      num *= pow10(-scale);
      scale = 0;
    }
    let q = num / den;
    if (q * den === num) return DecimalValue.of(neg ? -q : q, scale);
    // Not exact: as many more digits as fit in 96 bits and scale 28, the last rounded half to even,
    // then trailing zeros dropped as .NET's Unscale does (1m/4 is 0.25, not 0.2500…; a quotient that
    // rounds to 0 is 0).
    let k = MAX_SCALE - scale;
    q = (num * pow10(k)) / den;
    if (q > MAX_COEF) {
      // at most 29 digits; fewer decimals than the quotient's scale-0 digits is an overflow
      k -= digitCount(q) - 29;
      if (k < 0) decimalOverflow();
      q = (num * pow10(k)) / den;
      while (q > MAX_COEF) {
        if (k === 0) decimalOverflow();
        q = (num * pow10(--k)) / den;
      }
    }
    const r2 = (num * pow10(k) - q * den) * 2n;
    if (r2 > den || (r2 === den && (q & 1n) === 1n)) q++;
    let s = scale + k;
    if (q === 0n) s = 0;
    while (s > 0 && q % 10n === 0n) {
      q /= 10n;
      s--;
    }
    return DecimalValue.of(neg ? -q : q, s);
  }

  /** C#'s %: the remainder of the truncated quotient, sign of the dividend, the larger scale
   * (a dividend smaller than the divisor comes back as it is, as .NET's VarDecMod does). */
  remainder(b: DecimalValue): DecimalValue {
    if (b.coef === 0n) divideByZero();
    if (this.coef === 0n || this.abs().compareTo(b.abs()) < 0) return this;
    const s = Math.max(this.scale, b.scale);
    return DecimalValue.of(this.at(s) % b.at(s), s);
  }

  negate(): DecimalValue {
    return new DecimalValue(-this.coef, this.scale);
  }

  abs(): DecimalValue {
    return this.coef < 0n ? this.negate() : this;
  }

  compareTo(b: DecimalValue): number {
    if (this.scale === b.scale) return this.coef < b.coef ? -1 : this.coef > b.coef ? 1 : 0;
    const s = Math.max(this.scale, b.scale);
    const x = this.at(s);
    const y = b.at(s);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** Value equality: 1.50m equals 1.5m. */
  equals(b: DecimalValue): boolean {
    return this.compareTo(b) === 0;
  }

  /** The value without trailing zeros (1.50 → 1.5): equal values normalise alike. */
  private normalized(): DecimalValue {
    let c = this.coef;
    let s = this.scale;
    while (s > 0 && c % 10n === 0n) {
      c /= 10n;
      s--;
    }
    return s === this.scale ? this : new DecimalValue(c, s);
  }

  /** The same text for equal values: a dictionary key. */
  hashKey(): string {
    return this.normalized().toString();
  }

  /** decimal.GetHashCode() as .NET 8 computes it: flags ^ hi ^ mid ^ lo of the normalised value. */
  hashCode(): number {
    if (this.coef === 0n) return 0;
    const n = this.normalized();
    const a = n.coef < 0n ? -n.coef : n.coef;
    const flags = (n.coef < 0n ? 0x80000000 : 0) | (n.scale << 16);
    return (flags ^ Number((a >> 64n) & 0xffffffffn) ^ Number((a >> 32n) & 0xffffffffn) ^ Number(a & 0xffffffffn)) | 0;
  }

  /** Rounds to `decimals` places (a value with fewer keeps its scale), as decimal.Round/Math.Round. */
  round(decimals: number, mode: MidpointMode = Midpoint.ToEven): DecimalValue {
    if (this.scale <= decimals) return this;
    const p = pow10(this.scale - decimals);
    let q = this.coef / p;
    const r = this.coef % p;
    if (r !== 0n) {
      const neg = this.coef < 0n;
      const r2 = (neg ? -r : r) * 2n;
      let up: boolean;
      switch (mode) {
        case Midpoint.AwayFromZero:
          up = r2 >= p;
          break;
        case Midpoint.ToZero:
          up = false;
          break;
        case Midpoint.ToNegativeInfinity:
          up = neg;
          break;
        case Midpoint.ToPositiveInfinity:
          up = !neg;
          break;
        default:
          up = r2 > p || (r2 === p && (q & 1n) !== 0n);
      }
      if (up) q += neg ? -1n : 1n;
    }
    return new DecimalValue(q, decimals);
  }

  truncate(): DecimalValue {
    return this.round(0, Midpoint.ToZero);
  }

  floor(): DecimalValue {
    return this.round(0, Midpoint.ToNegativeInfinity);
  }

  ceiling(): DecimalValue {
    return this.round(0, Midpoint.ToPositiveInfinity);
  }

  /** The integral part (truncated toward zero), for casts to integer types. */
  toBigInt(): bigint {
    return this.scale === 0 ? this.coef : this.coef / pow10(this.scale);
  }

  /** (double)decimal, as .NET's VarR8FromDec: (low 64 bits + high 32 bits × 2^64) / 10^scale, each step in double. */
  toNumber(): number {
    const a = this.coef < 0n ? -this.coef : this.coef;
    const d = (Number(a & 0xffffffffffffffffn) + Number(a >> 64n) * 18446744073709551616) / 10 ** this.scale;
    return this.coef < 0n ? -d : d;
  }

  /** decimal.ToString(): every digit of the scale kept ("1.50"). */
  toString(): string {
    const neg = this.coef < 0n;
    let s = (neg ? -this.coef : this.coef).toString();
    if (this.scale > 0) {
      s = s.padStart(this.scale + 1, '0');
      s = s.slice(0, s.length - this.scale) + '.' + s.slice(s.length - this.scale);
    }
    return neg ? '-' + s : s;
  }
}
