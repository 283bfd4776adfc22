/**
 * The core type definitions every other module builds on: object, the primitive value types, Nullable,
 * delegates, IEnumerable, Exception and the struct shells of DateTime, DateTimeOffset, TimeSpan and Guid
 * (their members are registered by runtime modules, which merge into these definitions).
 */
import { ctor, method, prop, registerType } from '../registry.js';
import {
  BoxedValue,
  DateTimeOffsetValue,
  DateTimeValue,
  EnumValue,
  GuidValue,
  TimeSpanValue,
} from '../values.js';
import { DEFAULT_MESSAGES, DotnetException } from '../errors.js';

registerType({ name: 'System.Object', aliases: ['object'] });
registerType({ name: 'System.ValueType' });
registerType({ name: 'System.Enum', base: 'System.ValueType', jsClass: EnumValue });
registerType({ name: 'System.Void', kind: 'struct', aliases: ['void'] });

const isBoxed = (type: string) => (v: unknown) => v instanceof BoxedValue && v.type === type;

registerType({ name: 'System.String', aliases: ['string'], kind: 'class', test: (v) => typeof v === 'string', interfaces: ['System.Collections.Generic.IEnumerable<char>'], elementType: 'char' });
registerType({ name: 'System.Boolean', aliases: ['bool'], kind: 'struct', test: (v) => typeof v === 'boolean' });
registerType({ name: 'System.Int32', aliases: ['int'], kind: 'struct', test: (v) => typeof v === 'number' && Number.isInteger(v) });
registerType({ name: 'System.Int64', aliases: ['long'], kind: 'struct', test: (v) => typeof v === 'bigint' });
registerType({ name: 'System.Double', aliases: ['double'], kind: 'struct', test: (v) => (typeof v === 'number' && !Number.isInteger(v)) || isBoxed('System.Double')(v) });
for (const [name, alias] of [
  ['System.Single', 'float'],
  ['System.Decimal', 'decimal'],
  ['System.Char', 'char'],
  ['System.Byte', 'byte'],
  ['System.SByte', 'sbyte'],
  ['System.Int16', 'short'],
  ['System.UInt16', 'ushort'],
  ['System.UInt32', 'uint'],
  ['System.UInt64', 'ulong'],
] as const) {
  registerType({ name, aliases: [alias], kind: 'struct', test: isBoxed(name) });
}
registerType({ name: 'System.Nullable<T>', kind: 'struct' });
registerType({ name: 'System.Array', kind: 'class', interfaces: ['System.Collections.IEnumerable'] });

registerType({ name: 'System.Collections.IEnumerable', kind: 'interface' });
registerType({ name: 'System.Collections.Generic.IEnumerable<T>', kind: 'interface', interfaces: ['System.Collections.IEnumerable'], elementType: 'T' });
registerType({ name: 'System.Collections.Generic.ICollection<T>', kind: 'interface', interfaces: ['System.Collections.Generic.IEnumerable<T>'], elementType: 'T' });
registerType({ name: 'System.Collections.Generic.IList<T>', kind: 'interface', interfaces: ['System.Collections.Generic.ICollection<T>'], elementType: 'T' });
registerType({ name: 'System.Collections.Generic.IReadOnlyCollection<T>', kind: 'interface', interfaces: ['System.Collections.Generic.IEnumerable<T>'], elementType: 'T' });
registerType({ name: 'System.Collections.Generic.IReadOnlyList<T>', kind: 'interface', interfaces: ['System.Collections.Generic.IReadOnlyCollection<T>'], elementType: 'T' });

// Delegates: lambdas convert to these; values are plain JS functions.
const isFunction = (v: unknown) => typeof v === 'function';
registerType({ name: 'System.Delegate', kind: 'class', test: isFunction });
for (const params of ['TResult', 'T,TResult', 'T1,T2,TResult', 'T1,T2,T3,TResult', 'T1,T2,T3,T4,TResult']) {
  registerType({ name: `System.Func<${params}>`, kind: 'delegate', base: 'System.Delegate' });
}
registerType({ name: 'System.Action', kind: 'delegate', base: 'System.Delegate' });
for (const params of ['T', 'T1,T2', 'T1,T2,T3']) registerType({ name: `System.Action<${params}>`, kind: 'delegate', base: 'System.Delegate' });
registerType({ name: 'System.Predicate<T>', kind: 'delegate', base: 'System.Delegate' });

