/**
 * Registers System.DateTime, System.DateTimeOffset, System.TimeSpan and System.DayOfWeek over the pure
 * logic in datetime.ts / timespan.ts. The gateway's local zone is UTC (Now == UtcNow, Kind Local).
 */
import { enumValue } from '../compiler/conversions.js';
import { cast, ctor, field, method, op, prop, registerType, typeByFullName, type Overload } from '../registry.js';
import { DateTimeOffsetValue, DateTimeValue, EnumValue, TimeSpanValue, type DateTimeKind } from '../values.js';
import * as D from './datetime.js';
import { DAY_NAMES, isLeap, daysInMonth } from './datetime-format.js';
import { fail } from './fail.js';
import * as T from './timespan.js';

/** The interned enum members (the compiler compares enum values it interns itself). */
const member = (type: string, value: number): EnumValue => enumValue(typeByFullName(type)!, value);
const DAY_OF_WEEK = { at: (i: number) => member('System.DayOfWeek', i) };
const KIND_VALUES: Record<DateTimeKind, number> = { Unspecified: 0, Utc: 1, Local: 2 };
const KINDS = { get: (k: DateTimeKind) => member('System.DateTimeKind', KIND_VALUES[k]) };
const kindOf = (e: EnumValue): DateTimeKind => (['Unspecified', 'Utc', 'Local'] as const)[e.value] ?? 'Unspecified';

registerType({
  name: 'System.DayOfWeek',
  kind: 'enum',
  enumMembers: Object.fromEntries(DAY_NAMES.map((n, i) => [n, i])),
});

type Holder<T> = { value: T };
const MIN_DATE = new DateTimeValue(-62135596800000, 'Unspecified');
const MAX_DATE = D.dateTimeFromTicks(D.MAX_TICKS, 'Unspecified');

const ADJUST_TO_UNIVERSAL = 16;

/** ParseExact with several formats: the first that fits wins. */
function parseFirst(s: string | null, formats: (string | null)[] | null, adjust: boolean): DateTimeValue {
  if (formats === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'formats')");
  for (const f of formats) {
    try {
      return D.parseExactDateTime(s, f, adjust);
    } catch (e) {
      if ((e as { dotnetType?: string }).dotnetType !== 'System.FormatException') throw e;
    }
  }
  return fail('System.FormatException', `String '${s}' was not recognized as a valid DateTime.`);
}

function attempt(r: Holder<DateTimeValue>, parse: () => DateTimeValue): boolean {
  try {
    r.value = parse();
    return true;
  } catch {
    r.value = MIN_DATE;
    return false;
  }
}

/** Comparison operators from a compare function. */
function comparisons<T>(type: string, compare: (a: T, b: T) => number): Record<string, Overload[]> {
  const sig = `(${type} t1, ${type} t2) => bool`;
  return {
    '==': [op(sig, (a: T, b: T) => compare(a, b) === 0)],
    '!=': [op(sig, (a: T, b: T) => compare(a, b) !== 0)],
    '<': [op(sig, (a: T, b: T) => compare(a, b) < 0)],
    '>': [op(sig, (a: T, b: T) => compare(a, b) > 0)],
    '<=': [op(sig, (a: T, b: T) => compare(a, b) <= 0)],
    '>=': [op(sig, (a: T, b: T) => compare(a, b) >= 0)],
  };
}

// ───────────── DateTime ─────────────

const dtAdd = (ticksPerUnit: number) => method('(double value) => System.DateTime', (d: DateTimeValue, v: number) => D.addUnits(d, v, ticksPerUnit));
const field1 = (get: (f: ReturnType<typeof D.dateTimeFields>) => number) => prop('int', (d: DateTimeValue) => get(D.dateTimeFields(d)));

