/**
 * .NET number → string with the invariant culture, as .NET 6+ does it.
 * Every number goes through a decimal digit buffer (like .NET's NumberBuffer) so integers, doubles and
 * decimals share the standard ("D2", "X", "N2", "F2", "E", "G", "P", "C", "R") and custom ("0.00", "#,##0")
 * formats.
 */
import { fail } from './fail.js';
import type { DecimalValue } from './decimal-value.js';

/** value = (negative ? -1 : 1) × 0.digits × 10^scale; digits has no leading zero; '' means zero. */
export interface DigitBuffer {
  negative: boolean;
  digits: string;
  scale: number;
}

export type NumberKind = 'integer' | 'double' | 'single' | 'decimal';

export interface FormattableNumber {
  kind: NumberKind;
  /** The exact digits (for doubles: see digitsOfDouble). */
  buffer(precision?: number): DigitBuffer;
  /** Two's complement source for "X": integers only. */
  bigint?: bigint;
  bits?: number;
}

const INVALID_FORMAT = 'Format specifier was invalid.';

function trimZeros(digits: string, scale: number): { digits: string; scale: number } {
  let start = 0;
  while (start < digits.length && digits[start] === '0') start++;
  let end = digits.length;
  while (end > start && digits[end - 1] === '0') end--;
  if (start === end) return { digits: '', scale: 0 };
  return { digits: digits.slice(start, end), scale: scale - start };
}

/** Shortest round-trip digits (precision undefined) or `precision` significant digits of a double. */
export function digitsOfDouble(value: number, precision?: number): DigitBuffer {
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  if (abs === 0) return { negative, digits: '', scale: 0 };
  const text = precision === undefined ? abs.toExponential() : abs.toExponential(Math.min(precision, 100) - 1);
  const [mantissa, exponent] = text.split('e');
  const raw = mantissa!.replace('.', '');
  const t = trimZeros(raw, Number(exponent) + 1);
  return { negative, ...t };
}

/** Exact digits of a double, rounded (half away from zero on the exact value) to `fraction` decimals. */
export function fixedDigitsOfDouble(value: number, fraction: number): DigitBuffer {
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  let text: string;
  if (abs < 1e21) text = abs.toFixed(Math.min(fraction, 100));
  else text = BigInt(abs).toString() + (fraction > 0 ? '.' + '0'.repeat(fraction) : '');
  const [intPart, fracPart = ''] = text.split('.');
  const t = trimZeros(intPart! + fracPart, intPart!.length);
  return { negative, ...t };
}

export function digitsOfBigInt(value: bigint): DigitBuffer {
  const negative = value < 0n;
  const text = (negative ? -value : value).toString();
  return { negative, ...trimZeros(text, text.length) };
}

/** Parses a plain decimal text ("-12.340") into a buffer; used by decimal. */
export function digitsOfDecimalText(text: string): DigitBuffer {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const [intPart, fracPart = ''] = body.split('.');
  return { negative, ...trimZeros(intPart! + fracPart, intPart!.length) };
}

/** Rounds to `count` significant digits, half away from zero (NumberBuffer's RoundNumber). */
export function roundDigits(buf: DigitBuffer, count: number): DigitBuffer {
  const { digits } = buf;
  if (count >= digits.length) return buf;
  if (count < 0) return { negative: buf.negative, digits: '', scale: 0 };
  let kept = digits.slice(0, count);
  let scale = buf.scale;
  if (digits.charCodeAt(count) >= 53 /* '5' */) {
    // carry
    const arr = kept.split('').map(Number);
    let i = arr.length - 1;
    while (i >= 0) {
      if (arr[i]! < 9) {
        arr[i]!++;
        break;
      }
      arr[i] = 0;
      i--;
    }
    if (i < 0) {
      arr.unshift(1);
      scale++;
    }
    kept = arr.join('');
  }
  const t = trimZeros(kept, scale);
  return { negative: buf.negative, ...t };
}