// Exceptions: C# `catch (FormatException e)` and `throw new Exception("…")`.
registerType({ name: 'System.Exception', jsClass: DotnetException });
/** Every exception type a policy may catch, throw or construct. */
const EXCEPTION_TYPES = [
  'System.SystemException',
  'System.ArgumentException',
  'System.ArgumentNullException',
  'System.ArgumentOutOfRangeException',
  'System.FormatException',
  'System.InvalidCastException',
  'System.InvalidOperationException',
  'System.NullReferenceException',
  'System.NotSupportedException',
  'System.NotImplementedException',
  'System.OverflowException',
  'System.OutOfMemoryException',
  'System.DivideByZeroException',
  'System.IndexOutOfRangeException',
  'System.Collections.Generic.KeyNotFoundException',
  'System.UriFormatException',
  'System.Security.Cryptography.CryptographicException',
  'Newtonsoft.Json.JsonException',
  'Newtonsoft.Json.JsonReaderException',
  'Newtonsoft.Json.JsonSerializationException',
  'System.Text.RegularExpressions.RegexMatchTimeoutException',
  'System.TimeoutException',
];
for (const name of EXCEPTION_TYPES) registerType({ name, base: exceptionBase(name) });

function exceptionBase(name: string): string {
  if (name === 'System.ArgumentNullException' || name === 'System.ArgumentOutOfRangeException') return 'System.ArgumentException';
  if (name === 'System.UriFormatException') return 'System.FormatException';
  if (name === 'Newtonsoft.Json.JsonException') return 'System.Exception';
  if (name.startsWith('Newtonsoft')) return 'Newtonsoft.Json.JsonException';
  return name === 'System.SystemException' ? 'System.Exception' : 'System.SystemException';
}

// Struct shells; runtime/datetime.ts, runtime/guid.ts … add their members by registering the same names.
registerType({ name: 'System.DateTime', kind: 'struct', jsClass: DateTimeValue });
registerType({ name: 'System.DateTimeOffset', kind: 'struct', jsClass: DateTimeOffsetValue });
registerType({ name: 'System.TimeSpan', kind: 'struct', jsClass: TimeSpanValue });
registerType({ name: 'System.Guid', kind: 'struct', jsClass: GuidValue });
registerType({ name: 'System.DateTimeKind', kind: 'enum', enumMembers: { Unspecified: 0, Utc: 1, Local: 2 } });

// Exception constructors and members: `throw new FormatException("…")`, `catch (Exception e) { e.Message }`.
for (const name of ['System.Exception', ...EXCEPTION_TYPES]) {
  registerType({
    name,
    constructors: [
      ctor('()', () => new DotnetException(name, DEFAULT_MESSAGE(name))),
      ctor('(string message)', (m: string | null) => new DotnetException(name, m ?? DEFAULT_MESSAGE(name))),
      ctor('(string message, System.Exception innerException)', (m: string | null, inner: DotnetException | null) => new DotnetException(name, m ?? DEFAULT_MESSAGE(name), inner ?? undefined)),
    ],
  });
}
function DEFAULT_MESSAGE(name: string): string {
  return DEFAULT_MESSAGES[name] ?? `Exception of type '${name}' was thrown.`;
}
registerType({
  name: 'System.Exception',
  members: {
    Message: prop('string', (e: DotnetException) => e.message),
    InnerException: prop('System.Exception', (e: DotnetException) => e.inner ?? null),
    Source: prop('string', () => null),
    StackTrace: prop('string', () => null),
    ToString: method('() => string', (e: DotnetException) => `${e.dotnetType}: ${e.message}`),
  },
  toString: (e: DotnetException) => `${e.dotnetType}: ${e.message}`,
});
