/**
 * Newtonsoft.Json: parsing (with Newtonsoft's reader errors), indexers returning null, explicit casts,
 * Value<T>, ToObject<T>, ToString() indented by two spaces and Formatting.None, property order,
 * JsonConvert. Expected values follow Newtonsoft.Json 13 behaviour.
 */
import { B, D, I, L, NULL, S, runTable, type Case } from './table.js';

const J = 'Newtonsoft.Json.Linq.';
const p = (json: string) => `JObject.Parse(${JSON.stringify(json)})`;

const parsingAndIndexers: Case[] = [
  [`${p('{"a":1}')}["a"].ToString()`, '1', S],
  [`${p('{"a":1}')}["b"] == null`, 'True', B],
  [`${p('{"a":null}')}["a"] == null`, 'False', B],
  [`${p('{"a":null}')}["a"].Type.ToString()`, 'Null', S],
  [`${p('{"a":{}}')}["a"].Type`, 'Object', `${J}JTokenType`],
  [`${p('{"a":{"b":[10,20]}}')}["a"]["b"][1].ToString()`, '20', S],
  [`${p('{"a":1}')}["a"]["x"]`, { throws: 'System.InvalidOperationException', message: 'Cannot access child value on Newtonsoft.Json.Linq.JValue.' }],
  [`${p('{"a":[1]}')}["a"]["x"]`, { throws: 'System.ArgumentException', message: 'Accessed JArray values with invalid key value: "x". Int32 array index expected.' }],
  [`${p('{"a":[1]}')}["a"][3]`, { throws: 'System.ArgumentOutOfRangeException' }],
  [`${p('{"a":{"b":1}}')}["a"]["b"].Path`, 'a.b', S],
  [`${p('{"a":[1,{"b":2}]}')}["a"][1]["b"].Path`, 'a[1].b', S],
  [`${p('{"a":[1,2]}')}.Count`, '1', I],
  [`${p('{"a":1}')}.ContainsKey("a")`, 'True', B],
  [`${p('{"a":1}')}`, '{\n  "a": 1\n}', `${J}JObject`],
  [`${p("{'a':'single'}")}["a"].ToString()`, 'single', S],
  [`${p('{a:1}')}["a"].ToString()`, '1', S],
  [`${p('{"a":1 /* c */}')}["a"].ToString()`, '1', S],
  ['JArray.Parse("[1,2,3]").Count', '3', I],
  ['JArray.Parse("[1,2,3]")[5]', { throws: 'System.ArgumentOutOfRangeException' }],
  ['JToken.Parse("42").Type.ToString()', 'Integer', S],
  ['JToken.Parse("4.5").ToString()', '4.5', S],
  ['JToken.Parse("\\"s\\"").ToString()', 's', S],
  ['JToken.Parse("true").ToString()', 'True', S],
  ['JToken.Parse("null").ToString()', '', S],
  ['JToken.Parse("[1]") is JArray', 'True', B],
];

const readerErrors: Case[] = [
  ['JArray.Parse("{}")', { throws: 'Newtonsoft.Json.JsonReaderException', message: "Error reading JArray from JsonReader. Current JsonReader item is not an array: StartObject. Path '', line 1, position 1." }],
  ['JObject.Parse("[1]")', { throws: 'Newtonsoft.Json.JsonReaderException', message: "Error reading JObject from JsonReader. Current JsonReader item is not an object: StartArray. Path '', line 1, position 1." }],
  [`${p('{"a":}')}`, { throws: 'Newtonsoft.Json.JsonReaderException', message: "Unexpected character encountered while parsing value: }. Path 'a', line 1, position 6." }],
  ['JObject.Parse("")', { throws: 'Newtonsoft.Json.JsonReaderException', message: "Error reading JObject from JsonReader. Path '', line 0, position 0." }],
  ['JObject.Parse("{} x")', { throws: 'Newtonsoft.Json.JsonReaderException', message: /^Additional text encountered after finished reading JSON content: x\./ }],
  [`${p('{"a":1')}`, { throws: 'Newtonsoft.Json.JsonReaderException', message: /^Unexpected end of content while loading JObject\. Path 'a'/ }],
  ['JObject.Parse(null)', { throws: 'System.ArgumentNullException' }],
  ['JToken.Parse("nope")', { throws: 'Newtonsoft.Json.JsonReaderException' }],
  ['{try { JObject.Parse("x"); return "no"; } catch (JsonReaderException) { return "caught"; }}', 'caught', S],
  ['{try { JObject.Parse("x"); return "no"; } catch (Exception e) { return e.GetType().Name; }}', 'JsonReaderException', S],
];

