import { describe } from 'vitest';
import { runTable } from './table.js';

const S = 'System.String';
const I = 'System.Int32';
const B = 'System.Boolean';

// Shapes taken from the corpus snippets and from composite formatting of the library types.
describe('corpus idioms and composite formatting', () => {
  runTable([
    ['new Random(context.RequestId.GetHashCode()).Next(1, 3) >= 1', ['True', B]],
    ['(DateTime.UtcNow - new DateTime(1970, 1, 1)).TotalSeconds > 1e9', ['True', B]],
    ['(int)(DateTime.UtcNow - new DateTime(1970, 1, 1)).TotalSeconds > 0', ['True', B]],
    ['new DateTimeOffset(DateTime.Now.AddMinutes(10)).ToUnixTimeSeconds() > DateTimeOffset.UtcNow.ToUnixTimeSeconds()', ['True', B]],
    ['DateTimeOffset.Now.AddSeconds(300).ToString("r").EndsWith(" GMT")', ['True', B]],
    ['DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ").Length', ['20', I]],
    ['Uri.EscapeDataString(context.Request.OriginalUrl.Path + context.Request.OriginalUrl.QueryString)', ['%2Fchat%3Froom%3Da', S]],
    ['Guid.NewGuid().ToString() != Guid.NewGuid().ToString()', ['True', B]],
    ['$"{new DateTime(2024, 1, 5):yyyy-MM-dd}"', ['2024-01-05', S]],
    ['string.Format("{0:o}|{1:N}", new DateTime(2024, 1, 5), Guid.Empty)', ['2024-01-05T00:00:00.0000000|00000000000000000000000000000000', S]],
    ['$"{TimeSpan.FromMinutes(5):c}|{TimeSpan.FromMinutes(5)}"', ['00:05:00|00:05:00', S]],
    ['$"[{42,5}][{1.5,-5:F2}]"', ['[   42][1.50 ]', S]],
    ['((object)new DateTime(2024, 1, 5)).ToString()', ['01/05/2024 00:00:00', S]],
    ['new DateTime(2024, 1, 5) == new DateTime(2024, 1, 5, 0, 0, 0, DateTimeKind.Utc)', ['True', B]],
    ['new List<DateTime> { new DateTime(2024, 1, 5), new DateTime(2023, 1, 5) }.Max().Year', ['2024', I]],
    ['new HashSet<Guid> { Guid.Empty, Guid.Parse("00000000-0000-0000-0000-000000000000") }.Count', ['1', I]],
    ['JArray.Parse("[3,1,2]").OrderBy(t => (int)t).Select(t => t.ToString()).Aggregate((a, b) => a + b)', ['123', S]],
    ['JArray.Parse("[1,2,3]").Where(t => (int)t > 1).Count()', ['2', I]],
    ['string.Join(",", JObject.Parse("{\\"a\\":1,\\"b\\":2}").Properties().Select(p => p.Name))', ['a,b', S]],
    ['"abc".Select(c => (int)c).Sum()', ['294', I]],
    ['Convert.ToBase64String(SHA256.Create().ComputeHash(Encoding.UTF8.GetBytes(context.Request.Method)))', ['FOMM0WPHMpEuBIxMg34VxOkMBi67eVq5R9V3BuLRDdg=', S]],
    ['string.Concat(MD5.Create().ComputeHash(Encoding.UTF8.GetBytes("abc")).Select(b => b.ToString("x2")))', ['900150983cd24fb0d6963f7d28e17f72', S]],
    ['var sb = new StringBuilder(); foreach (byte b in SHA1.Create().ComputeHash(new byte[0])) { sb.Append(b.ToString("X2")); } return sb.ToString();', ['DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', S]],
    ['(-5L).ToString("X")', ['FFFFFFFFFFFFFFFB', S]],
    ['(1.0f / 3).ToString()', ['0.33333334', S]],
    ['1.5m.ToString("F3")', ['1.500', S]],
    ['byte.Parse("256")', { throws: 'System.OverflowException', message: 'Value was either too large or too small for an unsigned byte.' }],
    ['Enum.Parse<DayOfWeek>("friday", true) == DayOfWeek.Friday', ['True', B]],
    ['Enum.TryParse("Monday", out DayOfWeek d) ? d.ToString() : "x"', ['Monday', S]],
    ['Enum.TryParse<DayOfWeek>("Nope", out var d)', ['False', B]],
    ['Enum.Parse<RegexOptions>("IgnoreCase, Multiline")', ['IgnoreCase, Multiline', 'System.Text.RegularExpressions.RegexOptions']],
    ['Enum.Parse<DayOfWeek>("3")', ['Wednesday', 'System.DayOfWeek']],
    ['Enum.Parse<DayOfWeek>("Funday")', { throws: 'System.ArgumentException', message: "Requested value 'Funday' was not found." }],
    ['new HMACSHA256(new byte[1]).ToString()', ['System.Security.Cryptography.HMACSHA256', S]],
    ['Tuple.Create("a", 1)', ['(a, 1)', 'System.Tuple`2[System.String,System.Int32]']],
    ['Tuple.Create(1, 2, 3)', ['(1, 2, 3)', 'System.Tuple`3[System.Int32,System.Int32,System.Int32]']],
    ['Tuple.Create("a", 1).Item2 + 1', ['2', I]],
    ['Tuple.Create("a", 1).Equals(Tuple.Create("a", 1))', ['True', B]],
  ]);
});
