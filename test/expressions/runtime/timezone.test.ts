import { describe } from 'vitest';
import { runTable } from './table.js';

const S = 'System.String';
const B = 'System.Boolean';
const TS = 'System.TimeSpan';

const utcWinter = 'new DateTime(2024, 1, 15, 12, 0, 0, DateTimeKind.Utc)';
const utcSummer = 'new DateTime(2024, 7, 15, 12, 0, 0, DateTimeKind.Utc)';

describe('TimeZoneInfo', () => {
  runTable([
    [`TimeZoneInfo.ConvertTimeFromUtc(${utcWinter}, TimeZoneInfo.FindSystemTimeZoneById("W. Europe Standard Time")).ToString("s")`, ['2024-01-15T13:00:00', S]],
    [`TimeZoneInfo.ConvertTimeFromUtc(${utcSummer}, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).ToString("s")`, ['2024-07-15T14:00:00', S]],
    [`TimeZoneInfo.ConvertTimeBySystemTimeZoneId(${utcSummer}, "Eastern Standard Time").ToString("s")`, ['2024-07-15T08:00:00', S]],
    [`TimeZoneInfo.ConvertTimeBySystemTimeZoneId(${utcWinter}, "India Standard Time").ToString("HH:mm")`, ['17:30', S]],
    [`TimeZoneInfo.ConvertTimeToUtc(new DateTime(2024, 7, 15, 14, 0, 0), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).ToString("o")`, ['2024-07-15T12:00:00.0000000Z', S]],
    [`TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(1721044800), TimeZoneInfo.FindSystemTimeZoneById("Pacific Standard Time")).ToString("o")`, ['2024-07-15T05:00:00.0000000-07:00', S]],
    ['TimeZoneInfo.FindSystemTimeZoneById("Tokyo Standard Time").BaseUtcOffset', ['09:00:00', TS]],
    [`TimeZoneInfo.FindSystemTimeZoneById("GMT Standard Time").GetUtcOffset(${utcSummer})`, ['01:00:00', TS]],
    [`TimeZoneInfo.FindSystemTimeZoneById("GMT Standard Time").IsDaylightSavingTime(${utcSummer})`, ['True', B]],
    ['TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo").SupportsDaylightSavingTime', ['False', B]],
    ['TimeZoneInfo.Utc.Id', ['UTC', S]],
    ['TimeZoneInfo.Local.BaseUtcOffset', ['00:00:00', TS]],
    ['TimeZoneInfo.FindSystemTimeZoneById("Mars/Olympus")', { throws: 'System.TimeZoneNotFoundException', message: "The time zone ID 'Mars/Olympus' was not found on the local computer." }],
  ]);
});
