/**
 * The one query-string encoder: what the backend URL is built with (steps/runtime/url.ts) and what expressions
 * read as `context.Request.Url.QueryString` (C# and JSONata), so both show the same text. Each name and
 * value is percent-encoded as .NET's Uri.EscapeDataString does: everything but RFC 3986 unreserved
 * characters, UTF-8 bytes, uppercase hex, a lone surrogate as U+FFFD.
 */

const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Percent-encodes a query name or value: everything but RFC 3986 unreserved characters. */
export function encodeQueryComponent(text: string): string {
  // Most names and values need no escaping: skip encodeURIComponent and the replace (a profile hot spot).
  if (UNRESERVED_ONLY.test(text)) return text;
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\uFFFD')).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `name=value&…`, each part encoded once, without the leading `?`. */
export function formatQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([n, v]) => `${encodeQueryComponent(n)}=${encodeQueryComponent(v)}`).join('&');
}
