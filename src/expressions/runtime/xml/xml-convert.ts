/**
 * XmlConvert's text forms, used by XElement/XAttribute content and their explicit casts: booleans are
 * "true"/"false", doubles "INF"/"-INF"/"NaN" and round-trip digits, DateTime the ISO 8601 round-trip form.
 */
import { DecimalValue } from '../decimal-value.js';
import { BoxedValue, DateTimeOffsetValue, DateTimeValue, TimeSpanValue, type DateTimeKind } from '../../values.js';
import { dateTimeFromTicks, formatDateTime, formatOffset, parseDateTime, ticksOfDate } from '../datetime.js';
import { displayString } from '../display.js';
import { badInputFormat, fail } from '../fail.js';
import { formatDouble, formatSingle } from '../number-format.js';

const XML_WHITESPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;

export function trimXml(s: string): string {
  return s.replace(XML_WHITESPACE, '');
}

/** The text an object becomes when added as content (XContainer.GetStringValue). */
export function contentText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof BoxedValue && v.type === 'System.Double') return doubleText(v.value as number);
  if (v instanceof BoxedValue && v.type === 'System.Single') return doubleText(v.value as number, formatSingle);
  if (v instanceof TimeSpanValue) return durationText(v);
  if (v instanceof DateTimeValue) return dateTimeText(v);
  if (v instanceof DateTimeOffsetValue) return formatOffset(v, 'yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz');
  return displayString(v);
}

export function doubleText(d: number, format = formatDouble): string {
  if (d === Infinity) return 'INF';
  if (d === -Infinity) return '-INF';
  if (Object.is(d, -0)) return '-0';
  return format(d, 'R');
}

const TICKS_PER = { day: 864_000_000_000n, hour: 36_000_000_000n, minute: 600_000_000n, second: 10_000_000n };

/** XmlConvert.ToString(TimeSpan): an xsd:duration such as "PT1H2M3S" or "-P1DT0.5S". */
export function durationText(t: TimeSpanValue): string {
  let ticks = BigInt(t.ticks);
  const sign = ticks < 0n ? '-' : '';
  if (ticks < 0n) ticks = -ticks;
  const days = ticks / TICKS_PER.day;
  const hours = (ticks % TICKS_PER.day) / TICKS_PER.hour;
  const minutes = (ticks % TICKS_PER.hour) / TICKS_PER.minute;
  const seconds = (ticks % TICKS_PER.minute) / TICKS_PER.second;
  const fraction = (ticks % TICKS_PER.second).toString().padStart(7, '0').replace(/0+$/, '');
  let s = `${sign}P${days ? `${days}D` : ''}`;
  if (hours || minutes || seconds || fraction) {
    s += `T${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}`;
    if (seconds || fraction) s += `${seconds}${fraction ? `.${fraction}` : ''}S`;
  } else if (!days) s += 'T0S';
  return s;
}

const DURATION = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,7})\d*)?S)?)?$/;

/** XmlConvert.ToTimeSpan: years count 365 days and months 30, as .NET's XsdDuration does. */
export function toXmlDuration(s: string): TimeSpanValue {
  const t = trimXml(s);
  const m = DURATION.exec(t);
  if (!m || t.endsWith('P') || t.endsWith('T')) fail('System.FormatException', `The string '${s}' is not a valid TimeSpan value.`);
  const n = (i: number) => BigInt(m[i] ?? '0');
  const ticks =
    (n(2) * 365n + n(3) * 30n + n(4)) * TICKS_PER.day + n(5) * TICKS_PER.hour + n(6) * TICKS_PER.minute + n(7) * TICKS_PER.second + BigInt((m[8] ?? '').padEnd(7, '0') || '0');
  return new TimeSpanValue(Number(m[1] ? -ticks : ticks));
}

export function dateTimeText(v: DateTimeValue): string {
  return formatDateTime(v, 'yyyy-MM-ddTHH:mm:ss.FFFFFFFK');
}

export function toXmlBoolean(s: string): boolean {
  // XElement/XAttribute lower-case the text first, so "TRUE" casts too
  const t = trimXml(s.toLowerCase());
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  fail('System.FormatException', `The string '${s.toLowerCase()}' is not a valid Boolean value.`);
}

export function toXmlInt(s: string, min: bigint, max: bigint): bigint {
  const t = trimXml(s);
  if (!/^[-+]?[0-9]+$/.test(t)) badInputFormat(s);
  const n = BigInt(t);
  if (n < min || n > max) fail('System.OverflowException', `Value was either too large or too small for ${max > 2147483647n ? 'an Int64' : 'an Int32'}.`);
  return n;
}

export function toXmlDouble(s: string): number {
  const t = trimXml(s);
  if (t === 'INF') return Infinity;
  if (t === '-INF') return -Infinity;
  if (t === 'NaN') return NaN;
  if (!/^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(t)) badInputFormat(s);
  return Number(t);
}

export function toXmlDecimal(s: string): DecimalValue {
  const t = trimXml(s);
  if (!/^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(t)) badInputFormat(s);
  return DecimalValue.fromText(t)!;
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,7})\d*)?)?(Z|[-+]\d\d:\d\d)?$/;

/**
 * (DateTime)element: DateTime.Parse(value, InvariantCulture, RoundtripKind). ISO 8601 text keeps its
 * kind ("Z" gives Utc, an offset gives local time, UTC here); other text goes through DateTime.Parse.
 */
export function toXmlDateTime(s: string): DateTimeValue {
  const m = ISO.exec(trimXml(s));
  if (!m) return parseDateTime(s);
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  let ticks = ticksOfDate(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(sec)) + BigInt(frac.padEnd(7, '0') || '0');
  let kind: DateTimeKind = 'Unspecified';
  if (zone === 'Z') kind = 'Utc';
  else if (zone) {
    const sign = zone[0] === '-' ? -1n : 1n;
    ticks -= sign * (BigInt(zone.slice(1, 3)) * 60n + BigInt(zone.slice(4, 6))) * 600_000_000n;
    kind = 'Local';
  }
  return dateTimeFromTicks(ticks, kind);
}
