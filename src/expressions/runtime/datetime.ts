/**
 * System.DateTime and System.DateTimeOffset operations over the value model's DateTimeValue and
 * DateTimeOffsetValue. The gateway's local time zone is UTC: `Now` equals `UtcNow` with Kind Local,
 * and DateTimeOffset.Now has offset +00:00 (documented in docs/dotnet-surface.md).
 */
import { DateTimeOffsetValue, DateTimeValue, EPOCH_TICKS, TimeSpanValue, type DateTimeKind } from '../values.js';
import { daysInMonth, formatFields, parseExactMoment, parseMoment, type CalendarFields, type ParsedMoment } from './datetime-format.js';
import { fail } from './fail.js';
import { TICKS } from './timespan.js';
import { clockNow } from '../../common/clock.js';

export const MAX_TICKS = 3155378975999999999n;
const UNREPRESENTABLE = 'The added or subtracted value results in an un-representable DateTime.';

/** Ticks → DateTimeValue, checking .NET's range (0001-01-01 … 9999-12-31). */
export function dateTimeFromTicks(ticks: bigint, kind: DateTimeKind, parameter = 'value'): DateTimeValue {
  if (ticks < 0n || ticks > MAX_TICKS) fail('System.ArgumentOutOfRangeException', `${UNREPRESENTABLE} (Parameter '${parameter}')`);
  const rel = ticks - EPOCH_TICKS;
  let ms = rel / 10_000n;
  let sub = rel % 10_000n;
  if (sub < 0n) {
    sub += 10_000n;
    ms -= 1n;
  }
  return new DateTimeValue(Number(ms), kind, Number(sub));
}

export function offsetFromTicks(utcTicks: bigint, offsetMinutes: number): DateTimeOffsetValue {
  const local = utcTicks + BigInt(offsetMinutes) * 600_000_000n;
  if (local < 0n || local > MAX_TICKS || utcTicks < 0n || utcTicks > MAX_TICKS)
    fail('System.ArgumentOutOfRangeException', "The UTC time represented when the offset is applied must be between year 0 and 10,000. (Parameter 'offset')");
  const d = dateTimeFromTicks(utcTicks, 'Utc');
  return new DateTimeOffsetValue(d.epochMs, offsetMinutes, d.subMsTicks);
}

export function offsetUtcTicks(v: DateTimeOffsetValue): bigint {
  return EPOCH_TICKS + BigInt(v.epochMs) * 10_000n + BigInt(v.subMsTicks);
}

/** The wall-clock ticks of a DateTimeOffset (its DateTime property). */
export function offsetLocalTicks(v: DateTimeOffsetValue): bigint {
  return offsetUtcTicks(v) + BigInt(v.offsetMinutes) * 600_000_000n;
}

function fieldsFromTicks(ticks: bigint, kind: CalendarFields['kind'], offsetMinutes: number): CalendarFields {
  const d = dateTimeFromTicks(ticks, 'Unspecified');
  const date = new Date(d.epochMs);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    fraction: date.getUTCMilliseconds() * 10_000 + d.subMsTicks,
    dayOfWeek: date.getUTCDay(),
    kind,
    offsetMinutes,
  };
}

export function dateTimeFields(v: DateTimeValue): CalendarFields {
  return fieldsFromTicks(v.ticks, v.kind, 0);
}

export function offsetFields(v: DateTimeOffsetValue): CalendarFields {
  return fieldsFromTicks(offsetLocalTicks(v), 'Offset', v.offsetMinutes);
}

/** Ticks for a calendar date; throws .NET's ArgumentOutOfRangeException on impossible dates. */
export function ticksOfDate(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): bigint {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    fail('System.ArgumentOutOfRangeException', 'Year, Month, and Day parameters describe an un-representable DateTime.');
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    fail('System.ArgumentOutOfRangeException', 'Hour, Minute, and Second parameters describe an un-representable DateTime.');
  if (millisecond < 0 || millisecond > 999) fail('System.ArgumentOutOfRangeException', "Valid values are between 0 and 999, inclusive. (Parameter 'millisecond')");
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, millisecond);
  return EPOCH_TICKS + BigInt(d.getTime()) * 10_000n;
}

