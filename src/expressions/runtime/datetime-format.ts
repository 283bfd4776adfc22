/**
 * DateTime / DateTimeOffset ↔ text with the invariant culture: the standard formats (d D f F g G M o O r R
 * s t T u U y) and the custom specifiers (yyyy MM dd HH mm ss fff tt zzz K …), and parsing of the
 * common forms (ISO 8601, RFC 1123, invariant "MM/dd/yyyy HH:mm:ss", month names) plus ParseExact.
 */
import { fail } from './fail.js';

/** A moment broken into calendar fields; `offsetMinutes` undefined means "no offset known". */
export interface CalendarFields {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0…9_999_999 ticks inside the second */
  fraction: number;
  dayOfWeek: number; // 0 = Sunday
  /** DateTime: 'Utc' | 'Local' | 'Unspecified'; DateTimeOffset: 'Offset' */
  kind: 'Utc' | 'Local' | 'Unspecified' | 'Offset';
  offsetMinutes: number;
}

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const INVALID_FORMAT = 'Input string was not in a correct format.';

/** Invariant culture patterns of the standard formats (the universal ones are handled by the caller). */
const STANDARD: Record<string, string> = {
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  f: 'dddd, dd MMMM yyyy HH:mm',
  F: 'dddd, dd MMMM yyyy HH:mm:ss',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  m: 'MMMM dd',
  M: 'MMMM dd',
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'HH:mm',
  T: 'HH:mm:ss',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, dd MMMM yyyy HH:mm:ss',
  y: 'yyyy MMMM',
  Y: 'yyyy MMMM',
};

/** Which standard formats show the moment converted to UTC first. */
export const UNIVERSAL_FORMATS = new Set(['r', 'R', 'u', 'U']);

/** Expands a one-letter standard format to its custom pattern (o/O need the kind). */
export function standardPattern(format: string, isOffset: boolean, kind: CalendarFields['kind']): string {
  if (format === 'o' || format === 'O') {
    if (isOffset) return "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffzzz";
    return "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK";
  }
  if (isOffset && format === 'U') fail('System.FormatException', INVALID_FORMAT);
  void kind;
  const p = STANDARD[format];
  if (p === undefined) fail('System.FormatException', INVALID_FORMAT);
  return p;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function offsetText(minutes: number, style: 'z' | 'zz' | 'zzz'): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const h = Math.floor(abs / 60);
  if (style === 'z') return sign + h;
  if (style === 'zz') return sign + pad(h, 2);
  return `${sign}${pad(h, 2)}:${pad(abs % 60, 2)}`;
}

function repeatCount(format: string, i: number): number {
  let n = 1;
  while (format[i + n] === format[i]) n++;
  return n;
}

/** Applies a custom format pattern to calendar fields. */
export function formatCustom(f: CalendarFields, format: string): string {
  let out = '';
  for (let i = 0; i < format.length; ) {
    const c = format[i]!;
    const n = repeatCount(format, i);
    switch (c) {
      case 'y':
        out += n <= 2 ? pad(f.year % 100, n) : pad(f.year, n);
        i += n;
        break;
      case 'M':
        out += n === 1 ? String(f.month) : n === 2 ? pad(f.month, 2) : n === 3 ? MONTH_NAMES[f.month - 1]!.slice(0, 3) : MONTH_NAMES[f.month - 1]!;
        i += n;
        break;
      case 'd':
        out += n === 1 ? String(f.day) : n === 2 ? pad(f.day, 2) : n === 3 ? DAY_NAMES[f.dayOfWeek]!.slice(0, 3) : DAY_NAMES[f.dayOfWeek]!;
        i += n;
        break;
      case 'h': {
        const h12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
        out += n === 1 ? String(h12) : pad(h12, 2);
        i += n;
        break;
      }
      case 'H':
        out += n === 1 ? String(f.hour) : pad(f.hour, 2);
        i += n;
        break;
      case 'm':
        out += n === 1 ? String(f.minute) : pad(f.minute, 2);
        i += n;
        break;
      case 's':
        out += n === 1 ? String(f.second) : pad(f.second, 2);
        i += n;
        break;
      case 'f':
      case 'F': {
        if (n > 7) fail('System.FormatException', INVALID_FORMAT);
        let digits = pad(f.fraction, 7).slice(0, n);
        if (c === 'F') {
          digits = digits.replace(/0+$/, '');
          // a trailing '.' before an empty F group disappears too
          if (digits === '' && out.endsWith('.')) out = out.slice(0, -1);
        }
        out += digits;
        i += n;
        break;
      }
      case 't':
        out += n === 1 ? (f.hour < 12 ? 'A' : 'P') : f.hour < 12 ? 'AM' : 'PM';
        i += n;
        break;
      case 'g':
        out += 'A.D.';
        i += n;
        break;
      case 'z': {
        const minutes = f.kind === 'Offset' ? f.offsetMinutes : 0;
        out += offsetText(minutes, n === 1 ? 'z' : n === 2 ? 'zz' : 'zzz');
        i += n;
        break;
      }
      case 'K':
        if (f.kind === 'Utc') out += 'Z';
        else if (f.kind === 'Local' || f.kind === 'Offset') out += offsetText(f.kind === 'Offset' ? f.offsetMinutes : 0, 'zzz');
        i += 1;
        break;
      case ':':
      case '/':
        out += c;
        i += 1;
        break;
      case "'":
      case '"': {
        const end = format.indexOf(c, i + 1);
        if (end < 0) fail('System.FormatException', `Cannot find a matching quote character for the character '${c}'.`);
        out += format.slice(i + 1, end);
        i = end + 1;
        break;
      }
      case '\\':
        if (i + 1 >= format.length) fail('System.FormatException', INVALID_FORMAT);
        out += format[i + 1];
        i += 2;
        break;
      case '%':
        if (i + 1 >= format.length || format[i + 1] === '%') fail('System.FormatException', INVALID_FORMAT);
        i += 1;
        break;
      default:
        out += c;
        i += 1;
    }
  }
  return out;
}

