/** One measurement of one configuration in one repetition, and the medians the report is built from. */
import type { Integrity } from '../load/jobs.js';
import type { Variant } from '../proxies/target.js';
import { median } from '../lib/stats.js';

export interface Sample {
  scenario: string;
  target: string;
  variant: Variant;
  repetition: number;
  metrics: Record<string, number>;
  integrity: Integrity;
}

export function sampleKey(scenario: string, target: string, variant: Variant): string {
  return `${scenario}|${target}|${variant}`;
}

/** Median of each metric over repetitions, per scenario × target × variant. */
export function medians(samples: readonly Sample[]): Map<string, Record<string, number>> {
  const grouped = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = sampleKey(s.scenario, s.target, s.variant);
    grouped.set(key, [...(grouped.get(key) ?? []), s]);
  }
  const out = new Map<string, Record<string, number>>();
  for (const [key, group] of grouped) {
    const names = new Set(group.flatMap((s) => Object.keys(s.metrics)));
    const values: Record<string, number> = {};
    for (const name of names) values[name] = median(group.map((s) => s.metrics[name] ?? NaN));
    out.set(key, values);
  }
  return out;
}
