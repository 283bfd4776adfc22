/**
 * Renders medians as markdown tables: the figures with ratios to `direct`, the onhandshake target
 * check, and the integrity counts (every configuration must show zero lost or corrupted messages).
 */
import type { Integrity } from '../load/jobs.js';
import type { Variant } from '../proxies/target.js';
import { sampleKey, type Sample } from '../scenarios/samples.js';
import { ROWS, type RowSpec } from './rows.js';

export type Medians = Map<string, Record<string, number>>;

function format(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

interface Cell {
  values: number[];
  variant?: Variant;
  fallback: boolean;
}

function cellFor(medians: Medians, row: RowSpec, target: string): Cell {
  const metrics = row.metric.split('|');
  const variants = target === 'direct' ? (['plain'] as Variant[]) : row.variants;
  for (const [i, variant] of variants.entries()) {
    const found = medians.get(sampleKey(row.scenario, target, variant));
    if (found && metrics.some((m) => Number.isFinite(found[m] ?? NaN))) {
      return { values: metrics.map((m) => found[m] ?? NaN), variant, fallback: target !== 'direct' && i > 0 };
    }
  }
  return { values: metrics.map(() => NaN), fallback: false };
}

export function ratioToDirect(medians: Medians, row: RowSpec, target: string): number {
  const value = cellFor(medians, row, target).values[0]!;
  const base = cellFor(medians, row, 'direct').values[0]!;
  return Number.isFinite(value) && Number.isFinite(base) && base > 0 ? value / base : NaN;
}

function renderCell(medians: Medians, row: RowSpec, target: string): string {
  const cell = cellFor(medians, row, target);
  if (cell.values.every((v) => !Number.isFinite(v))) return '—';
  let text = cell.values.map((v) => format(v, row.digits)).join(' / ');
  if (row.ratio && target !== 'direct') {
    const ratio = ratioToDirect(medians, row, target);
    if (Number.isFinite(ratio)) text += ` (${ratio.toFixed(2)}×)`;
  }
  return cell.fallback ? `${text} †` : text;
}

export type Verdict = 'met' | 'missed' | 'not measured';

export function verdict(medians: Medians, row: RowSpec): Verdict {
  if (!row.target) return 'not measured';
  const cell = cellFor(medians, row, 'onhandshake');
  const value = row.target.kind === 'ratio-min' ? ratioToDirect(medians, row, 'onhandshake') : cell.values[0]!;
  if (!Number.isFinite(value)) return 'not measured';
  return (row.target.kind === 'ratio-min' ? value >= row.target.value : value <= row.target.value) ? 'met' : 'missed';
}

export function figuresTable(medians: Medians, targets: readonly string[]): string {
  const header = ['figure', 'unit', ...targets, 'onhandshake target'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  for (const row of ROWS) {
    const cells = targets.map((t) => renderCell(medians, row, t));
    if (cells.every((c) => c === '—')) continue;
    const goal = row.target ? `${row.target.text}: **${verdict(medians, row)}**` : '';
    lines.push(`| ${row.label} | ${row.unit} | ${cells.join(' | ')} | ${goal} |`);
  }
  return lines.join('\n');
}

export function integrityTable(samples: readonly Sample[], targets: readonly string[]): string {
  const lines = [
    '| configuration | runs | messages sent | echoed | lost | corrupted | out of order | errors | first error |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const target of targets) {
    const mine = samples.filter((s) => s.target === target);
    if (mine.length === 0) continue;
    const total: Integrity = { sent: 0, received: 0, lost: 0, corrupted: 0, outOfOrder: 0, wrongType: 0, errors: 0 };
    let firstError: string | undefined;
    for (const s of mine) {
      total.sent += s.integrity.sent;
      total.received += s.integrity.received;
      total.lost += s.integrity.lost;
      total.corrupted += s.integrity.corrupted + s.integrity.wrongType;
      total.outOfOrder += s.integrity.outOfOrder;
      total.errors += s.integrity.errors;
      firstError ??= s.integrity.firstError ? `${s.scenario}: ${s.integrity.firstError}` : undefined;
    }
    const cells = [total.sent, total.received, total.lost, total.corrupted, total.outOfOrder, total.errors].map((n) => n.toLocaleString('en-US'));
    lines.push(`| ${target} | ${mine.length} | ${cells.join(' | ')} | ${(firstError ?? '').replace(/\|/g, '\\|').slice(0, 160)} |`);
  }
  return lines.join('\n');
}

/** The targets: onhandshake's figure, the verdict, and what the other proxies did in the same run. */
export function targetsTable(medians: Medians, targets: readonly string[]): string {
  const peers = targets.filter((t) => t !== 'direct' && t !== 'onhandshake');
  const header = ['figure', 'target', 'onhandshake', 'verdict', ...peers];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 1 ? '---' : i === 3 ? ':---:' : '---:')).join('|')}|`];
  for (const row of ROWS) {
    if (!row.target) continue;
    const cells = ['onhandshake', ...peers].map((t) => renderCell(medians, row, t));
    lines.push(`| ${row.label} | ${row.target.text} | ${cells[0]} | ${verdict(medians, row)} | ${cells.slice(1).join(' | ')} |`);
  }
  return lines.join('\n');
}