/** Formats fields with any .NET format string (null/'' → default). `toUtc` gives the fields in UTC for r/u/U. */
export function formatFields(
  fields: CalendarFields,
  format: string | null | undefined,
  toUtc: () => CalendarFields,
  defaultPattern: string,
): string {
  if (format === null || format === undefined || format === '') return formatCustom(fields, defaultPattern);
  if (format.length === 1) {
    const isOffset = fields.kind === 'Offset';
    const pattern = standardPattern(format, isOffset, fields.kind);
    const source = UNIVERSAL_FORMATS.has(format) && (isOffset || format === 'U') ? toUtc() : fields;
    return formatCustom(format === 'U' ? { ...source, kind: 'Utc' } : source, pattern);
  }
  return formatCustom(fields, format);
}

// ---------------- parsing ----------------

export interface ParsedMoment {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: number; // ticks
  /** offset in minutes when the text carried one ('Z' → 0) */
  offsetMinutes?: number;
  /** true when the text said 'Z' / 'GMT' / 'UTC' */
  utc: boolean;
  /** true when the text had no date part (the date is then today's) */
  timeOnly?: boolean;
}

const MONTH_INDEX = new Map<string, number>();
MONTH_NAMES.forEach((m, i) => {
  MONTH_INDEX.set(m.toLowerCase(), i + 1);
  MONTH_INDEX.set(m.slice(0, 3).toLowerCase(), i + 1);
});
MONTH_INDEX.set('sept', 9);
const DAY_WORDS = new Set(DAY_NAMES.flatMap((d) => [d.toLowerCase(), d.slice(0, 3).toLowerCase()]));

function fractionTicks(digits: string | undefined): number {
  if (!digits) return 0;
  return Number(digits.slice(0, 7).padEnd(7, '0'));
}

function offsetFrom(sign: string, hh: string, mm: string | undefined): number {
  const v = Number(hh) * 60 + Number(mm ?? 0);
  return sign === '-' ? -v : v;
}

function validDate(p: ParsedMoment): boolean {
  if (p.month < 1 || p.month > 12 || p.day < 1) return false;
  const dim = new Date(Date.UTC(2000, p.month, 0)).getUTCDate();
  const days = p.month === 2 ? (isLeap(p.year) ? 29 : 28) : dim;
  return p.year >= 1 && p.year <= 9999 && p.day <= days && p.hour < 24 && p.minute < 60 && p.second < 60;
}

