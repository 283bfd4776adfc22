/**
 * The one place that decides what a trace or a log line must not show: secrets by value (secret named
 * values, client credentials, tokens found while running) with the forms derived from them (see
 * secret-matcher.ts), JWTs, credential headers (`Bearer ***`) and credential-looking query values.
 * Only what is displayed or recorded is masked; decisions keep their real values.
 */
import { MIN_SECRET_LENGTH, SecretMatcher } from './secret-matcher.js';

export const MASK = '***';

/** Headers whose values are credentials: the union of what the trace, reports and console hid. */
export const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'ocp-apim-subscription-key',
  'api-key',
  'x-api-key',
  'cookie',
  'set-cookie',
]);

/** `masking.credentialHeaders` of the gateway's configuration (lower case), set at start and on reload. */
let configuredHeaders: ReadonlySet<string> = new Set();

/** Adds headers whose values are credentials (the configuration's `masking.credentialHeaders`). */
export function setCredentialHeaders(names: Iterable<string>): void {
  configuredHeaders = new Set([...names].map((n) => n.toLowerCase()));
  sensitiveBySpelling.clear();
}

/** Query parameter names whose values are credentials (SignalR's `access_token` and connection `id`…). */
const SENSITIVE_QUERY = /token|key|secret|sig|password|pwd|code|auth|^id$/i;
/** A JWT (header.payload.signature, base64url): masked wherever it appears. */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const WHOLE_JWT = /^eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*$/;
/** `?name=value` / `&name=value` inside any text (a URL alone, or one quoted in a body or an error). */
const QUERY_PAIR = /([?&])([^=&?#\s"'<>]+)=([^&#\s"'<>]*)/g;
/** Cookie names whose values are credentials (`ASP.NET_SessionId`, `auth_token`, `.AspNetCore.Cookies`…). */
const CREDENTIAL_COOKIE = /sess|token|auth|key|secret|sid|jwt|pass|cookies/i;
/** Shorter query values (`id=1`) are not worth hunting for elsewhere in a trace. */
const MIN_HARVEST_LENGTH = 8;
/**
 * A `Sec-WebSocket-Protocol` token that is a credential although nothing names it: 20 characters or
 * more of the base64/base64url/hex alphabet with both letters and digits (subprotocol names are words
 * and dots: `graphql-transport-ws`, `json.webpubsub.azure.v1`).
 */
const OPAQUE_TOKEN = /^(?=[A-Za-z0-9+/=_-]{20,}$)(?=.*[0-9])(?=.*[A-Za-z])/;
/** Subprotocol tokens that announce the credential in the next token (`access_token, <jwt>`). */
const TOKEN_MARKER = /^(access_token|token|bearer|authorization|auth|apikey|api-key|key)$/i;
/** Kubernetes' form: the token inside the subprotocol name. */
const K8S_BEARER = 'base64url.bearer.authorization.k8s.io.';

export function isSensitiveHeader(name: string): boolean {
  // Asked for every header of every trace: the answer per spelling is remembered.
  let sensitive = sensitiveBySpelling.get(name);
  if (sensitive === undefined) {
    const lower = name.toLowerCase();
    sensitive = SENSITIVE_HEADERS.has(lower) || configuredHeaders.has(lower);
    if (sensitiveBySpelling.size >= 1024) sensitiveBySpelling.clear();
    sensitiveBySpelling.set(name, sensitive);
  }
  return sensitive;
}
const sensitiveBySpelling = new Map<string, boolean>();

/** A credential header's value as shown: Authorization keeps its scheme (`Bearer ***`), others `***`. */
export function maskHeaderValue(name: string, value: string): string {
  if (!isSensitiveHeader(name)) return value;
  const lower = name.toLowerCase();
  if (value === MASK) return value;
  const space = value.indexOf(' ');
  const keepScheme = lower.endsWith('authorization') && space > 0 && space < 20;
  return keepScheme ? `${value.slice(0, space)} ${MASK}` : MASK;
}

/**
 * Builds a text masker once for a set of secrets: each secret and every form derived from it (case,
 * pieces of 8 or more characters, URL-encoded, base64) becomes one `***`; then JWTs and credential
 * query values.
 */
export function textMasker(secrets: Iterable<string>): (text: string) => string {
  const matcher = new SecretMatcher(secrets);
  return (text) => {
    let out = text;
    if (!matcher.empty) {
      const spans = matcher.spans(out);
      if (spans) out = replaceSpans(out, spans);
    }
    if (out.includes('eyJ')) out = out.replace(JWT, MASK);
    // A query pair needs '=' and a '?' or '&' before it: most strings have neither, and skip the regex.
    if (out.includes('=') && (out.includes('?') || out.includes('&'))) out = out.replace(QUERY_PAIR, (pair, sep: string, name: string, value: string) => (isCredential(name, value) ? `${sep}${name}=${MASK}` : pair));
    return out;
  };
}

function replaceSpans(text: string, spans: number[]): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < spans.length; i += 2) {
    out += text.slice(from, spans[i]) + MASK;
    from = spans[i + 1]!;
  }
  return out + text.slice(from);
}

