/**
 * Reports never show credentials: values of credential headers keep only their scheme (`Bearer ***`),
 * and secret named values, JWTs and credential query values are replaced wherever they appear (the
 * rules of src/common/mask.ts). Matching still sees the real values; only what is printed is masked.
 */
import { MASK, isSensitiveHeader, maskHeaderValue, textMasker } from '../common/mask.js';

export { MASK };

/** Header lines in a described request: `Authorization: Bearer …`. */
const HEADER_LINE = /^([A-Za-z0-9-]+):[ \t]*(.*)$/gm;

export function maskForReport(value: unknown, secrets: readonly string[]): unknown {
  const text = textMasker(secrets);
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      if (key && isSensitiveHeader(key)) return maskHeaderValue(key, v);
      const lines = v.includes(':') ? v.replace(HEADER_LINE, (line, name: string, rest: string) => (isSensitiveHeader(name) ? `${name}: ${maskHeaderValue(name, rest)}` : line)) : v;
      return text(lines);
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value);
}
