/**
 * The `context` object (reference §4.4) as a read-only view over the executor's HandshakeState:
 * every property reads the state when accessed, so policies that change the state (set-header,
 * rewrite-uri, set-variable) are seen by later expressions. Nothing here writes to the state except
 * context.Trace(…), which appends a trace entry.
 *
 * Local defaults (documented in docs/expressions.md): context.Workspace, Request.Certificate,
 * Request.PrivateEndpointConnection and Request.Body are null on a handshake; Deployment.Gateway.Id and
 * InstanceId come from DeploymentInfo.gatewayId ("local" by default), IsManaged is false;
 * Deployment.Certificates holds DeploymentInfo.certificates (the configuration's certificates:, by
 * thumbprint; empty in eval and tests); context.Response is null until a response is being built.
 */
import { effect } from '../effects.js';
import type { HandshakeState, UrlState } from '../../model/state.js';
import type { HeaderBag } from '../../common/headers.js';
import { formatQuery } from '../../common/query-string.js';
import { field, generic, indexer, method, prop, registerType } from '../registry.js';
import { dotnetError } from '../errors.js';
import { DateTimeValue, GuidValue, TimeSpanValue, makeArray } from '../values.js';
import { toDotnetString } from '../format.js';
import { checkedCast } from '../compiler/conversions.js';
import { MessageBody, ResponseValue } from '../host/response.js';
import { KeyValuePairValue, DictionaryValue, ListValue } from './collections.js';
import { defaultOfTy } from './equality.js';
import { JArray, JObject, JToken, parseJson } from './json.js';
import { parseDocument, parseElement } from './xml/build.js';
import { Certificate2Value } from './x509/certificate.js';
import { loadCertificate } from './x509/load.js';

const NS = 'Microsoft.Azure.ApiManagement.Policies.Expressions';

function keyNotFound(key: string): never {
  throw dotnetError('System.Collections.Generic.KeyNotFoundException', `The given key '${key}' was not present in the dictionary.`);
}

// ───────────── read-only dictionaries over the state ─────────────

/** IReadOnlyDictionary<string, string[]> over a HeaderBag (case-insensitive). */
export class HeadersView {
  constructor(readonly bag: HeaderBag) {}
}

/** One view per bag, so reading `context.Request.Headers` allocates nothing (and is the same object, as in .NET). */
const headerViews = new WeakMap<HeaderBag, HeadersView>();
function headersViewOf(bag: HeaderBag): HeadersView {
  let v = headerViews.get(bag);
  if (!v) {
    v = new HeadersView(bag);
    headerViews.set(bag, v);
  }
  return v;
}

const HEADER_PAIR_TYPES: [string, string] = ['System.String', 'System.String[]'];

/** The headers as KeyValuePair<string, string[]> items (an array: no generator per enumeration); values are copies, so a policy cannot change the bag. */
function headerPairs(h: HeadersView): KeyValuePairValue[] {
  const out: KeyValuePairValue[] = [];
  for (const [name, values] of h.bag) out.push(new KeyValuePairValue(name, makeArray('System.String', values.slice()), HEADER_PAIR_TYPES));
  return out;
}
registerType({
  name: `${NS}.HeaderDictionary`,
  jsClass: HeadersView,
  interfaces: ['System.Collections.Generic.IReadOnlyDictionary<string, string[]>'],
  iterate: headerPairs,
  indexers: [indexer('(string key) => string[]', (h: HeadersView, k: string) => makeArray('System.String', [...(h.bag.getAll(k) ?? keyNotFound(k))]))],
  members: {
    Count: prop('int', (h: HeadersView) => h.bag.size),
    Keys: prop('IEnumerable<string>', (h: HeadersView) => makeArray('System.String', h.bag.names())),
    ContainsKey: method('(string key) => bool', (h: HeadersView, k: string) => h.bag.has(k)),
    GetValueOrDefault: [
      method('(string headerName) => string', (h: HeadersView, k: string) => h.bag.get(k) ?? null),
      method('(string headerName, string defaultValue) => string', (h: HeadersView, k: string, d: string | null) => h.bag.get(k) ?? d),
    ],
    TryGetValue: method('(string key, out string[] value) => bool', (h: HeadersView, k: string, out: { value: unknown }) => {
      const v = h.bag.getAll(k);
      out.value = v ? makeArray('System.String', [...v]) : null;
      return !!v;
    }),
  },
  toJson: (h: HeadersView) => Object.fromEntries([...h.bag].map(([n, v]) => [n, v.join(',')])),
});