/** new DateTime(y, M, d [, h, m, s [, ms]] [, kind]). */
export function newDateTime(parts: number[], kind: DateTimeKind = 'Unspecified'): DateTimeValue {
  const [y, M, d, h = 0, m = 0, s = 0, ms = 0] = parts;
  return dateTimeFromTicks(ticksOfDate(y!, M!, d!, h, m, s, ms), kind);
}

export function utcNow(): DateTimeValue {
  return new DateTimeValue(clockNow(), 'Utc');
}

/** DateTime.Now: the local zone of this gateway is UTC. */
export function localNow(): DateTimeValue {
  return new DateTimeValue(clockNow(), 'Local');
}

export function today(): DateTimeValue {
  return datePart(localNow());
}

export function datePart(v: DateTimeValue): DateTimeValue {
  const t = v.ticks;
  return dateTimeFromTicks(t - (t % BigInt(TICKS.day)), v.kind);
}

/** AddDays(1.5) etc.: .NET 7+ truncates value × ticks-per-unit to whole ticks. */
export function addUnits(v: DateTimeValue, value: number, ticksPerUnit: number): DateTimeValue {
  if (!Number.isFinite(value)) fail('System.ArgumentOutOfRangeException', "Value to add was out of range. (Parameter 'value')");
  const whole = Math.trunc(value);
  const ticks = BigInt(whole) * BigInt(ticksPerUnit) + BigInt(Math.trunc((value - whole) * ticksPerUnit));
  return dateTimeFromTicks(v.ticks + ticks, v.kind);
}

export function addTicks(v: DateTimeValue, ticks: bigint): DateTimeValue {
  return dateTimeFromTicks(v.ticks + ticks, v.kind);
}

export function addSpan(v: DateTimeValue, span: TimeSpanValue, sign = 1): DateTimeValue {
  return dateTimeFromTicks(v.ticks + BigInt(sign * span.ticks), v.kind);
}

