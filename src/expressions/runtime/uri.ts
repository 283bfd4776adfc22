/**
 * System.Uri, UriKind, UriPartial, System.Net.WebUtility and System.Web.HttpUtility.
 * Absolute URIs are parsed with WHATWG URL (which normalises like .NET for http(s)/ws(s)) and exposed
 * with .NET's property shapes: Port is the scheme default when absent, Query keeps its '?', Segments …
 */
import { ctor, field, method, prop, registerType } from '../registry.js';
import { EnumValue, makeArray } from '../values.js';
import { fail } from './fail.js';
import { htmlDecode, htmlEncode, isUnreserved, isUriChar, isUrlSafe, percentDecode, percentEncode } from './percent.js';

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21, ldap: 389, mailto: 25, news: 119, nntp: 119, gopher: 70, telnet: 23 };

export class UriValue {
  constructor(
    readonly original: string,
    /** undefined for a relative URI */
    readonly url: URL | undefined,
  ) {}
  get isAbsolute(): boolean {
    return this.url !== undefined;
  }
}

const RELATIVE = 'This operation is not supported for a relative URI.';

function abs(u: UriValue): URL {
  if (!u.url) fail('System.InvalidOperationException', RELATIVE);
  return u.url;
}

function invalid(detail: string): never {
  fail('System.UriFormatException', `Invalid URI: ${detail}`);
}