const casts: Case[] = [
  [`(int)${p('{"a":1}')}["a"]`, '1', I],
  [`(string)${p('{"a":1}')}["a"]`, '1', S],
  [`(string)${p('{"a":true}')}["a"]`, 'True', S],
  [`(bool)${p('{"a":true}')}["a"]`, 'True', B],
  [`(bool)${p('{"a":"true"}')}["a"]`, 'True', B],
  [`(bool)${p('{"a":"yes"}')}["a"]`, { throws: 'System.FormatException' }],
  [`(int)${p('{"a":"12"}')}["a"]`, '12', I],
  [`(int)${p('{"a":"x"}')}["a"]`, { throws: 'System.FormatException' }],
  [`(int)${p('{"a":2.5}')}["a"]`, '2', I],
  [`(int)${p('{"a":3.5}')}["a"]`, '4', I],
  [`(double)${p('{"a":1}')}["a"]`, '1', D],
  [`(double)${p('{"a":0.25}')}["a"]`, '0.25', D],
  [`(long)${p('{"a":9007199254740993}')}["a"]`, '9007199254740993', L],
  [`(int)${p('{"a":9999999999}')}["a"]`, { throws: 'System.OverflowException', message: 'Value was either too large or too small for an Int32.' }],
  [`(string)${p('{"a":1}')}["b"]`, null, NULL],
  [`(int?)${p('{"a":null}')}["a"]`, null, NULL],
  [`(int?)${p('{"a":7}')}["a"]`, '7', I],
  [`(int)${p('{"a":null}')}["a"]`, { throws: 'System.ArgumentException', message: 'Can not convert Null to Int32.' }],
  [`(string)${p('{"a":null}')}["a"]`, null, NULL],
  [`(string)${p('{"a":{}}')}["a"]`, { throws: 'System.ArgumentException', message: 'Can not convert Object to String.' }],
  [`(int)${p('{"a":1}')}["b"]`, { throws: 'System.ArgumentNullException' }],
  [`(JObject)${p('{"a":{"b":1}}')}["a"]`, '{\n  "b": 1\n}', `${J}JObject`],
  [`(JArray)${p('{"a":{"b":1}}')}["a"]`, { throws: 'System.InvalidCastException' }],
  [`(string)${p('{"d":"2020-01-02T10:00:00Z"}')}["d"]`, '01/02/2020 10:00:00', S],
  [`${p('{"d":"2020-01-02T10:00:00Z"}')}["d"].Type.ToString()`, 'Date', S],
  [`(string)${p('{"g":"not-a-date"}')}["g"]`, 'not-a-date', S],
];

const valueAndToObject: Case[] = [
  [`${p('{"a":[1,2]}')}["a"].Value<int>(0)`, '1', I],
  [`${p('{"a":"x"}')}.Value<string>("a")`, 'x', S],
  [`${p('{"a":"x"}')}.Value<string>("b")`, null, NULL],
  [`${p('{"a":5}')}.Value<int>("b")`, '0', I],
  [`${p('{"a":5}')}["a"].Value<long>()`, '5', L],
  [`${p('{"a":1}')}["a"].Value<string>()`, '1', S],
  [`${p('{"a":"3"}')}["a"].Value<int>()`, '3', I],
  [`${p('{"a":{}}')}["a"].Value<string>()`, { throws: 'System.InvalidCastException' }],
  [`${p('{"a":1}')}.ToObject<Dictionary<string, int>>()["a"]`, '1', I],
  [`${p('{"a":["x","y"]}')}["a"].ToObject<List<string>>().Count`, '2', I],
  [`${p('{"a":["x","y"]}')}["a"].ToObject<string[]>()[1]`, 'y', S],
  [`${p('{"a":1}')}["a"].ToObject<int>()`, '1', I],
  [`${p('{"a":"s"}')}["a"].ToObject<string>()`, 's', S],
];