/** AddMonths: the day is clamped to the target month's length. */
export function addMonths(v: DateTimeValue, months: number): DateTimeValue {
  if (months < -120000 || months > 120000) fail('System.ArgumentOutOfRangeException', "Months value must be between +/-120000. (Parameter 'months')");
  const f = dateTimeFields(v);
  const total = f.year * 12 + (f.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  if (year < 1 || year > 9999) fail('System.ArgumentOutOfRangeException', `${UNREPRESENTABLE} (Parameter 'months')`);
  const day = Math.min(f.day, daysInMonth(year, month));
  const timeOfDay = v.ticks % BigInt(TICKS.day);
  return dateTimeFromTicks(ticksOfDate(year, month, day) + timeOfDay, v.kind);
}

export function addYears(v: DateTimeValue, years: number): DateTimeValue {
  if (years < -10000 || years > 10000) fail('System.ArgumentOutOfRangeException', "Years value must be between +/-10000. (Parameter 'years')");
  return addMonths(v, years * 12);
}

export function subtractDates(a: DateTimeValue, b: DateTimeValue): TimeSpanValue {
  return new TimeSpanValue(Number(a.ticks - b.ticks));
}

export function compareDates(a: DateTimeValue, b: DateTimeValue): number {
  return a.ticks < b.ticks ? -1 : a.ticks > b.ticks ? 1 : 0;
}

/** DateTime.ToString(format): default "G" is MM/dd/yyyy HH:mm:ss in the invariant culture. */
export function formatDateTime(v: DateTimeValue, format?: string | null): string {
  return formatFields(dateTimeFields(v), format, () => dateTimeFields(toUniversal(v)), 'MM/dd/yyyy HH:mm:ss');
}

export function formatOffset(v: DateTimeOffsetValue, format?: string | null): string {
  return formatFields(offsetFields(v), format, () => fieldsFromTicks(offsetUtcTicks(v), 'Utc', 0), 'MM/dd/yyyy HH:mm:ss zzz');
}

/** Local time is UTC here, so conversions only change the Kind. */
export function toUniversal(v: DateTimeValue): DateTimeValue {
  return new DateTimeValue(v.epochMs, 'Utc', v.subMsTicks);
}

export function toLocal(v: DateTimeValue): DateTimeValue {
  return new DateTimeValue(v.epochMs, 'Local', v.subMsTicks);
}

function momentTicks(p: ParsedMoment): bigint {
  let base: bigint;
  if (p.timeOnly) {
    const t = today();
    base = t.ticks;
  } else base = ticksOfDate(p.year, p.month, p.day);
  return base + BigInt(p.hour) * BigInt(TICKS.hour) + BigInt(p.minute) * BigInt(TICKS.minute) + BigInt(p.second) * BigInt(TICKS.second) + BigInt(p.fraction);
}

function notADateTime(text: string): never {
  fail('System.FormatException', `String '${text}' was not recognized as a valid DateTime.`);
}

/** DateTime.Parse: with a zone (Z, +02:00, GMT) the result is converted to local time (UTC) with Kind Local. */
export function momentToDateTime(p: ParsedMoment, adjustToUniversal = false): DateTimeValue {
  const ticks = momentTicks(p);
  if (p.offsetMinutes === undefined) return dateTimeFromTicks(ticks, adjustToUniversal ? 'Utc' : 'Unspecified');
  const utc = ticks - BigInt(p.offsetMinutes) * 600_000_000n;
  return dateTimeFromTicks(utc, adjustToUniversal ? 'Utc' : 'Local');
}

export function tryParseDateTime(text: string | null | undefined): DateTimeValue | undefined {
  if (text === null || text === undefined) return undefined;
  const p = parseMoment(text);
  if (!p) return undefined;
  try {
    return momentToDateTime(p);
  } catch {
    return undefined;
  }
}

export function parseDateTime(text: string | null | undefined): DateTimeValue {
  if (text === null || text === undefined) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 's')");
  return tryParseDateTime(text) ?? notADateTime(text);
}

export function parseExactDateTime(text: string | null, format: string | null, adjustToUniversal = false): DateTimeValue {
  if (text === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 's')");
  if (format === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'format')");
  const p = parseExactMoment(text, format, false);
  if (!p) notADateTime(text);
  if (p.utc && p.offsetMinutes === 0 && format.length > 1 && !/[zK]/.test(format.replace(/'[^']*'/g, ''))) {
    // a literal 'Z' in the pattern does not make the value UTC in .NET unless styles say so
    delete p.offsetMinutes;
  }
  return momentToDateTime(p, adjustToUniversal);
}

/** DateTimeOffset.Parse: without an offset the local offset (+00:00) is assumed. */
export function momentToOffset(p: ParsedMoment): DateTimeOffsetValue {
  const ticks = momentTicks(p);
  const offset = p.offsetMinutes ?? 0;
  return offsetFromTicks(ticks - BigInt(offset) * 600_000_000n, offset);
}

export function tryParseOffset(text: string | null | undefined): DateTimeOffsetValue | undefined {
  if (text === null || text === undefined) return undefined;
  const p = parseMoment(text);
  if (!p) return undefined;
  try {
    return momentToOffset(p);
  } catch {
    return undefined;
  }
}

export function parseOffset(text: string | null | undefined): DateTimeOffsetValue {
  if (text === null || text === undefined) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'input')");
  return tryParseOffset(text) ?? notADateTime(text);
}

export function parseExactOffset(text: string | null, format: string | null): DateTimeOffsetValue {
  if (text === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'input')");
  if (format === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'format')");
  const p = parseExactMoment(text, format, true);
  if (!p) notADateTime(text);
  return momentToOffset(p);
}

