/**
 * System.Convert, System.Text.Encoding (UTF8, ASCII, Unicode …) and System.BitConverter.
 */
import { ctor, defOfObject, field, method, prop, registerType } from '../registry.js';
import { BoxedValue, makeArray } from '../values.js';
import {
  bitConverterGetBytes,
  bitConverterRead,
  bitConverterToString,
  byteCount,
  decode,
  encode,
  fromBase64,
  fromHexString,
  toBase64,
  toHexString,
  type EncodingName,
} from './bytes.js';
import { displayString } from './display.js';
import { fail } from './fail.js';
import { DecimalValue } from './decimal-value.js';
import { checkRange, doubleToInteger, INTEGER_TYPES, overflow, parseBoolean, parseDecimal, parseDouble, parseInteger } from './number-parse.js';

// ───────────── Encoding ─────────────

export class EncodingValue {
  constructor(
    readonly encoding: EncodingName,
    readonly webName: string,
    readonly displayName: string,
  ) {}
}

export class UTF8EncodingValue extends EncodingValue {
  constructor(readonly emitBom = false) {
    super('utf-8', 'utf-8', 'Unicode (UTF-8)');
  }
}

const ENCODINGS = {
  UTF8: new UTF8EncodingValue(true),
  ASCII: new EncodingValue('us-ascii', 'us-ascii', 'US-ASCII'),
  Unicode: new EncodingValue('utf-16', 'utf-16', 'Unicode'),
  BigEndianUnicode: new EncodingValue('utf-16BE', 'utf-16BE', 'Unicode (Big-Endian)'),
  UTF32: new EncodingValue('utf-32', 'utf-32', 'Unicode (UTF-32)'),
  Latin1: new EncodingValue('iso-8859-1', 'iso-8859-1', 'Western European (ISO)'),
};

function encodingByName(name: string | null): EncodingValue {
  if (name === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'name')");
  const key = name.toLowerCase();
  const found: Record<string, EncodingValue> = {
    'utf-8': ENCODINGS.UTF8,
    utf8: ENCODINGS.UTF8,
    'us-ascii': ENCODINGS.ASCII,
    ascii: ENCODINGS.ASCII,
    'utf-16': ENCODINGS.Unicode,
    'utf-16le': ENCODINGS.Unicode,
    unicode: ENCODINGS.Unicode,
    'utf-16be': ENCODINGS.BigEndianUnicode,
    'utf-32': ENCODINGS.UTF32,
    'iso-8859-1': ENCODINGS.Latin1,
    latin1: ENCODINGS.Latin1,
  };
  const e = found[key];
  if (!e)
    fail(
      'System.ArgumentException',
      `'${name}' is not a supported encoding name. For information on defining a custom encoding, see the documentation for the Encoding.RegisterProvider method. (Parameter 'name')`,
    );
  return e;
}

const chars = (s: string) => makeArray('System.Char', Array.from({ length: s.length }, (_c, i) => s.charCodeAt(i)));
const charArrayToString = (a: number[] | null) => {
  if (a === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'chars')");
  return String.fromCharCode(...a);
};