/** IReadOnlyDictionary<string, string[]> over decoded query pairs. */
export class QueryView {
  constructor(readonly pairs: ReadonlyArray<[string, string]>) {}
  all(k: string): string[] | undefined {
    const v = this.pairs.filter(([n]) => n === k).map(([, x]) => x);
    return v.length ? v : undefined;
  }
  names(): string[] {
    return [...new Set(this.pairs.map(([n]) => n))];
  }
}
registerType({
  name: `${NS}.QueryDictionary`,
  jsClass: QueryView,
  interfaces: ['System.Collections.Generic.IReadOnlyDictionary<string, string[]>'],
  iterate: function* (q: QueryView) {
    for (const n of q.names()) yield new KeyValuePairValue(n, makeArray('System.String', q.all(n)!), ['System.String', 'System.String[]']);
  },
  indexers: [indexer('(string key) => string[]', (q: QueryView, k: string) => makeArray('System.String', q.all(k) ?? keyNotFound(k)))],
  members: {
    Count: prop('int', (q: QueryView) => q.names().length),
    Keys: prop('IEnumerable<string>', (q: QueryView) => makeArray('System.String', q.names())),
    ContainsKey: method('(string key) => bool', (q: QueryView, k: string) => !!q.all(k)),
    GetValueOrDefault: [
      method('(string name) => string', (q: QueryView, k: string) => q.all(k)?.join(',') ?? null),
      method('(string name, string defaultValue) => string', (q: QueryView, k: string, d: string | null) => q.all(k)?.join(',') ?? d),
    ],
    TryGetValue: method('(string key, out string[] value) => bool', (q: QueryView, k: string, out: { value: unknown }) => {
      const v = q.all(k);
      out.value = v ? makeArray('System.String', v) : null;
      return !!v;
    }),
  },
  toJson: (q: QueryView) => Object.fromEntries(q.names().map((n) => [n, q.all(n)!.join(',')])),
});

/** IReadOnlyDictionary<string, string> (MatchedParameters). */
export class StringMapView {
  constructor(readonly map: ReadonlyMap<string, string>) {}
}
registerType({
  name: `${NS}.StringDictionary`,
  jsClass: StringMapView,
  interfaces: ['System.Collections.Generic.IReadOnlyDictionary<string, string>'],
  iterate: function* (m: StringMapView) {
    for (const [k, v] of m.map) yield new KeyValuePairValue(k, v, ['System.String', 'System.String']);
  },
  indexers: [indexer('(string key) => string', (m: StringMapView, k: string) => m.map.get(k) ?? keyNotFound(k))],
  members: {
    Count: prop('int', (m: StringMapView) => m.map.size),
    Keys: prop('IEnumerable<string>', (m: StringMapView) => makeArray('System.String', [...m.map.keys()])),
    ContainsKey: method('(string key) => bool', (m: StringMapView, k: string) => m.map.has(k)),
    GetValueOrDefault: [
      method('(string key) => string', (m: StringMapView, k: string) => m.map.get(k) ?? null),
      method('(string key, string defaultValue) => string', (m: StringMapView, k: string, d: string | null) => m.map.get(k) ?? d),
    ],
    TryGetValue: method('(string key, out string value) => bool', (m: StringMapView, k: string, out: { value: unknown }) => {
      out.value = m.map.get(k) ?? null;
      return m.map.has(k);
    }),
  },
  toJson: (m: StringMapView) => Object.fromEntries(m.map),
});