/** new DateTimeOffset(DateTime): Utc → +00:00; Local/Unspecified → the local offset (+00:00 here). */
export function offsetOfDateTime(v: DateTimeValue, offsetMinutes?: number): DateTimeOffsetValue {
  if (offsetMinutes !== undefined && v.kind === 'Utc' && offsetMinutes !== 0)
    fail('System.ArgumentException', "The UTC Offset for Utc DateTime instances must be 0. (Parameter 'offset')");
  const offset = offsetMinutes ?? 0;
  return offsetFromTicks(v.ticks - BigInt(offset) * 600_000_000n, offset);
}

export function offsetNow(): DateTimeOffsetValue {
  return new DateTimeOffsetValue(clockNow(), 0);
}

const UNIX_SECONDS_MIN = -62135596800;
const UNIX_SECONDS_MAX = 253402300799;

export function fromUnixSeconds(seconds: bigint): DateTimeOffsetValue {
  if (seconds < BigInt(UNIX_SECONDS_MIN) || seconds > BigInt(UNIX_SECONDS_MAX))
    fail('System.ArgumentOutOfRangeException', `Valid values are between ${UNIX_SECONDS_MIN} and ${UNIX_SECONDS_MAX}, inclusive. (Parameter 'seconds')`);
  return new DateTimeOffsetValue(Number(seconds) * 1000, 0);
}

export function fromUnixMilliseconds(ms: bigint): DateTimeOffsetValue {
  if (ms < BigInt(UNIX_SECONDS_MIN) * 1000n || ms > BigInt(UNIX_SECONDS_MAX) * 1000n + 999n)
    fail(
      'System.ArgumentOutOfRangeException',
      `Valid values are between ${UNIX_SECONDS_MIN * 1000} and ${UNIX_SECONDS_MAX * 1000 + 999}, inclusive. (Parameter 'milliseconds')`,
    );
  return new DateTimeOffsetValue(Number(ms), 0);
}

export function toUnixSeconds(v: DateTimeOffsetValue): bigint {
  return BigInt(Math.floor(v.epochMs / 1000));
}

export function toUnixMilliseconds(v: DateTimeOffsetValue): bigint {
  return BigInt(Math.floor(v.epochMs));
}

export function offsetAddTicks(v: DateTimeOffsetValue, ticks: bigint): DateTimeOffsetValue {
  const local = offsetLocalTicks(v) + ticks;
  if (local < 0n || local > MAX_TICKS) fail('System.ArgumentOutOfRangeException', `${UNREPRESENTABLE} (Parameter 'value')`);
  return offsetFromTicks(offsetUtcTicks(v) + ticks, v.offsetMinutes);
}

/** Applies a DateTime transformation to a DateTimeOffset's wall clock, keeping its offset. */
export function offsetViaClock(v: DateTimeOffsetValue, op: (clock: DateTimeValue) => DateTimeValue): DateTimeOffsetValue {
  const clock = dateTimeFromTicks(offsetLocalTicks(v), 'Unspecified');
  const moved = op(clock);
  return offsetFromTicks(moved.ticks - BigInt(v.offsetMinutes) * 600_000_000n, v.offsetMinutes);
}

export function compareOffsets(a: DateTimeOffsetValue, b: DateTimeOffsetValue): number {
  const x = offsetUtcTicks(a);
  const y = offsetUtcTicks(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** DateTimeOffset.DateTime / UtcDateTime / LocalDateTime. */
export function offsetClock(v: DateTimeOffsetValue): DateTimeValue {
  return dateTimeFromTicks(offsetLocalTicks(v), 'Unspecified');
}

export function offsetUtcDateTime(v: DateTimeOffsetValue): DateTimeValue {
  return dateTimeFromTicks(offsetUtcTicks(v), 'Utc');
}

export function offsetLocalDateTime(v: DateTimeOffsetValue): DateTimeValue {
  return dateTimeFromTicks(offsetUtcTicks(v), 'Local');
}

export function offsetToUniversal(v: DateTimeOffsetValue): DateTimeOffsetValue {
  return new DateTimeOffsetValue(v.epochMs, 0, v.subMsTicks);
}
