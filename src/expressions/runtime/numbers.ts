/**
 * Members of the numeric types and bool: Parse/TryParse, ToString with .NET formats, MaxValue/MinValue,
 * double's constants and tests. Representation (values.ts): int-like → number, long/ulong → bigint,
 * double/float → number, decimal → DecimalValue (decimal-value.ts).
 */
import { field, method, registerType } from '../registry.js';
import { EnumValue } from '../values.js';
import { DecimalValue } from './decimal-value.js';
import { roundDecimal } from './math.js';
import { formatDecimalNumber, formatDouble, formatInteger, formatSingle } from './number-format.js';
import {
  INTEGER_TYPES,
  parseBoolean,
  parseDecimal,
  parseDouble,
  parseHexInteger,
  parseInteger,
  tryParseBoolean,
  tryParseDecimal,
  tryParseDouble,
  tryParseInteger,
  type IntegerType,
} from './number-parse.js';

type Holder<T> = { value: T };

registerType({
  name: 'System.Globalization.NumberStyles',
  kind: 'enum',
  flags: true,
  enumMembers: {
    None: 0,
    AllowLeadingWhite: 1,
    AllowTrailingWhite: 2,
    AllowLeadingSign: 4,
    Integer: 7,
    AllowTrailingSign: 8,
    AllowParentheses: 16,
    AllowDecimalPoint: 32,
    AllowThousands: 64,
    Number: 111,
    AllowExponent: 128,
    Float: 167,
    AllowCurrencySymbol: 256,
    Currency: 383,
    Any: 511,
    AllowHexSpecifier: 512,
    HexNumber: 515,
  },
});

const HEX_FLAG = 512;
const EXPONENT_FLAG = 128;

interface IntegerInfo {
  keyword: string;
  bits: number;
  big: boolean; // bigint representation
}

const INTEGERS: Record<string, IntegerInfo> = {
  'System.Int32': { keyword: 'int', bits: 32, big: false },
  'System.Int64': { keyword: 'long', bits: 64, big: true },
  'System.Int16': { keyword: 'short', bits: 16, big: false },
  'System.Byte': { keyword: 'byte', bits: 8, big: false },
  'System.SByte': { keyword: 'sbyte', bits: 8, big: false },
  'System.UInt16': { keyword: 'ushort', bits: 16, big: false },
  'System.UInt32': { keyword: 'uint', bits: 32, big: false },
  'System.UInt64': { keyword: 'ulong', bits: 64, big: true },
};

function registerInteger(name: string, info: IntegerInfo): void {
  const type: IntegerType = INTEGER_TYPES[name]!;
  const out = (v: bigint) => (info.big ? v : Number(v));
  const zero = info.big ? 0n : 0;
  const k = info.keyword;
  const fmt = (self: number | bigint, format: string | null) => formatInteger(self, format, info.bits);
  registerType({
    name,
    statics: {
      Parse: [
        method(`(string s) => ${k}`, (s: string | null) => out(parseInteger(s, type))),
        method(`(string s, System.Globalization.NumberStyles style) => ${k}`, (s: string | null, style: EnumValue) => {
          if (s !== null && style.value & HEX_FLAG) return out(parseHexInteger(s, type, info.bits));
          return out(parseInteger(s, type));
        }),
      ],
      TryParse: [
        method(`(string s, out ${k} result) => bool`, (s: string | null, result: Holder<number | bigint>) => {
          const v = tryParseInteger(s, type);
          result.value = v === undefined ? zero : out(v);
          return v !== undefined;
        }),
        // the provider is ignored: every conversion uses the invariant culture
        method(`(string s, System.Globalization.NumberStyles style, object provider, out ${k} result) => bool`, (s: string | null, style: EnumValue, _p: unknown, result: Holder<number | bigint>) => {
          let v: bigint | undefined;
          try {
            v = s === null ? undefined : style.value & HEX_FLAG ? parseHexInteger(s, type, info.bits) : tryParseInteger(s, type);
          } catch {
            v = undefined;
          }
          result.value = v === undefined ? zero : out(v);
          return v !== undefined;
        }),
      ],
      MaxValue: field(k, out(type.max)),
      MinValue: field(k, out(type.min)),
    },
    members: {
      ToString: [
        method('() => string', (self: number | bigint) => fmt(self, null)),
        method('(string format) => string', fmt),
        method('(string format, object provider) => string', (self: number | bigint, f: string | null) => fmt(self, f)),
      ],
      CompareTo: method(`(${k} value) => int`, (a: number | bigint, b: number | bigint) => (a < b ? -1 : a > b ? 1 : 0)),
      // IEquatable<T>.Equals: an argument that converts implicitly is widened first (1L.Equals(1) is True,
      // while object.Equals compares the boxes' types: 1L.Equals((object)1) is False).
      Equals: method(`(${k} obj) => bool`, (a: number | bigint, b: number | bigint) => a === b),
    },
    toString: (self: number | bigint) => fmt(self, null),
    format: fmt,
  });
}

