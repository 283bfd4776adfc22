/**
 * Relay throughput: many connections, each keeping `window` messages in flight; every echo is checked
 * and answered by the next message. Sends that one read triggers are corked into one write.
 */
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import { closeClient, openMany } from './connect.js';
import type { Integrity, LoadResult, RelayJob } from './jobs.js';
import { emptyIntegrity } from './jobs.js';
import { EchoChecker, makeMessage, type MessageKind } from './payloads.js';
import type { Reporter } from './reporter.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class Stream {
  sent = 0;
  received = 0;
  receivedBytes = 0;
  stopping = false;
  closedEarly = false;
  private owed = 0;
  private scheduled = false;
  readonly checker: EchoChecker;
  private readonly socket: Socket;
  private readonly binary: boolean;

  constructor(
    private readonly ws: WebSocket,
    private readonly kind: MessageKind,
    private readonly connection: number,
    window: number,
  ) {
    this.checker = new EchoChecker(kind, connection);
    this.binary = kind === 'bin64k';
    this.socket = (ws as unknown as { _socket: Socket })._socket;
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    ws.once('close', () => {
      if (!this.stopping) this.closedEarly = true;
    });
    this.owed = window;
    this.flush();
  }

  get inFlight(): number {
    return this.sent - this.received;
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    this.received++;
    this.receivedBytes += data.length;
    this.checker.receive(data, isBinary);
    if (this.stopping) return;
    this.owed++;
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    if (this.stopping || this.ws.readyState !== 1) return;
    this.socket.cork();
    while (this.owed > 0) {
      this.ws.send(makeMessage(this.kind, this.connection, this.sent), { binary: this.binary });
      this.sent++;
      this.owed--;
    }
    this.socket.uncork();
  }

  get websocket(): WebSocket {
    return this.ws;
  }
}

function totals(streams: Stream[]): { messages: number; bytes: number } {
  let messages = 0;
  let bytes = 0;
  for (const s of streams) {
    messages += s.received;
    bytes += s.receivedBytes;
  }
  return { messages, bytes };
}

export async function runRelay(job: RelayJob, reporter: Reporter): Promise<LoadResult> {
  const integrity: Integrity = emptyIntegrity();
  const noteError = (err: Error): void => {
    integrity.errors++;
    integrity.firstError ??= err.message;
  };
  const clients = await openMany(job.url, job.connections, 50, 10_000, noteError);
  const streams = clients.map((ws, i) => new Stream(ws, job.message, i, job.window));

  await sleep(job.warmupMs);
  reporter.mark('start');
  const before = totals(streams);
  const t0 = performance.now();
  await sleep(job.durationMs);
  const after = totals(streams);
  const elapsedMs = performance.now() - t0;
  reporter.mark('end');

  for (const s of streams) s.stopping = true;
  const drainDeadline = Date.now() + job.drainMs;
  while (Date.now() < drainDeadline && streams.some((s) => s.inFlight > 0 && !s.closedEarly)) await sleep(20);

  for (const s of streams) {
    integrity.sent += s.sent;
    integrity.received += s.received;
    integrity.corrupted += s.checker.counts.corrupted;
    integrity.outOfOrder += s.checker.counts.outOfOrder;
    integrity.wrongType += s.checker.counts.wrongType;
    if (s.closedEarly) noteError(new Error('connection closed during the run'));
  }
  integrity.lost = integrity.sent - integrity.received;
  await Promise.all(streams.map((s) => closeClient(s.websocket, 5_000)));
  return {
    operations: after.messages - before.messages,
    bytes: after.bytes - before.bytes,
    elapsedMs,
    integrity,
  };
}