/**
 * The credentials a client sent with its request, as secrets to mask wherever they reappear in the
 * handshake's trace and log lines: the values of credential headers (for `Authorization`, the token
 * after the scheme, and for `Basic` the decoded `user:password` and the password; cookies named like a
 * session or a credential),
 * `Sec-WebSocket-Protocol` tokens that are credentials (after `access_token`, a JWT, Kubernetes'
 * `base64url.bearer.authorization.k8s.io.<token>`, or an opaque token, see OPAQUE_TOKEN), and
 * credential query values of the URL (`access_token`, `subscription-key`, `sig`, `code` …).
 */
export function requestCredentials(headers: Iterable<[string, readonly string[]]>, url: string): string[] {
  const found: string[] = [];
  const add = (v: string | undefined): void => {
    if (v !== undefined && v.length >= MIN_SECRET_LENGTH && v !== MASK) found.push(v);
  };
  for (const [name, values] of headers) {
    const lower = name.toLowerCase();
    if (lower === 'sec-websocket-protocol') for (const v of values) protocolCredentials(v, add);
    else if (isSensitiveHeader(lower)) for (const v of values) headerCredentials(lower, v, add);
  }
  if (url.includes('?')) for (const v of harvestUrlCredentials(url)) add(v);
  return found;
}

function headerCredentials(lower: string, value: string, add: (v: string) => void): void {
  if (lower.endsWith('authorization')) {
    const m = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s+(\S.*?)\s*$/.exec(value);
    if (!m) return add(value.trim());
    const [, scheme, token] = m;
    add(token!);
    if (scheme!.toLowerCase() === 'basic') {
      const decoded = Buffer.from(token!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0 && !decoded.includes('\uFFFD')) {
        add(decoded);
        add(decoded.slice(colon + 1));
      }
    }
    return;
  }
  if (lower === 'cookie' || lower === 'set-cookie') {
    // Only cookies named like a session or a credential: a browser sends many others (preferences, analytics).
    for (const pair of value.split(';')) {
      const eq = pair.indexOf('=');
      const v = pair.slice(eq + 1).trim();
      if (eq > 0 && v.length >= MIN_HARVEST_LENGTH && CREDENTIAL_COOKIE.test(pair.slice(0, eq))) add(v);
    }
    return;
  }
  add(value.trim());
}

function protocolCredentials(value: string, add: (v: string) => void): void {
  const tokens = value.split(',').map((t) => t.trim());
  tokens.forEach((t, i) => {
    if (t.startsWith(K8S_BEARER)) add(t.slice(K8S_BEARER.length));
    else if ((i > 0 && TOKEN_MARKER.test(tokens[i - 1]!)) || WHOLE_JWT.test(t) || OPAQUE_TOKEN.test(t)) add(t);
  });
}

/** Known secrets, JWTs and credential query values masked in free text. */
export function maskText(text: string, secrets: readonly string[] = []): string {
  return textMasker(secrets)(text);
}

/** A URL as a log or trace shows it: credential query values, known secrets and JWTs masked. */
export function maskUrl(url: string, secrets: readonly string[] = []): string {
  return maskText(url, secrets);
}

/**
 * Credential values in the query strings of a JSON-like value (the SignalR access token and connection
 * token of the backend URL): the same values also appear in callout bodies and variables, so they become
 * secrets to mask there too. Both the encoded and the decoded form are returned.
 */
export function harvestUrlCredentials(value: unknown, found: Set<string> = new Set()): Set<string> {
  // A trace repeats its URLs (the request, forward-request, the decision): each is read once.
  const read = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      // The shortest pair worth keeping: `?k=` and MIN_HARVEST_LENGTH characters.
      if (v.length < MIN_HARVEST_LENGTH + 3 || !v.includes('=') || !(v.includes('?') || v.includes('&')) || read.has(v)) return;
      read.add(v);
      for (const [, , name, raw] of v.matchAll(QUERY_PAIR)) {
        if (raw!.length < MIN_HARVEST_LENGTH || !isCredential(name!, raw!)) continue;
        found.add(raw!);
        if (raw!.includes('%') || raw!.includes('+')) found.add(decodeSafe(raw!.replace(/\+/g, ' ')));
      }
    } else if (typeof v !== 'object' || v === null) return;
    else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (isPlainData(v)) {
      if (isPlainObject(v)) for (const k in v) walk(v[k]);
      else for (const x of Object.values(v)) walk(x);
    }
  };
  walk(value);
  return found;
}