/** context.Variables: IReadOnlyDictionary<string, object>. */
export class VariablesView {
  constructor(readonly map: ReadonlyMap<string, unknown>) {}
}
registerType({
  name: `${NS}.VariableDictionary`,
  jsClass: VariablesView,
  interfaces: ['System.Collections.Generic.IReadOnlyDictionary<string, object>'],
  iterate: function* (m: VariablesView) {
    for (const [k, v] of m.map) yield new KeyValuePairValue(k, v, ['System.String', 'System.Object']);
  },
  indexers: [
    indexer('(string key) => object', (m: VariablesView, k: string) => {
      if (!m.map.has(k)) keyNotFound(k);
      return m.map.get(k) ?? null;
    }),
  ],
  members: {
    Count: prop('int', (m: VariablesView) => m.map.size),
    Keys: prop('IEnumerable<string>', (m: VariablesView) => makeArray('System.String', [...m.map.keys()])),
    ContainsKey: method('(string key) => bool', (m: VariablesView, k: string) => m.map.has(k)),
    TryGetValue: method('(string key, out object value) => bool', (m: VariablesView, k: string, out: { value: unknown }) => {
      out.value = m.map.get(k) ?? null;
      return m.map.has(k);
    }),
    // APIM: returns the default when missing; a stored value of another type is an InvalidCastException.
    GetValueOrDefault: [
      generic('<T>(string variableName) => T', ([t]) => {
        const cast = checkedCast(t!);
        const fallback = defaultOfTy(t!);
        return (m: VariablesView, k: string) => (m.map.has(k) ? (cast ? cast(m.map.get(k) ?? null) : m.map.get(k)) : fallback);
      }),
      generic('<T>(string variableName, T defaultValue) => T', ([t]) => {
        const cast = checkedCast(t!);
        return (m: VariablesView, k: string, d: unknown) => (m.map.has(k) ? (cast ? cast(m.map.get(k) ?? null) : m.map.get(k)) : d);
      }),
    ],
  },
  toJson: (m: VariablesView) => Object.fromEntries([...m.map.keys()].map((k) => [k, toDotnetString(m.map.get(k))])),
});


// ───────────── IUrl ─────────────

export class UrlView {
  constructor(readonly url: UrlState) {}
  get queryString(): string {
    if (!this.url.query.length) return '';
    return '?' + formatQuery(this.url.query);
  }
  toString(): string {
    const u = this.url;
    const defaultPort = (u.scheme === 'https' || u.scheme === 'wss') ? 443 : 80;
    return `${u.scheme}://${u.host}${u.port === defaultPort ? '' : `:${u.port}`}${u.path}${this.queryString}`;
  }
}
registerType({
  name: `${NS}.IUrl`,
  jsClass: UrlView,
  members: {
    Host: prop('string', (u: UrlView) => u.url.host),
    Path: prop('string', (u: UrlView) => u.url.path),
    Port: prop('int', (u: UrlView) => u.url.port),
    Scheme: prop('string', (u: UrlView) => u.url.scheme),
    Query: prop(`${NS}.QueryDictionary`, (u: UrlView) => new QueryView(u.url.query)),
    QueryString: prop('string', (u: UrlView) => u.queryString),
    ToUri: method('() => System.Uri', (u: UrlView) => u.toString()),
  },
  toString: (u: UrlView) => u.toString(),
  toJson: (u: UrlView) => u.toString(),
});

function urlFromString(text: string): UrlState {
  const u = new URL(text);
  const scheme = u.protocol.replace(/:$/, '');
  const port = u.port ? Number(u.port) : scheme === 'https' || scheme === 'wss' ? 443 : 80;
  return { scheme, host: u.hostname, port, path: u.pathname || '/', query: [...u.searchParams] };
}

// ───────────── IMessageBody / IResponse ─────────────