registerType({
  name: 'System.DateTime',
  defaultValue: MIN_DATE,
  constructors: [
    ctor('(long ticks)', (t: bigint) => D.dateTimeFromTicks(t, 'Unspecified', 'ticks')),
    ctor('(long ticks, System.DateTimeKind kind)', (t: bigint, k: EnumValue) => D.dateTimeFromTicks(t, kindOf(k), 'ticks')),
    ctor('(int year, int month, int day)', (y: number, m: number, d: number) => D.newDateTime([y, m, d])),
    ctor('(int year, int month, int day, int hour, int minute, int second)', (...p: number[]) => D.newDateTime(p)),
    ctor('(int year, int month, int day, int hour, int minute, int second, System.DateTimeKind kind)', (y: number, M: number, d: number, h: number, m: number, s: number, k: EnumValue) =>
      D.newDateTime([y, M, d, h, m, s], kindOf(k)),
    ),
    ctor('(int year, int month, int day, int hour, int minute, int second, int millisecond)', (...p: number[]) => D.newDateTime(p)),
    ctor('(int year, int month, int day, int hour, int minute, int second, int millisecond, System.DateTimeKind kind)', (...p: unknown[]) =>
      D.newDateTime(p.slice(0, 7) as number[], kindOf(p[7] as EnumValue)),
    ),
  ],
  statics: {
    UtcNow: prop('System.DateTime', D.utcNow),
    Now: prop('System.DateTime', D.localNow),
    Today: prop('System.DateTime', D.today),
    MinValue: field('System.DateTime', MIN_DATE),
    MaxValue: field('System.DateTime', MAX_DATE),
    UnixEpoch: field('System.DateTime', new DateTimeValue(0, 'Utc')),
    Parse: method('(string s) => System.DateTime', D.parseDateTime),
    TryParse: method('(string s, out System.DateTime result) => bool', (s: string | null, r: Holder<DateTimeValue>) => {
      const v = D.tryParseDateTime(s);
      r.value = v ?? MIN_DATE;
      return v !== undefined;
    }),
    ParseExact: [
      method('(string s, string format, object provider) => System.DateTime', (s: string | null, f: string | null) => D.parseExactDateTime(s, f)),
      method('(string s, string format, object provider, System.Globalization.DateTimeStyles style) => System.DateTime', (s: string | null, f: string | null, _p: unknown, st: EnumValue) =>
        D.parseExactDateTime(s, f, (st.value & ADJUST_TO_UNIVERSAL) !== 0),
      ),
      method('(string s, string[] formats, object provider, System.Globalization.DateTimeStyles style) => System.DateTime', (s: string | null, fs: (string | null)[] | null, _p: unknown, st: EnumValue) =>
        parseFirst(s, fs, (st.value & ADJUST_TO_UNIVERSAL) !== 0),
      ),
    ],
    TryParseExact: [
      method(
        '(string s, string format, object provider, System.Globalization.DateTimeStyles style, out System.DateTime result) => bool',
        (s: string | null, f: string | null, _p: unknown, style: EnumValue, r: Holder<DateTimeValue>) => attempt(r, () => D.parseExactDateTime(s, f, (style.value & ADJUST_TO_UNIVERSAL) !== 0)),
      ),
      method(
        '(string s, string[] formats, object provider, System.Globalization.DateTimeStyles style, out System.DateTime result) => bool',
        (s: string | null, fs: (string | null)[] | null, _p: unknown, style: EnumValue, r: Holder<DateTimeValue>) => attempt(r, () => parseFirst(s, fs, (style.value & ADJUST_TO_UNIVERSAL) !== 0)),
      ),
    ],
    SpecifyKind: method('(System.DateTime value, System.DateTimeKind kind) => System.DateTime', (d: DateTimeValue, k: EnumValue) => new DateTimeValue(d.epochMs, kindOf(k), d.subMsTicks)),
    DaysInMonth: method('(int year, int month) => int', (y: number, m: number) => {
      if (m < 1 || m > 12) fail('System.ArgumentOutOfRangeException', "Month must be between one and twelve. (Parameter 'month')");
      return daysInMonth(y, m);
    }),
    IsLeapYear: method('(int year) => bool', isLeap),
    Compare: method('(System.DateTime t1, System.DateTime t2) => int', D.compareDates),
  },
  members: {
    Year: field1((f) => f.year),
    Month: field1((f) => f.month),
    Day: field1((f) => f.day),
    Hour: field1((f) => f.hour),
    Minute: field1((f) => f.minute),
    Second: field1((f) => f.second),
    Millisecond: field1((f) => Math.floor(f.fraction / 10_000)),
    DayOfYear: prop('int', (d: DateTimeValue) => {
      const f = D.dateTimeFields(d);
      let n = f.day;
      for (let m = 1; m < f.month; m++) n += daysInMonth(f.year, m);
      return n;
    }),
    DayOfWeek: prop('System.DayOfWeek', (d: DateTimeValue) => DAY_OF_WEEK.at(D.dateTimeFields(d).dayOfWeek)),
    Ticks: prop('long', (d: DateTimeValue) => d.ticks),
    Kind: prop('System.DateTimeKind', (d: DateTimeValue) => KINDS.get(d.kind)),
    Date: prop('System.DateTime', D.datePart),
    TimeOfDay: prop('System.TimeSpan', (d: DateTimeValue) => new TimeSpanValue(Number(d.ticks % BigInt(T.TICKS.day)))),
    Add: method('(System.TimeSpan value) => System.DateTime', (d: DateTimeValue, s: TimeSpanValue) => D.addSpan(d, s)),
    AddTicks: method('(long value) => System.DateTime', D.addTicks),
    AddMilliseconds: dtAdd(T.TICKS.millisecond),
    AddSeconds: dtAdd(T.TICKS.second),
    AddMinutes: dtAdd(T.TICKS.minute),
    AddHours: dtAdd(T.TICKS.hour),
    AddDays: dtAdd(T.TICKS.day),
    AddMonths: method('(int months) => System.DateTime', D.addMonths),
    AddYears: method('(int value) => System.DateTime', D.addYears),
    Subtract: [
      method('(System.DateTime value) => System.TimeSpan', D.subtractDates),
      method('(System.TimeSpan value) => System.DateTime', (d: DateTimeValue, s: TimeSpanValue) => D.addSpan(d, s, -1)),
    ],
    ToUniversalTime: method('() => System.DateTime', D.toUniversal),
    ToLocalTime: method('() => System.DateTime', D.toLocal),
    IsDaylightSavingTime: method('() => bool', () => false),
    CompareTo: method('(System.DateTime value) => int', D.compareDates),
    ToString: [
      method('() => string', (d: DateTimeValue) => D.formatDateTime(d)),
      method('(string format) => string', D.formatDateTime),
      // the provider is ignored: the invariant culture is the only one
      method('(string format, object provider) => string', (d: DateTimeValue, f: string | null) => D.formatDateTime(d, f)),
    ],
    ToShortDateString: method('() => string', (d: DateTimeValue) => D.formatDateTime(d, 'd')),
    ToLongDateString: method('() => string', (d: DateTimeValue) => D.formatDateTime(d, 'D')),
    ToShortTimeString: method('() => string', (d: DateTimeValue) => D.formatDateTime(d, 't')),
    ToLongTimeString: method('() => string', (d: DateTimeValue) => D.formatDateTime(d, 'T')),
    ToFileTimeUtc: method('() => long', (d: DateTimeValue) => d.ticks - 504911232000000000n),
  },
  operators: {
    '+': [op('(System.DateTime d, System.TimeSpan t) => System.DateTime', (d: DateTimeValue, s: TimeSpanValue) => D.addSpan(d, s))],
    '-': [
      op('(System.DateTime d1, System.DateTime d2) => System.TimeSpan', D.subtractDates),
      op('(System.DateTime d, System.TimeSpan t) => System.DateTime', (d: DateTimeValue, s: TimeSpanValue) => D.addSpan(d, s, -1)),
    ],
    ...comparisons<DateTimeValue>('System.DateTime', D.compareDates),
  },
  toString: (d: DateTimeValue) => D.formatDateTime(d),
  format: (d: DateTimeValue, f: string) => D.formatDateTime(d, f),
  // .NET's DateTime equality ignores Kind
  equals: (a: DateTimeValue, b: DateTimeValue) => D.compareDates(a, b) === 0,
  hash: (d: DateTimeValue) => d.ticks.toString(),
  compare: D.compareDates,
  toJson: (d: DateTimeValue) => D.formatDateTime(d, 'o'),
});

