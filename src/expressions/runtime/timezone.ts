/**
 * System.TimeZoneInfo over the IANA database of node's Intl. Ids may be IANA ("Europe/Berlin") or the
 * common Windows ids ("W. Europe Standard Time"), as .NET 6+ accepts both. The gateway's Local zone is UTC.
 */
import { field, method, prop, registerType } from '../registry.js';
import { DateTimeOffsetValue, DateTimeValue, TimeSpanValue } from '../values.js';
import { fail } from './fail.js';

const WINDOWS_TO_IANA: Record<string, string> = {
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'Romance Standard Time': 'Europe/Paris',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Russian Standard Time': 'Europe/Moscow',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Egypt Standard Time': 'Africa/Cairo',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'Morocco Standard Time': 'Africa/Casablanca',
  'Arab Standard Time': 'Asia/Riyadh',
  'Arabian Standard Time': 'Asia/Dubai',
  'Iran Standard Time': 'Asia/Tehran',
  'Afghanistan Standard Time': 'Asia/Kabul',
  'Pakistan Standard Time': 'Asia/Karachi',
  'West Asia Standard Time': 'Asia/Tashkent',
  'India Standard Time': 'Asia/Kolkata',
  'Sri Lanka Standard Time': 'Asia/Colombo',
  'Nepal Standard Time': 'Asia/Kathmandu',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Taipei Standard Time': 'Asia/Taipei',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'W. Australia Standard Time': 'Australia/Perth',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time': 'America/Denver',
  'Central Standard Time': 'America/Chicago',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Canada Central Standard Time': 'America/Regina',
  'Eastern Standard Time': 'America/New_York',
  'SA Pacific Standard Time': 'America/Bogota',
  'Atlantic Standard Time': 'America/Halifax',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Argentina Standard Time': 'America/Argentina/Buenos_Aires',
};

export class TimeZoneValue {
  private readonly format: Intl.DateTimeFormat;
  constructor(
    readonly id: string,
    readonly iana: string,
  ) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }
  /** The zone's offset from UTC in minutes at a UTC instant. */
  offsetAt(epochMs: number): number {
    const parts = Object.fromEntries(this.format.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
    const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
    return Math.round((wall - Math.floor(epochMs / 1000) * 1000) / 60000);
  }
  /** The standard (non-daylight) offset: the smaller of January's and July's. */
  baseOffset(): number {
    const y = new Date().getUTCFullYear();
    return Math.min(this.offsetAt(Date.UTC(y, 0, 1)), this.offsetAt(Date.UTC(y, 6, 1)));
  }
  /** The offset in force for a wall-clock time of this zone. */
  offsetForWallClock(wallMs: number): number {
    const guess = this.offsetAt(wallMs);
    return this.offsetAt(wallMs - guess * 60000);
  }
}

const UTC = new TimeZoneValue('UTC', 'UTC');

function findZone(id: string | null): TimeZoneValue {
  if (id === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'id')");
  const iana = WINDOWS_TO_IANA[id] ?? id;
  try {
    return iana === 'UTC' || iana === 'Etc/UTC' ? new TimeZoneValue(id, 'UTC') : new TimeZoneValue(id, iana);
  } catch {
    fail('System.TimeZoneNotFoundException', `The time zone ID '${id}' was not found on the local computer.`);
  }
}

const minutesText = (m: number) => `${m < 0 ? '-' : '+'}${String(Math.floor(Math.abs(m) / 60)).padStart(2, '0')}:${String(Math.abs(m) % 60).padStart(2, '0')}`;
const span = (minutes: number) => new TimeSpanValue(minutes * 600_000_000);

/** The UTC instant of a DateTime read as a time of `from` (Utc kind → itself; Local/Unspecified → UTC here). */
function utcMsOf(d: DateTimeValue, from?: TimeZoneValue): number {
  if (d.kind === 'Utc' || !from) return d.epochMs;
  return d.epochMs - from.offsetForWallClock(d.epochMs) * 60000;
}

function toZone(utcMs: number, sub: number, zone: TimeZoneValue): DateTimeValue {
  const kind = zone === UTC || zone.iana === 'UTC' ? 'Utc' : 'Unspecified';
  return new DateTimeValue(utcMs + zone.offsetAt(utcMs) * 60000, kind, sub);
}

function zoneArg(z: TimeZoneValue | null, name = 'destinationTimeZone'): TimeZoneValue {
  if (z === null) fail('System.ArgumentNullException', `Value cannot be null. (Parameter '${name}')`);
  return z;
}

function offsetToZone(d: DateTimeOffsetValue, zone: TimeZoneValue): DateTimeOffsetValue {
  return new DateTimeOffsetValue(d.epochMs, zone.offsetAt(d.epochMs), d.subMsTicks);
}

const TZ = 'System.TimeZoneInfo';

registerType({ name: 'System.TimeZoneNotFoundException', base: 'System.Exception' });

