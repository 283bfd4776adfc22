/** What the orchestrator asks of a load-generator process, and what it answers. Sent over IPC. */
import type { MessageKind } from './payloads.js';

export interface HandshakeJob {
  kind: 'handshake';
  url: string;
  concurrency: number;
  /** Warm-up handshakes, not measured; the warm-up also stops after warmupMs. */
  warmup: number;
  warmupMs: number;
  /** The measured window: handshakes (each open → close) until durationMs or maxHandshakes. */
  durationMs: number;
  maxHandshakes: number;
}

export interface RelayJob {
  kind: 'relay';
  url: string;
  connections: number;
  message: MessageKind;
  /** Messages in flight per connection. */
  window: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
}

export interface RoundTripJob {
  kind: 'rtt';
  url: string;
  count: number;
  warmup: number;
  timeLimitMs: number;
}

export interface IdleJob {
  kind: 'idle';
  url: string;
  /** Open connections up to each count in turn, holding at each until released. */
  steps: number[];
  concurrency: number;
  timeLimitMs: number;
}

export type LoadJob = HandshakeJob | RelayJob | RoundTripJob | IdleJob;

export interface Integrity {
  sent: number;
  received: number;
  lost: number;
  corrupted: number;
  outOfOrder: number;
  wrongType: number;
  /** Connection or handshake failures, unexpected closes. */
  errors: number;
  firstError?: string;
}

export interface LoadResult {
  /** Operations completed inside the measured window (handshakes, round trips, messages echoed). */
  operations: number;
  /** Payload bytes echoed back inside the window. */
  bytes: number;
  elapsedMs: number;
  /** Latency samples' summary in microseconds, for handshake and round-trip jobs. */
  p50Us?: number;
  p99Us?: number;
  integrity: Integrity;
}

export type LoadEvent =
  | { type: 'mark'; name: 'start' | 'end' }
  | { type: 'hold'; open: number }
  | { type: 'result'; result: LoadResult }
  | { type: 'failed'; message: string };

export type LoadCommand = { type: 'job'; job: LoadJob } | { type: 'release' };

export function emptyIntegrity(): Integrity {
  return { sent: 0, received: 0, lost: 0, corrupted: 0, outOfOrder: 0, wrongType: 0, errors: 0 };
}
