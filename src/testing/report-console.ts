/**
 * The human report: one line per case, and for each failure the expectation's place in the test
 * file, why it failed, a diff of expected and actual, and the policy line to look at.
 */
import { displayPath } from './display-path.js';
import { diffValues } from './diff.js';
import type { StepLocation } from './blame.js';
import type { CaseFailure, CaseResult, FileResult } from './runner.js';
import { totals } from './runner.js';

export interface ConsoleReportOptions {
  color?: boolean;
  /** Paths are shown relative to this folder (default: the current directory). */
  cwd?: string;
  /** Also list passing cases (default true). */
  showPassed?: boolean;
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1, cyan: 36 } as const;
type Paint = (style: keyof typeof CODES, text: string) => string;

function painter(color: boolean): Paint {
  return color ? (style, text) => `\u001b[${CODES[style]}m${text}\u001b[0m` : (_style, text) => text;
}

function ms(duration: number): string {
  return duration < 10 ? `${duration.toFixed(1)} ms` : `${Math.round(duration)} ms`;
}

export function formatStep(step: StepLocation, cwd: string): string {
  return `${displayPath(step.file, cwd)}:${step.line}:${step.column} ${step.path}`;
}

function failureLines(f: CaseFailure, cwd: string, paint: Paint): string[] {
  const key = f.key.length ? `expect.${f.key.map((k) => (typeof k === 'number' ? `[${k}]` : k)).join('.').replace(/\.\[/g, '[')}` : 'case';
  const out = [`${paint('bold', key)}  ${paint('dim', `${displayPath(f.at.file, cwd)}:${f.at.line}:${f.at.column}`)}`];
  out.push(`  ${f.message}`);
  out.push(`  ${paint('red', '- expected')}  ${paint('green', '+ actual')}`);
  for (const line of diffValues(f.expected, f.actual)) {
    const text = `  ${line.op} ${line.text}`;
    out.push(line.op === '-' ? paint('red', text) : line.op === '+' ? paint('green', text) : paint('dim', text));
  }
  if (f.blame.step) {
    const why = f.blame.step.ran ? '' : f.blame.step.name === 'when' || f.blame.step.name === 'otherwise' ? ' (branch not taken)' : ' (did not run)';
    out.push(`  policy: ${formatStep(f.blame.step, cwd)}${why ? paint('yellow', why) : ''}`);
  }
  if (f.blame.endedAt) {
    out.push(`  run ended at: ${formatStep(f.blame.endedAt, cwd)}${f.blame.endedBecause ? paint('dim', ` (${f.blame.endedBecause})`) : ''}`);
  }
  return out;
}

export function formatCase(c: CaseResult, cwd: string, paint: Paint): string[] {
  const mark = c.status === 'pass' ? paint('green', '✓') : paint('red', '✗');
  const lines = [`  ${mark} ${c.name} ${paint('dim', `(${ms(c.durationMs)})`)}`];
  if (c.status === 'error') {
    lines.push(...`${paint('red', 'error')}: ${c.error ?? 'unknown error'}`.split('\n').map((l) => `      ${l}`));
  }
  for (const f of c.failures) lines.push(...failureLines(f, cwd, paint).map((l) => `      ${l}`));
  return lines;
}

export function formatConsoleReport(results: readonly FileResult[], options: ConsoleReportOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const paint = painter(options.color ?? false);
  const lines: string[] = [];
  for (const r of results) {
    lines.push(paint('bold', displayPath(r.file, cwd)));
    for (const p of r.problems) lines.push(`  ${paint('red', 'error')} ${displayPath(p.file, cwd)}:${p.line}:${p.column}: ${p.message}`);
    for (const d of r.diagnostics.filter((d) => d.severity !== 'info')) {
      lines.push(`  ${paint(d.severity === 'error' ? 'red' : 'yellow', d.severity)} ${displayPath(d.file, cwd)}:${d.line}:${d.column}: ${d.code} ${d.message}`);
    }
    for (const c of r.cases) {
      if (c.status === 'pass' && options.showPassed === false) continue;
      lines.push(...formatCase(c, cwd, paint));
    }
    lines.push('');
  }
  const t = totals(results);
  const parts = [
    t.passed ? paint('green', `${t.passed} passed`) : '0 passed',
    ...(t.failed ? [paint('red', `${t.failed} failed`)] : []),
    ...(t.errors ? [paint('red', `${t.errors} errors`)] : []),
    ...(t.brokenFiles ? [paint('red', `${t.brokenFiles} file(s) with problems`)] : []),
  ];
  const time = results.reduce((max, r) => Math.max(max, r.durationMs), 0);
  lines.push(`${parts.join(', ')} (${t.cases} case(s) in ${t.files} file(s)) in ${ms(time)}`);
  if (t.files === 0) lines.push('no *.test.yaml files found');
  return lines.join('\n') + '\n';
}