for (const [name, info] of Object.entries(INTEGERS)) registerInteger(name, info);

function registerFloating(name: 'System.Double' | 'System.Single', k: string, format: (v: number, f?: string | null) => string, max: number, epsilon: number): void {
  const round = name === 'System.Single' ? Math.fround : (x: number) => x;
  registerType({
    name,
    statics: {
      Parse: [
        method(`(string s) => ${k}`, (s: string | null) => round(parseDouble(s))),
        method(`(string s, object provider) => ${k}`, (s: string | null) => round(parseDouble(s))),
        method(`(string s, System.Globalization.NumberStyles style, object provider) => ${k}`, (s: string | null) => round(parseDouble(s))),
      ],
      TryParse: method(`(string s, out ${k} result) => bool`, (s: string | null, result: Holder<number>) => {
        const v = tryParseDouble(s);
        result.value = v === undefined ? 0 : round(v);
        return v !== undefined;
      }),
      MaxValue: field(k, max),
      MinValue: field(k, -max),
      Epsilon: field(k, epsilon),
      NaN: field(k, NaN),
      PositiveInfinity: field(k, Infinity),
      NegativeInfinity: field(k, -Infinity),
      IsNaN: method(`(${k} d) => bool`, (d: number) => Number.isNaN(d)),
      IsInfinity: method(`(${k} d) => bool`, (d: number) => d === Infinity || d === -Infinity),
      IsPositiveInfinity: method(`(${k} d) => bool`, (d: number) => d === Infinity),
      IsNegativeInfinity: method(`(${k} d) => bool`, (d: number) => d === -Infinity),
      IsFinite: method(`(${k} d) => bool`, (d: number) => Number.isFinite(d)),
    },
    members: {
      ToString: [
        method('() => string', (self: number) => format(self)),
        method('(string format) => string', (self: number, f: string | null) => format(self, f)),
        method('(string format, object provider) => string', (self: number, f: string | null) => format(self, f)),
      ],
      CompareTo: method(`(${k} value) => int`, (a: number, b: number) => (a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : 1)),
    },
    toString: (self: number) => format(self),
    format: (self: number, f: string) => format(self, f),
  });
}

registerFloating('System.Double', 'double', formatDouble, Number.MAX_VALUE, Number.MIN_VALUE);
registerFloating('System.Single', 'float', formatSingle, 3.4028234663852886e38, 1.401298464324817e-45);

