/**
 * The match timeout. JavaScript cannot interrupt a running RegExp, so patterns that may backtrack
 * catastrophically (nested quantifiers, back references: see regex-translate.ts) run in a worker
 * thread; the caller blocks for at most the match timeout (2 s by default, as `new Regex(p, o,
 * TimeSpan)` may set), then the worker is terminated and RegexMatchTimeoutException is thrown.
 * Other patterns run directly: they are linear or polynomial in the input.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { fail } from './fail.js';
import { execAll, type RawMatch } from './regex-exec.js';
import type { TranslatedRegex } from './regex-translate.js';

export type { RawMatch };

/** How long a new worker may take to start (tsx in development is slow). */
const STARTUP_MS = 15_000;

interface Guard {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}

let guard: Guard | undefined;

/**
 * The worker runs from a real file, never from evaluated text: the compiled regex-worker.js in dist,
 * or, when running from TypeScript sources (tests, tsx), regex-worker-tsx.mjs, which registers tsx's
 * loader in the worker thread and imports regex-worker.ts. (Node 20 does not apply `--import tsx` in a
 * worker's execArgv to the worker's own entry file, so the loader is registered from inside.)
 */
function newWorker(data: object, transferList: MessagePort[]): Worker {
  const js = new URL('./regex-worker.js', import.meta.url);
  const entry = existsSync(fileURLToPath(js)) ? js : new URL('./regex-worker-tsx.mjs', import.meta.url);
  return new Worker(entry, { workerData: data, transferList });
}

function startGuard(): Guard {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = newWorker({ port: port2, signal }, [port2]);
  worker.unref();
  port1.unref();
  if (Atomics.wait(signal, 0, 0, STARTUP_MS) === 'timed-out') {
    void worker.terminate();
    fail('System.InvalidOperationException', 'The regular expression guard thread did not start.');
  }
  return { worker, port: port1, signal };
}

function stopGuard(): void {
  if (guard) void guard.worker.terminate();
  guard = undefined;
}

const TIMEOUT_MESSAGE =
  'The Regex engine has timed out while trying to match a pattern to an input string. This can occur for many reasons, including very large inputs or excessive backtracking caused by nested quantifiers, back-references and other factors.';

export function runGuarded(t: TranslatedRegex, input: string, start: number, all: boolean, timeoutMs: number, pattern: string): RawMatch[] {
  if (!t.risky) return execAll(t.source, t.flags, input, start, all);
  guard ??= startGuard();
  const g = guard;
  Atomics.store(g.signal, 0, 0);
  g.port.postMessage({ source: t.source, flags: t.flags, input, start, all });
  if (Atomics.wait(g.signal, 0, 0, timeoutMs) === 'timed-out') {
    stopGuard();
    fail('System.Text.RegularExpressions.RegexMatchTimeoutException', TIMEOUT_MESSAGE);
  }
  const reply = receiveMessageOnPort(g.port)?.message as { matches?: RawMatch[]; error?: string } | undefined;
  if (!reply || reply.error !== undefined || !reply.matches) fail('System.ArgumentException', `Invalid pattern '${pattern}'. ${reply?.error ?? ''}`.trim());
  return reply.matches;
}
