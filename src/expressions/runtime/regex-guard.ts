/**
 * The blocking guard, for synchronous callers only (unit tables, `Evaluator.run`): the job runs in a
 * worker thread and the caller waits at most the timeout with Atomics.wait, then the worker is
 * terminated. The gateway never comes here: its evaluations defer such jobs to the worker pool
 * (regex-pool.ts, regex-run.ts), so the event loop is never blocked by a regex.
 */
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { fail } from './fail.js';
import type { RegexJob } from './regex-exec.js';
import { newRegexWorker } from './regex-worker-file.js';
import type { Outcome } from './regex-outcome.js';

/** How long a new worker may take to start (tsx in development is slow). */
const STARTUP_MS = 15_000;

interface Guard {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}

let guard: Guard | undefined;

function startGuard(): Guard {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = newRegexWorker({ port: port2, signal }, [port2]);
  worker.unref();
  port1.unref();
  if (Atomics.wait(signal, 0, 0, STARTUP_MS) === 'timed-out') {
    void worker.terminate();
    fail('System.InvalidOperationException', 'The regular expression guard thread did not start.');
  }
  return { worker, port: port1, signal };
}

export function runBlocking(job: RegexJob, timeoutMs: number): Outcome {
  guard ??= startGuard();
  const g = guard;
  Atomics.store(g.signal, 0, 0);
  g.port.postMessage({ id: 0, job });
  if (Atomics.wait(g.signal, 0, 0, timeoutMs) === 'timed-out') {
    void g.worker.terminate();
    guard = undefined;
    return { timedOut: true };
  }
  const reply = receiveMessageOnPort(g.port)?.message as { matches?: RawMatches; error?: string } | undefined;
  if (!reply?.matches) return { error: reply?.error ?? 'no reply' };
  return { matches: reply.matches };
}

type RawMatches = NonNullable<Extract<Outcome, { matches: unknown }>['matches']>;