registerType({
  name: 'System.Text.Encoding',
  jsClass: EncodingValue,
  statics: {
    UTF8: prop('System.Text.Encoding', () => ENCODINGS.UTF8),
    ASCII: prop('System.Text.Encoding', () => ENCODINGS.ASCII),
    Unicode: prop('System.Text.Encoding', () => ENCODINGS.Unicode),
    BigEndianUnicode: prop('System.Text.Encoding', () => ENCODINGS.BigEndianUnicode),
    UTF32: prop('System.Text.Encoding', () => ENCODINGS.UTF32),
    Latin1: prop('System.Text.Encoding', () => ENCODINGS.Latin1),
    // .NET Core's Encoding.Default is UTF-8 without a BOM
    Default: prop('System.Text.Encoding', () => new UTF8EncodingValue(false)),
    GetEncoding: method('(string name) => System.Text.Encoding', encodingByName),
  },
  members: {
    GetBytes: [
      method('(string s) => byte[]', (self: EncodingValue, s: string | null) => encode(self.encoding, s)),
      method('(char[] chars) => byte[]', (self: EncodingValue, c: number[] | null) => encode(self.encoding, charArrayToString(c))),
    ],
    GetString: [
      method('(byte[] bytes) => string', (self: EncodingValue, b: Uint8Array | null) => decode(self.encoding, b)),
      method('(byte[] bytes, int index, int count) => string', (self: EncodingValue, b: Uint8Array | null, i: number, n: number) => decode(self.encoding, b, i, n)),
    ],
    GetChars: method('(byte[] bytes) => char[]', (self: EncodingValue, b: Uint8Array | null) => chars(decode(self.encoding, b))),
    GetByteCount: method('(string s) => int', (self: EncodingValue, s: string | null) => byteCount(self.encoding, s)),
    GetPreamble: method('() => byte[]', (self: EncodingValue) => preamble(self)),
    WebName: prop('string', (self: EncodingValue) => self.webName),
    EncodingName: prop('string', (self: EncodingValue) => self.displayName),
    BodyName: prop('string', (self: EncodingValue) => self.webName),
  },
  toString: (self: EncodingValue) => (self instanceof UTF8EncodingValue ? 'System.Text.UTF8Encoding+UTF8EncodingSealed' : 'System.Text.Encoding'),
});

function preamble(e: EncodingValue): Uint8Array {
  if (e instanceof UTF8EncodingValue) return e.emitBom ? Uint8Array.of(0xef, 0xbb, 0xbf) : new Uint8Array(0);
  if (e.encoding === 'utf-16') return Uint8Array.of(0xff, 0xfe);
  if (e.encoding === 'utf-16BE') return Uint8Array.of(0xfe, 0xff);
  if (e.encoding === 'utf-32') return Uint8Array.of(0xff, 0xfe, 0, 0);
  return new Uint8Array(0);
}

registerType({
  name: 'System.Text.UTF8Encoding',
  base: 'System.Text.Encoding',
  jsClass: UTF8EncodingValue,
  constructors: [ctor('()', () => new UTF8EncodingValue(false)), ctor('(bool encoderShouldEmitUTF8Identifier)', (bom: boolean) => new UTF8EncodingValue(bom))],
  toString: () => 'System.Text.UTF8Encoding',
});

// ───────────── Convert ─────────────

const I32 = INTEGER_TYPES['System.Int32']!;
const I64 = INTEGER_TYPES['System.Int64']!;
const U8 = INTEGER_TYPES['System.Byte']!;
const I16 = INTEGER_TYPES['System.Int16']!;

/** The primitive inside an `object` argument. */
function primitive(value: unknown): { type: string; v: unknown } {
  if (value instanceof BoxedValue) return { type: value.type, v: value.value };
  if (value instanceof DecimalValue) return { type: 'System.Decimal', v: value };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'System.Int32' : 'System.Double', v: value };
  if (typeof value === 'bigint') return { type: 'System.Int64', v: value };
  if (typeof value === 'boolean') return { type: 'System.Boolean', v: value };
  if (typeof value === 'string') return { type: 'System.String', v: value };
  return { type: 'object', v: value };
}

function invalidCast(from: string, to: string): never {
  fail('System.InvalidCastException', `Invalid cast from '${from}' to '${to}'.`);
}

function notConvertible(value: unknown): never {
  const name = typeof value === 'object' && value !== null ? (defOfObject(value)?.fullName ?? 'System.Object') : 'System.Object';
  fail('System.InvalidCastException', `Unable to cast object of type '${name}' to type 'System.IConvertible'.`);
}

/** Convert.ToInt32/ToInt64/ToInt16/ToByte of any value. */
function objectToInteger(value: unknown, target: typeof I32, targetName: string): bigint {
  if (value === null || value === undefined) return 0n;
  const { type, v } = primitive(value);
  switch (type) {
    case 'System.String':
      return parseInteger(v as string, target);
    case 'System.Double':
    case 'System.Single':
      return doubleToInteger(v as number, target);
    case 'System.Decimal':
      return decimalToInteger(v as DecimalValue, target);
    case 'System.Boolean':
      return v ? 1n : 0n;
    case 'System.Char':
      if (targetName === 'System.Boolean') invalidCast('System.Char', targetName);
      return checkRange(BigInt(v as number), target);
    case 'object':
      return notConvertible(v);
    default:
      return checkRange(BigInt(v as number | bigint), target);
  }
}

