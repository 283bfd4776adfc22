/**
 * The `context` model (reference §4.4) over a HandshakeState built from a context file, with the
 * documented local defaults; IResponse / IMessageBody reads, including a second read without
 * preserveContent.
 */
import { describe, expect, it } from 'vitest';
import { B, D, I, L, NULL, S, evaluate, runTable, type Case } from './table.js';
import { stateFromJson, type ContextFile } from '../../src/expressions/host/state-from-json.js';

const NS = 'Microsoft.Azure.ApiManagement.Policies.Expressions.';

const CONTEXT: ContextFile = {
  request: {
    method: 'GET',
    url: 'wss://contoso.example.net/chat/hub?id=42&id=43&name=ada',
    originalUrl: 'wss://gateway.example.net:8443/api/chat/hub?id=42',
    headers: { Authorization: 'Bearer abc.def.ghi', 'X-Multi': ['a', 'b'], 'User-Agent': 'test-agent' },
    ipAddress: '10.0.0.1',
    matchedParameters: { id: '42' },
  },
  variables: {
    count: 3,
    name: 'bob',
    ratio: 1.5,
    big: 5000000000,
    flag: true,
    nothing: null,
    resp: { statusCode: 201, statusReason: 'Created', headers: { 'Content-Type': 'application/json' }, body: { url: 'https://backend/hub', accessToken: 'tok', list: [1, 2] } },
    text: { statusCode: 500, body: 'oops' },
  },
  api: { id: 'chat', name: 'Chat API', path: 'chat', serviceUrl: 'wss://backend.example.net/hub', version: 'v1' },
  product: { id: 'starter', name: 'Starter', groups: [{ id: 'g1', name: 'Developers' }] },
  subscription: { id: 'sub-1', name: 'Sub One', key: 'k1', primaryKey: 'k1', secondaryKey: 'k2', createdDate: '2024-01-02T03:04:05Z' },
  user: { id: 'u1', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', groups: [{ id: 'g1', name: 'Developers' }] },
  lastError: { source: 'validate-jwt', reason: 'TokenExpired', message: 'Token expired', scope: 'api', section: 'inbound', path: 'policies/inbound/validate-jwt[1]' },
  requestId: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
  timestamp: '2024-05-06T07:08:09Z',
};

const request: Case[] = [
  ['context.Request.Method', 'GET', S],
  ['context.Request.Url.Host', 'contoso.example.net', S],
  ['context.Request.Url.Port', '443', I],
  ['context.Request.Url.Scheme', 'wss', S],
  ['context.Request.Url.Path', '/chat/hub', S],
  ['context.Request.Url.QueryString', '?id=42&id=43&name=ada', S],
  ['context.Request.Url.Query["id"].Length', '2', I],
  ['context.Request.Url.Query["id"][1]', '43', S],
  ['context.Request.Url.Query.GetValueOrDefault("id")', '42,43', S],
  ['context.Request.Url.Query.GetValueOrDefault("missing", "d")', 'd', S],
  ['context.Request.Url.Query.GetValueOrDefault("missing")', null, NULL],
  ['context.Request.Url.Query.ContainsKey("name")', 'True', B],
  ['context.Request.Url.ToString()', 'wss://contoso.example.net/chat/hub?id=42&id=43&name=ada', S],
  ['context.Request.Url.Path + context.Request.Url.QueryString', '/chat/hub?id=42&id=43&name=ada', S],
  ['context.Request.OriginalUrl.Host', 'gateway.example.net', S],
  ['context.Request.OriginalUrl.Port', '8443', I],
  ['context.Request.OriginalUrl.Path', '/api/chat/hub', S],
  ['context.Request.Headers["X-Multi"].Length', '2', I],
  ['context.Request.Headers.GetValueOrDefault("x-multi", "")', 'a,b', S],
  ['context.Request.Headers.GetValueOrDefault("Authorization", "").Split(\' \')[1]', 'abc.def.ghi', S],
  ['context.Request.Headers.ContainsKey("authorization")', 'True', B],
  ['context.Request.Headers["Missing"]', { throws: 'System.Collections.Generic.KeyNotFoundException', message: "The given key 'Missing' was not present in the dictionary." }],
  ['context.Request.Headers.GetValueOrDefault("Missing", "none")', 'none', S],
  ['context.Request.Headers.GetValueOrDefault("Missing")', null, NULL],
  ['context.Request.Headers.Count', '3', I],
  ['context.Request.Headers.Select(h => h.Key).First()', 'Authorization', S],
  ['context.Request.Headers.Any(h => h.Key == "User-Agent")', 'True', B],
  // the LINQ chain over headers (fused Where/Select feeding ToArray; one headers view per request)
  ['string.Join(";", context.Request.Headers.Where(h => h.Key.StartsWith("X-")).Select(h => h.Key + "=" + string.Join(",", h.Value)).ToArray())', 'X-Multi=a,b', S],
  ['context.Request.Headers.Select(h => h.Key.Length).Where(n => n > 7).ToArray().Length', '2', I],
  ['string.Join(",", context.Request.Headers.Select(h => h.Value.Length).ToArray())', '1,2,1', S],
  ['context.Request.Headers.Where(h => h.Key == "X-Multi").Select(h => h.Value).ToArray()[0][1]', 'b', S],
  ['{var kv = context.Request.Headers.Where(h => h.Key == "X-Multi").ToArray()[0]; kv.Value[0] = "z"; return context.Request.Headers["X-Multi"][0];}', 'a', S],
  ['{var q = context.Request.Headers.Where(h => h.Key.StartsWith("X-")); var a = q.ToArray(); var b = q.ToArray(); return a.Length + b.Length;}', '2', I],
  ['{var l = new List<int> { 1, 2 }; var q = l.Where(x => x > 1).Select(x => x * 10); l.Add(3); return string.Join(",", q.ToArray());}', '20,30', S],
  ['new List<int> { 1, 2, 3 }.Where(x => x > 1).Select(x => x * 2).Where(x => x < 6).ToArray().Length', '1', I],
  ['{string[] v; return context.Request.Headers.TryGetValue("X-Multi", out v) ? v[0] : "none";}', 'a', S],
  ['context.Request.Headers.TryGetValue("Nope", out var v2)', 'False', B],
  ['context.Request.IpAddress', '10.0.0.1', S],
  ['context.Request.MatchedParameters["id"]', '42', S],
  ['context.Request.MatchedParameters.GetValueOrDefault("nope", "d")', 'd', S],
  ['context.Request.Body == null', 'True', B],
  ['context.Request.Body.As<string>()', { throws: 'System.NullReferenceException' }],
  ['context.Request.Certificate == null', 'True', B],
];

const variables: Case[] = [
  ['context.Variables["count"]', '3', I],
  ['context.Variables["name"]', 'bob', S],
  ['context.Variables["ratio"]', '1.5', D],
  ['context.Variables["big"]', '5000000000', L],
  ['context.Variables["flag"]', 'True', B],
  ['context.Variables["nothing"]', null, NULL],
  ['context.Variables.ContainsKey("count")', 'True', B],
  ['context.Variables.ContainsKey("Count")', 'False', B],
  ['context.Variables["nope"]', { throws: 'System.Collections.Generic.KeyNotFoundException', message: "The given key 'nope' was not present in the dictionary." }],
  ['context.Variables.GetValueOrDefault<string>("name")', 'bob', S],
  ['context.Variables.GetValueOrDefault<int>("count") * 2', '6', I],
  ['context.Variables.GetValueOrDefault<int>("nope")', '0', I],
  ['context.Variables.GetValueOrDefault<bool>("nope")', 'False', B],
  ['context.Variables.GetValueOrDefault<string>("nope")', null, NULL],
  ['context.Variables.GetValueOrDefault<string>("nope", "dflt")', 'dflt', S],
  ['context.Variables.GetValueOrDefault("nope", "dflt")', 'dflt', S],
  ['context.Variables.GetValueOrDefault<int>("name")', { throws: 'System.InvalidCastException' }],
  ['(string)context.Variables["name"]', 'bob', S],
  ['(int)context.Variables["name"]', { throws: 'System.InvalidCastException', message: "Unable to cast object of type 'System.String' to type 'System.Int32'." }],
  ['(double)context.Variables["ratio"] * 2', '3', D],
  ['(bool)context.Variables["flag"] ? "on" : "off"', 'on', S],
  ['context.Variables["count"].ToString()', '3', S],
  ['"n=" + context.Variables["count"]', 'n=3', S],
  ['context.Variables.Count', '8', I],
  ['context.Variables.Keys.Contains("resp")', 'True', B],
  ['{object o; return context.Variables.TryGetValue("name", out o) ? o : "none";}', 'bob', S],
];

const responses: Case[] = [
  ['((IResponse)context.Variables["resp"]).StatusCode', '201', I],
  ['((IResponse)context.Variables["resp"]).StatusReason', 'Created', S],
  ['((IResponse)context.Variables["resp"]).Body.As<JObject>()["url"].ToString()', 'https://backend/hub', S],
  ['((IResponse)context.Variables["resp"]).Body.As<JObject>()["list"][1].ToString()', '2', S],
  ['((IResponse)context.Variables["resp"]).Body.As<JToken>()["accessToken"].Value<string>()', 'tok', S],
  ['((IResponse)context.Variables["resp"]).Body.As<string>()', '{"url":"https://backend/hub","accessToken":"tok","list":[1,2]}', S],
  ['((IResponse)context.Variables["resp"]).Body.As<byte[]>().Length', '62', I],
  ['((IResponse)context.Variables["resp"]).Body.As<JArray>()', { throws: 'Newtonsoft.Json.JsonReaderException' }],
  ['((IResponse)context.Variables["text"]).Body.As<JObject>()', { throws: 'Newtonsoft.Json.JsonReaderException' }],
  ['((IResponse)context.Variables["text"]).Body.As<string>()', 'oops', S],
  ['((IResponse)context.Variables["resp"]).Headers.GetValueOrDefault("content-type", "")', 'application/json', S],
  ['((IResponse)context.Variables["resp"]).Headers["Content-Type"][0]', 'application/json', S],
  ['{var r = (IResponse)context.Variables["resp"]; r.Body.As<string>(); return r.Body.As<string>();}', '', S],
  ['{var r = (IResponse)context.Variables["resp"]; r.Body.As<string>(); return r.Body.As<JObject>() == null;}', 'True', B],
  ['{var r = (IResponse)context.Variables["resp"]; var a = r.Body.As<string>(preserveContent: true); return r.Body.As<string>() == a;}', 'True', B],
  ['{var r = (IResponse)context.Variables["resp"]; r.Body.As<JObject>(true); return r.Body.As<JObject>()["accessToken"].ToString();}', 'tok', S],
  ['(IResponse)context.Variables["name"]', { throws: 'System.InvalidCastException', message: `Unable to cast object of type 'System.String' to type '${NS}IResponse'.` }],
  ['context.Variables["resp"] is IResponse', 'True', B],
  ['(context.Variables["name"] as IResponse) == null', 'True', B],
];

const model: Case[] = [
  ['context.Api.Name', 'Chat API', S],
  ['context.Api.Id', 'chat', S],
  ['context.Api.Path', 'chat', S],
  ['context.Api.Version', 'v1', S],
  ['context.Api.ServiceUrl.Host', 'backend.example.net', S],
  ['context.Api.ServiceUrl.ToString()', 'wss://backend.example.net/hub', S],
  ['context.Api.IsCurrentRevision', 'True', B],
  ['context.Api.SubscriptionKeyParameterNames.Header', 'Ocp-Apim-Subscription-Key', S],
  ['context.Operation.Name', 'onHandshake', S],
  ['context.Operation.Id', 'onHandshake', S],
  ['context.Operation.Method', 'GET', S],
  ['context.Deployment.Region', 'local', S],
  ['context.Deployment.ServiceName', 'onhandshake-local', S],
  ['context.Deployment.Gateway.Id', 'local', S],
  ['context.Deployment.Gateway.IsManaged', 'False', B],
  ['context.Product.Name', 'Starter', S],
  ['context.Product.Groups.First().Name', 'Developers', S],
  ['context.Product.State.ToString()', 'Published', S],
  ['context.Subscription.Key', 'k1', S],
  ['context.Subscription.Name', 'Sub One', S],
  ['context.Subscription.EndDate == null', 'True', B],
  ['context.User.Email', 'ada@example.com', S],
  ['context.User.FirstName + " " + context.User.LastName', 'Ada Lovelace', S],
  ['context.User.Groups.Any(g => g.Name == "Developers")', 'True', B],
  ['context.LastError.Reason', 'TokenExpired', S],
  ['context.LastError.Source', 'validate-jwt', S],
  ['context.LastError.Path', 'policies/inbound/validate-jwt[1]', S],
  ['context.RequestId.ToString()', '6f9619ff-8b86-d011-b42d-00c04fc964ff', S],
  ['context.RequestId', '6f9619ff-8b86-d011-b42d-00c04fc964ff', 'System.Guid'],
  ['context.Timestamp.Year', '2024', I],
  ['context.Elapsed.TotalMilliseconds >= 0', 'True', B],
  ['context.Tracing', 'False', B],
  ['context.Workspace == null', 'True', B],
  ['context.Response == null', 'True', B],
];

const EMPTY: ContextFile = {};
const defaults: Case[] = [
  ['context.Product == null', 'True', B],
  ['context.Subscription?.Key ?? "anonymous"', 'anonymous', S],
  ['context.User?.Email', null, NULL],
  ['context.LastError == null', 'True', B],
  ['context.Request.Url.ToString()', 'ws://localhost/', S],
  ['context.Request.Headers.Count', '0', I],
  ['context.Subscription.Key', { throws: 'System.NullReferenceException', message: 'Object reference not set to an instance of an object.' }],
  ['context.Variables.Count', '0', I],
];

const compile: Case[] = [
  ['context.Nope', { diagnostic: 'OH301' }],
  ['context.Request.Nope', { diagnostic: 'OH301' }],
  ['{context.Request.Method = "POST"; return 1;}', { diagnostic: 'OH302' }],
  ['context.Variables["x"].Body', { diagnostic: 'OH301' }],
  ['context.Variables["x"] = 1', { diagnostic: 'OH302' }],
];

runTable('context.Request', request, CONTEXT);
runTable('context.Variables', variables, CONTEXT);
runTable('IResponse and IMessageBody', responses, CONTEXT);
runTable('context model', model, CONTEXT);
runTable('context local defaults', defaults, EMPTY);
runTable('context compile errors', compile, CONTEXT);

describe('context.Trace and live state', () => {
  it('context.Trace writes a trace entry and returns no value', () => {
    const entries: string[] = [];
    const state = stateFromJson(CONTEXT, (source, message) => entries.push(`${source}: ${message}`));
    expect(evaluate('context.Trace("hello " + 1)', state)).toEqual({ text: null, type: 'null' });
    expect(entries).toEqual(['context.Trace: hello 1']);
  });

  it('sees state changes made after compilation (set-header, set-variable)', () => {
    const state = stateFromJson(CONTEXT);
    state.request.headers.set('X-Added', 'yes');
    state.variables.set('late', 'v');
    expect(evaluate('context.Request.Headers.GetValueOrDefault("x-added", "") + context.Variables["late"]', state)).toEqual({ text: 'yesv', type: S });
  });
});
