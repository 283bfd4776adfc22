/** Single-message round trip: one connection, one 64-byte message at a time. */
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import { closeClient, openClient } from './connect.js';
import type { LoadResult, RoundTripJob } from './jobs.js';
import { emptyIntegrity } from './jobs.js';
import { EchoChecker, makeMessage } from './payloads.js';
import type { Reporter } from './reporter.js';
import { percentile } from '../lib/stats.js';

function roundTrip(ws: WebSocket, checker: EchoChecker, sequence: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const onMessage = (data: Buffer, isBinary: boolean): void => finish(checker.receive(data, isBinary));
    const onClose = (): void => finish(false);
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(ok);
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
    ws.send(makeMessage('text64', 0, sequence), { binary: false });
  });
}

export async function runRoundTrips(job: RoundTripJob, reporter: Reporter): Promise<LoadResult> {
  const integrity = emptyIntegrity();
  const latencies: number[] = [];
  const deadline = Date.now() + job.timeLimitMs;
  let ws: WebSocket;
  try {
    ws = await openClient(job.url, 10_000);
  } catch (err) {
    integrity.errors++;
    integrity.firstError = (err as Error).message;
    return { operations: 0, bytes: 0, elapsedMs: 0, integrity };
  }
  const checker = new EchoChecker('text64', 0);
  let sequence = 0;
  let t0 = 0;
  let windowStart = 0;
  for (let i = 0; i < job.warmup + job.count && Date.now() < deadline; i++) {
    if (i === job.warmup) {
      reporter.mark('start');
      windowStart = performance.now();
    }
    t0 = performance.now();
    integrity.sent++;
    const ok = await roundTrip(ws, checker, sequence++, 5_000);
    if (!ok) {
      integrity.errors++;
      integrity.firstError ??= `round trip ${sequence - 1} failed or timed out`;
      if (ws.readyState !== 1) break;
      continue;
    }
    integrity.received++;
    if (i >= job.warmup) latencies.push((performance.now() - t0) * 1000);
  }
  const elapsedMs = windowStart ? performance.now() - windowStart : 0;
  reporter.mark('end');
  integrity.corrupted = checker.counts.corrupted;
  integrity.outOfOrder = checker.counts.outOfOrder;
  integrity.wrongType = checker.counts.wrongType;
  integrity.lost = integrity.sent - integrity.received - integrity.corrupted - integrity.outOfOrder - integrity.wrongType;
  await closeClient(ws, 5_000);
  return {
    operations: latencies.length,
    bytes: latencies.length * 64,
    elapsedMs,
    p50Us: percentile(latencies, 50),
    p99Us: percentile(latencies, 99),
    integrity,
  };
}
