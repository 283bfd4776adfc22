/**
 * Diagnostics for people (compiler convention, with the source line and a caret) and for tools (JSON).
 */
import type { Diagnostic, Severity } from './diagnostics.js';

export interface HumanFormatOptions {
  /** ANSI colours (the CLI turns them on only on a TTY). */
  color?: boolean;
}

export type SourceLookup = ReadonlyMap<string, string> | ((file: string) => string | undefined);

export interface FileDiagnostics {
  file: string;
  diagnostics: Diagnostic[];
}

const COLOURS: Record<Severity, string> = { error: '\x1b[1;31m', warning: '\x1b[1;33m', info: '\x1b[1;36m' };
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const GREEN = '\x1b[1;32m';
const RESET = '\x1b[0m';
/** Longest stretch of a source line shown; very long lines are shown around the column. */
const MAX_SHOWN = 160;

/**
 * `file:line:col: error OH101: message`, then the source line and a caret under the column, then the
 * APIM path when there is one.
 */
export function formatDiagnosticsHuman(diagnostics: readonly Diagnostic[], sources: SourceLookup, options: HumanFormatOptions = {}): string {
  const paint = (code: string, s: string) => (options.color ? `${code}${s}${RESET}` : s);
  const lookup = typeof sources === 'function' ? sources : (file: string) => sources.get(file);
  const lineCache = new Map<string, string[] | undefined>();
  const linesOf = (file: string) => {
    if (!lineCache.has(file)) lineCache.set(file, lookup(file)?.split(/\r\n|\r|\n/));
    return lineCache.get(file);
  };
  const blocks: string[] = [];
  for (const d of diagnostics) {
    const head = `${paint(BOLD, `${d.file}:${d.line}:${d.column}:`)} ${paint(COLOURS[d.severity], `${d.severity} ${d.code}:`)} ${d.message}`;
    const out = [head];
    const line = linesOf(d.file)?.[d.line - 1];
    if (line !== undefined) {
      const { shown, caretAt } = window(line, d.column - 1);
      const gutter = String(d.line);
      const pad = ' '.repeat(gutter.length);
      const caretPrefix = [...shown.slice(0, caretAt)].map((ch) => (ch === '\t' ? '\t' : ' ')).join('');
      out.push(` ${paint(DIM, `${gutter} |`)} ${shown}`);
      out.push(` ${paint(DIM, `${pad} |`)} ${caretPrefix}${paint(GREEN, '^')}`);
    }
    if (d.path) out.push(`   ${paint(DIM, `at ${d.path}`)}`);
    blocks.push(out.join('\n'));
  }
  return blocks.length > 0 ? blocks.join('\n') + '\n' : '';
}

/** The part of a line to show, printable, and where the caret goes in it. */
function window(line: string, column: number): { shown: string; caretAt: number } {
  let start = 0;
  let end = line.length;
  if (line.length > MAX_SHOWN) {
    start = Math.max(0, Math.min(column - MAX_SHOWN / 2, line.length - MAX_SHOWN));
    end = start + MAX_SHOWN;
  }
  const printable = line.slice(start, end).replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '?');
  const prefix = start > 0 ? '…' : '';
  const suffix = end < line.length ? '…' : '';
  return { shown: prefix + printable + suffix, caretAt: Math.max(0, Math.min(column - start, end - start)) + prefix.length };
}

/** `{"files":[{"file":…,"diagnostics":[{"severity","code","message","line","column","path"}]}]}` */
export function formatDiagnosticsJson(byFile: readonly FileDiagnostics[]): string {
  return JSON.stringify(
    {
      files: byFile.map((f) => ({
        file: f.file,
        diagnostics: f.diagnostics.map((d) => ({
          severity: d.severity,
          code: d.code,
          message: d.message,
          line: d.line,
          column: d.column,
          path: d.path ?? null,
        })),
      })),
    },
    null,
    2,
  );
}

/** "2 errors, 1 warning" */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const count = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  const part = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [part(count('error'), 'error'), part(count('warning'), 'warning')].join(', ');
}
