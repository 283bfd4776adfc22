/**
 * Masks what a trace must not show before it enters the ring: secret literals anywhere, credential
 * headers (`Bearer ***`), credential-looking query values in URLs. The graph already masks its trace;
 * this second pass also covers the decision and what the gateway adds (backend URL, client URL).
 */
import { maskSecrets, maskUrl } from '../gateway/connection-log.js';
import { MASK } from '../graph/trace.js';

/** Query parameter names whose values are credentials (as the gateway's connection log decides). */
const SENSITIVE_QUERY = /token|key|secret|sig|password|pwd|code|auth|^id$/i;
/** A JWT (header.payload.signature, base64url): tokens are masked wherever they appear. */
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'ocp-apim-subscription-key', 'api-key', 'cookie', 'set-cookie']);
const URL_LIKE = /^(wss?|https?):\/\//i;

export function maskHeaderValue(name: string, value: string): string {
  if (!SECRET_HEADERS.has(name.toLowerCase())) return value;
  if (value === MASK || value.endsWith(` ${MASK}`)) return value;
  const space = value.indexOf(' ');
  return space > 0 && name.toLowerCase().includes('authorization') ? `${value.slice(0, space)} ${MASK}` : MASK;
}

export function maskText(text: string, secrets: readonly string[]): string {
  const masked = maskSecrets(text, secrets).replace(JWT, MASK);
  return URL_LIKE.test(masked) && !/\s/.test(masked) ? maskUrl(masked, secrets) : masked;
}

/**
 * Credential values found in the URLs of a trace (the SignalR `access_token` and connection `id` of the
 * backend URL …): the same values also appear in callout bodies and variables, so they are masked there too.
 */
export function harvestUrlCredentials(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (URL_LIKE.test(value) && value.includes('?')) {
      try {
        for (const [name, v] of new URL(value).searchParams) if (SENSITIVE_QUERY.test(name) && v.length >= 8) found.add(v);
      } catch {
        /* not a URL after all */
      }
    }
  } else if (Array.isArray(value)) for (const v of value) harvestUrlCredentials(v, found);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) harvestUrlCredentials(v, found);
  return found;
}

/** A deep copy of `value` with secrets masked. */
export function maskDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return maskText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, secrets));
  if (value && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(source)) out[k] = maskDeep(v, secrets);
    // `{ name, value }` pairs are headers in the trace's request, response and decision shapes.
    if (typeof source.name === 'string' && typeof source.value === 'string') out.value = maskHeaderValue(source.name, out.value as string);
    if (typeof source.name === 'string' && Array.isArray(source.values)) out.values = (out.values as unknown[]).map((v) => (typeof v === 'string' ? maskHeaderValue(source.name as string, v) : v));
    return out;
  }
  return value;
}
