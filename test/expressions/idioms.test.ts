/**
 * Idioms seen in APIM policies (docs and the snippet corpus), end to end through the engine.
 */
import { B, I, NULL, S, runTable, type Case } from './table.js';

const idioms: Case[] = [
  ['{var json = new JObject(); json.Add("a", "b"); json.Add("n", 1); json["t"] = true; json.Add(new JProperty("p", 2.5)); return json.ToString(Formatting.None);}', '{"a":"b","n":1,"t":true,"p":2.5}', S],
  ['((IResponse)context.Variables["r"]).Body.As<JObject>()?["x"]?.ToString()', 'y', S],
  ['((IResponse)context.Variables["r"]).Body.As<JObject>(true)["n"]?.ToString()', '', S],
  ['$"{context.Request.Url.Host}:{context.Request.Url.Port}"', 'h.example:8443', S],
  ['context.Request.Url.Query.GetValueOrDefault("a")?.ToLower()', 'b', S],
  ['{foreach (var h in context.Request.Headers) { return h.Key + "=" + h.Value[0]; } return "";}', 'X-A=v', S],
  ['context.Variables.ContainsKey("flag") && (bool)context.Variables["flag"]', 'True', B],
  ['{string v = null; return v == null ? null : "a";}', null, NULL],
  ['true ? 1 : (int?)null', '1', I],
  ['{var l = new List<string>(); l.Add("a"); return l.Count > 0 ? l[0] : null;}', 'a', S],
  ['{var d = new Dictionary<string, string>(); d["k"] = "v"; string o; return d.TryGetValue("k", out o) ? o : "none";}', 'v', S],
  ['int.TryParse("12", out var n) ? n * 2 : -1', '24', I],
  ['{ if (int.TryParse("x", out int m)) { return m; } return -1; }', '-1', I],
  ['Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("hi"))', 'aGk=', S],
  ['(context.Variables["r"] as IResponse)?.StatusCode ?? 0', '200', I],
  ['((JObject)JsonConvert.DeserializeObject("{\\"a\\":{\\"b\\":2}}")).SelectToken("a.b").Value<int>()', '2', I],
  ['context.Request.Headers.GetValueOrDefault("X-A","").Split(new char[] { \',\' }).Select(s => s.Trim()).ToArray().Length', '1', I],
  ['context.Request.Headers.GetValueOrDefault("Authorization","").AsJwt()?.Subject', null, NULL],
  ['(string)context.Variables.GetValueOrDefault("missing", "fallback")', 'fallback', S],
  ['context.Variables.GetValueOrDefault<bool>("flag") ? "mobile" : "desktop"', 'mobile', S],
  ['"1,2,3".Split(\',\').Select(int.Parse).Sum()', '6', I],
  ['new JObject { ["a"] = 1, ["b"] = "x" }.ToString(Formatting.None)', '{"a":1,"b":"x"}', S],
  ['new Dictionary<string, int> { ["k"] = 2 }["k"]', '2', I],
  ['new Dictionary<string, int> { ["x"] = 5, ["x"] = 6 }["x"]', '6', I], // an index initializer sets, never throws on a duplicate
  ['new Dictionary<string, int> { ["x"] = 5, ["y"] = 6 }.Count', '2', I],
  ['new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["x"] = 5 }["X"]', '5', I],
  ['new Dictionary<string, string[]> { ["a"] = new[] { "1" } }["a"][0]', '1', S],
  ['new Dictionary<int, string> { [1] = "one" }[1]', 'one', S],
  ['new Dictionary<string, object> { ["n"] = 1, ["s"] = "t" }["s"]', 't', S],
  ['string.Join(",", new Dictionary<string, int> { ["b"] = 1, ["a"] = 2 }.Keys)', 'b,a', S],
  ['new Dictionary<string, int> { ["x"] = "s" }', { diagnostic: 'OH302' }],
  ['new[] { "a", "", null }.Count(string.IsNullOrEmpty)', '2', I],
];

runTable('policy idioms', idioms, {
  request: { url: 'wss://h.example:8443/p?a=B', headers: { 'X-A': 'v' } },
  variables: { r: { statusCode: 200, body: { x: 'y', n: null } }, flag: true },
});