export function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([AaPp])\.?[Mm]\.?)?`;
const ZONE = String.raw`(?:\s*(Z|GMT|UTC|([+-])(\d{1,2})(?::?(\d{2}))?))?`;

interface FormParser {
  re: RegExp;
  build(m: RegExpExecArray): ParsedMoment | undefined;
}

function timeParts(m: RegExpExecArray, at: number): Pick<ParsedMoment, 'hour' | 'minute' | 'second' | 'fraction'> | undefined {
  if (m[at] === undefined) return { hour: 0, minute: 0, second: 0, fraction: 0 };
  let hour = Number(m[at]);
  const ampm = m[at + 4];
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm.toLowerCase() === 'p' ? 12 : 0);
  }
  return { hour, minute: Number(m[at + 1]), second: Number(m[at + 2] ?? 0), fraction: fractionTicks(m[at + 3]) };
}

function zoneParts(m: RegExpExecArray, at: number): Pick<ParsedMoment, 'offsetMinutes' | 'utc'> {
  const z = m[at];
  if (z === undefined) return { utc: false };
  if (/^(Z|GMT|UTC)$/i.test(z)) return { offsetMinutes: 0, utc: true };
  return { offsetMinutes: offsetFrom(m[at + 1]!, m[at + 2]!, m[at + 3]), utc: false };
}

const FORMS: FormParser[] = [
  // ISO 8601: 2024-01-15, 2024-01-15T10:30:00.123Z, 2024-01-15 10:30:00+02:00
  {
    re: new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+${TIME})?${ZONE}$`, 'i'),
    build(m) {
      const t = timeParts(m, 4);
      if (!t) return undefined;
      return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), ...t, ...zoneParts(m, 9) };
    },
  },
  // Invariant: 01/15/2024 [10:30[:00] [AM]]
  {
    re: new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+${TIME})?${ZONE}$`, 'i'),
    build(m) {
      const t = timeParts(m, 4);
      if (!t) return undefined;
      return { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]), ...t, ...zoneParts(m, 9) };
    },
  },
  // 2024/01/15 [time]
  {
    re: new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+${TIME})?${ZONE}$`, 'i'),
    build(m) {
      const t = timeParts(m, 4);
      if (!t) return undefined;
      return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), ...t, ...zoneParts(m, 9) };
    },
  },
  // RFC 1123 and friends: [Mon,] 15 Jan 2024 [10:30:00] [GMT]
  {
    re: new RegExp(String.raw`^(?:([A-Za-z]+),?\s+)?(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})(?:\s+${TIME})?${ZONE}$`),
    build(m) {
      if (m[1] !== undefined && !DAY_WORDS.has(m[1].toLowerCase())) return undefined;
      const month = MONTH_INDEX.get(m[3]!.toLowerCase());
      const t = timeParts(m, 5);
      if (!month || !t) return undefined;
      return { year: Number(m[4]), month, day: Number(m[2]), ...t, ...zoneParts(m, 10) };
    },
  },
  // [Monday,] January 15, 2024 [time]
  {
    re: new RegExp(String.raw`^(?:([A-Za-z]+),?\s+)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:\s+${TIME})?${ZONE}$`),
    build(m) {
      if (m[1] !== undefined && !DAY_WORDS.has(m[1].toLowerCase())) return undefined;
      const month = MONTH_INDEX.get(m[2]!.toLowerCase());
      const t = timeParts(m, 5);
      if (!month || !t) return undefined;
      return { year: Number(m[4]), month, day: Number(m[3]), ...t, ...zoneParts(m, 10) };
    },
  },
  // time only: 10:30[:00] [PM] → today's date
  {
    re: new RegExp(String.raw`^${TIME}${ZONE}$`, 'i'),
    build(m) {
      const t = timeParts(m, 1);
      if (!t) return undefined;
      return { year: 1, month: 1, day: 1, ...t, ...zoneParts(m, 6), timeOnly: true };
    },
  },
];

/** Parses the common forms DateTime.Parse accepts with the invariant culture; undefined when none fits. */
export function parseMoment(text: string): ParsedMoment | undefined {
  const t = text.trim();
  for (const form of FORMS) {
    const m = form.re.exec(t);
    if (!m) continue;
    const p = form.build(m);
    if (p && (p.timeOnly || validDate(p))) return p;
  }
  return undefined;
}