registerType({
  name: 'System.Globalization.DateTimeStyles',
  kind: 'enum',
  flags: true,
  enumMembers: { None: 0, AllowLeadingWhite: 1, AllowTrailingWhite: 2, AllowInnerWhite: 4, AllowWhiteSpaces: 7, NoCurrentDateDefault: 8, AdjustToUniversal: 16, AssumeLocal: 32, AssumeUniversal: 64, RoundtripKind: 128 },
});

// ───────────── DateTimeOffset ─────────────

const dtoAdd = (ticksPerUnit: number) =>
  method('(double value) => System.DateTimeOffset', (d: DateTimeOffsetValue, v: number) => D.offsetViaClock(d, (c) => D.addUnits(c, v, ticksPerUnit)));
const dtoField = (get: (f: ReturnType<typeof D.offsetFields>) => number) => prop('int', (d: DateTimeOffsetValue) => get(D.offsetFields(d)));
const spanMinutes = (s: TimeSpanValue) => {
  if (s.ticks % T.TICKS.minute !== 0) fail('System.ArgumentException', "Offset must be specified in whole minutes. (Parameter 'offset')");
  if (Math.abs(s.ticks) > 14 * T.TICKS.hour) fail('System.ArgumentOutOfRangeException', "Offset must be within plus or minus 14 hours. (Parameter 'offset')");
  return s.ticks / T.TICKS.minute;
};