/**
 * A deep copy of a JSON-like value with every string masked (see maskText), and the values of
 * `{name, value}` / `{name, values}` header pairs masked as credential headers.
 */
export function maskDeep(value: unknown, secrets: Iterable<string> = []): unknown {
  const text = textMasker(secrets);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map(walk);
    if (!isPlainData(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = isStructural(k, x) ? x : walk(x);
    const name = v.name;
    if (typeof name === 'string' && isSensitiveHeader(name)) {
      if (typeof out.value === 'string') out.value = maskHeaderValue(name, out.value);
      if (Array.isArray(out.values)) out.values = out.values.map((x: unknown) => (typeof x === 'string' ? maskHeaderValue(name, x) : x));
    }
    return out;
  };
  return walk(value);
}

/**
 * The same masking as maskDeep, copy-on-write: only the objects and arrays on the way to a value that
 * masking changes are copied; everything else is shared with `value`. A finished trace is masked this
 * way: most of its strings hold no secret, so copying all of it (and the garbage that made) was most of
 * the cost of tracing a handshake. Objects that are not plain (class instances) are still copied into
 * plain ones, as maskDeep does, so the result serialises the same.
 */
export function maskShared(value: unknown, secrets: Iterable<string> = []): unknown {
  const masker = textMasker(secrets);
  // A trace repeats many strings (headers in the request and again in forward-request, variable values …).
  const seen = new Map<string, string>();
  const text = (v: string): string => {
    let out = seen.get(v);
    if (out === undefined) seen.set(v, (out = masker(v)));
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        const y = walk(x);
        if (out) out.push(y);
        else if (y !== x) {
          out = v.slice(0, i);
          out.push(y);
        }
      }
      return out ?? v;
    }
    if (!isPlainData(v)) return v;
    let out: Record<string, unknown> | undefined;
    if (isPlainObject(v)) {
      // for…in: no key array per object (a plain object has no inherited enumerable keys).
      for (const k in v) {
        const x = v[k];
        const y = isStructural(k, x) ? x : walk(x);
        if (out) out[k] = y;
        else if (y !== x) out = copyUpTo(v, k, y);
      }
    } else {
      out = {};
      for (const k of Object.keys(v)) out[k] = isStructural(k, v[k]) ? v[k] : walk(v[k]);
    }
    const name = v.name;
    if (typeof name === 'string' && isSensitiveHeader(name)) {
      const current = out ?? v;
      const value = current.value;
      const values = current.values;
      const maskedValue = typeof value === 'string' ? maskHeaderValue(name, value) : value;
      const maskedValues = Array.isArray(values) ? values.map((x: unknown) => (typeof x === 'string' ? maskHeaderValue(name, x) : x)) : values;
      if (maskedValue !== value || (Array.isArray(values) && (maskedValues as unknown[]).some((x, i) => x !== values[i]))) {
        out ??= { ...v };
        if (typeof value === 'string') out.value = maskedValue;
        if (Array.isArray(values)) out.values = maskedValues;
      }
    }
    return out ?? v;
  };
  return walk(value);
}

/**
 * A trace's own fields (the step's name, where it is in the policy, its timing): never a secret, and
 * kept as they are, so that a credential sharing an 8-character piece with a step's name (`t-header`
 * in `client-header-token` and `set-header`) does not hide the step. A `path` is an element path
 * (`policies/inbound/set-header[1]`) unless it starts with `/` (a URL path).
 */
function isStructural(key: string, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  switch (key) {
    case 'source':
    case 'timestamp':
    case 'elapsed':
    case 'file':
    case 'traceId':
    case 'serviceName':
      return true;
    case 'path':
      return !value.startsWith('/');
    default:
      return false;
  }
}

/** A plain copy of `v`'s own enumerable properties, with `changed` set to its new value. */
function copyUpTo(v: Record<string, unknown>, changed: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    out[k] = v[k];
    if (k === changed) break;
  }
  out[changed] = value;
  return out;
}

/** `{…}` is an interpolation in expression source (`$"&id={token}"`), not a value. */
function isCredential(name: string, value: string): boolean {
  return value !== MASK && !value.startsWith('{') && SENSITIVE_QUERY.test(name.includes('%') ? decodeSafe(name) : name);
}

/** A literal-shaped object (`{…}`, or made with a null prototype). */
function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isPlainData(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && !Buffer.isBuffer(v);
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