const formatting: Case[] = [
  [`${p('{"a":1,"b":[1,{}]}')}.ToString()`, '{\n  "a": 1,\n  "b": [\n    1,\n    {}\n  ]\n}', S],
  [`${p('{"a":1,"b":[]}')}.ToString(Newtonsoft.Json.Formatting.None)`, '{"a":1,"b":[]}', S],
  ['new JObject().ToString()', '{}', S],
  ['new JArray().ToString()', '[]', S],
  ['JToken.Parse("\\"s\\"").ToString(Formatting.None)', '"s"', S],
  ['JToken.Parse("1.0").ToString(Formatting.None)', '1.0', S],
  [`${p('{"a":1.0}')}.ToString(Formatting.None)`, '{"a":1.0}', S],
  [`${p('{"a":1.0}')}["a"].ToString()`, '1', S],
  [`${p('{"d":"2020-01-02T10:00:00Z"}')}.ToString(Formatting.None)`, '{"d":"2020-01-02T10:00:00Z"}', S],
  [`${p('{"s":"a\\"b\\\\c\\nd"}')}.ToString(Formatting.None)`, '{"s":"a\\"b\\\\c\\nd"}', S],
  [`${p('{"u":"é<>&"}')}.ToString(Formatting.None)`, '{"u":"é<>&"}', S],
  [`${p('{"z":1,"a":2,"m":3}')}.ToString(Formatting.None)`, '{"z":1,"a":2,"m":3}', S],
  [`${p('{"a":{"b":{"c":[true,false,null]}}}')}.ToString()`, '{\n  "a": {\n    "b": {\n      "c": [\n        true,\n        false,\n        null\n      ]\n    }\n  }\n}', S],
  ['new JProperty("a", "b").ToString()', '"a": "b"', S],
  [`${p('{"a":1}')}["a"].Parent.ToString()`, '"a": 1', S],
  ['new JValue("x").ToString()', 'x', S],
  ['new JValue(5).Value', '5', L],
];

const building: Case[] = [
  ['new JValue(0.1m + 0.2m).ToString()', '0.3', S],
  ['JsonConvert.SerializeObject(0.1m + 0.2m)', '0.3', S],
  ['new JObject { ["a"] = 0.1m + 0.2m }.ToString(Formatting.None)', '{"a":0.3}', S],
  ['new JObject { ["a"] = 2m }.ToString(Formatting.None)', '{"a":2.0}', S],
  ['new JObject { ["a"] = 0.1 + 0.2 }.ToString(Formatting.None)', '{"a":0.30000000000000004}', S],
  ['{var o = new JObject(); o["b"] = 2; o["a"] = "x"; return o.ToString(Formatting.None);}', '{"b":2,"a":"x"}', S],
  ['{var o = new JObject(); o.Add("a", 1); o.Add("a", 2); return o;}', { throws: 'System.ArgumentException', message: 'Can not add property a to Newtonsoft.Json.Linq.JObject. Property with the same name already exists on object.' }],
  ['{var o = new JObject(new JProperty("a", 1), new JProperty("b", "x")); return o.ToString(Formatting.None);}', '{"a":1,"b":"x"}', S],
  ['{var a = new JArray(); a.Add(1); a.Add("x"); a.Add(true); return a.ToString(Formatting.None);}', '[1,"x",true]', S],
  ['new JArray(1, 2, 3).Count', '3', I],
  [`{var o = ${p('{"a":1,"b":2}')}; o.Remove("a"); return o.ToString(Formatting.None);}`, '{"b":2}', S],
  [`{var o = ${p('{"a":1}')}; o["a"] = "z"; return (string)o["a"];}`, 'z', S],
  [`{var o = ${p('{"a":1}')}; o["n"] = null; return o.ToString(Formatting.None);}`, '{"a":1,"n":null}', S],
  [`{var o = ${p('{"a":{"x":1}}')}; var b = new JObject(); b["copy"] = o["a"]; o["a"]["x"] = 2; return b.ToString(Formatting.None);}`, '{"copy":{"x":1}}', S],
  [`{var o = ${p('{"a":1}')}; o.Property("a").Remove(); return o.Count;}`, '0', I],
  [`${p('{"a":1,"b":2}')}.Properties().Select(x => x.Name).Last()`, 'b', S],
  [`${p('{"a":{"b":[5,6]}}')}.SelectToken("a.b[1]").ToString()`, '6', S],
  [`${p('{"a":{"b":[5,6]}}')}.SelectToken("$.a.b[0]").ToString()`, '5', S],
  [`${p('{"a":{"b c":3}}')}.SelectToken("a['b c']").ToString()`, '3', S],
  [`${p('{"a":1}')}.SelectToken("x") == null`, 'True', B],
  [`{var s = ""; foreach (var kv in ${p('{"a":1,"b":2}')}) s += kv.Key + kv.Value; return s;}`, 'a1b2', S],
  ['{var n = 0; foreach (var x in JArray.Parse("[1,2,3]")) n += (int)x; return n;}', '6', I],
  [`${p('{"a":[1,2]}')}["a"].Children().Count()`, '2', I],
  ['JArray.Parse("[3,1,2]").Select(t => (int)t).Max()', '3', I],
  ['JToken.DeepEquals(JToken.Parse("[1,2]"), JToken.Parse("[1, 2]"))', 'True', B],
  [`${p('{"a":{"b":1}}')}.Descendants().Count()`, '4', I],
  [`${p('{"a":1}')}.DeepClone().ToString(Formatting.None)`, '{"a":1}', S],
];

