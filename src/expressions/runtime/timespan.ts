/**
 * System.TimeSpan: factories, components, totals, ToString ("c", "g", "G", custom) and Parse.
 */
import { TimeSpanValue } from '../values.js';
import { fail } from './fail.js';

export const TICKS = {
  millisecond: 10_000,
  second: 10_000_000,
  minute: 600_000_000,
  hour: 36_000_000_000,
  day: 864_000_000_000,
};

const MAX_TICKS = 9223372036854775807;

const TOO_LONG = 'TimeSpan overflowed because the duration is too long.';

/** TimeSpan.FromX(double): value × ticks-per-unit truncated to ticks, as .NET does. */
export function timeSpanFrom(value: number, ticksPerUnit: number): TimeSpanValue {
  if (Number.isNaN(value)) fail('System.ArgumentException', 'TimeSpan does not accept floating point Not-a-Number values.');
  const ticks = value * ticksPerUnit;
  if (ticks > MAX_TICKS || ticks < -MAX_TICKS) fail('System.OverflowException', TOO_LONG);
  return new TimeSpanValue(Math.trunc(ticks));
}

/** new TimeSpan(h, m, s) / (d, h, m, s) / (d, h, m, s, ms). */
export function timeSpanOf(days: number, hours: number, minutes: number, seconds: number, ms = 0): TimeSpanValue {
  const ticks = days * TICKS.day + hours * TICKS.hour + minutes * TICKS.minute + seconds * TICKS.second + ms * TICKS.millisecond;
  if (Math.abs(ticks) > MAX_TICKS) fail('System.ArgumentOutOfRangeException', 'TimeSpan overflowed because the duration is too long.');
  return new TimeSpanValue(ticks);
}

export function addSpans(a: TimeSpanValue, b: TimeSpanValue): TimeSpanValue {
  const t = a.ticks + b.ticks;
  if (Math.abs(t) > MAX_TICKS) fail('System.OverflowException', TOO_LONG);
  return new TimeSpanValue(t);
}

export function negateSpan(a: TimeSpanValue): TimeSpanValue {
  return new TimeSpanValue(-a.ticks);
}

/** The components .NET exposes (each truncated toward zero, keeping the sign). */
export function components(t: TimeSpanValue): { days: number; hours: number; minutes: number; seconds: number; milliseconds: number; fraction: number } {
  const abs = Math.abs(t.ticks);
  const s = t.ticks < 0 ? -1 : 1;
  const z = (n: number) => (n === 0 ? 0 : n * s);
  return {
    days: z(Math.floor(abs / TICKS.day)),
    hours: z(Math.floor(abs / TICKS.hour) % 24),
    minutes: z(Math.floor(abs / TICKS.minute) % 60),
    seconds: z(Math.floor(abs / TICKS.second) % 60),
    milliseconds: z(Math.floor(abs / TICKS.millisecond) % 1000),
    fraction: abs % TICKS.second,
  };
}

export const totals = {
  TotalDays: (t: TimeSpanValue) => t.ticks / TICKS.day,
  TotalHours: (t: TimeSpanValue) => t.ticks / TICKS.hour,
  TotalMinutes: (t: TimeSpanValue) => t.ticks / TICKS.minute,
  TotalSeconds: (t: TimeSpanValue) => t.ticks / TICKS.second,
  TotalMilliseconds: (t: TimeSpanValue) => t.ticks / TICKS.millisecond,
};

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** TimeSpan.ToString(format): "c" (default), "g", "G" or a custom format. */
export function formatTimeSpan(t: TimeSpanValue, format?: string | null): string {
  const abs = Math.abs(t.ticks);
  const neg = t.ticks < 0 ? '-' : '';
  const d = Math.floor(abs / TICKS.day);
  const h = Math.floor(abs / TICKS.hour) % 24;
  const m = Math.floor(abs / TICKS.minute) % 60;
  const s = Math.floor(abs / TICKS.second) % 60;
  const frac = abs % TICKS.second;
  if (format === null || format === undefined || format === '' || format === 'c' || format === 't' || format === 'T') {
    return `${neg}${d ? d + '.' : ''}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${frac ? '.' + pad(frac, 7) : ''}`;
  }
  if (format === 'g') {
    const f = frac ? '.' + pad(frac, 7).replace(/0+$/, '') : '';
    return `${neg}${d ? d + ':' : ''}${h}:${pad(m, 2)}:${pad(s, 2)}${f}`;
  }
  if (format === 'G') return `${neg}${d}:${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(frac, 7)}`;
  return formatTimeSpanCustom({ d, h, m, s, frac }, format);
}

