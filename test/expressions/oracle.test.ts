/**
 * Differential oracle: the same expressions evaluated by Mono (a real CLR with Newtonsoft.Json) and by
 * this engine must give the same .NET type and ToString() (or the same exception type). Mono follows
 * .NET Framework where .NET 6+ differs; such cases are listed in NET6_DIFFERENCES and this engine follows
 * .NET 6+. Without mono/mcs the suite says "skipped: mono not installed".
 */
import { describe, expect, it } from 'vitest';
import { hasMono, runMonoCases } from './mono-oracle.js';
import { evaluate } from './table.js';

/** Expressions valid for both C# 6 (mcs) and this engine. */
const CASES: string[] = [
  '7 / 2', '-7 / 2', '-7 % 3', '7.0 / 2', '10L * 3', '0x1F', "'a' + 1", "(char)('a' + 1)", '~5', '-16 >> 2', '5 ^ 3',
  '1 == 1.0', '(int)3.9', '(int)-3.9', '(long)1e10', '(double)1 / 4', '2.5', '1e3', '"a" + 1 + true', '"x" + 1.5',
  '"x" + \'c\'', '1 + 2 + "x"', '"x" + 1 + 2', '"a" + null', '$"{1,3}|{2,-3}|"', '$"{3:D4}"', '$"{255:X}"', '$"{1.5:F3}"',
  '"Hello".ToUpper()', '"  hi  ".Trim()', '"xxhixx".Trim(\'x\')', '"a,b,,c".Split(\',\').Length',
  '"a,b,,c".Split(new[] { \',\' }, StringSplitOptions.RemoveEmptyEntries).Length', '"a,b,c".Split(new[] { \',\' }, 2)[1]',
  '"abc".Substring(1, 1)', '"abc".Substring(4)', '"hello".IndexOf("l")', '"hello".LastIndexOf("l")',
  '"Hello".StartsWith("he", StringComparison.OrdinalIgnoreCase)', '"a-b-c".Replace("-", "+")', '"7".PadLeft(3, \'0\')',
  '"abcdef".Remove(1, 2)', '"abc".Equals("ABC", StringComparison.OrdinalIgnoreCase)', 'string.Compare("a", "B", StringComparison.Ordinal)',
  'string.IsNullOrWhiteSpace(" \\t")', 'string.Format("{0}-{1}", 1, "a")', 'string.Format("{0,4}|", "ab")', 'string.Format("{0:N2}", 1234.5)',
  'string.Format("{1}", 1)', 'string.Join(",", new[] { "a", "b" })', 'string.Concat("a", 1)', 'new string(\'x\', 3)', "char.IsDigit('5')",
  'JObject.Parse("{\\"a\\":1}")["a"].ToString()', '(int)JObject.Parse("{\\"a\\":\\"12\\"}")["a"]', '(string)JObject.Parse("{\\"a\\":true}")["a"]',
  '(int)JObject.Parse("{\\"a\\":2.5}")["a"]', '(int)JObject.Parse("{\\"a\\":3.5}")["a"]', '(string)JObject.Parse("{\\"a\\":1}")["b"]',
  'JObject.Parse("{\\"a\\":null}")["a"].Type', 'JObject.Parse("{\\"a\\":{\\"b\\":[10,20]}}")["a"]["b"][1]',
  'JObject.Parse("{\\"a\\":1,\\"b\\":[1,{}]}").ToString()', 'JObject.Parse("{\\"a\\":1,\\"b\\":[]}").ToString(Formatting.None)',
  'JObject.Parse("{\\"a\\":1.0}").ToString(Formatting.None)', 'JObject.Parse("{\\"z\\":1,\\"a\\":2}").ToString(Formatting.None)',
  'JObject.Parse("{\\"a\\":{\\"b\\":1}}")["a"]["b"].Path', 'JObject.Parse("{\\"a\\":[5,6]}").SelectToken("a[1]")',
  'JArray.Parse("[1,2,3]").Count', 'JObject.Parse("[1]")', 'JArray.Parse("{}")', '(int)JObject.Parse("{\\"a\\":null}")["a"]',
  '(string)JObject.Parse("{\\"a\\":{}}")["a"]', 'JObject.Parse("{\\"a\\":\\"x\\"}").Value<string>("a")', 'JObject.Parse("{\\"a\\":5}").Value<int>("b")',
  'JsonConvert.SerializeObject(new { a = 1, b = "x" })', 'JsonConvert.SerializeObject(new[] { 1, 2 })', 'JsonConvert.SerializeObject("s")',
  'new JProperty("a", "b").ToString()', 'new JArray(1, 2, 3).ToString(Formatting.None)',
  'new[] { 1, 2, 3 }.Where(x => x > 1).Select(x => x * 10).Sum()',
  '"Straße".ToUpper()', '"a;b,c".Split(\';\', \',\').Length', '"hello".IndexOf("")', '"Hello".EndsWith("LO", StringComparison.InvariantCultureIgnoreCase)',
  '"abc".Replace("b", null)', '"abc".Replace("", "x")', '"long".PadLeft(2)', '"abc".Insert(1, "X")', '"b".CompareTo("a")', '"a".CompareTo(null)',
  'string.Compare("a", "B", StringComparison.OrdinalIgnoreCase)', 'string.Compare("a", "b")', 'string.Compare("ab", "a", StringComparison.Ordinal)',
  'string.CompareOrdinal("a", "b")', 'string.Format("{0:D3}", 7)', 'string.Format("{{{0}}}", 1)', 'string.Format("{0}", true)',
  'string.Format("{0:x4}", 255)', 'string.Join("|", 1, 2, 3)', 'string.Concat(null, "b")', "char.ToUpper('a')", "'7' - '0'",
  '"abc".Substring(1, 5)', '"abc".ToCharArray()[2]', '"abc".IndexOfAny(new[] { \'c\', \'b\' })', 'unchecked((uint)(-1 + 0u))', '1u + 1', '0xFFFFFFFF',
  '3000000000', '(float)1 / 3', '(double)1 / 3', '"n" + 1e21', '"v" + 1.5e-7', 'unchecked((byte)(200 + 100))', 'unchecked((short)70000)', '1 << 33',
  'JToken.Parse("4.5").ToString()', 'JToken.Parse("true").ToString()', 'JToken.Parse("\\"s\\"").ToString(Formatting.None)',
  'JToken.Parse("1.0").ToString(Formatting.None)', '(bool)JObject.Parse("{\\"a\\":\\"true\\"}")["a"]', '(int)JObject.Parse("{\\"a\\":\\"x\\"}")["a"]',
  '(double)JObject.Parse("{\\"a\\":1}")["a"]', '(long)JObject.Parse("{\\"a\\":9007199254740993}")["a"]', '(int)JObject.Parse("{\\"a\\":9999999999}")["a"]',
  '(int?)JObject.Parse("{\\"a\\":null}")["a"]', 'JObject.Parse("{\\"a\\":[1]}")["a"][3]', 'JObject.Parse("{\\"a\\":1}")["a"]["x"]',
  'JObject.Parse("{\\"a\\":{\\"b\\":{\\"c\\":[true,false,null]}}}").ToString()', 'JObject.Parse("{\\"s\\":\\"a\\\\\\"b\\"}").ToString(Formatting.None)',
  'JObject.Parse("{\\"d\\":\\"2020-01-02T10:00:00Z\\"}")["d"].Type', 'JObject.Parse("{\\"a\\":1}")["a"].Parent.ToString()',
  'new JValue("x").ToString()', 'JObject.Parse("{\\"a\\":[\\"x\\",\\"y\\"]}")["a"].ToObject<string[]>()[1]', 'JsonConvert.SerializeObject(1.5)',
  'JsonConvert.SerializeObject(new { a = 1 }, Formatting.Indented)', 'JsonConvert.DeserializeObject<int>("5")', 'JObject.FromObject(new { a = 1 }).ToString(Formatting.None)',
  'JToken.DeepEquals(JToken.Parse("[1,2]"), JToken.Parse("[1, 2]"))', 'JObject.Parse("{\\"a\\":{\\"b\\":1}}").Descendants().Count()',
  'JArray.Parse("[3,1,2]").Select(t => (int)t).Max()', 'new[] { "b", "a" }.OrderBy(s => s).First()', 'typeof(string).FullName', 'default(int)',
  'new { a = 1, b = "x" }.ToString()', '"abc"[1]', '"abc"[5]', 'new List<int> { 3, 4 }.Select(x => x.ToString()).Aggregate((a, b) => a + b)',
];

