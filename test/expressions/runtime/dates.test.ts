import { describe } from 'vitest';
import { runTable } from './table.js';

const S = 'System.String';
const I = 'System.Int32';
const L = 'System.Int64';
const D = 'System.Double';
const B = 'System.Boolean';
const DT = 'System.DateTime';
const DTO = 'System.DateTimeOffset';
const TS = 'System.TimeSpan';

const d = 'new DateTime(2024, 1, 5, 14, 3, 9, 45)';

describe('DateTime, DateTimeOffset, TimeSpan', () => {
  runTable([
    [d, ['01/05/2024 14:03:09', DT]],
    [`${d}.ToString("o")`, ['2024-01-05T14:03:09.0450000', S]],
    [`${d}.ToString("s")`, ['2024-01-05T14:03:09', S]],
    [`${d}.ToString("u")`, ['2024-01-05 14:03:09Z', S]],
    [`${d}.ToString("R")`, ['Fri, 05 Jan 2024 14:03:09 GMT', S]],
    [`${d}.ToString("D")`, ['Friday, 05 January 2024', S]],
    [`${d}.ToString("yyyy-MM-ddTHH:mm:ssZ")`, ['2024-01-05T14:03:09Z', S]],
    [`${d}.ToString("dd MMM yyyy hh:mm tt")`, ['05 Jan 2024 02:03 PM', S]],
    [`${d}.ToString("yyyyMMddHHmmssfff")`, ['20240105140309045', S]],
    [`${d}.ToString("Q")`, { throws: 'System.FormatException', message: 'Input string was not in a correct format.' }],
    [`${d}.Year + ${d}.Month + ${d}.Day`, ['2030', I]],
    [`${d}.DayOfWeek`, ['Friday', 'System.DayOfWeek']],
    [`${d}.DayOfWeek == DayOfWeek.Friday`, ['True', B]],
    [`${d}.DayOfYear`, ['5', I]],
    [`${d}.Ticks`, ['638400601890450000', L]],
    [`${d}.Date`, ['01/05/2024 00:00:00', DT]],
    [`${d}.TimeOfDay`, ['14:03:09.0450000', TS]],
    [`${d}.AddDays(1.5).ToString("o")`, ['2024-01-07T02:03:09.0450000', S]],
    [`${d}.AddMonths(1)`, ['02/05/2024 14:03:09', DT]],
    ['new DateTime(2024, 1, 31).AddMonths(1)', ['02/29/2024 00:00:00', DT]],
    [`${d}.AddYears(-24).Year`, ['2000', I]],
    [`${d}.AddSeconds(-9).Second`, ['0', I]],
    ['new DateTime(9999, 12, 31).AddDays(1)', { throws: 'System.ArgumentOutOfRangeException' }],
    ['new DateTime(2023, 2, 29)', { throws: 'System.ArgumentOutOfRangeException', message: 'Year, Month, and Day parameters describe an un-representable DateTime.' }],
    ['new DateTime(2024, 3, 1) - new DateTime(2024, 2, 1)', ['29.00:00:00', TS]],
    ['(new DateTime(2024, 3, 1) - new DateTime(2024, 2, 1)).TotalHours', ['696', D]],
    ['new DateTime(2024, 3, 1) > new DateTime(2024, 2, 1)', ['True', B]],
    ['new DateTime(2024, 3, 1) + TimeSpan.FromHours(25)', ['03/02/2024 01:00:00', DT]],
    ['new DateTime(2024, 3, 1).Subtract(TimeSpan.FromMinutes(1))', ['02/29/2024 23:59:00', DT]],
    ['DateTime.Parse("2024-01-15T10:30:00Z").ToString("o")', ['2024-01-15T10:30:00.0000000+00:00', S]],
    ['DateTime.Parse("2024-01-15T10:30:00+02:00").Hour', ['8', I]],
    ['DateTime.Parse("01/15/2024 10:30 PM").ToString("s")', ['2024-01-15T22:30:00', S]],
    ['DateTime.Parse("Mon, 15 Jan 2024 10:30:00 GMT").Kind', ['Local', 'System.DateTimeKind']],
    ['DateTime.Parse("2024-01-15").Kind', ['Unspecified', 'System.DateTimeKind']],
    ['DateTime.Parse("yesterday")', { throws: 'System.FormatException', message: "String 'yesterday' was not recognized as a valid DateTime." }],
    ['DateTime.TryParse("2024-13-01", out var x) ? "yes" : "no"', ['no', S]],
    ['DateTime.ParseExact("15/01/2024", "dd/MM/yyyy", null).Month', ['1', I]],
    ['DateTime.ParseExact("2024-01-15T10:30:00Z", "yyyy-MM-ddTHH:mm:ssK", null, System.Globalization.DateTimeStyles.AdjustToUniversal).ToString("o")', ['2024-01-15T10:30:00.0000000Z', S]],
    ['DateTime.ParseExact("15.01.2024", new[] { "yyyy-MM-dd", "dd.MM.yyyy" }, null, System.Globalization.DateTimeStyles.None).Day', ['15', I]],
    ['DateTime.TryParseExact("2024/01/15", new[] { "yyyy-MM-dd" }, null, System.Globalization.DateTimeStyles.None, out var d)', ['False', B]],
    ['DateTime.TryParseExact("20240115", "yyyyMMdd", null, System.Globalization.DateTimeStyles.None, out var d) ? d.ToString("d") : "no"', ['01/15/2024', S]],
    ['DateTime.UtcNow.Kind', ['Utc', 'System.DateTimeKind']],
    ['DateTime.Now.Kind', ['Local', 'System.DateTimeKind']],
    ['(DateTime.Now - DateTime.UtcNow).TotalMinutes < 1', ['True', B]],
    ['DateTime.MinValue.Ticks', ['0', L]],
    ['DateTime.MaxValue.ToString("o")', ['9999-12-31T23:59:59.9999999', S]],
    ['DateTime.IsLeapYear(2100)', ['False', B]],
    ['DateTime.DaysInMonth(2024, 2)', ['29', I]],
    ['new DateTimeOffset(new DateTime(2024, 1, 5, 12, 0, 0, DateTimeKind.Utc)).ToUnixTimeSeconds()', ['1704456000', L]],
    ['DateTimeOffset.FromUnixTimeSeconds(1700000000)', ['11/14/2023 22:13:20 +00:00', DTO]],
    ['DateTimeOffset.FromUnixTimeMilliseconds(1700000000123).ToString("o")', ['2023-11-14T22:13:20.1230000+00:00', S]],
    ['DateTimeOffset.FromUnixTimeSeconds(1700000000).AddSeconds(300).ToUnixTimeSeconds()', ['1700000300', L]],
    ['DateTimeOffset.FromUnixTimeSeconds(1700000000).ToUnixTimeMilliseconds()', ['1700000000000', L]],
    ['new DateTimeOffset(2024, 1, 5, 14, 0, 0, TimeSpan.FromHours(2)).ToString("u")', ['2024-01-05 12:00:00Z', S]],
    ['new DateTimeOffset(2024, 1, 5, 14, 0, 0, TimeSpan.FromHours(2)).UtcDateTime.Hour', ['12', I]],
    ['new DateTimeOffset(2024, 1, 5, 14, 0, 0, TimeSpan.FromHours(2)).Offset', ['02:00:00', TS]],
    ['DateTimeOffset.Parse("2024-01-15T10:30:00-05:00").ToString("o")', ['2024-01-15T10:30:00.0000000-05:00', S]],
    ['DateTimeOffset.UtcNow > DateTimeOffset.FromUnixTimeSeconds(1700000000)', ['True', B]],
    ['DateTimeOffset.UtcNow.Offset == TimeSpan.Zero', ['True', B]],
    ['TimeSpan.FromSeconds(90)', ['00:01:30', TS]],
    ['TimeSpan.FromSeconds(90).TotalMinutes', ['1.5', D]],
    ['TimeSpan.FromDays(1.5)', ['1.12:00:00', TS]],
    ['TimeSpan.FromMilliseconds(1.5)', ['00:00:00.0015000', TS]],
    ['TimeSpan.FromMinutes(-90).Hours', ['-1', I]],
    ['new TimeSpan(1, 2, 3, 4, 5).ToString()', ['1.02:03:04.0050000', S]],
    ['new TimeSpan(1, 2, 3).ToString("g")', ['1:02:03', S]],
    ['new TimeSpan(1, 2, 3).ToString(@"hh\\:mm")', ['01:02', S]],
    ['TimeSpan.Parse("1.02:03:04").TotalSeconds', ['93784', D]],
    ['TimeSpan.Parse("02:30").Minutes', ['30', I]],
    ['TimeSpan.Parse("nope")', { throws: 'System.FormatException', message: "String 'nope' was not recognized as a valid TimeSpan." }],
    ['TimeSpan.FromSeconds(30) < TimeSpan.FromMinutes(1)', ['True', B]],
    ['(TimeSpan.FromHours(1) - TimeSpan.FromMinutes(90)).Duration()', ['00:30:00', TS]],
    ['TimeSpan.FromHours(1).Ticks', ['36000000000', L]],
  ]);
});