/** Parses like `new Uri(text, kind)`; kind: 0 RelativeOrAbsolute, 1 Absolute, 2 Relative. */
export function parseUri(text: string | null, kind = 1): UriValue {
  if (text === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'uriString')");
  const t = text.trim();
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(t);
  const looksAbsolute = schemeMatch !== null && !/^[A-Za-z][A-Za-z0-9+.-]*:\d+(\/|$)/.test(t);
  if (kind === 2) {
    if (looksAbsolute) invalid('A relative URI cannot be created because the \'uriString\' parameter represents an absolute URI.');
    return new UriValue(text, undefined);
  }
  if (!looksAbsolute) {
    if (kind === 0) return new UriValue(text, undefined);
    if (t === '') invalid('The URI is empty.');
    invalid('The format of the URI could not be determined.');
  }
  const scheme = schemeMatch![1]!.toLowerCase();
  if ((scheme === 'http' || scheme === 'https' || scheme === 'ws' || scheme === 'wss' || scheme === 'ftp') && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(t))
    invalid('The format of the URI could not be determined.');
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    const p = /:\/\/(?:[^/?#@]*@)?(?:\[[^\]]*\]|[^/?#:]*):([^/?#]*)/.exec(t);
    if (p && (!/^\d+$/.test(p[1]!) || Number(p[1]) > 65535)) invalid('Invalid port specified.');
    invalid('The hostname could not be parsed.');
  }
  if (DEFAULT_PORTS[scheme] !== undefined && url.hostname === '' && scheme !== 'mailto') invalid('The hostname could not be parsed.');
  return new UriValue(text, url);
}

export function tryParseUri(text: string | null, kind: number): UriValue | undefined {
  if (text === null) return undefined;
  try {
    return parseUri(text, kind);
  } catch {
    return undefined;
  }
}

function combine(base: UriValue, relative: string | UriValue | null): UriValue {
  const b = abs(base);
  const rel = relative === null ? '' : typeof relative === 'string' ? relative : relative.url ? relative.url.href : relative.original;
  try {
    return new UriValue(new URL(rel, b).href, new URL(rel, b));
  } catch {
    invalid('The format of the URI could not be determined.');
  }
}

function port(u: URL): number {
  if (u.port !== '') return Number(u.port);
  return DEFAULT_PORTS[u.protocol.slice(0, -1)] ?? -1;
}

function host(u: URL): string {
  return u.hostname;
}

function authority(u: URL): string {
  return u.port !== '' ? `${u.hostname}:${u.port}` : u.hostname;
}

function absolutePath(u: URL): string {
  return u.pathname === '' ? '/' : u.pathname;
}

function segments(u: URL): string[] {
  const path = absolutePath(u);
  const parts = path.match(/[^/]*\/|[^/]+$/g) ?? [];
  return makeArray('System.String', parts);
}

/** UriPartial: Scheme 0, Authority 1, Path 2, Query 3. */
function leftPart(u: URL, part: number): string {
  const scheme = u.protocol + (u.host || u.protocol === 'file:' ? '//' : '');
  const userInfo = u.username ? `${u.username}${u.password ? ':' + u.password : ''}@` : '';
  switch (part) {
    case 0:
      return scheme;
    case 1:
      return scheme + userInfo + authority(u);
    case 2:
      return scheme + userInfo + authority(u) + absolutePath(u);
    case 3:
      return scheme + userInfo + authority(u) + absolutePath(u) + u.search;
    default:
      return fail('System.ArgumentException', `The value '${part}' passed for the 'part' parameter is not valid. (Parameter 'part')`);
  }
}

/** Uri.ToString(): the canonical form with safe escapes (printable ASCII but % # ? / \) unescaped. */
function display(u: UriValue): string {
  if (!u.url) return u.original;
  return u.url.href.replace(/%([0-9A-Fa-f]{2})/g, (whole, h: string) => {
    const c = parseInt(h, 16);
    return c >= 0x20 && c < 0x7f && !'%#?/\\'.includes(String.fromCharCode(c)) ? String.fromCharCode(c) : whole;
  });
}

/** Uri.IsWellFormedUriString: parses, and the text is already correctly escaped. */
function isWellFormed(text: string | null, kind: EnumValue): boolean {
  if (text === null) return false;
  if (!/^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/.test(text)) return false;
  return tryParseUri(text, kind.value) !== undefined;
}

export function escapeDataString(s: string | null): string {
  if (s === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'stringToEscape')");
  return percentEncode(s, isUnreserved);
}

export function unescapeDataString(s: string | null): string {
  if (s === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'stringToUnescape')");
  return percentDecode(s);
}

const uriProp = <T>(type: string, get: (u: URL, self: UriValue) => T) => prop(type, (self: UriValue) => get(abs(self), self));

registerType({ name: 'System.UriKind', kind: 'enum', enumMembers: { RelativeOrAbsolute: 0, Absolute: 1, Relative: 2 } });
registerType({ name: 'System.UriPartial', kind: 'enum', enumMembers: { Scheme: 0, Authority: 1, Path: 2, Query: 3 } });

registerType({
  name: 'System.Uri',
  jsClass: UriValue,
  constructors: [
    ctor('(string uriString)', (s: string | null) => parseUri(s, 1)),
    ctor('(string uriString, System.UriKind uriKind)', (s: string | null, k: EnumValue) => parseUri(s, k.value)),
    ctor('(System.Uri baseUri, string relativeUri)', (b: UriValue | null, r: string | null) => {
      if (b === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'baseUri')");
      return combine(b, r);
    }),
    ctor('(System.Uri baseUri, System.Uri relativeUri)', (b: UriValue | null, r: UriValue | null) => {
      if (b === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'baseUri')");
      return combine(b, r);
    }),
  ],
  statics: {
    UriSchemeHttp: field('string', 'http'),
    UriSchemeHttps: field('string', 'https'),
    UriSchemeWs: field('string', 'ws'),
    UriSchemeWss: field('string', 'wss'),
    SchemeDelimiter: field('string', '://'),
    EscapeDataString: method('(string stringToEscape) => string', escapeDataString),
    UnescapeDataString: method('(string stringToUnescape) => string', unescapeDataString),
    EscapeUriString: method('(string stringToEscape) => string', (s: string | null) => {
      if (s === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'stringToEscape')");
      return percentEncode(s, isUriChar);
    }),
    IsWellFormedUriString: method('(string uriString, System.UriKind uriKind) => bool', isWellFormed),
    TryCreate: [
      method('(string uriString, System.UriKind uriKind, out System.Uri result) => bool', (s: string | null, k: EnumValue, r: { value: UriValue | null }) => {
        r.value = tryParseUri(s, k.value) ?? null;
        return r.value !== null;
      }),
      method('(System.Uri baseUri, string relativeUri, out System.Uri result) => bool', (b: UriValue | null, s: string | null, r: { value: UriValue | null }) => {
        try {
          r.value = b === null ? null : combine(b, s);
        } catch {
          r.value = null;
        }
        return r.value !== null;
      }),
    ],
    IsHexDigit: method('(char character) => bool', (c: number) => /^[0-9A-Fa-f]$/.test(String.fromCharCode(c))),
  },
  members: {
    AbsoluteUri: uriProp('string', (u) => u.href),
    AbsolutePath: uriProp('string', absolutePath),
    LocalPath: uriProp('string', (u) => percentDecode(absolutePath(u))),
    PathAndQuery: uriProp('string', (u) => absolutePath(u) + u.search),
    Query: uriProp('string', (u) => u.search),
    Fragment: uriProp('string', (u) => u.hash),
    Host: uriProp('string', host),
    DnsSafeHost: uriProp('string', (u) => u.hostname.replace(/^\[|\]$/g, '')),
    IdnHost: uriProp('string', (u) => u.hostname.replace(/^\[|\]$/g, '')),
    Authority: uriProp('string', authority),
    Scheme: uriProp('string', (u) => u.protocol.slice(0, -1)),
    Port: uriProp('int', port),
    IsDefaultPort: uriProp('bool', (u) => u.port === ''),
    UserInfo: uriProp('string', (u) => (u.username ? `${u.username}${u.password ? ':' + u.password : ''}` : '')),
    Segments: uriProp('string[]', segments),
    IsLoopback: uriProp('bool', (u) => u.hostname === 'localhost' || u.hostname === '[::1]' || u.hostname.startsWith('127.')),
    IsFile: uriProp('bool', (u) => u.protocol === 'file:'),
    IsAbsoluteUri: prop('bool', (self: UriValue) => self.isAbsolute),
    OriginalString: prop('string', (self: UriValue) => self.original),
    GetLeftPart: method('(System.UriPartial part) => string', (self: UriValue, p: EnumValue) => leftPart(abs(self), p.value)),
    ToString: method('() => string', display),
  },
  toString: display,
  equals: (a: UriValue, b: UriValue) => display(a) === display(b),
  hash: display,
  toJson: display,
});

// ───────────── WebUtility / HttpUtility ─────────────

const nullable = (fn: (s: string) => string) => (s: string | null) => (s === null ? null : fn(s));

registerType({
  name: 'System.Net.WebUtility',
  kind: 'static',
  statics: {
    UrlEncode: method('(string value) => string', nullable((s) => percentEncode(s, isUrlSafe, true, true))),
    UrlDecode: method('(string encodedValue) => string', nullable((s) => percentDecode(s, true))),
    HtmlEncode: method('(string value) => string', nullable(htmlEncode)),
    HtmlDecode: method('(string value) => string', nullable(htmlDecode)),
  },
});

registerType({
  name: 'System.Web.HttpUtility',
  kind: 'static',
  statics: {
    UrlEncode: method('(string str) => string', nullable((s) => percentEncode(s, isUrlSafe, false, true))),
    UrlDecode: method('(string str) => string', nullable((s) => percentDecode(s, true))),
    UrlPathEncode: method('(string str) => string', nullable((s) => percentEncode(s, (c) => c > 0x20 && c < 0x7f, false))),
    HtmlEncode: method('(string s) => string', nullable(htmlEncode)),
    HtmlDecode: method('(string s) => string', nullable(htmlDecode)),
    HtmlAttributeEncode: method('(string s) => string', nullable((s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;'))),
    JavaScriptStringEncode: method('(string value) => string', (s: string | null) => (s === null ? '' : jsEncode(s))),
  },
});

function jsEncode(s: string): string {
  return s.replace(/[\\"'\u0000-\u001f<>&]/g, (c) => {
    const map: Record<string, string> = { '\\': '\\\\', '"': '\\"', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
    return map[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  });
}