function groupThousands(intDigits: string): string {
  let out = '';
  for (let i = 0; i < intDigits.length; i++) {
    if (i > 0 && (intDigits.length - i) % 3 === 0) out += ',';
    out += intDigits[i];
  }
  return out;
}

/** Integer and fraction digit strings of a buffer with exactly `fraction` decimals (already rounded). */
function splitFixed(buf: DigitBuffer, fraction: number): [string, string] {
  const { digits, scale } = buf;
  let intPart = '';
  if (scale > 0) intPart = digits.slice(0, scale).padEnd(scale, '0');
  if (intPart === '') intPart = '0';
  let frac = '';
  for (let i = 0; i < fraction; i++) {
    const idx = scale + i;
    frac += idx >= 0 && idx < digits.length ? digits[idx] : '0';
  }
  return [intPart, frac];
}

function sign(buf: DigitBuffer): string {
  return buf.negative ? '-' : '';
}

function exponentText(exp: number, minDigits: number, plusSign: boolean): string {
  const s = exp < 0 ? '-' : plusSign ? '+' : '';
  return s + String(Math.abs(exp)).padStart(minDigits, '0');
}

function formatScientific(buf: DigitBuffer, mantissaDecimals: number, letter: string, expDigits: number, keepZeros: boolean): string {
  const digits = buf.digits === '' ? '0' : buf.digits;
  const exp = buf.digits === '' ? 0 : buf.scale - 1;
  let frac = digits.slice(1);
  if (keepZeros) frac = frac.padEnd(mantissaDecimals, '0');
  return sign(buf) + digits[0] + (frac ? '.' + frac : '') + letter + exponentText(exp, expDigits, true);
}

function formatGeneral(buf: DigitBuffer, maxDigits: number, letter: string): string {
  if (buf.digits === '') return sign(buf) + '0';
  const scale = buf.scale;
  if (scale > maxDigits || scale < -3) return formatScientific(buf, 0, letter, 2, false);
  const [intPart, frac] = splitFixed(buf, Math.max(0, buf.digits.length - scale));
  return sign(buf) + intPart + (frac ? '.' + frac : '');
}

function parseStandard(format: string): { letter: string; precision: number | undefined } | undefined {
  const m = /^([A-Za-z])(\d{0,9})$/.exec(format);
  if (!m) return undefined;
  return { letter: m[1]!, precision: m[2] === '' ? undefined : Number(m[2]) };
}

/** Buffer for fixed-point styles (F, N, P, C) of a value at `fraction` decimals. */
function fixedBuffer(n: FormattableNumber, fraction: number, shift = 0): DigitBuffer {
  // doubles: the exact binary value's digits, so 1.005 "F2" is 1.00 as in .NET Core 3.0+
  const b = n.kind === 'double' || n.kind === 'single' ? n.buffer(-1) : n.buffer();
  const r = roundDigits({ ...b, scale: b.scale + shift }, b.scale + shift + fraction);
  // a decimal that rounds to zero prints "0", never "-0" ((-0.4m).ToString("F0"), as .NET's RoundNumber)
  return n.kind === 'decimal' && r.digits === '' ? { ...r, negative: false } : r;
}

