/**
 * Resident memory of a proxy: idle (after one warm-up connection, so lazily loaded code such as the
 * policy's HTTP client is in), then holding 1,000 and 5,000 idle connections. Each repetition uses a
 * fresh proxy process, so earlier scenarios' heaps do not count.
 */
import { runLoad } from '../lib/run-load.js';
import { rssMiB } from '../lib/procfs.js';
import type { BenchEnvironment, TargetDefinition } from '../proxies/target.js';
import { RELAY_VARIANT_PREFERENCE } from './load-scenarios.js';
import type { Sample } from './samples.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function measureMemory(
  definition: TargetDefinition,
  env: BenchEnvironment,
  steps: readonly number[],
  repetition: number,
): Promise<Sample | undefined> {
  if (definition.name === 'direct') return undefined;
  const running = await definition.start(env, RELAY_VARIANT_PREFERENCE);
  try {
    const variant = RELAY_VARIANT_PREFERENCE.find((v) => running.endpoint(v));
    const endpoint = variant ? running.endpoint(variant) : undefined;
    if (!variant || !endpoint?.pid) return undefined;
    const warm = await runLoad({ kind: 'rtt', url: endpoint.url, count: 20, warmup: 0, timeLimitMs: 10_000 }, endpoint.pid, 20_000);
    await sleep(1000);
    const metrics: Record<string, number> = { rssIdle: rssMiB(endpoint.pid) };
    const idle = await runLoad(
      { kind: 'idle', url: endpoint.url, steps: [...steps], concurrency: 100, timeLimitMs: 120_000 },
      endpoint.pid,
      150_000,
      1000,
    );
    steps.forEach((step, i) => {
      // A hold with fewer connections than asked is recorded as errors by the load generator.
      metrics[`rss${step}`] = idle.rssAtHold[i]?.rssMiB ?? NaN;
    });
    const integrity = idle.result.integrity;
    integrity.errors += warm.result.integrity.errors;
    integrity.firstError ??= warm.result.integrity.firstError;
    return { scenario: 'memory', target: definition.name, variant, repetition, metrics, integrity };
  } finally {
    await running.stop();
  }
}