registerType({
  name: `${NS}.IMessageBody`,
  jsClass: MessageBody,
  members: {
    As: generic('<T>(bool preserveContent = false) => T', ([t]) => {
      const name = t!.dotnetName;
      return (b: MessageBody, preserve: boolean) => readBodyAs(b, name, preserve);
    }),
    AsFormUrlEncodedContent: method('(bool preserveContent = false) => Dictionary<string, IList<string>>', (b: MessageBody, preserve: boolean) => {
      const dict = new DictionaryValue('System.String', 'System.Collections.Generic.IList`1[System.String]');
      for (const [k, v] of new URLSearchParams(b.read(preserve).toString('utf8'))) {
        const list = dict.map.has(k) ? (dict.get(k) as ListValue) : new ListValue('System.String');
        list.items.push(v);
        dict.set(k, list);
      }
      return dict;
    }),
  },
});

/** IMessageBody.As<T>: string, byte[], JObject, JToken, JArray, XNode (the XDocument), XElement, XDocument. */
export function readBodyAs(body: MessageBody, typeName: string, preserve: boolean): unknown {
  const bytes = body.read(preserve);
  switch (typeName) {
    case 'System.String':
      return bytes.toString('utf8');
    case 'System.Byte[]':
      return new Uint8Array(bytes);
    case 'Newtonsoft.Json.Linq.JObject':
    case 'Newtonsoft.Json.Linq.JToken':
    case 'Newtonsoft.Json.Linq.JArray': {
      const text = bytes.toString('utf8');
      if (text.trim() === '') return null;
      const token = parseJson(text);
      if (typeName === 'Newtonsoft.Json.Linq.JObject' && !(token instanceof JObject)) {
        throw dotnetError('Newtonsoft.Json.JsonReaderException', `Error reading JObject from JsonReader. Current JsonReader item is not an object: ${readerTokenName(token)}. Path '', line 1, position 1.`);
      }
      if (typeName === 'Newtonsoft.Json.Linq.JArray' && !(token instanceof JArray)) {
        throw dotnetError('Newtonsoft.Json.JsonReaderException', `Error reading JArray from JsonReader. Current JsonReader item is not an array: ${readerTokenName(token)}. Path '', line 1, position 1.`);
      }
      return token;
    }
    case 'System.Xml.Linq.XDocument':
    case 'System.Xml.Linq.XNode':
      return parseDocument(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    case 'System.Xml.Linq.XElement':
      return parseElement(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  }
  throw dotnetError('System.NotSupportedException', `IMessageBody.As<${typeName}>() is not supported: use string, byte[], JObject, JToken, JArray, XNode, XElement or XDocument.`);
}

function readerTokenName(t: JToken): string {
  if (t instanceof JArray) return 'StartArray';
  if (t instanceof JObject) return 'StartObject';
  return t.readerTokenName();
}

registerType({
  name: `${NS}.IResponse`,
  jsClass: ResponseValue,
  members: {
    StatusCode: prop('int', (r: ResponseValue) => r.statusCode),
    StatusReason: prop('string', (r: ResponseValue) => r.statusReason),
    Headers: prop(`${NS}.HeaderDictionary`, (r: ResponseValue) => headersViewOf(r.headers)),
    Body: prop(`${NS}.IMessageBody`, (r: ResponseValue) => r.body),
  },
  toJson: (r: ResponseValue) => ({ statusCode: r.statusCode, statusReason: r.statusReason, headers: Object.fromEntries([...r.headers].map(([n, v]) => [n, v.join(',')])), body: r.body.bytes.toString('utf8') }),
});

/** context.Response while a response is being built (return-response, on-error). */
export class ContextResponseView {
  constructor(readonly response: NonNullable<HandshakeState['response']>) {}
}
registerType({
  name: `${NS}.IContextResponse`,
  base: `${NS}.IResponse`,
  jsClass: ContextResponseView,
  members: {
    StatusCode: prop('int', (r: ContextResponseView) => r.response.statusCode),
    StatusReason: prop('string', (r: ContextResponseView) => r.response.statusReason),
    Headers: prop(`${NS}.HeaderDictionary`, (r: ContextResponseView) => headersViewOf(r.response.headers)),
    Body: prop(`${NS}.IMessageBody`, () => null),
  },
});

// ───────────── the context and its parts ─────────────

/** A read-only view of one part of the state; `part` selects it. */
class View<T> {
  constructor(readonly data: T) {}
}
class ApiView extends View<HandshakeState['api']> {}
class OperationView extends View<HandshakeState['operation']> {}
class ProductView extends View<NonNullable<HandshakeState['product']>> {}
class SubscriptionView extends View<NonNullable<HandshakeState['subscription']>> {}
class UserView extends View<NonNullable<HandshakeState['user']>> {}
class DeploymentView extends View<HandshakeState['deployment']> {}
class GatewayView extends View<HandshakeState['deployment']> {}
class LastErrorView extends View<NonNullable<HandshakeState['lastError']>> {}
class GroupView extends View<{ id: string; name: string }> {}
class IdentityView extends View<{ id: string; provider: string }> {}
class KeyNamesView extends View<{ header: string; query: string }> {}
class RequestView extends View<HandshakeState> {}
/** One IRequest view per state: `context.Request` is read by most expressions. */
const requestViews = new WeakMap<HandshakeState, RequestView>();
function requestViewOf(state: HandshakeState): RequestView {
  let v = requestViews.get(state);
  if (!v) {
    v = new RequestView(state);
    requestViews.set(state, v);
  }
  return v;
}

export class ContextView {
  constructor(readonly state: HandshakeState) {}
}

const views = new WeakMap<HandshakeState, ContextView>();
/** The `context` value for a state (one per state). */
export function contextFor(state: HandshakeState): ContextView {
  let v = views.get(state);
  if (!v) {
    v = new ContextView(state);
    views.set(state, v);
  }
  return v;
}

const s = (get: (x: any) => unknown) => prop('string', get);
const dt = (d: Date | null) => (d ? DateTimeValue.fromDate(d, 'Utc') : null);
const strings = (xs: string[]) => makeArray('System.String', [...xs]);

registerType({
  name: `${NS}.IGroup`,
  jsClass: GroupView,
  members: { Id: s((g: GroupView) => g.data.id), Name: s((g: GroupView) => g.data.name) },
});
registerType({
  name: `${NS}.IUserIdentity`,
  jsClass: IdentityView,
  members: { Id: s((g: IdentityView) => g.data.id), Provider: s((g: IdentityView) => g.data.provider) },
});
registerType({
  name: `${NS}.SubscriptionKeyParameterNames`,
  jsClass: KeyNamesView,
  members: { Header: s((k: KeyNamesView) => k.data.header), Query: s((k: KeyNamesView) => k.data.query) },
});
registerType({
  name: `${NS}.IApi`,
  jsClass: ApiView,
  members: {
    Id: s((a: ApiView) => a.data.id),
    Name: s((a: ApiView) => a.data.name),
    Path: s((a: ApiView) => a.data.path),
    Revision: s((a: ApiView) => a.data.revision),
    Version: s((a: ApiView) => a.data.version),
    IsCurrentRevision: prop('bool', (a: ApiView) => a.data.isCurrentRevision),
    ServiceUrl: prop(`${NS}.IUrl`, (a: ApiView) => new UrlView(urlFromString(a.data.serviceUrl))),
    Protocols: prop('IEnumerable<string>', (a: ApiView) => strings(a.data.protocols)),
    SubscriptionKeyParameterNames: prop(`${NS}.SubscriptionKeyParameterNames`, (a: ApiView) => new KeyNamesView(a.data.subscriptionKeyParameterNames)),
  },
});
registerType({
  name: `${NS}.IOperation`,
  jsClass: OperationView,
  members: {
    Id: s((o: OperationView) => o.data.id),
    Name: s((o: OperationView) => o.data.name),
    Method: s((o: OperationView) => o.data.method),
    UrlTemplate: s((o: OperationView) => o.data.urlTemplate),
  },
});
registerType({ name: `${NS}.ProductState`, kind: 'enum', enumMembers: { NotPublished: 0, Published: 1 } });
registerType({
  name: `${NS}.IProduct`,
  jsClass: ProductView,
  members: {
    Id: s((p: ProductView) => p.data.id),
    Name: s((p: ProductView) => p.data.name),
    ApprovalRequired: prop('bool', (p: ProductView) => p.data.approvalRequired),
    SubscriptionRequired: prop('bool', (p: ProductView) => p.data.subscriptionRequired),
    SubscriptionsLimit: prop('int?', (p: ProductView) => p.data.subscriptionsLimit),
    State: prop(`${NS}.ProductState`, (p: ProductView) => p.data.state),
    Groups: prop(`IEnumerable<${NS}.IGroup>`, (p: ProductView) => p.data.groups.map((g) => new GroupView(g))),
  },
});
registerType({
  name: `${NS}.ISubscription`,
  jsClass: SubscriptionView,
  members: {
    Id: s((x: SubscriptionView) => x.data.id),
    Name: s((x: SubscriptionView) => x.data.name),
    Key: s((x: SubscriptionView) => x.data.key),
    PrimaryKey: s((x: SubscriptionView) => x.data.primaryKey),
    SecondaryKey: s((x: SubscriptionView) => x.data.secondaryKey),
    CreatedDate: prop('DateTime', (x: SubscriptionView) => dt(x.data.createdDate)),
    StartDate: prop('DateTime?', (x: SubscriptionView) => dt(x.data.startDate)),
    EndDate: prop('DateTime?', (x: SubscriptionView) => dt(x.data.endDate)),
  },
});
registerType({
  name: `${NS}.IUser`,
  jsClass: UserView,
  members: {
    Id: s((u: UserView) => u.data.id),
    Email: s((u: UserView) => u.data.email),
    FirstName: s((u: UserView) => u.data.firstName),
    LastName: s((u: UserView) => u.data.lastName),
    Note: s((u: UserView) => u.data.note),
    RegistrationDate: prop('DateTime', (u: UserView) => dt(u.data.registrationDate)),
    Groups: prop(`IEnumerable<${NS}.IGroup>`, (u: UserView) => u.data.groups.map((g) => new GroupView(g))),
    Identities: prop(`IEnumerable<${NS}.IUserIdentity>`, (u: UserView) => u.data.identities.map((g) => new IdentityView(g))),
  },
});
registerType({
  name: `${NS}.IGateway`,
  jsClass: GatewayView,
  members: {
    Id: s((g: GatewayView) => g.data.gatewayId),
    InstanceId: s((g: GatewayView) => g.data.gatewayId),
    IsManaged: prop('bool', () => false),
  },
});
const X509 = 'System.Security.Cryptography.X509Certificates.X509Certificate2';
registerType({
  name: `${NS}.IDeployment`,
  jsClass: DeploymentView,
  members: {
    Region: s((d: DeploymentView) => d.data.region),
    ServiceName: s((d: DeploymentView) => d.data.serviceName),
    ServiceId: s((d: DeploymentView) => d.data.serviceId),
    GatewayId: s((d: DeploymentView) => d.data.gatewayId),
    Gateway: prop(`${NS}.IGateway`, (d: DeploymentView) => new GatewayView(d.data)),
    Certificates: prop(`IReadOnlyDictionary<string, ${X509}>`, (d: DeploymentView) => deploymentCertificates(d.data)),
  },
});

/** Certificates loaded once per deployment (a reload makes a new one); the values are immutable. */
const loadedCertificates = new WeakMap<object, Array<[string, Certificate2Value]>>();

/** A fresh dictionary per read, so a policy changing it cannot change the deployment's. */
function deploymentCertificates(deployment: HandshakeState['deployment']): DictionaryValue {
  const files = deployment.certificates;
  const dict = new DictionaryValue('System.String', X509);
  if (!files) return dict;
  let loaded = loadedCertificates.get(files);
  if (!loaded) {
    loaded = [...files].map(([thumbprint, file]) => [thumbprint, new Certificate2Value(loadCertificate(file.raw, file.password))]);
    loadedCertificates.set(files, loaded);
  }
  for (const [thumbprint, certificate] of loaded) dict.set(thumbprint, certificate);
  return dict;
}
registerType({
  name: `${NS}.IProxyError`,
  jsClass: LastErrorView,
  members: {
    Source: s((e: LastErrorView) => e.data.source),
    Reason: s((e: LastErrorView) => e.data.reason),
    Message: s((e: LastErrorView) => e.data.message),
    Scope: s((e: LastErrorView) => e.data.scope),
    Section: s((e: LastErrorView) => e.data.section),
    Path: s((e: LastErrorView) => e.data.path),
    PolicyId: s((e: LastErrorView) => e.data.policyId),
  },
});
registerType({
  name: `${NS}.IRequest`,
  jsClass: RequestView,
  members: {
    Method: s((r: RequestView) => r.data.request.method),
    Url: prop(`${NS}.IUrl`, (r: RequestView) => new UrlView(r.data.request.url)),
    OriginalUrl: prop(`${NS}.IUrl`, (r: RequestView) => new UrlView(r.data.request.originalUrl)),
    Headers: prop(`${NS}.HeaderDictionary`, (r: RequestView) => headersViewOf(r.data.request.headers)),
    IpAddress: s((r: RequestView) => r.data.request.ipAddress),
    MatchedParameters: prop(`${NS}.StringDictionary`, (r: RequestView) => new StringMapView(r.data.request.matchedParameters)),
    Body: prop(`${NS}.IMessageBody`, () => null),
    Certificate: prop('System.Security.Cryptography.X509Certificates.X509Certificate2', () => null),
    PrivateEndpointConnection: prop('object', () => null),
  },
});
registerType({
  name: `${NS}.IContext`,
  jsClass: ContextView,
  members: {
    Api: prop(`${NS}.IApi`, (c: ContextView) => new ApiView(c.state.api)),
    Operation: prop(`${NS}.IOperation`, (c: ContextView) => new OperationView(c.state.operation)),
    Product: prop(`${NS}.IProduct`, (c: ContextView) => (c.state.product ? new ProductView(c.state.product) : null)),
    Subscription: prop(`${NS}.ISubscription`, (c: ContextView) => (c.state.subscription ? new SubscriptionView(c.state.subscription) : null)),
    User: prop(`${NS}.IUser`, (c: ContextView) => (c.state.user ? new UserView(c.state.user) : null)),
    Deployment: prop(`${NS}.IDeployment`, (c: ContextView) => new DeploymentView(c.state.deployment)),
    LastError: prop(`${NS}.IProxyError`, (c: ContextView) => (c.state.lastError ? new LastErrorView(c.state.lastError) : null)),
    Request: prop(`${NS}.IRequest`, (c: ContextView) => requestViewOf(c.state)),
    Response: prop(`${NS}.IContextResponse`, (c: ContextView) => (c.state.response ? new ContextResponseView(c.state.response) : null)),
    Variables: prop(`${NS}.VariableDictionary`, (c: ContextView) => new VariablesView(c.state.variables)),
    RequestId: prop('Guid', (c: ContextView) => new GuidValue(c.state.requestId.toLowerCase())),
    Timestamp: prop('DateTime', (c: ContextView) => DateTimeValue.fromDate(c.state.timestamp, 'Utc')),
    Elapsed: prop('TimeSpan', (c: ContextView) => TimeSpanValue.fromMilliseconds(Math.max(0, performance.now() - c.state.startedAt))),
    Tracing: prop('bool', (c: ContextView) => c.state.tracing),
    Workspace: prop('object', () => null),
    Trace: [
      method('(string message) => void', (c: ContextView, m: string) => effect(() => c.state.trace('context.Trace', m ?? ''))),
      method('(string source, string message) => void', (c: ContextView, src: string, m: string) => effect(() => c.state.trace(src ?? 'context.Trace', m ?? ''))),
    ],
  },
});

void field;
void JToken;
