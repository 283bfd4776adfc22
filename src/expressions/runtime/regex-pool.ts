/**
 * The regex worker pool: jobs the main thread must not run (patterns RE2 cannot take, large inputs)
 * run here, asynchronously. A job's timeout counts from the moment a worker starts it; a job past its
 * timeout has its worker terminated (JavaScript cannot interrupt a running RegExp any other way) and
 * a fresh worker takes its place. Jobs wait in FIFO order while every worker is busy.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { RawMatch, RegexJob } from './regex-exec.js';
import type { Outcome } from './regex-outcome.js';
import { newRegexWorker } from './regex-worker-file.js';

/** Workers in the pool: the gateway's own thread keeps one core. */
const POOL_SIZE = Math.max(1, Math.min(4, availableParallelism() - 1));

interface Slot {
  worker: Worker;
  port: MessagePort;
  ready: Promise<void>;
}

interface Queued {
  job: RegexJob;
  timeoutMs: number;
  resolve: (r: PoolResult) => void;
}

const idle: Slot[] = [];
let started = 0;
const queue: Queued[] = [];

function startSlot(): Slot {
  const { port1, port2 } = new MessageChannel();
  const worker = newRegexWorker({ port: port2 }, [port2]);
  worker.unref();
  port1.unref();
  const ready = new Promise<void>((resolve, reject) => {
    port1.once('message', () => resolve());
    worker.once('error', reject);
  });
  started++;
  return { worker, port: port1, ready };
}

function retire(slot: Slot): void {
  slot.port.close();
  void slot.worker.terminate();
  started--;
}

export interface PoolResult {
  outcome: Outcome;
  /** how long the job ran in its worker (waiting in the queue and worker start-up excluded) */
  ranMs: number;
}

/** Runs a job in the pool; resolves with its outcome (never rejects). */
export function runInPool(job: RegexJob, timeoutMs: number): Promise<PoolResult> {
  return new Promise((resolve) => {
    queue.push({ job, timeoutMs, resolve });
    pump();
  });
}

function pump(): void {
  while (queue.length > 0) {
    const slot = idle.pop() ?? (started < POOL_SIZE ? startSlot() : undefined);
    if (!slot) return;
    void runOn(slot, queue.shift()!);
  }
}

let nextId = 1;

async function runOn(slot: Slot, q: Queued): Promise<void> {
  try {
    await slot.ready;
  } catch (e) {
    retire(slot);
    q.resolve({ outcome: { error: `the regular expression worker did not start: ${(e as Error).message}` }, ranMs: 0 });
    pump();
    return;
  }
  const id = nextId++;
  const started = performance.now();
  const outcome = await new Promise<Outcome>((resolve) => {
    const timer = setTimeout(() => {
      slot.port.off('message', onReply);
      resolve({ timedOut: true });
    }, q.timeoutMs);
    const onReply = (m: { id: number; matches?: RawMatch[]; error?: string }) => {
      if (m.id !== id) return;
      clearTimeout(timer);
      slot.port.off('message', onReply);
      resolve(m.matches ? { matches: m.matches } : { error: m.error ?? 'no reply' });
    };
    slot.port.on('message', onReply);
    slot.port.postMessage({ id, job: q.job });
  });
  if ('timedOut' in outcome) retire(slot);
  else idle.push(slot);
  q.resolve({ outcome, ranMs: performance.now() - started });
  pump();
}
