/**
 * The Prometheus exposition parsed with parse-prometheus-text-format. That parser folds a labelled
 * histogram's series into one bucket map (dropping their labels, counts and sums), so histograms are
 * also read a second way: without their TYPE lines, each `_bucket`, `_sum` and `_count` series parses
 * as an untyped family that keeps its labels.
 */
import parsePrometheusTextFormat, { type PromFamily } from 'parse-prometheus-text-format';

export interface Exposition {
  families: PromFamily[];
  /** `DurationInMs_count` → its series with labels and values. */
  histogramSeries: Map<string, Array<{ labels: Record<string, string>; value: number }>>;
}

export function parseExposition(text: string): Exposition {
  const families = parsePrometheusTextFormat(text);
  const histograms = new Set(families.filter((f) => f.type === 'HISTOGRAM').map((f) => f.name));
  const untyped = text
    .split('\n')
    .filter((line) => !/^# (TYPE|HELP|UNIT) /.test(line) || !histograms.has(line.split(' ')[2]!))
    .join('\n');
  const histogramSeries = new Map<string, Array<{ labels: Record<string, string>; value: number }>>();
  for (const family of parsePrometheusTextFormat(untyped)) {
    const base = family.name.replace(/_(bucket|sum|count)$/, '');
    if (!histograms.has(base) || family.name === base) continue;
    // A histogram's series interleave (buckets, sum, count, then the next series): one family per run.
    const series = histogramSeries.get(family.name) ?? [];
    series.push(...family.metrics.map((m) => ({ labels: m.labels ?? {}, value: Number(m.value) })));
    histogramSeries.set(family.name, series);
  }
  return { families, histogramSeries };
}