registerType({
  name: 'System.DateTimeOffset',
  defaultValue: new DateTimeOffsetValue(MIN_DATE.epochMs, 0),
  constructors: [
    ctor('(System.DateTime dateTime)', (d: DateTimeValue) => D.offsetOfDateTime(d)),
    ctor('(System.DateTime dateTime, System.TimeSpan offset)', (d: DateTimeValue, s: TimeSpanValue) => D.offsetOfDateTime(d, spanMinutes(s))),
    ctor('(long ticks, System.TimeSpan offset)', (t: bigint, s: TimeSpanValue) => D.offsetOfDateTime(D.dateTimeFromTicks(t, 'Unspecified', 'ticks'), spanMinutes(s))),
    ctor('(int year, int month, int day, int hour, int minute, int second, System.TimeSpan offset)', (y: number, M: number, d: number, h: number, m: number, s: number, o: TimeSpanValue) =>
      D.offsetOfDateTime(D.newDateTime([y, M, d, h, m, s]), spanMinutes(o)),
    ),
    ctor('(int year, int month, int day, int hour, int minute, int second, int millisecond, System.TimeSpan offset)', (...p: unknown[]) =>
      D.offsetOfDateTime(D.newDateTime(p.slice(0, 7) as number[]), spanMinutes(p[7] as TimeSpanValue)),
    ),
  ],
  statics: {
    UtcNow: prop('System.DateTimeOffset', D.offsetNow),
    Now: prop('System.DateTimeOffset', D.offsetNow),
    MinValue: field('System.DateTimeOffset', new DateTimeOffsetValue(-62135596800000, 0)),
    MaxValue: field('System.DateTimeOffset', D.offsetFromTicks(D.MAX_TICKS, 0)),
    UnixEpoch: field('System.DateTimeOffset', new DateTimeOffsetValue(0, 0)),
    FromUnixTimeSeconds: method('(long seconds) => System.DateTimeOffset', D.fromUnixSeconds),
    FromUnixTimeMilliseconds: method('(long milliseconds) => System.DateTimeOffset', D.fromUnixMilliseconds),
    Parse: method('(string input) => System.DateTimeOffset', D.parseOffset),
    TryParse: method('(string input, out System.DateTimeOffset result) => bool', (s: string | null, r: Holder<DateTimeOffsetValue>) => {
      const v = D.tryParseOffset(s);
      r.value = v ?? new DateTimeOffsetValue(-62135596800000, 0);
      return v !== undefined;
    }),
    ParseExact: method('(string input, string format, object formatProvider) => System.DateTimeOffset', (s: string | null, f: string | null) => D.parseExactOffset(s, f)),
    Compare: method('(System.DateTimeOffset first, System.DateTimeOffset second) => int', D.compareOffsets),
  },
  members: {
    Year: dtoField((f) => f.year),
    Month: dtoField((f) => f.month),
    Day: dtoField((f) => f.day),
    Hour: dtoField((f) => f.hour),
    Minute: dtoField((f) => f.minute),
    Second: dtoField((f) => f.second),
    Millisecond: dtoField((f) => Math.floor(f.fraction / 10_000)),
    DayOfWeek: prop('System.DayOfWeek', (d: DateTimeOffsetValue) => DAY_OF_WEEK.at(D.offsetFields(d).dayOfWeek)),
    Ticks: prop('long', D.offsetLocalTicks),
    UtcTicks: prop('long', D.offsetUtcTicks),
    Offset: prop('System.TimeSpan', (d: DateTimeOffsetValue) => new TimeSpanValue(d.offsetMinutes * T.TICKS.minute)),
    DateTime: prop('System.DateTime', D.offsetClock),
    UtcDateTime: prop('System.DateTime', D.offsetUtcDateTime),
    LocalDateTime: prop('System.DateTime', D.offsetLocalDateTime),
    Date: prop('System.DateTime', (d: DateTimeOffsetValue) => D.datePart(D.offsetClock(d))),
    TimeOfDay: prop('System.TimeSpan', (d: DateTimeOffsetValue) => new TimeSpanValue(Number(D.offsetLocalTicks(d) % BigInt(T.TICKS.day)))),
    Add: method('(System.TimeSpan timeSpan) => System.DateTimeOffset', (d: DateTimeOffsetValue, s: TimeSpanValue) => D.offsetAddTicks(d, BigInt(s.ticks))),
    AddTicks: method('(long ticks) => System.DateTimeOffset', D.offsetAddTicks),
    AddMilliseconds: dtoAdd(T.TICKS.millisecond),
    AddSeconds: dtoAdd(T.TICKS.second),
    AddMinutes: dtoAdd(T.TICKS.minute),
    AddHours: dtoAdd(T.TICKS.hour),
    AddDays: dtoAdd(T.TICKS.day),
    AddMonths: method('(int months) => System.DateTimeOffset', (d: DateTimeOffsetValue, n: number) => D.offsetViaClock(d, (c) => D.addMonths(c, n))),
    AddYears: method('(int years) => System.DateTimeOffset', (d: DateTimeOffsetValue, n: number) => D.offsetViaClock(d, (c) => D.addYears(c, n))),
    Subtract: [
      method('(System.DateTimeOffset value) => System.TimeSpan', (a: DateTimeOffsetValue, b: DateTimeOffsetValue) => new TimeSpanValue(Number(D.offsetUtcTicks(a) - D.offsetUtcTicks(b)))),
      method('(System.TimeSpan value) => System.DateTimeOffset', (d: DateTimeOffsetValue, s: TimeSpanValue) => D.offsetAddTicks(d, BigInt(-s.ticks))),
    ],
    ToUnixTimeSeconds: method('() => long', D.toUnixSeconds),
    ToUnixTimeMilliseconds: method('() => long', D.toUnixMilliseconds),
    ToUniversalTime: method('() => System.DateTimeOffset', D.offsetToUniversal),
    ToLocalTime: method('() => System.DateTimeOffset', D.offsetToUniversal),
    ToOffset: method('(System.TimeSpan offset) => System.DateTimeOffset', (d: DateTimeOffsetValue, s: TimeSpanValue) => D.offsetFromTicks(D.offsetUtcTicks(d), spanMinutes(s))),
    CompareTo: method('(System.DateTimeOffset other) => int', D.compareOffsets),
    EqualsExact: method('(System.DateTimeOffset other) => bool', (a: DateTimeOffsetValue, b: DateTimeOffsetValue) => D.compareOffsets(a, b) === 0 && a.offsetMinutes === b.offsetMinutes),
    ToString: [
      method('() => string', (d: DateTimeOffsetValue) => D.formatOffset(d)),
      method('(string format) => string', D.formatOffset),
      method('(string format, object formatProvider) => string', (d: DateTimeOffsetValue, f: string | null) => D.formatOffset(d, f)),
    ],
  },
  operators: {
    '+': [op('(System.DateTimeOffset d, System.TimeSpan t) => System.DateTimeOffset', (d: DateTimeOffsetValue, s: TimeSpanValue) => D.offsetAddTicks(d, BigInt(s.ticks)))],
    '-': [
      op('(System.DateTimeOffset a, System.DateTimeOffset b) => System.TimeSpan', (a: DateTimeOffsetValue, b: DateTimeOffsetValue) => new TimeSpanValue(Number(D.offsetUtcTicks(a) - D.offsetUtcTicks(b)))),
      op('(System.DateTimeOffset d, System.TimeSpan t) => System.DateTimeOffset', (d: DateTimeOffsetValue, s: TimeSpanValue) => D.offsetAddTicks(d, BigInt(-s.ticks))),
    ],
    ...comparisons<DateTimeOffsetValue>('System.DateTimeOffset', D.compareOffsets),
  },
  // DateTime converts implicitly to DateTimeOffset (`DateTimeOffset x = DateTime.UtcNow;`)
  casts: [cast('implicit (System.DateTime dateTime) => System.DateTimeOffset', (d: DateTimeValue) => D.offsetOfDateTime(d))],
  toString: (d: DateTimeOffsetValue) => D.formatOffset(d),
  format: (d: DateTimeOffsetValue, f: string) => D.formatOffset(d, f),
  equals: (a: DateTimeOffsetValue, b: DateTimeOffsetValue) => D.compareOffsets(a, b) === 0,
  hash: (d: DateTimeOffsetValue) => D.offsetUtcTicks(d).toString(),
  compare: D.compareOffsets,
  toJson: (d: DateTimeOffsetValue) => D.formatOffset(d, 'o'),
});


