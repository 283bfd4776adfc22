/**
 * The value model: how .NET values are represented in JavaScript while an expression runs.
 *
 * The compiler tracks the *static* type of every sub-expression (as C# does), so most values need no
 * tag: a JS number whose static type is `double` is a double. A value is only "boxed" (made
 * self-describing) when it is converted to `object` (stored in a variable, passed as an `object`
 * argument, returned from the expression), exactly where the CLR boxes.
 *
 * | .NET type (static)                         | JS representation                                        |
 * |--------------------------------------------|----------------------------------------------------------|
 * | `bool`                                     | `boolean`                                                |
 * | `int`, `short`, `ushort`, `byte`, `sbyte`, `uint` | `number` (an integer in range)                    |
 * | `long`, `ulong`                            | `bigint` (wrapped with BigInt.asIntN/asUintN(64))         |
 * | `double`, `float`                          | `number`                                                 |
 * | `decimal`                                  | `DecimalValue` (runtime/decimal-value.ts: exact, scale kept) |
 * | `char`                                     | `number` (the UTF-16 code unit)                          |
 * | `string`                                   | `string`                                                 |
 * | `null` (any reference or nullable type)    | `null` (never `undefined`; treat `undefined` as null)    |
 * | enums (`StringComparison.Ordinal` …)       | `EnumValue` (interned per type and value)                |
 * | `byte[]`                                   | `Uint8Array`                                             |
 * | other `T[]`                                | JS `Array` tagged with its element type: `makeArray(t, items)` |
 * | `DateTime` / `DateTimeOffset` / `TimeSpan` | `DateTimeValue` / `DateTimeOffsetValue` / `TimeSpanValue` |
 * | `Guid`                                     | `GuidValue`                                              |
 * | JToken family                              | classes in json/model.ts (`JObject`, `JArray` …)         |
 * | `IResponse`, `IMessageBody`                | `ResponseValue`, `MessageBody` in host/response.ts       |
 * | `context` and its parts                    | read-only views over HandshakeState in runtime/context.ts |
 * | exceptions (`catch (Exception e)`)         | `DotnetException` (errors.ts)                            |
 * | `List<T>`, `Dictionary<K,V>`, `HashSet<T>` | classes registered by runtime/collections.ts             |
 * | lambdas / delegates (`Func<T,R>`)          | plain JS functions `(…args) => result`                   |
 *
 * Boxed values (static type `object`): `bool`, `int`, `string`, `long` (bigint) and every class
 * instance above are already self-describing and stay as they are (so does `decimal`). `double`, `float`,
 * `char`, `byte`, `short`, `sbyte`, `ushort`, `uint`, `ulong` become a `BoxedValue` (use `box()` /
 * `unbox()`). A bare JS number seen as `object` is an `int` (or a `double` if it is not an integer:
 * a safety net, never produced by the compiler).
 *
 * A runtime function receives its arguments in the representation of its *declared* parameter types
 * (the compiler converts: `int` → `long` becomes a bigint, anything → `object` is boxed) and must
 * return the representation of its declared return type. A function declared to return `object`
 * must return boxed values (`box('System.Double', x)`).
 *
 * To fail like .NET, throw `dotnetError('System.FormatException', 'Input string was not in a correct format.')`:
 * the interpreter turns it into an ExpressionEvaluationError located at the failing sub-expression.
 */

/** .NET full names of the primitive types, by C# keyword. */
export const KEYWORD_TYPES: Readonly<Record<string, string>> = {
  bool: 'System.Boolean',
  byte: 'System.Byte',
  sbyte: 'System.SByte',
  short: 'System.Int16',
  ushort: 'System.UInt16',
  int: 'System.Int32',
  uint: 'System.UInt32',
  long: 'System.Int64',
  ulong: 'System.UInt64',
  float: 'System.Single',
  double: 'System.Double',
  decimal: 'System.Decimal',
  char: 'System.Char',
  string: 'System.String',
  object: 'System.Object',
  void: 'System.Void',
};

/** A value type that needs a tag once converted to `object`. */
export type BoxedTypeName =
  | 'System.Double'
  | 'System.Single'
  | 'System.Char'
  | 'System.Byte'
  | 'System.SByte'
  | 'System.Int16'
  | 'System.UInt16'
  | 'System.UInt32'
  | 'System.UInt64';

