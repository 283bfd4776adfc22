/** Handshake latency and rate: each worker opens a client, records the time to 'open', closes, repeats. */
import { performance } from 'node:perf_hooks';
import { closeClient, openClient } from './connect.js';
import type { HandshakeJob, LoadResult } from './jobs.js';
import { emptyIntegrity } from './jobs.js';
import type { Reporter } from './reporter.js';
import { percentile } from '../lib/stats.js';

export async function runHandshakes(job: HandshakeJob, reporter: Reporter): Promise<LoadResult> {
  const integrity = emptyIntegrity();
  const latencies: number[] = [];
  let started = 0;

  const cycle = async (record: boolean): Promise<void> => {
    const t0 = performance.now();
    try {
      const ws = await openClient(job.url, 10_000);
      const micros = (performance.now() - t0) * 1000;
      if (record) latencies.push(micros);
      await closeClient(ws, 5_000);
    } catch (err) {
      integrity.errors++;
      integrity.firstError ??= (err as Error).message;
    }
  };

  /** Handshakes until `count` have started or the phase's time is up; workers finish their current one. */
  const phase = async (count: number, ms: number, record: boolean): Promise<void> => {
    started = 0;
    const deadline = Date.now() + ms;
    const worker = async (): Promise<void> => {
      while (started < count && Date.now() < deadline && integrity.errors < 100) {
        started++;
        await cycle(record);
      }
    };
    await Promise.all(Array.from({ length: Math.min(job.concurrency, count) }, worker));
  };

  await phase(job.warmup, job.warmupMs, false);
  reporter.mark('start');
  const windowStart = performance.now();
  await phase(job.maxHandshakes, job.durationMs, true);
  const elapsedMs = performance.now() - windowStart;
  reporter.mark('end');
  return {
    operations: latencies.length,
    bytes: 0,
    elapsedMs,
    p50Us: percentile(latencies, 50),
    p99Us: percentile(latencies, 99),
    integrity,
  };
}