function standardFormat(n: FormattableNumber, letter: string, precision: number | undefined): string {
  const upper = letter.toUpperCase();
  const isInt = n.kind === 'integer';
  switch (upper) {
    case 'D': {
      if (!isInt) fail('System.FormatException', INVALID_FORMAT);
      const b = n.buffer();
      const [intPart] = splitFixed(b, 0);
      return sign(b) + intPart.padStart(precision ?? 0, '0');
    }
    case 'X': {
      if (!isInt || n.bigint === undefined) fail('System.FormatException', INVALID_FORMAT);
      let v = n.bigint;
      if (v < 0n) v += 1n << BigInt(n.bits ?? 32);
      const hex = v.toString(16);
      return (letter === 'X' ? hex.toUpperCase() : hex).padStart(precision ?? 0, '0');
    }
    case 'F':
    case 'N': {
      const places = precision ?? 2;
      const b = fixedBuffer(n, places);
      const [intPart, frac] = splitFixed(b, places);
      const whole = upper === 'N' ? groupThousands(intPart) : intPart;
      return sign(b) + whole + (frac ? '.' + frac : '');
    }
    case 'P': {
      const places = precision ?? 2;
      const b = fixedBuffer(n, places, 2);
      const [intPart, frac] = splitFixed(b, places);
      return sign(b) + groupThousands(intPart) + (frac ? '.' + frac : '') + ' %';
    }
    case 'C': {
      const places = precision ?? 2;
      const b = fixedBuffer(n, places);
      const [intPart, frac] = splitFixed(b, places);
      const money = '¤' + groupThousands(intPart) + (frac ? '.' + frac : '');
      // the invariant culture's negative currency pattern is "(¤n)"
      return b.negative ? `(${money})` : money;
    }
    case 'E': {
      const places = precision ?? 6;
      const b = roundDigits(n.kind === 'double' ? n.buffer(places + 1) : n.buffer(), places + 1);
      return formatScientific(b, places, letter === 'e' ? 'e' : 'E', 3, true);
    }
    case 'G': {
      if (precision === undefined || precision === 0) {
        if (n.kind === 'double') return formatGeneral(n.buffer(), Math.max(n.buffer().digits.length, 15), letter === 'g' ? 'e' : 'E');
        if (n.kind === 'single') return formatGeneral(n.buffer(), Math.max(n.buffer().digits.length, 7), letter === 'g' ? 'e' : 'E');
        const b = n.buffer();
        return formatGeneral(b, Math.max(b.digits.length, b.scale, 1), letter === 'g' ? 'e' : 'E');
      }
      const b = roundDigits(n.kind === 'double' ? n.buffer(precision) : n.buffer(), precision);
      return formatGeneral(b, precision, letter === 'g' ? 'e' : 'E');
    }
    case 'R': {
      if (n.kind === 'decimal') fail('System.FormatException', INVALID_FORMAT);
      return standardFormat(n, 'G', undefined);
    }
    default:
      return fail('System.FormatException', INVALID_FORMAT);
  }
}

