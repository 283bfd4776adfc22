/**
 * Reports never show credentials: values of Authorization-like headers keep only their scheme
 * (`Bearer ***`), and secret named values are replaced wherever they appear. Matching still sees
 * the real values; only what is printed is masked.
 */
const SENSITIVE_KEYS = new Set(['authorization', 'proxy-authorization', 'ocp-apim-subscription-key', 'api-key', 'cookie', 'set-cookie']);
export const MASK = '***';

function maskCredential(value: string): string {
  const space = value.indexOf(' ');
  return space > 0 && space < 20 ? `${value.slice(0, space)} ${MASK}` : MASK;
}

export function maskForReport(value: unknown, secrets: readonly string[]): unknown {
  const list = secrets.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  const text = (s: string): string => list.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join(MASK) : out), s);
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      if (key && SENSITIVE_KEYS.has(key.toLowerCase())) return maskCredential(v);
      // Header lines in a described request: `Authorization: Bearer …`.
      const lines = v.replace(/^((?:proxy-)?authorization|ocp-apim-subscription-key|api-key|cookie):[ \t]*(.*)$/gim, (_m, name: string, rest: string) => `${name}: ${maskCredential(rest)}`);
      return text(lines);
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value);
}
