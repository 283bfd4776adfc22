/**
 * URLs as the executor keeps them: query pairs decoded once when the handshake arrives and
 * percent-encoded exactly once when the backend URL is built.
 */
import { encodeQueryComponent, formatQuery } from '../../common/query-string.js';
import { PolicyError, type SourceLocationLike } from './errors.js';
import type { UrlState } from '../../model/state.js';

/** Percent-encodes a query name or value (the one encoder, common/query-string.ts). */
export const encodeComponent = encodeQueryComponent;

const DEFAULT_PORTS: Record<string, number> = { http: 80, ws: 80, https: 443, wss: 443 };

/** Decodes one query component; `+` is kept as a plus (RFC 3986), malformed escapes are kept as written. */
export function decodeComponent(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Splits a raw query string (without `?`) into decoded pairs, in order. */
export function parseQuery(raw: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (!raw) return pairs;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeComponent(name), decodeComponent(value)]);
  }
  return pairs;
}

/** Parses an absolute URL into the state's shape; throws TypeError on a malformed URL. */
export function parseUrlState(url: string): UrlState {
  const u = new URL(url);
  const scheme = u.protocol.replace(/:$/, '');
  const port = u.port ? Number(u.port) : (DEFAULT_PORTS[scheme] ?? 0);
  return {
    scheme,
    host: u.hostname,
    port,
    path: u.pathname || '/',
    query: parseQuery(u.search.replace(/^\?/, '')),
  };
}

export function cloneUrlState(url: UrlState): UrlState {
  return { ...url, query: url.query.map(([n, v]) => [n, v] as [string, string]) };
}

/**
 * The backend URL: base URL (its own query kept, as written) + the path a rewrite-uri added +
 * the handshake's query after policy edits, each pair encoded once.
 */
export function buildBackendUrl(baseUrl: string, extraPath: string, query: ReadonlyArray<readonly [string, string]>): string {
  const hash = baseUrl.indexOf('#');
  const base = hash < 0 ? baseUrl : baseUrl.slice(0, hash);
  const q = base.indexOf('?');
  let path = q < 0 ? base : base.slice(0, q);
  const ownQuery = q < 0 ? '' : base.slice(q + 1);
  if (extraPath) path = path.replace(/\/+$/, '') + (extraPath.startsWith('/') ? extraPath : '/' + extraPath);
  const added = formatQuery(query);
  const all = [ownQuery, added].filter((s) => s !== '').join('&');
  return all ? `${path}?${all}` : path;
}

const UNRESOLVED_NAMED_VALUE = /\{\{\s*[^{}\s][^{}]*\}\}/;

/**
 * A `{{named value}}` still in a URL: without a named-values source the reader keeps the placeholder
 * (warning OH202), and no backend could be reached with it, so the run fails here rather than
 * "connecting" to `{{backend-url}}`.
 */
export function unresolvedNamedValue(url: string): string | undefined {
  return UNRESOLVED_NAMED_VALUE.exec(url)?.[0];
}

/** The error for a URL that still holds an unresolved `{{named value}}` (located at `at` when known). */
export function unresolvedUrlError(source: string, what: string, url: string, at?: SourceLocationLike): PolicyError | undefined {
  const placeholder = unresolvedNamedValue(url);
  if (placeholder === undefined) return undefined;
  const error = new PolicyError(source, 'PolicyConfigurationError', `${what} '${url}' holds the named value ${placeholder}, which has no value (give it with --named-values FILE or an ONHANDSHAKE_NV_<name> variable).`);
  if (at) error.location = at;
  return error;
}
