/**
 * Diagnostics shared by every stage (read → compile → run). Codes are stable once published:
 * OH1xx reading, OH2xx named values/scopes/fragments, OH3xx expressions, OH4xx policies and
 * attributes, OH5xx onHandshake rules, OH6xx configuration files.
 */
export type Severity = 'error' | 'warning' | 'info';

/** A place in a source file; line and column are 1-based, column counts UTF-16 code units. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface Diagnostic extends SourceLocation {
  severity: Severity;
  /** Stable code such as `OH101`. */
  code: string;
  message: string;
  /** APIM path of the element concerned, e.g. `policies/inbound/choose[1]/when[2]/set-variable[1]`. */
  path?: string;
}

export function diagnostic(
  severity: Severity,
  code: string,
  message: string,
  at: SourceLocation,
  path?: string,
): Diagnostic {
  return { severity, code, message, file: at.file, line: at.line, column: at.column, ...(path ? { path } : {}) };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
