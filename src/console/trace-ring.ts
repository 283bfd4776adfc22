/**
 * The console's bounded memory of recent handshakes: the newest `capacity` records within `maxBytes`
 * (each trace is already bounded when recorded, src/steps/runtime/trace-bounds.ts), oldest dropped first, with
 * listeners told of every new or updated record (the console's live list).
 */
import { approximateSize } from '../steps/runtime/trace-bounds.js';

/** What a record costs besides its trace (its summary fields). */
const RECORD_COST = 512;
/** What a connection's activity may grow to (200 events of about 100 bytes). */
const CONNECTION_COST = 20_000;
export const DEFAULT_RING_BYTES = 64 * 1024 * 1024;

export interface ConnectionActivity {
  open: boolean;
  messagesToBackend: number;
  messagesToClient: number;
  bytesToBackend: number;
  bytesToClient: number;
  closeCode?: number;
  closeReason?: string;
  closedBy?: 'client' | 'backend';
  /** The last messages relayed (capped), oldest first. */
  events: Array<{ at: string; direction: 'toBackend' | 'toClient'; kind: 'text' | 'binary' | 'close' | 'ping' | 'pong'; size: number }>;
}

export interface TraceSummary {
  id: string;
  /** When the handshake arrived (ISO-8601). */
  at: string;
  api: string | null;
  client: string;
  decision: 'connect' | 'respond' | 'rejected';
  status: number;
  durationMs: number;
  backendUrl?: string;
  /** `source: Reason: message` of the error the run ended with, if any. */
  error?: string;
  connection?: Pick<ConnectionActivity, 'open' | 'messagesToBackend' | 'messagesToClient' | 'closeCode'>;
}

export interface TraceRecord extends Omit<TraceSummary, 'connection'> {
  /** The APIM-shaped trace, secrets masked; null when the handshake ended before the policy ran. */
  trace: unknown;
  connection?: ConnectionActivity;
}

export type RingListener = (summary: TraceSummary) => void;

export class TraceRing {
  private readonly records = new Map<string, TraceRecord>();
  /** Each record's approximate size, and their sum. */
  private readonly sizes = new Map<string, number>();
  private total = 0;
  private readonly listeners = new Set<RingListener>();

  constructor(
    readonly capacity: number,
    readonly maxBytes = DEFAULT_RING_BYTES,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`trace ring capacity must be a whole number ≥ 1, not ${capacity}`);
    if (!(maxBytes > 0)) throw new RangeError(`trace ring size must be a positive number of bytes, not ${maxBytes}`);
  }

  get size(): number {
    return this.records.size;
  }

  /** The approximate memory the records take, in bytes. */
  get bytes(): number {
    return this.total;
  }

  add(record: TraceRecord): void {
    this.remove(record.id);
    const size = RECORD_COST + approximateSize(record.trace) + (record.connection ? CONNECTION_COST : 0);
    this.records.set(record.id, record);
    this.sizes.set(record.id, size);
    this.total += size;
    // The newest record stays even when it alone is over the budget: it is what the developer looks at.
    while (this.records.size > this.capacity || (this.total > this.maxBytes && this.records.size > 1)) this.remove(this.records.keys().next().value!);
    this.notify(record);
  }

  private remove(id: string): void {
    if (!this.records.delete(id)) return;
    this.total -= this.sizes.get(id) ?? 0;
    this.sizes.delete(id);
  }

  get(id: string): TraceRecord | undefined {
    return this.records.get(id);
  }

  /** Changes a record still in the ring (connection events) and tells the listeners. */
  update(id: string, change: (record: TraceRecord) => void): void {
    const record = this.records.get(id);
    if (!record) return;
    const hadConnection = record.connection !== undefined;
    change(record);
    if (!hadConnection && record.connection !== undefined) {
      this.sizes.set(id, (this.sizes.get(id) ?? 0) + CONNECTION_COST);
      this.total += CONNECTION_COST;
    }
    this.notify(record);
  }

  /** Newest first. */
  list(): TraceSummary[] {
    return [...this.records.values()].reverse().map(summarise);
  }

  subscribe(listener: RingListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(record: TraceRecord): void {
    const summary = summarise(record);
    for (const listener of this.listeners) listener(summary);
  }
}

export function summarise(record: TraceRecord): TraceSummary {
  const { trace: _trace, connection, ...rest } = record;
  return connection
    ? { ...rest, connection: { open: connection.open, messagesToBackend: connection.messagesToBackend, messagesToClient: connection.messagesToClient, ...(connection.closeCode !== undefined ? { closeCode: connection.closeCode } : {}) } }
    : rest;
}