const jsonConvert: Case[] = [
  ['JsonConvert.SerializeObject(new { a = 1, b = "x" })', '{"a":1,"b":"x"}', S],
  ['JsonConvert.SerializeObject("s")', '"s"', S],
  ['JsonConvert.SerializeObject(null)', 'null', S],
  ['JsonConvert.SerializeObject(new[] { 1, 2 })', '[1,2]', S],
  ['JsonConvert.SerializeObject(new { a = 1 }, Formatting.Indented)', '{\n  "a": 1\n}', S],
  ['JsonConvert.SerializeObject(1.5)', '1.5', S],
  ['JsonConvert.SerializeObject(true)', 'true', S],
  ['JsonConvert.SerializeObject(new { n = (string)null })', '{"n":null}', S],
  ['JsonConvert.SerializeObject(new Dictionary<string, int> { { "k", 1 } })', '{"k":1}', S],
  ['JsonConvert.SerializeObject(new List<string> { "a" })', '["a"]', S],
  [`JsonConvert.SerializeObject(${p('{"a":[1]}')})`, '{"a":[1]}', S],
  ['JsonConvert.DeserializeObject<JObject>("{\\"a\\":1}")["a"].ToString()', '1', S],
  ['JsonConvert.DeserializeObject<Dictionary<string, string>>("{\\"a\\":\\"x\\"}")["a"]', 'x', S],
  ['((JObject)JsonConvert.DeserializeObject("{\\"a\\":1}"))["a"].ToString()', '1', S],
  ['JsonConvert.DeserializeObject<int>("5")', '5', I],
  ['JsonConvert.DeserializeObject<string[]>("[\\"a\\",\\"b\\"]").Length', '2', I],
  ['JsonConvert.DeserializeObject<JObject>("{")', { throws: 'Newtonsoft.Json.JsonReaderException' }],
  ['JObject.FromObject(new { a = 1 }).ToString(Formatting.None)', '{"a":1}', S],
  ['JToken.FromObject("x").Type.ToString()', 'String', S],
  ['JObject.FromObject("x")', { throws: 'System.ArgumentException' }],
];

runTable('JSON parsing and indexers', parsingAndIndexers);
runTable('JSON reader errors', readerErrors);
runTable('JToken casts', casts);
runTable('Value<T> and ToObject<T>', valueAndToObject);
runTable('JSON formatting', formatting);
runTable('building and querying JSON', building);
runTable('JsonConvert', jsonConvert);
