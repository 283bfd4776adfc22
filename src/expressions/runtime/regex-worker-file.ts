/**
 * Starts a regex worker from a real file, never from evaluated text: the compiled regex-worker.js in
 * dist, or, when running from TypeScript sources (tests, tsx), regex-worker-tsx.mjs, which registers
 * tsx's loader in the worker thread and imports regex-worker.ts. (Node 20 does not apply `--import tsx`
 * in a worker's execArgv to the worker's own entry file, so the loader is registered from inside.)
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type MessagePort } from 'node:worker_threads';

export function newRegexWorker(data: object, transferList: MessagePort[]): Worker {
  const js = new URL('./regex-worker.js', import.meta.url);
  const entry = existsSync(fileURLToPath(js)) ? js : new URL('./regex-worker-tsx.mjs', import.meta.url);
  return new Worker(entry, { workerData: data, transferList });
}