/** A boxed number: `(object)2.5`, `(object)'a'`. Immutable. */
export class BoxedValue {
  constructor(
    readonly type: BoxedTypeName,
    readonly value: number | bigint,
  ) {}
}

const BOXED_TYPES = new Set<string>([
  'System.Double',
  'System.Single',
  'System.Char',
  'System.Byte',
  'System.SByte',
  'System.Int16',
  'System.UInt16',
  'System.UInt32',
  'System.UInt64',
]);

/** Box a value of static type `typeName` for use as `object` (no-op for self-describing values). */
export function box(typeName: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (BOXED_TYPES.has(typeName) && (typeof value === 'number' || typeof value === 'bigint')) {
    return new BoxedValue(typeName as BoxedTypeName, value);
  }
  return value;
}

/** The raw value inside a box (numbers, chars); other values unchanged. */
export function unbox(value: unknown): unknown {
  return value instanceof BoxedValue ? value.value : value;
}

/** An enum member or a combination of flags. Compare with `===` for interned members or by `.value`. */
export class EnumValue {
  constructor(
    /** Full .NET name of the enum type, e.g. `System.StringComparison`. */
    readonly type: string,
    readonly value: number,
    /** Member name, or the comma-joined flags for a combination (as .NET's ToString shows them). */
    readonly name: string,
  ) {}
  toString(): string {
    return this.name;
  }
}

const ELEMENT_TYPE = Symbol('dotnet.elementType');

/** A .NET array of `elementType` (full .NET name, e.g. `System.String`); `byte[]` is a Uint8Array instead. */
export function makeArray<T>(elementType: string, items: T[]): T[] {
  (items as unknown as Record<symbol, string>)[ELEMENT_TYPE] = elementType;
  return items;
}

/** The element type of an array made by makeArray (`System.Object` when untagged). */
export function arrayElementType(items: readonly unknown[]): string {
  return (items as unknown as Record<symbol, string | undefined>)[ELEMENT_TYPE] ?? 'System.Object';
}

/** .NET ticks (100 ns) per millisecond. */
export const TICKS_PER_MS = 10_000;
/** Ticks between 0001-01-01 and the Unix epoch. */
export const EPOCH_TICKS = 621_355_968_000_000_000n;

export type DateTimeKind = 'Unspecified' | 'Utc' | 'Local';

/**
 * A System.DateTime: milliseconds since the Unix epoch plus the sub-millisecond ticks (0…9999),
 * and its Kind. "Local" time is UTC on this gateway (documented local default).
 */
export class DateTimeValue {
  constructor(
    readonly epochMs: number,
    readonly kind: DateTimeKind = 'Unspecified',
    readonly subMsTicks = 0,
  ) {}
  static fromDate(date: Date, kind: DateTimeKind = 'Utc'): DateTimeValue {
    return new DateTimeValue(date.getTime(), kind);
  }
  /** .NET Ticks since 0001-01-01. */
  get ticks(): bigint {
    return EPOCH_TICKS + BigInt(this.epochMs) * BigInt(TICKS_PER_MS) + BigInt(this.subMsTicks);
  }
  toDate(): Date {
    return new Date(this.epochMs);
  }
}

/** A System.DateTimeOffset: the UTC instant plus the offset in minutes. */
export class DateTimeOffsetValue {
  constructor(
    readonly epochMs: number,
    readonly offsetMinutes = 0,
    readonly subMsTicks = 0,
  ) {}
  static fromDate(date: Date): DateTimeOffsetValue {
    return new DateTimeOffsetValue(date.getTime(), 0);
  }
}

/** A System.TimeSpan in ticks (a JS number: exact up to ±28 years, enough for policies). */
export class TimeSpanValue {
  constructor(readonly ticks: number) {}
  static fromMilliseconds(ms: number): TimeSpanValue {
    return new TimeSpanValue(Math.round(ms * TICKS_PER_MS));
  }
}

/** A System.Guid, kept as its lower-case "D" format text. */
export class GuidValue {
  constructor(readonly text: string) {}
  static readonly EMPTY = new GuidValue('00000000-0000-0000-0000-000000000000');
}

/** A value that is null in .NET terms. */
export function isNull(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** `char` helpers: chars are UTF-16 code units. */
export function charToString(code: number): string {
  return String.fromCharCode(code);
}
