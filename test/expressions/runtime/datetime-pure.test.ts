import { describe, expect, it } from 'vitest';
import * as D from '../../../src/expressions/runtime/datetime.js';
import * as T from '../../../src/expressions/runtime/timespan.js';
import type { TimeSpanValue } from '../../../src/expressions/values.js';

// 2024-01-05 14:03:09.045, Kind Unspecified
const dt = D.newDateTime([2024, 1, 5, 14, 3, 9, 45]);
const utc = D.newDateTime([2024, 1, 5, 14, 3, 9, 45], 'Utc');

const formats: [string, string][] = [
  ['', '01/05/2024 14:03:09'],
  ['d', '01/05/2024'],
  ['D', 'Friday, 05 January 2024'],
  ['f', 'Friday, 05 January 2024 14:03'],
  ['F', 'Friday, 05 January 2024 14:03:09'],
  ['g', '01/05/2024 14:03'],
  ['G', '01/05/2024 14:03:09'],
  ['M', 'January 05'],
  ['o', '2024-01-05T14:03:09.0450000'],
  ['r', 'Fri, 05 Jan 2024 14:03:09 GMT'],
  ['s', '2024-01-05T14:03:09'],
  ['t', '14:03'],
  ['T', '14:03:09'],
  ['u', '2024-01-05 14:03:09Z'],
  ['U', 'Friday, 05 January 2024 14:03:09'],
  ['y', '2024 January'],
  ['yyyy-MM-ddTHH:mm:ss.fffK', '2024-01-05T14:03:09.045'],
  ['dd/MM/yy h:mm tt', '05/01/24 2:03 PM'],
  ['yyyyMMddHHmmssfff', '20240105140309045'],
  ['ddd MMM d', 'Fri Jan 5'],
  ['s.FFF', '9.045'],
  ["'at' HH\\h", 'at 14h'],
];

describe('DateTime formatting (invariant culture)', () => {
  it.each(formats)('ToString(%j)', (format, expected) => {
    expect(D.formatDateTime(dt, format)).toBe(expected);
  });
  it('o and K on a Utc value end in Z', () => {
    expect(D.formatDateTime(utc, 'o')).toBe('2024-01-05T14:03:09.0450000Z');
  });
  it('DateTimeOffset default, o, u and r', () => {
    const o = D.offsetOfDateTime(dt, 120);
    expect(D.formatOffset(o)).toBe('01/05/2024 14:03:09 +02:00');
    expect(D.formatOffset(o, 'o')).toBe('2024-01-05T14:03:09.0450000+02:00');
    expect(D.formatOffset(o, 'u')).toBe('2024-01-05 12:03:09Z');
    expect(D.formatOffset(o, 'r')).toBe('Fri, 05 Jan 2024 12:03:09 GMT');
    expect(() => D.formatOffset(o, 'U')).toThrow('Input string was not in a correct format.');
  });
  it('an unknown standard format is a FormatException', () => {
    expect(() => D.formatDateTime(dt, 'Q')).toThrow('Input string was not in a correct format.');
  });
});

describe('DateTime parsing and arithmetic', () => {
  const parsed: [string, string][] = [
    ['2024-01-15T10:30:00Z', '2024-01-15T10:30:00.0000000+00:00'],
    ['2024-01-15T10:30:00.25+02:00', '2024-01-15T08:30:00.2500000+00:00'],
    ['2024-01-15', '2024-01-15T00:00:00.0000000'],
    ['01/15/2024 10:30 PM', '2024-01-15T22:30:00.0000000'],
    ['Mon, 15 Jan 2024 10:30:00 GMT', '2024-01-15T10:30:00.0000000+00:00'],
    ['January 15, 2024', '2024-01-15T00:00:00.0000000'],
  ];
  it.each(parsed)('Parse(%j)', (text, expected) => {
    expect(D.formatDateTime(D.parseDateTime(text), 'o')).toBe(expected);
  });
  it('rejects impossible dates', () => {
    expect(() => D.parseDateTime('2023-02-29')).toThrow("String '2023-02-29' was not recognized as a valid DateTime.");
    expect(D.tryParseDateTime('nope')).toBeUndefined();
  });
  it('ParseExact', () => {
    expect(D.formatDateTime(D.parseExactDateTime('20240115 1030', 'yyyyMMdd HHmm'), 's')).toBe('2024-01-15T10:30:00');
    expect(() => D.parseExactDateTime('2024-01-15', 'yyyyMMdd')).toThrow('was not recognized as a valid DateTime');
  });
  it('AddMonths clamps the day; AddDays keeps fractions to the tick', () => {
    expect(D.formatDateTime(D.addMonths(D.newDateTime([2024, 1, 31]), 1), 'd')).toBe('02/29/2024');
    expect(D.formatDateTime(D.addUnits(dt, 1.5, T.TICKS.day), 'o')).toBe('2024-01-07T02:03:09.0450000');
  });
  it('out of range is ArgumentOutOfRangeException', () => {
    expect(() => D.addYears(D.newDateTime([9999, 1, 1]), 1)).toThrow('un-representable DateTime');
  });
  it('Unix time', () => {
    expect(D.toUnixSeconds(D.offsetOfDateTime(utc))).toBe(1704463389n);
    expect(D.formatOffset(D.fromUnixSeconds(1700000000n))).toBe('11/14/2023 22:13:20 +00:00');
    expect(D.toUnixMilliseconds(D.fromUnixMilliseconds(-1500n))).toBe(-1500n);
  });
});

describe('TimeSpan', () => {
  const cases: [TimeSpanValue, string | undefined, string][] = [
    [T.timeSpanFrom(90061.5, T.TICKS.second), undefined, '1.01:01:01.5000000'],
    [T.timeSpanFrom(-1.5, T.TICKS.minute), undefined, '-00:01:30'],
    [T.timeSpanFrom(90061.5, T.TICKS.second), 'g', '1:1:01:01.5'],
    [T.timeSpanFrom(90061.5, T.TICKS.second), 'G', '1:01:01:01.5000000'],
    [T.timeSpanFrom(3725, T.TICKS.second), 'hh\\:mm\\:ss', '01:02:05'],
    [T.parseTimeSpan('1.02:03:04.5'), 'c', '1.02:03:04.5000000'],
    [T.parseTimeSpan('00:30'), undefined, '00:30:00'],
    [T.parseTimeSpan('3'), undefined, '3.00:00:00'],
  ];
  it.each(cases)('%#', (span, format, expected) => {
    expect(T.formatTimeSpan(span, format)).toBe(expected);
  });
  it('components and totals', () => {
    const s = T.timeSpanFrom(-90061.5, T.TICKS.second);
    expect(T.components(s)).toMatchObject({ days: -1, hours: -1, minutes: -1, seconds: -1, milliseconds: -500 });
    expect(T.totals.TotalHours(T.timeSpanFrom(90, T.TICKS.minute))).toBe(1.5);
  });
  it('bad text and bad custom format', () => {
    expect(() => T.parseTimeSpan('25:00')).toThrow("String '25:00' was not recognized as a valid TimeSpan.");
    expect(() => T.formatTimeSpan(T.timeSpanFrom(1, T.TICKS.second), 'hh:mm')).toThrow('Input string was not in a correct format.');
  });
});