function objectToDouble(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const { type, v } = primitive(value);
  if (type === 'System.String') return parseDouble(v as string);
  if (type === 'System.Boolean') return v ? 1 : 0;
  if (type === 'System.Char') invalidCast('System.Char', 'System.Double');
  if (type === 'object') notConvertible(v);
  if (v instanceof DecimalValue) return v.toNumber();
  return Number(v);
}

/** Convert.ToInt32(decimal) and friends: banker's rounding then a range check. */
function decimalToInteger(v: DecimalValue, type: typeof I32): bigint {
  return checkRange(v.round(0).toBigInt(), type);
}

function objectToDecimal(value: unknown): DecimalValue {
  if (value === null || value === undefined) return DecimalValue.ZERO;
  const { type, v } = primitive(value);
  switch (type) {
    case 'System.Decimal':
      return v as DecimalValue;
    case 'System.String':
      return parseDecimal(v as string);
    case 'System.Boolean':
      return v ? DecimalValue.ONE : DecimalValue.ZERO;
    case 'System.Double':
      return DecimalValue.fromDouble(v as number);
    case 'System.Single':
      return DecimalValue.fromSingle(v as number);
    case 'System.Char':
      return invalidCast('System.Char', 'System.Decimal');
    case 'object':
      return notConvertible(v);
    default:
      return DecimalValue.fromBigInt(BigInt(v as number | bigint));
  }
}

function objectToBoolean(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const { type, v } = primitive(value);
  if (type === 'System.String') return parseBoolean(v as string);
  if (type === 'System.Char') invalidCast('System.Char', 'System.Boolean');
  if (type === 'object') notConvertible(v);
  if (type === 'System.Boolean') return v as boolean;
  if (v instanceof DecimalValue) return !v.isZero;
  return Number(v) !== 0;
}

/** Convert.ToInt32(string, fromBase): base 2, 8, 10 or 16; bases other than 10 are two's complement. */
function parseInBase(text: string | null, base: number, bits: number, type: typeof I32): bigint {
  if (![2, 8, 10, 16].includes(base)) fail('System.ArgumentException', 'Invalid Base.');
  if (text === null) return 0n;
  if (base === 10) return parseInteger(text, type);
  let t = text;
  if (base === 16 && /^0[xX]/.test(t)) t = t.slice(2);
  const digits = { 2: /^[01]+$/, 8: /^[0-7]+$/, 16: /^[0-9a-fA-F]+$/ }[base as 2 | 8 | 16];
  if (t === '') fail('System.ArgumentOutOfRangeException', "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'startIndex')");
  if (!digits.test(t)) fail('System.FormatException', 'Could not find any recognizable digits.');
  let v = BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + t);
  if (v >= 1n << BigInt(bits)) overflow(type);
  if (type.min < 0n && v > type.max) v -= 1n << BigInt(bits);
  return v;
}

function toBaseString(value: bigint, base: number, bits: number): string {
  if (![2, 8, 10, 16].includes(base)) fail('System.ArgumentException', 'Invalid Base.');
  if (base === 10) return value.toString();
  const v = value < 0n ? value + (1n << BigInt(bits)) : value;
  return v.toString(base);
}

const num = (b: bigint) => Number(b);