registerType({
  name: TZ,
  jsClass: TimeZoneValue,
  statics: {
    Utc: field(TZ, UTC),
    Local: field(TZ, UTC),
    FindSystemTimeZoneById: method(`(string id) => ${TZ}`, findZone),
    ConvertTimeFromUtc: method(`(System.DateTime dateTime, ${TZ} destinationTimeZone) => System.DateTime`, (d: DateTimeValue, z: TimeZoneValue | null) => {
      if (d.kind === 'Local') fail('System.ArgumentException', "The supplied DateTime must have the Kind property set to Utc or Unspecified. (Parameter 'dateTime')");
      return toZone(d.epochMs, d.subMsTicks, zoneArg(z));
    }),
    ConvertTimeToUtc: [
      method('(System.DateTime dateTime) => System.DateTime', (d: DateTimeValue) => new DateTimeValue(d.epochMs, 'Utc', d.subMsTicks)),
      method(`(System.DateTime dateTime, ${TZ} sourceTimeZone) => System.DateTime`, (d: DateTimeValue, z: TimeZoneValue | null) =>
        new DateTimeValue(utcMsOf(d, zoneArg(z, 'sourceTimeZone')), 'Utc', d.subMsTicks),
      ),
    ],
    ConvertTime: [
      method(`(System.DateTime dateTime, ${TZ} destinationTimeZone) => System.DateTime`, (d: DateTimeValue, z: TimeZoneValue | null) => toZone(utcMsOf(d), d.subMsTicks, zoneArg(z))),
      method(`(System.DateTime dateTime, ${TZ} sourceTimeZone, ${TZ} destinationTimeZone) => System.DateTime`, (d: DateTimeValue, s: TimeZoneValue | null, z: TimeZoneValue | null) =>
        toZone(utcMsOf(d, zoneArg(s, 'sourceTimeZone')), d.subMsTicks, zoneArg(z)),
      ),
      method(`(System.DateTimeOffset dateTimeOffset, ${TZ} destinationTimeZone) => System.DateTimeOffset`, (d: DateTimeOffsetValue, z: TimeZoneValue | null) => offsetToZone(d, zoneArg(z))),
    ],
    ConvertTimeBySystemTimeZoneId: [
      method('(System.DateTime dateTime, string destinationTimeZoneId) => System.DateTime', (d: DateTimeValue, id: string | null) => toZone(utcMsOf(d), d.subMsTicks, findZone(id))),
      method('(System.DateTime dateTime, string sourceTimeZoneId, string destinationTimeZoneId) => System.DateTime', (d: DateTimeValue, s: string | null, id: string | null) =>
        toZone(utcMsOf(d, findZone(s)), d.subMsTicks, findZone(id)),
      ),
      method('(System.DateTimeOffset dateTimeOffset, string destinationTimeZoneId) => System.DateTimeOffset', (d: DateTimeOffsetValue, id: string | null) => offsetToZone(d, findZone(id))),
    ],
  },
  members: {
    Id: prop('string', (z: TimeZoneValue) => z.id),
    DisplayName: prop('string', (z: TimeZoneValue) => `(UTC${minutesText(z.baseOffset())}) ${z.iana}`),
    StandardName: prop('string', (z: TimeZoneValue) => z.id),
    BaseUtcOffset: prop('System.TimeSpan', (z: TimeZoneValue) => span(z.baseOffset())),
    SupportsDaylightSavingTime: prop('bool', (z: TimeZoneValue) => {
      const y = new Date().getUTCFullYear();
      return z.offsetAt(Date.UTC(y, 0, 1)) !== z.offsetAt(Date.UTC(y, 6, 1));
    }),
    GetUtcOffset: [
      method('(System.DateTime dateTime) => System.TimeSpan', (z: TimeZoneValue, d: DateTimeValue) =>
        span(d.kind === 'Utc' || d.kind === 'Local' ? z.offsetAt(d.epochMs) : z.offsetForWallClock(d.epochMs)),
      ),
      method('(System.DateTimeOffset dateTimeOffset) => System.TimeSpan', (z: TimeZoneValue, d: DateTimeOffsetValue) => span(z.offsetAt(d.epochMs))),
    ],
    IsDaylightSavingTime: method('(System.DateTime dateTime) => bool', (z: TimeZoneValue, d: DateTimeValue) => {
      const at = d.kind === 'Unspecified' ? d.epochMs - z.offsetForWallClock(d.epochMs) * 60000 : d.epochMs;
      return z.offsetAt(at) !== z.baseOffset();
    }),
    ToString: method('() => string', (z: TimeZoneValue) => `(UTC${minutesText(z.baseOffset())}) ${z.iana}`),
  },
  toString: (z: TimeZoneValue) => `(UTC${minutesText(z.baseOffset())}) ${z.iana}`,
  equals: (a: TimeZoneValue, b: TimeZoneValue) => a.iana === b.iana,
  hash: (z: TimeZoneValue) => z.iana,
});