/** Builds a RegExp and a field reader from a custom (or standard) format for ParseExact. */
export function parseExactMoment(text: string, format: string, isOffset: boolean): ParsedMoment | undefined {
  const pattern = format.length === 1 ? standardPattern(format, isOffset, isOffset ? 'Offset' : 'Unspecified') : format;
  const readers: ((v: string, p: ParsedMoment) => boolean)[] = [];
  let re = '';
  const group = (src: string, read: (v: string, p: ParsedMoment) => boolean) => {
    re += `(${src})`;
    readers.push(read);
  };
  let pm: boolean | undefined;
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    const n = repeatCount(pattern, i);
    switch (c) {
      case 'y':
        group(n <= 2 ? '\\d{1,2}' : `\\d{${n},${Math.max(n, 4)}}`, (v, p) => ((p.year = n <= 2 ? 2000 + Number(v) - (Number(v) >= 50 ? 100 : 0) : Number(v)), true));
        i += n;
        break;
      case 'M':
        if (n <= 2) group(n === 1 ? '\\d{1,2}' : '\\d{2}', (v, p) => ((p.month = Number(v)), true));
        else group('[A-Za-z]+', (v, p) => ((p.month = n === 3 ? MONTH_INDEX.get(v.toLowerCase()) ?? 0 : MONTH_NAMES.findIndex((x) => x.toLowerCase() === v.toLowerCase()) + 1), p.month > 0));
        i += n;
        break;
      case 'd':
        if (n <= 2) group(n === 1 ? '\\d{1,2}' : '\\d{2}', (v, p) => ((p.day = Number(v)), true));
        else group('[A-Za-z]+', (v) => DAY_WORDS.has(v.toLowerCase()));
        i += n;
        break;
      case 'H':
      case 'h':
        group(n === 1 ? '\\d{1,2}' : '\\d{2}', (v, p) => ((p.hour = Number(v)), true));
        i += n;
        break;
      case 'm':
        group(n === 1 ? '\\d{1,2}' : '\\d{2}', (v, p) => ((p.minute = Number(v)), true));
        i += n;
        break;
      case 's':
        group(n === 1 ? '\\d{1,2}' : '\\d{2}', (v, p) => ((p.second = Number(v)), true));
        i += n;
        break;
      case 'f':
        group(`\\d{${n}}`, (v, p) => ((p.fraction = fractionTicks(v)), true));
        i += n;
        break;
      case 'F':
        group(`\\d{0,${n}}`, (v, p) => ((p.fraction = fractionTicks(v)), true));
        i += n;
        break;
      case 't':
        group(n === 1 ? '[AaPp]' : '[AaPp][Mm]', (v) => ((pm = /^p/i.test(v)), true));
        i += n;
        break;
      case 'z':
        group(n === 1 ? '[+-]\\d{1,2}' : n === 2 ? '[+-]\\d{2}' : '[+-]\\d{2}:\\d{2}', (v, p) => {
          const m = /^([+-])(\d+)(?::(\d+))?$/.exec(v)!;
          p.offsetMinutes = offsetFrom(m[1]!, m[2]!, m[3]);
          return true;
        });
        i += n;
        break;
      case 'K':
        group('Z|[+-]\\d{2}:\\d{2}|', (v, p) => {
          if (v === 'Z') {
            p.offsetMinutes = 0;
            p.utc = true;
          } else if (v) {
            const m = /^([+-])(\d+):(\d+)$/.exec(v)!;
            p.offsetMinutes = offsetFrom(m[1]!, m[2]!, m[3]);
          }
          return true;
        });
        i += 1;
        break;
      case "'":
      case '"': {
        const end = pattern.indexOf(c, i + 1);
        if (end < 0) fail('System.FormatException', `Cannot find a matching quote character for the character '${c}'.`);
        re += escapeRe(pattern.slice(i + 1, end));
        i = end + 1;
        break;
      }
      case '\\':
        re += escapeRe(pattern[i + 1] ?? '');
        i += 2;
        break;
      case '%':
        i += 1;
        break;
      default:
        re += /\s/.test(c) ? '\\s+' : escapeRe(c);
        i += 1;
    }
  }
  const m = new RegExp(`^\\s*${re}\\s*$`).exec(text);
  if (!m) return undefined;
  const p: ParsedMoment = { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, fraction: 0, utc: false };
  for (let k = 0; k < readers.length; k++) if (!readers[k]!(m[k + 1]!, p)) return undefined;
  if (pm !== undefined) {
    if (p.hour < 1 || p.hour > 12) return undefined;
    p.hour = (p.hour % 12) + (pm ? 12 : 0);
  }
  if (pattern.includes("'Z'") || pattern.endsWith('GMT\'')) p.utc = true;
  return validDate(p) ? p : undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
