/** `file:line:col: error OH601: message` — the way every command prints a diagnostic. */
import type { Diagnostic } from '../policy/diagnostics.js';

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}${d.path ? ` (${d.path})` : ''}`;
}