const dec = DecimalValue;
registerType({
  name: 'System.Decimal',
  jsClass: DecimalValue,
  statics: {
    Parse: [
      method('(string s) => decimal', (s: string | null) => parseDecimal(s)),
      method('(string s, System.Globalization.NumberStyles style) => decimal', (s: string | null, style: EnumValue) => parseDecimal(s, (style.value & EXPONENT_FLAG) !== 0)),
      method('(string s, System.Globalization.NumberStyles style, object provider) => decimal', (s: string | null, style: EnumValue) => parseDecimal(s, (style.value & EXPONENT_FLAG) !== 0)),
      method('(string s, object provider) => decimal', (s: string | null) => parseDecimal(s)),
    ],
    TryParse: method('(string s, out decimal result) => bool', (s: string | null, result: Holder<DecimalValue>) => {
      let v: DecimalValue | undefined;
      try {
        v = tryParseDecimal(s);
      } catch {
        v = undefined;
      }
      result.value = v ?? dec.ZERO;
      return v !== undefined;
    }),
    MaxValue: field('decimal', dec.MAX),
    MinValue: field('decimal', dec.MIN),
    Zero: field('decimal', dec.ZERO),
    One: field('decimal', dec.ONE),
    MinusOne: field('decimal', dec.MINUS_ONE),
    Add: method('(decimal d1, decimal d2) => decimal', (a: DecimalValue, b: DecimalValue) => a.add(b)),
    Subtract: method('(decimal d1, decimal d2) => decimal', (a: DecimalValue, b: DecimalValue) => a.subtract(b)),
    Multiply: method('(decimal d1, decimal d2) => decimal', (a: DecimalValue, b: DecimalValue) => a.multiply(b)),
    Divide: method('(decimal d1, decimal d2) => decimal', (a: DecimalValue, b: DecimalValue) => a.divide(b)),
    Remainder: method('(decimal d1, decimal d2) => decimal', (a: DecimalValue, b: DecimalValue) => a.remainder(b)),
    Negate: method('(decimal d) => decimal', (a: DecimalValue) => a.negate()),
    Compare: method('(decimal d1, decimal d2) => int', (a: DecimalValue, b: DecimalValue) => a.compareTo(b)),
    Round: [
      method('(decimal d) => decimal', (a: DecimalValue) => a.round(0)),
      method('(decimal d, int decimals) => decimal', (a: DecimalValue, n: number) => roundDecimal(a, n)),
    ],
    Floor: method('(decimal d) => decimal', (a: DecimalValue) => a.floor()),
    Ceiling: method('(decimal d) => decimal', (a: DecimalValue) => a.ceiling()),
    Truncate: method('(decimal d) => decimal', (a: DecimalValue) => a.truncate()),
    ToDouble: method('(decimal d) => double', (a: DecimalValue) => a.toNumber()),
  },
  members: {
    ToString: [
      method('() => string', (self: DecimalValue) => self.toString()),
      method('(string format) => string', (self: DecimalValue, f: string | null) => formatDecimalNumber(self, f)),
      method('(string format, object provider) => string', (self: DecimalValue, f: string | null) => formatDecimalNumber(self, f)),
    ],
    CompareTo: method('(decimal value) => int', (a: DecimalValue, b: DecimalValue) => a.compareTo(b)),
    Equals: method('(decimal value) => bool', (a: DecimalValue, b: DecimalValue) => a.equals(b)),
    GetHashCode: method('() => int', (self: DecimalValue) => self.hashCode()),
  },
  toString: (self: DecimalValue) => self.toString(),
  format: (self: DecimalValue, f: string) => formatDecimalNumber(self, f),
  equals: (a: DecimalValue, b: DecimalValue) => a.equals(b),
  hash: (self: DecimalValue) => self.hashKey(),
  compare: (a: DecimalValue, b: DecimalValue) => a.compareTo(b),
  toJson: (self: DecimalValue) => self.toNumber(),
  defaultValue: dec.ZERO,
});

registerType({
  name: 'System.Boolean',
  statics: {
    Parse: method('(string value) => bool', (s: string | null) => parseBoolean(s)),
    TryParse: method('(string value, out bool result) => bool', (s: string | null, result: Holder<boolean>) => {
      const v = tryParseBoolean(s);
      result.value = v ?? false;
      return v !== undefined;
    }),
    TrueString: field('string', 'True'),
    FalseString: field('string', 'False'),
  },
  members: {
    ToString: method('() => string', (self: boolean) => (self ? 'True' : 'False')),
    CompareTo: method('(bool value) => int', (a: boolean, b: boolean) => Number(a) - Number(b)),
  },
  toString: (self: boolean) => (self ? 'True' : 'False'),
});