// ───────────── TimeSpan ─────────────

const from = (ticksPerUnit: number) => method('(double value) => System.TimeSpan', (v: number) => T.timeSpanFrom(v, ticksPerUnit));
const comp = (key: keyof ReturnType<typeof T.components>) => prop('int', (s: TimeSpanValue) => T.components(s)[key]);
const total = (fn: (s: TimeSpanValue) => number) => prop('double', fn);

registerType({
  name: 'System.TimeSpan',
  defaultValue: new TimeSpanValue(0),
  constructors: [
    ctor('(long ticks)', (t: bigint) => new TimeSpanValue(Number(t))),
    ctor('(int hours, int minutes, int seconds)', (h: number, m: number, s: number) => T.timeSpanOf(0, h, m, s)),
    ctor('(int days, int hours, int minutes, int seconds)', (d: number, h: number, m: number, s: number) => T.timeSpanOf(d, h, m, s)),
    ctor('(int days, int hours, int minutes, int seconds, int milliseconds)', (d: number, h: number, m: number, s: number, ms: number) => T.timeSpanOf(d, h, m, s, ms)),
  ],
  statics: {
    Zero: field('System.TimeSpan', new TimeSpanValue(0)),
    MaxValue: field('System.TimeSpan', new TimeSpanValue(9223372036854775807)),
    MinValue: field('System.TimeSpan', new TimeSpanValue(-9223372036854775808)),
    TicksPerMillisecond: field('long', 10000n),
    TicksPerSecond: field('long', 10000000n),
    TicksPerMinute: field('long', 600000000n),
    TicksPerHour: field('long', 36000000000n),
    TicksPerDay: field('long', 864000000000n),
    FromTicks: method('(long value) => System.TimeSpan', (t: bigint) => new TimeSpanValue(Number(t))),
    FromMilliseconds: from(T.TICKS.millisecond),
    FromSeconds: from(T.TICKS.second),
    FromMinutes: from(T.TICKS.minute),
    FromHours: from(T.TICKS.hour),
    FromDays: from(T.TICKS.day),
    Parse: method('(string s) => System.TimeSpan', T.parseTimeSpan),
    TryParse: method('(string s, out System.TimeSpan result) => bool', (s: string | null, r: Holder<TimeSpanValue>) => {
      const v = T.tryParseTimeSpan(s);
      r.value = v ?? new TimeSpanValue(0);
      return v !== undefined;
    }),
    Compare: method('(System.TimeSpan t1, System.TimeSpan t2) => int', T.compareSpans),
  },
  members: {
    Days: comp('days'),
    Hours: comp('hours'),
    Minutes: comp('minutes'),
    Seconds: comp('seconds'),
    Milliseconds: comp('milliseconds'),
    Ticks: prop('long', (s: TimeSpanValue) => BigInt(s.ticks)),
    TotalDays: total(T.totals.TotalDays),
    TotalHours: total(T.totals.TotalHours),
    TotalMinutes: total(T.totals.TotalMinutes),
    TotalSeconds: total(T.totals.TotalSeconds),
    TotalMilliseconds: total(T.totals.TotalMilliseconds),
    Add: method('(System.TimeSpan ts) => System.TimeSpan', T.addSpans),
    Subtract: method('(System.TimeSpan ts) => System.TimeSpan', (a: TimeSpanValue, b: TimeSpanValue) => T.addSpans(a, T.negateSpan(b))),
    Negate: method('() => System.TimeSpan', T.negateSpan),
    Duration: method('() => System.TimeSpan', (s: TimeSpanValue) => new TimeSpanValue(Math.abs(s.ticks))),
    CompareTo: method('(System.TimeSpan value) => int', T.compareSpans),
    ToString: [method('() => string', (s: TimeSpanValue) => T.formatTimeSpan(s)), method('(string format) => string', T.formatTimeSpan)],
  },
  operators: {
    '+': [op('(System.TimeSpan t1, System.TimeSpan t2) => System.TimeSpan', T.addSpans)],
    '-': [op('(System.TimeSpan t1, System.TimeSpan t2) => System.TimeSpan', (a: TimeSpanValue, b: TimeSpanValue) => T.addSpans(a, T.negateSpan(b)))],
    '*': [op('(System.TimeSpan t, double factor) => System.TimeSpan', (a: TimeSpanValue, f: number) => T.timeSpanFrom(a.ticks * f, 1))],
    '/': [
      op('(System.TimeSpan t, double divisor) => System.TimeSpan', (a: TimeSpanValue, f: number) => T.timeSpanFrom(a.ticks / f, 1)),
      op('(System.TimeSpan t1, System.TimeSpan t2) => double', (a: TimeSpanValue, b: TimeSpanValue) => a.ticks / b.ticks),
    ],
    ...comparisons<TimeSpanValue>('System.TimeSpan', T.compareSpans),
  },
  toString: (s: TimeSpanValue) => T.formatTimeSpan(s),
  format: (s: TimeSpanValue, f: string) => T.formatTimeSpan(s, f),
  equals: (a: TimeSpanValue, b: TimeSpanValue) => a.ticks === b.ticks,
  hash: (s: TimeSpanValue) => String(s.ticks),
  compare: T.compareSpans,
  toJson: (s: TimeSpanValue) => T.formatTimeSpan(s),
});