function formatTimeSpanCustom(v: { d: number; h: number; m: number; s: number; frac: number }, format: string): string {
  const bad = (): never => fail('System.FormatException', 'Input string was not in a correct format.');
  let out = '';
  for (let i = 0; i < format.length; ) {
    const c = format[i]!;
    let n = 1;
    while (format[i + n] === c) n++;
    switch (c) {
      case 'd':
        if (n > 8) bad();
        out += pad(v.d, n);
        i += n;
        break;
      case 'h':
        if (n > 2) bad();
        out += pad(v.h, n);
        i += n;
        break;
      case 'm':
        if (n > 2) bad();
        out += pad(v.m, n);
        i += n;
        break;
      case 's':
        if (n > 2) bad();
        out += pad(v.s, n);
        i += n;
        break;
      case 'f':
      case 'F': {
        if (n > 7) bad();
        let digits = pad(v.frac, 7).slice(0, n);
        if (c === 'F') digits = digits.replace(/0+$/, '');
        out += digits;
        i += n;
        break;
      }
      case "'":
      case '"': {
        const end = format.indexOf(c, i + 1);
        if (end < 0) bad();
        out += format.slice(i + 1, end);
        i = end + 1;
        break;
      }
      case '\\':
        if (i + 1 >= format.length) bad();
        out += format[i + 1];
        i += 2;
        break;
      case '%':
        i += 1;
        break;
      default:
        // any other character must be quoted or escaped in a TimeSpan format
        bad();
    }
  }
  return out;
}

/** TimeSpan.Parse: [-]d | [-][d.]hh:mm[:ss[.fffffff]]. */
/** `[-][d.]hh:mm[:ss[.fffffff]]` (the constant format) and `[-]d:hh:mm:ss[.fffffff]` (the general one). */
const DOTTED_DAYS = /^\s*(-)?(?:(\d+)\.)?(\d+):(\d+)(?::(\d+)(?:\.(\d{1,7}))?)?\s*$/;
const COLON_DAYS = /^\s*(-)?(\d+):(\d+):(\d+):(\d+)(?:\.(\d{1,7}))?\s*$/;
const DAYS_ONLY = /^\s*(-)?(\d+)\s*$/;

export function tryParseTimeSpan(text: string | null | undefined): TimeSpanValue | undefined {
  if (text === null || text === undefined) return undefined;
  const single = DAYS_ONLY.exec(text);
  if (single) {
    const days = Number(single[2]);
    if (days > 10675199) return undefined;
    return new TimeSpanValue((single[1] ? -1 : 1) * days * TICKS.day);
  }
  // "01:02:03" is hours, minutes and seconds; a day count needs a '.' or a fourth part.
  const m = COLON_DAYS.exec(text) ?? DOTTED_DAYS.exec(text);
  if (!m) return undefined;
  const days = Number(m[2] ?? 0);
  const h = Number(m[3]);
  const min = Number(m[4]);
  const s = Number(m[5] ?? 0);
  if (h > 23 || min > 59 || s > 59) return undefined;
  const frac = m[6] ? Number(m[6].padEnd(7, '0')) : 0;
  const ticks = days * TICKS.day + h * TICKS.hour + min * TICKS.minute + s * TICKS.second + frac;
  return new TimeSpanValue(m[1] ? -ticks : ticks);
}

export function parseTimeSpan(text: string | null | undefined): TimeSpanValue {
  if (text === null || text === undefined) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'input')");
  const v = tryParseTimeSpan(text);
  if (!v) fail('System.FormatException', `String '${text}' was not recognized as a valid TimeSpan.`);
  return v;
}

export function compareSpans(a: TimeSpanValue, b: TimeSpanValue): number {
  return a.ticks < b.ticks ? -1 : a.ticks > b.ticks ? 1 : 0;
}
