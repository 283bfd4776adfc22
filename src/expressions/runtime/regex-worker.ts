/**
 * The worker thread that runs risky regexes so that a catastrophic backtrack can be stopped: the
 * gateway waits at most the match timeout, then terminates this thread.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { execAll } from './regex-exec.js';

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

interface Request {
  source: string;
  flags: string;
  input: string;
  start: number;
  all: boolean;
}

port.on('message', (req: Request) => {
  let reply: unknown;
  try {
    reply = { matches: execAll(req.source, req.flags, req.input, req.start, req.all) };
  } catch (e) {
    reply = { error: String((e as Error).message) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});

Atomics.store(signal, 0, 2);
Atomics.notify(signal, 0);