/** Splits a custom format on unquoted ';' into its sections. */
function sections(format: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (quote) {
      if (c === quote) quote = '';
      cur += c;
    } else if (c === '\\') {
      cur += c + (format[i + 1] ?? '');
      i++;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === ';') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

interface CustomShape {
  intZeros: number; // '0' placeholders before the point, counted from the point leftwards
  fracZeros: number; // '0' placeholders after the point (minimum decimals)
  fracMax: number; // all placeholders after the point
  grouping: boolean;
  scaleDiv: number; // thousands scaling by trailing commas
  percent: number;
  hasPoint: boolean;
  intPlaceholders: number;
  /** Scientific notation ("0.0e+0"): always sign the exponent ('+'), and its minimum digits. */
  exponent?: { plus: boolean; minDigits: number };
}

/** "E+00", "e-0", "E0" at section[i]: the exponent part of a custom format, or undefined. */
const EXPONENT_PART = /^[eE]([+-]?)(0+)/;

function shapeOf(section: string): CustomShape {
  const shape: CustomShape = { intZeros: 0, fracZeros: 0, fracMax: 0, grouping: false, scaleDiv: 0, percent: 0, hasPoint: false, intPlaceholders: 0 };
  let quote = '';
  let firstZero = -1;
  let pendingCommas = 0;
  let seenDigit = false;
  let intPlaceholders = 0;
  for (let i = 0; i < section.length; i++) {
    const c = section[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    const exp = shape.exponent ? null : EXPONENT_PART.exec(section.slice(i));
    if (exp) {
      shape.exponent = { plus: exp[1] === '+', minDigits: exp[2]!.length };
      i += exp[0].length - 1;
      continue;
    }
    if (shape.exponent && (c === '0' || c === '#')) continue;
    if (c === '0' || c === '#') {
      if (pendingCommas > 0 && seenDigit && !shape.hasPoint) shape.grouping = true;
      pendingCommas = 0;
      seenDigit = true;
      if (shape.hasPoint) {
        shape.fracMax++;
        if (c === '0') shape.fracZeros = shape.fracMax;
      } else {
        intPlaceholders++;
        if (c === '0' && firstZero < 0) firstZero = intPlaceholders;
      }
    } else if (c === '.') {
      if (!shape.hasPoint) {
        shape.scaleDiv += pendingCommas;
        pendingCommas = 0;
      }
      shape.hasPoint = true;
    } else if (c === ',') {
      if (!shape.hasPoint && seenDigit) pendingCommas++;
    } else if (c === '%') shape.percent++;
  }
  if (!shape.hasPoint) shape.scaleDiv += pendingCommas;
  shape.intZeros = firstZero < 0 ? 0 : intPlaceholders - firstZero + 1;
  shape.intPlaceholders = intPlaceholders;
  return shape;
}

function renderCustom(section: string, shape: CustomShape, intDigits: string, fracDigits: string, negativeSign: string, exponent = 0): string {
  // Integer digits are laid right-aligned into the integer placeholders; extra digits go in the first one.
  let intText = intDigits === '0' ? '' : intDigits;
  if (intText.length < shape.intZeros) intText = intText.padStart(shape.intZeros, '0');
  if (shape.grouping) intText = groupThousands(intText);
  let out = negativeSign;
  let quote = '';
  let intEmitted = false;
  let fracIndex = 0;
  let afterPoint = false;
  for (let i = 0; i < section.length; i++) {
    const c = section[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else out += c;
      continue;
    }
    if (c === '\\') {
      out += section[i + 1] ?? '';
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    const exp = shape.exponent && EXPONENT_PART.exec(section.slice(i));
    if (exp) {
      if (!intEmitted) {
        out += intText;
        intEmitted = true;
      }
      const sign = exponent < 0 ? '-' : shape.exponent!.plus ? '+' : '';
      out += c + sign + String(Math.abs(exponent)).padStart(shape.exponent!.minDigits, '0');
      i += exp[0].length - 1;
      afterPoint = true;
      fracIndex = fracDigits.length;
      continue;
    }
    if (c === '0' || c === '#') {
      if (!afterPoint) {
        if (!intEmitted) {
          out += intText;
          intEmitted = true;
        }
      } else {
        if (fracIndex < fracDigits.length) out += fracDigits[fracIndex];
        fracIndex++;
      }
    } else if (c === '.') {
      if (!afterPoint) {
        if (!intEmitted) {
          out += intText;
          intEmitted = true;
        }
        afterPoint = true;
        if (fracDigits.length > 0) out += '.';
      }
    } else if (c === ',') {
      // grouping / scaling handled already
    } else if (c === '%') out += '%';
    else if (c === '‰') out += '‰';
    else out += c;
  }
  return out;
}

function customFormat(n: FormattableNumber, format: string): string {
  const secs = sections(format);
  let buf = n.kind === 'double' ? n.buffer(15) : n.kind === 'single' ? n.buffer(7) : n.buffer();
  let section = secs[0]!;
  let explicitNegativeSection = false;
  if (buf.negative && secs.length >= 2 && secs[1] !== '') {
    section = secs[1]!;
    explicitNegativeSection = true;
  }
  const shape = shapeOf(section);
  buf = { ...buf, scale: buf.scale + 2 * shape.percent - 3 * shape.scaleDiv };
  let exponent = 0;
  if (shape.exponent) {
    // scientific: as many significant digits as placeholders, the integer part filling the integer ones
    buf = roundDigits(buf, shape.intPlaceholders + shape.fracMax);
    if (buf.digits !== '') exponent = buf.scale - shape.intPlaceholders;
    buf = { ...buf, scale: buf.scale - exponent };
  }
  buf = roundDigits(buf, buf.scale + shape.fracMax);
  if (buf.digits === '' && secs.length >= 3 && secs[2] !== '') {
    section = secs[2]!;
    return customFormat({ kind: 'integer', buffer: () => ({ negative: false, digits: '', scale: 0 }) }, section);
  }
  const [intPart, fracAll] = splitFixed(buf, shape.fracMax);
  let frac = fracAll;
  while (frac.length > shape.fracZeros && frac.endsWith('0')) frac = frac.slice(0, -1);
  const negativeSign = buf.negative && !explicitNegativeSection && buf.digits !== '' ? '-' : '';
  return renderCustom(section, shape, intPart, frac, negativeSign, exponent);
}

/** Formats with a .NET format string (null/'' → the type's default ToString()). */
export function formatNumber(n: FormattableNumber, format?: string | null): string {
  if (format === undefined || format === null || format === '') return standardFormat(n, 'G', undefined);
  const std = parseStandard(format);
  if (std) return standardFormat(n, std.letter, std.precision);
  return customFormat(n, format);
}

// ---- adapters for the JS representations ----

export function integerNumber(value: number | bigint, bits = 32): FormattableNumber {
  const big = typeof value === 'bigint' ? value : BigInt(Math.trunc(value));
  return { kind: 'integer', bigint: big, bits, buffer: () => digitsOfBigInt(big) };
}

/** precision undefined = shortest round-trip; -1 = exact (for fixed formats); n = n significant digits. */
export function doubleNumber(value: number): FormattableNumber {
  return {
    kind: 'double',
    buffer(precision?: number) {
      if (precision === -1) return fixedDigitsOfDouble(value, 100);
      return digitsOfDouble(value, precision);
    },
  };
}

export function singleNumber(value: number): FormattableNumber {
  const f = Math.fround(value);
  return {
    kind: 'single',
    buffer(precision?: number) {
      if (precision === -1) return fixedDigitsOfDouble(f, 100);
      if (precision === undefined) return shortestSingle(f);
      return digitsOfDouble(f, precision);
    },
  };
}

function shortestSingle(f: number): DigitBuffer {
  for (let p = 1; p <= 9; p++) {
    const b = digitsOfDouble(f, p);
    const back = Number((b.negative ? '-' : '') + '0.' + (b.digits || '0') + 'e' + b.scale);
    if (Math.fround(back) === f) return b;
  }
  return digitsOfDouble(f, 9);
}

export function decimalNumber(text: string): FormattableNumber {
  // decimal keeps its scale: "1.50" prints as 1.50 with the default format
  const buf = digitsOfDecimalText(text);
  return { kind: 'decimal', buffer: () => buf };
}

/** double.ToString(format) including NaN and infinities. */
export function formatDouble(value: number, format?: string | null): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return formatNumber(doubleNumber(value), format);
}

export function formatSingle(value: number, format?: string | null): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return formatNumber(singleNumber(value), format);
}

export function formatInteger(value: number | bigint, format?: string | null, bits = 32): string {
  return formatNumber(integerNumber(value, bits), format);
}

/** decimal.ToString(): the default form keeps trailing zeros of the scale. */
export function formatDecimal(text: string, format?: string | null): string {
  if (format === undefined || format === null || format === '' || format === 'G' || format === 'g') return normalizeDecimalText(text);
  return formatNumber(decimalNumber(text), format);
}

function normalizeDecimalText(text: string): string {
  let t = text;
  const neg = t.startsWith('-');
  if (neg) t = t.slice(1);
  let [i, f] = t.split('.') as [string, string | undefined];
  i = i.replace(/^0+(?=\d)/, '');
  const out = f !== undefined && f.length > 0 ? `${i}.${f}` : i;
  const isZero = /^[0.]*$/.test(out);
  return (neg && !isZero ? '-' : '') + out;
}

/** decimal.ToString(): every digit of its scale ("1.50"), never in exponent form. */
export function decimalToText(value: DecimalValue): string {
  return value.toString();
}

export function formatDecimalNumber(value: DecimalValue, format?: string | null): string {
  return formatDecimal(value.toString(), format);
}
