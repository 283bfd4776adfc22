/**
 * int/long/double/decimal/bool Parse with .NET's styles (invariant culture) and exception messages
 * (.NET 8 wording). TryParse variants return undefined instead of throwing.
 */
import { argumentNull, badInputFormat, fail } from './fail.js';
import { DecimalValue } from './decimal-value.js';

export interface IntegerType {
  name: string;
  min: bigint;
  max: bigint;
  /** the "for an Int32." tail of OverflowException's message */
  overflowNoun: string;
}

export const INTEGER_TYPES: Record<string, IntegerType> = {
  'System.Int32': { name: 'System.Int32', min: -(2n ** 31n), max: 2n ** 31n - 1n, overflowNoun: 'an Int32' },
  'System.Int64': { name: 'System.Int64', min: -(2n ** 63n), max: 2n ** 63n - 1n, overflowNoun: 'an Int64' },
  'System.Int16': { name: 'System.Int16', min: -(2n ** 15n), max: 2n ** 15n - 1n, overflowNoun: 'an Int16' },
  'System.Byte': { name: 'System.Byte', min: 0n, max: 255n, overflowNoun: 'an unsigned byte' },
  'System.SByte': { name: 'System.SByte', min: -128n, max: 127n, overflowNoun: 'a signed byte' },
  'System.UInt16': { name: 'System.UInt16', min: 0n, max: 2n ** 16n - 1n, overflowNoun: 'a UInt16' },
  'System.UInt32': { name: 'System.UInt32', min: 0n, max: 2n ** 32n - 1n, overflowNoun: 'a UInt32' },
  'System.UInt64': { name: 'System.UInt64', min: 0n, max: 2n ** 64n - 1n, overflowNoun: 'a UInt64' },
};

export function overflow(type: IntegerType | string): never {
  const noun = typeof type === 'string' ? type : type.overflowNoun;
  fail('System.OverflowException', `Value was either too large or too small for ${noun}.`);
}

/** .NET's white space for number parsing: U+0009–U+000D and U+0020. */
const WS = '[\\t\\n\\v\\f\\r ]*';
const INTEGER_RE = new RegExp(`^${WS}([+-]?)(\\d+)${WS}\\0*$`);
const HEX_RE = /^[\t\n\v\f\r ]*([0-9A-Fa-f]+)[\t\n\v\f\r ]*$/;

/** NumberStyles.Integer parse into a bigint checked against the type's range. */
export function tryParseInteger(text: string | null | undefined, type: IntegerType): bigint | undefined {
  if (text === null || text === undefined) return undefined;
  const m = INTEGER_RE.exec(text);
  if (!m) return undefined;
  const v = BigInt(m[1] === '-' ? '-' + m[2] : m[2]!);
  if (v < type.min || v > type.max) return undefined;
  return v;
}

export function parseInteger(text: string | null | undefined, type: IntegerType): bigint {
  if (text === null || text === undefined) argumentNull('s');
  const m = INTEGER_RE.exec(text);
  if (!m) badInputFormat(text);
  const v = BigInt(m[1] === '-' ? '-' + m[2] : m[2]!);
  if (v < type.min || v > type.max) overflow(type);
  return v;
}

/** NumberStyles.HexNumber (as with int.Parse(s, NumberStyles.HexNumber)): two's complement at the type width. */
export function parseHexInteger(text: string, type: IntegerType, bits: number): bigint {
  const m = HEX_RE.exec(text);
  if (!m) badInputFormat(text);
  let v = BigInt('0x' + m[1]);
  if (v >= 1n << BigInt(bits)) overflow(type);
  if (type.min < 0n && v > type.max) v -= 1n << BigInt(bits);
  return v;
}

const FLOAT_RE = new RegExp(`^${WS}([+-]?)((?:\\d{1,3}(?:,\\d{3})+|\\d+|\\d[\\d,]*)?(?:\\.\\d*)?)(?:[eE]([+-]?\\d+))?${WS}\\0*$`);

/** double.Parse with NumberStyles.Float | AllowThousands; overflow gives ±Infinity as in .NET Core 3.0+. */
export function tryParseDouble(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const trimmed = text.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');
  const special = /^([+-]?)(infinity|∞|nan)$/i.exec(trimmed);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  const m = FLOAT_RE.exec(text);
  if (!m) return undefined;
  const mantissa = m[2]!.replace(/,/g, '');
  if (!/\d/.test(mantissa)) return undefined;
  const v = Number(`${m[1]}${mantissa}${m[3] !== undefined ? 'e' + m[3] : ''}`);
  return Number.isNaN(v) ? undefined : v;
}

export function parseDouble(text: string | null | undefined): number {
  if (text === null || text === undefined) argumentNull('s');
  const v = tryParseDouble(text);
  if (v === undefined) badInputFormat(text);
  return v;
}

const DECIMAL_RE = new RegExp(`^${WS}([+-]?)(\\d[\\d,]*|)(?:\\.(\\d*))?${WS}$`);
const DECIMAL_EXP_RE = new RegExp(`^${WS}([+-]?)(\\d[\\d,]*|)(?:\\.(\\d*))?(?:[eE]([+-]?\\d+))?${WS}$`);

/**
 * decimal.Parse (NumberStyles.Number, or with AllowExponent as NumberStyles.Float/Any): the scale kept
 * ("1.50"), digits past 28 decimals rounded half to even.
 */
export function tryParseDecimal(text: string | null | undefined, allowExponent = false): DecimalValue | undefined {
  if (text === null || text === undefined) return undefined;
  const m = (allowExponent ? DECIMAL_EXP_RE : DECIMAL_RE).exec(text);
  if (!m) return undefined;
  const intDigits = m[2]!.replace(/,/g, '');
  const frac = m[3] ?? '';
  if (intDigits === '' && frac === '') return undefined;
  return DecimalValue.fromText(`${m[1]}${intDigits}.${frac}${m[4] ? 'e' + m[4] : ''}`);
}

export function parseDecimal(text: string | null | undefined, allowExponent = false): DecimalValue {
  if (text === null || text === undefined) argumentNull('s');
  const v = tryParseDecimal(text, allowExponent);
  if (v === undefined) badInputFormat(text);
  return v;
}

export function tryParseBoolean(text: string | null | undefined): boolean | undefined {
  if (text === null || text === undefined) return undefined;
  const t = text.replace(/^[\s\0]+|[\s\0]+$/g, '').toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return undefined;
}

export function parseBoolean(text: string | null | undefined): boolean {
  if (text === null || text === undefined) argumentNull('value');
  const v = tryParseBoolean(text);
  if (v === undefined) fail('System.FormatException', `String '${text}' was not recognized as a valid Boolean.`);
  return v;
}

/** Range check used by checked conversions (Convert.ToInt32(long) …). */
export function checkRange(value: bigint, type: IntegerType): bigint {
  if (value < type.min || value > type.max) overflow(type);
  return value;
}

/** Math.Round(x) / Convert.ToInt32(double): round half to even. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Convert.ToInt32(double) and friends: banker's rounding then a range check. */
export function doubleToInteger(x: number, type: IntegerType): bigint {
  if (!Number.isFinite(x)) overflow(type);
  const r = roundHalfEven(x);
  return checkRange(BigInt(r), type);
}