registerType({
  name: 'System.Convert',
  kind: 'static',
  statics: {
    ToBase64String: [
      method('(byte[] inArray) => string', (b: Uint8Array | null) => toBase64(b)),
      method('(byte[] inArray, int offset, int length) => string', (b: Uint8Array | null, o: number, l: number) => toBase64(b, o, l)),
    ],
    FromBase64String: method('(string s) => byte[]', fromBase64),
    ToHexString: [
      method('(byte[] inArray) => string', toHexString),
      method('(byte[] inArray, int offset, int length) => string', (b: Uint8Array | null, o: number, l: number) => toHexString(b === null ? b : b.subarray(o, o + l))),
    ],
    FromHexString: method('(string s) => byte[]', fromHexString),
    ToInt32: [
      method('(string value) => int', (s: string | null) => (s === null ? 0 : num(parseInteger(s, I32)))),
      method('(string value, int fromBase) => int', (s: string | null, base: number) => num(parseInBase(s, base, 32, I32))),
      method('(int value) => int', (v: number) => v),
      method('(long value) => int', (v: bigint) => num(checkRange(v, I32))),
      method('(double value) => int', (v: number) => num(doubleToInteger(v, I32))),
      method('(decimal value) => int', (v: DecimalValue) => num(decimalToInteger(v, I32))),
      method('(bool value) => int', (v: boolean) => (v ? 1 : 0)),
      method('(char value) => int', (v: number) => v),
      method('(object value) => int', (v: unknown) => num(objectToInteger(v, I32, 'System.Int32'))),
    ],
    ToInt64: [
      method('(string value) => long', (s: string | null) => (s === null ? 0n : parseInteger(s, I64))),
      method('(string value, int fromBase) => long', (s: string | null, base: number) => parseInBase(s, base, 64, I64)),
      method('(int value) => long', (v: number) => BigInt(v)),
      method('(long value) => long', (v: bigint) => v),
      method('(double value) => long', (v: number) => doubleToInteger(v, I64)),
      method('(decimal value) => long', (v: DecimalValue) => decimalToInteger(v, I64)),
      method('(bool value) => long', (v: boolean) => (v ? 1n : 0n)),
      method('(object value) => long', (v: unknown) => objectToInteger(v, I64, 'System.Int64')),
    ],
    ToInt16: [
      method('(string value) => short', (s: string | null) => (s === null ? 0 : num(parseInteger(s, I16)))),
      method('(int value) => short', (v: number) => num(checkRange(BigInt(v), I16))),
      method('(double value) => short', (v: number) => num(doubleToInteger(v, I16))),
      method('(object value) => short', (v: unknown) => num(objectToInteger(v, I16, 'System.Int16'))),
    ],
    ToByte: [
      method('(string value) => byte', (s: string | null) => (s === null ? 0 : num(parseInteger(s, U8)))),
      method('(string value, int fromBase) => byte', (s: string | null, base: number) => num(parseInBase(s, base, 8, U8))),
      method('(int value) => byte', (v: number) => num(checkRange(BigInt(v), U8))),
      method('(long value) => byte', (v: bigint) => num(checkRange(v, U8))),
      method('(double value) => byte', (v: number) => num(doubleToInteger(v, U8))),
      method('(char value) => byte', (v: number) => num(checkRange(BigInt(v), U8))),
      method('(bool value) => byte', (v: boolean) => (v ? 1 : 0)),
      method('(object value) => byte', (v: unknown) => num(objectToInteger(v, U8, 'System.Byte'))),
    ],
    ToChar: [
      method('(int value) => char', (v: number) => {
        if (v < 0 || v > 0xffff) fail('System.OverflowException', 'Value was either too large or too small for a character.');
        return v;
      }),
      method('(string value) => char', (s: string | null) => {
        if (s === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'value')");
        if (s.length !== 1) fail('System.FormatException', 'String must be exactly one character long.');
        return s.charCodeAt(0);
      }),
    ],
    ToDouble: [
      method('(string value) => double', (s: string | null) => (s === null ? 0 : parseDouble(s))),
      method('(int value) => double', (v: number) => v),
      method('(long value) => double', (v: bigint) => Number(v)),
      method('(double value) => double', (v: number) => v),
      method('(decimal value) => double', (v: DecimalValue) => v.toNumber()),
      method('(bool value) => double', (v: boolean) => (v ? 1 : 0)),
      method('(object value) => double', objectToDouble),
    ],
    ToDecimal: [
      method('(string value) => decimal', (s: string | null) => (s === null ? DecimalValue.ZERO : parseDecimal(s))),
      method('(int value) => decimal', (v: number) => DecimalValue.fromInt(v)),
      method('(long value) => decimal', (v: bigint) => DecimalValue.fromBigInt(v)),
      method('(double value) => decimal', (v: number) => DecimalValue.fromDouble(v)),
      method('(decimal value) => decimal', (v: DecimalValue) => v),
      method('(bool value) => decimal', (v: boolean) => (v ? DecimalValue.ONE : DecimalValue.ZERO)),
      method('(object value) => decimal', objectToDecimal),
    ],
    ToBoolean: [
      method('(string value) => bool', (s: string | null) => (s === null ? false : parseBoolean(s))),
      method('(int value) => bool', (v: number) => v !== 0),
      method('(long value) => bool', (v: bigint) => v !== 0n),
      method('(double value) => bool', (v: number) => v !== 0),
      method('(bool value) => bool', (v: boolean) => v),
      method('(object value) => bool', objectToBoolean),
    ],
    ToString: [
      method('(object value) => string', (v: unknown) => displayString(v)),
      // The string overload hands its argument back: Convert.ToString((string)null) is null, not "".
      method('(string value) => string', (v: string | null) => v),
      method('(int value, int toBase) => string', (v: number, base: number) => toBaseString(BigInt(v), base, 32)),
      method('(long value, int toBase) => string', (v: bigint, base: number) => toBaseString(v, base, 64)),
      method('(byte value, int toBase) => string', (v: number, base: number) => toBaseString(BigInt(v), base, 8)),
    ],
    ToUInt32: method('(object value) => uint', (v: unknown) => num(objectToInteger(v, INTEGER_TYPES['System.UInt32']!, 'System.UInt32'))),
    ToUInt64: method('(object value) => ulong', (v: unknown) => objectToInteger(v, INTEGER_TYPES['System.UInt64']!, 'System.UInt64')),
  },
});