/** Where Mono (.NET Framework) and .NET 6+ differ; this engine follows .NET 6+. */
const NET6_DIFFERENCES: Record<string, string> = {
  'string.Compare("ab", "a", StringComparison.Ordinal)': '.NET Core returns the length difference (1); .NET Framework the next char (98)',
  '(float)1 / 3': '.NET Core 3.0+ prints the shortest round-trip form (0.33333334); .NET Framework G7 (0.3333333)',
  '(double)1 / 3': '.NET Core 3.0+ prints the shortest round-trip form (0.3333333333333333); .NET Framework G15',
};

describe('differential oracle against Mono', { timeout: 180_000 }, () => {
  if (!hasMono(true)) {
    it('skipped: mono not installed', () => {
      console.log('skipped: mono not installed');
      expect(hasMono(true)).toBe(false);
    });
    return;
  }

  it('agrees with the CLR on type and ToString() (or exception type)', () => {
    const clr = runMonoCases(CASES, {
      usings: ['System.Linq', 'System.Collections.Generic', 'Newtonsoft.Json', 'Newtonsoft.Json.Linq'],
      references: ['System.Core'],
      newtonsoft: true,
      monoArgs: ['-O=-all'],
    });
    const mismatches: string[] = [];
    CASES.forEach((code, i) => {
      if (code in NET6_DIFFERENCES) return;
      const expected = clr.get(i)!;
      const got = evaluate(code);
      if ('error' in expected) {
        if (got.throws !== expected.error) mismatches.push(`${code}: CLR threw ${expected.error}, we gave ${got.throws ?? got.text}`);
      } else if (got.type !== expected.type || (got.text ?? '') !== expected.text.replace(/\r\n/g, '\n')) {
        mismatches.push(`${code}: CLR ${expected.type} ${JSON.stringify(expected.text)}, we ${got.type ?? got.throws ?? got.diagnostic} ${JSON.stringify(got.text ?? got.message)}`);
      }
    });
    expect(mismatches).toEqual([]);
  });
});
