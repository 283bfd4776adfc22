/**
 * The console's bounded memory of recent handshakes: the newest `capacity` records, oldest dropped first,
 * with listeners told of every new or updated record (the console's live list).
 */
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
  private readonly listeners = new Set<RingListener>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`trace ring capacity must be a whole number ≥ 1, not ${capacity}`);
  }

  get size(): number {
    return this.records.size;
  }

  add(record: TraceRecord): void {
    this.records.delete(record.id);
    this.records.set(record.id, record);
    while (this.records.size > this.capacity) this.records.delete(this.records.keys().next().value!);
    this.notify(record);
  }

  get(id: string): TraceRecord | undefined {
    return this.records.get(id);
  }

  /** Changes a record still in the ring (connection events) and tells the listeners. */
  update(id: string, change: (record: TraceRecord) => void): void {
    const record = this.records.get(id);
    if (!record) return;
    change(record);
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