// ───────────── BitConverter ─────────────

const getBytes = (type: string, k: string) => method(`(${k} value) => byte[]`, (v: number | bigint | boolean) => bitConverterGetBytes(v, type));

registerType({
  name: 'System.BitConverter',
  kind: 'static',
  statics: {
    IsLittleEndian: field('bool', true),
    ToString: [
      method('(byte[] value) => string', (b: Uint8Array | null) => bitConverterToString(b)),
      method('(byte[] value, int startIndex) => string', (b: Uint8Array | null, s: number) => bitConverterToString(b, s)),
      method('(byte[] value, int startIndex, int length) => string', (b: Uint8Array | null, s: number, l: number) => bitConverterToString(b, s, l)),
    ],
    ToInt16: method('(byte[] value, int startIndex) => short', bitConverterRead.ToInt16),
    ToUInt16: method('(byte[] value, int startIndex) => ushort', bitConverterRead.ToUInt16),
    ToInt32: method('(byte[] value, int startIndex) => int', bitConverterRead.ToInt32),
    ToUInt32: method('(byte[] value, int startIndex) => uint', bitConverterRead.ToUInt32),
    ToInt64: method('(byte[] value, int startIndex) => long', bitConverterRead.ToInt64),
    ToUInt64: method('(byte[] value, int startIndex) => ulong', bitConverterRead.ToUInt64),
    ToDouble: method('(byte[] value, int startIndex) => double', bitConverterRead.ToDouble),
    ToSingle: method('(byte[] value, int startIndex) => float', bitConverterRead.ToSingle),
    ToBoolean: method('(byte[] value, int startIndex) => bool', bitConverterRead.ToBoolean),
    GetBytes: [
      getBytes('System.Boolean', 'bool'),
      getBytes('System.Char', 'char'),
      getBytes('System.Int16', 'short'),
      getBytes('System.UInt16', 'ushort'),
      getBytes('System.Int32', 'int'),
      getBytes('System.UInt32', 'uint'),
      getBytes('System.Int64', 'long'),
      getBytes('System.UInt64', 'ulong'),
      getBytes('System.Single', 'float'),
      getBytes('System.Double', 'double'),
    ],
  },
});
