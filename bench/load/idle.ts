/** Idle connections: open up to each step's count, hold while the orchestrator reads the proxy's RSS. */
import type WebSocket from 'ws';
import { closeClient, openMany } from './connect.js';
import type { IdleJob, LoadResult } from './jobs.js';
import { emptyIntegrity } from './jobs.js';
import type { Reporter } from './reporter.js';

export async function runIdle(job: IdleJob, reporter: Reporter): Promise<LoadResult> {
  const integrity = emptyIntegrity();
  const deadline = Date.now() + job.timeLimitMs;
  const clients: WebSocket[] = [];
  let closedEarly = 0;
  const noteError = (err: Error): void => {
    integrity.errors++;
    integrity.firstError ??= err.message;
  };
  for (const target of job.steps) {
    if (Date.now() >= deadline) {
      noteError(new Error(`time limit ${job.timeLimitMs} ms reached before ${target} connections`));
      break;
    }
    const opened = await openMany(job.url, target - clients.length, job.concurrency, 10_000, noteError);
    for (const ws of opened) ws.once('close', () => closedEarly++);
    clients.push(...opened);
    await reporter.hold(clients.length);
  }
  if (closedEarly > 0) noteError(new Error(`${closedEarly} idle connections were closed by the far side`));
  const open = clients.length;
  for (const ws of clients) ws.removeAllListeners('close');
  await Promise.all(clients.map((ws) => closeClient(ws, 5_000)));
  return { operations: open, bytes: 0, elapsedMs: 0, integrity };
}
