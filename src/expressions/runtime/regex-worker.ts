/**
 * The worker thread that runs regexes away from the event loop (regex-pool.ts) or under the blocking
 * guard (regex-guard.ts): a catastrophic backtrack is stopped by terminating this thread.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { execJob, type RegexJob } from './regex-exec.js';

const { port, signal } = workerData as { port: MessagePort; signal?: Int32Array };

port.on('message', ({ id, job }: { id: number; job: RegexJob }) => {
  let reply: unknown;
  try {
    reply = { id, matches: execJob(job) };
  } catch (e) {
    reply = { id, error: String((e as Error).message) };
  }
  port.postMessage(reply);
  if (signal) {
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  }
});

if (signal) {
  Atomics.store(signal, 0, 2);
  Atomics.notify(signal, 0);
} else port.postMessage({ ready: true });
