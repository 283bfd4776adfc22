/**
 * Masks what a trace must not show before it enters the ring: secret literals anywhere, credential
 * headers (`Bearer ***`), credential-looking query values in URLs. The graph already masks its trace;
 * this second pass also covers the decision and what the gateway adds (backend URL, client URL).
 */
import { maskSecrets, maskUrl } from '../gateway/connection-log.js';
import { MASK } from '../graph/trace.js';

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'ocp-apim-subscription-key', 'api-key', 'cookie', 'set-cookie']);
const URL_LIKE = /^(wss?|https?):\/\//i;

export function maskHeaderValue(name: string, value: string): string {
  if (!SECRET_HEADERS.has(name.toLowerCase())) return value;
  if (value === MASK || value.endsWith(` ${MASK}`)) return value;
  const space = value.indexOf(' ');
  return space > 0 && name.toLowerCase().includes('authorization') ? `${value.slice(0, space)} ${MASK}` : MASK;
}

export function maskText(text: string, secrets: readonly string[]): string {
  const masked = maskSecrets(text, secrets);
  return URL_LIKE.test(masked) && !/\s/.test(masked) ? maskUrl(masked, secrets) : masked;
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
