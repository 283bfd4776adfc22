/**
 * XmlConvert's text forms, used by XElement/XAttribute content and their explicit casts: booleans are
 * "true"/"false", doubles "INF"/"-INF"/"NaN" and round-trip digits, DateTime the ISO 8601 round-trip form.
 */
import { BoxedValue, DateTimeOffsetValue, DateTimeValue, type DateTimeKind } from '../../values.js';
import { dateTimeFromTicks, formatDateTime, formatOffset, ticksOfDate } from '../datetime.js';
import { displayString } from '../display.js';
import { badInputFormat, fail } from '../fail.js';
import { formatDouble } from '../number-format.js';

const XML_WHITESPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;

export function trimXml(s: string): string {
  return s.replace(XML_WHITESPACE, '');
}

/** The text an object becomes when added as content (XContainer.GetStringValue). */
export function contentText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof BoxedValue && (v.type === 'System.Double' || v.type === 'System.Single')) return doubleText(v.value as number);
  if (v instanceof DateTimeValue) return dateTimeText(v);
  if (v instanceof DateTimeOffsetValue) return formatOffset(v, 'yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz');
  return displayString(v);
}

export function doubleText(d: number): string {
  if (d === Infinity) return 'INF';
  if (d === -Infinity) return '-INF';
  if (Object.is(d, -0)) return '-0';
  return formatDouble(d, 'R');
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

export function toXmlDecimal(s: string): number {
  const t = trimXml(s);
  if (!/^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/.test(t)) badInputFormat(s);
  return Number(t);
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,7})\d*)?)?(Z|[-+]\d\d:\d\d)?$/;

/** XmlConvert.ToDateTime(s, RoundtripKind): "Z" gives Kind Utc, an offset gives local time (UTC here). */
export function toXmlDateTime(s: string): DateTimeValue {
  const m = ISO.exec(trimXml(s));
  if (!m) fail('System.FormatException', `String '${s}' was not recognized as a valid DateTime.`);
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
