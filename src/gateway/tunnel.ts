/**
 * The relay after both upgrades: a raw byte tunnel between the client's socket and the backend's.
 * Frames pass unchanged (the gateway negotiated nothing itself: subprotocol and extensions are the
 * backend's answer to the client's offer), with backpressure both ways, each chunk written as it arrives,
 * and teardown of one leg when the other ends. FrameBoundary trackers let the gateway add its own
 * ping or close frames between the peers' frames (shutdown, idle timeout, keep-alive).
 */
import type { Socket } from 'node:net';
import { FrameBoundary, Opcode, closePayload, controlFrame } from './frame-boundary.js';

export type Direction = 'toBackend' | 'toClient';

export interface TunnelEnd {
  /** Who ended it first: a close frame or the TCP connection going away. */
  initiator: 'client' | 'backend' | 'gateway';
  closeCode?: number;
  closeReason?: string;
  error?: string;
  bytesToBackend: number;
  bytesToClient: number;
  messagesToBackend: number;
  messagesToClient: number;
  durationMs: number;
}

/** The seam for an inspect mode: sees every chunk in each direction, only when set. */
export interface TunnelObserver {
  data?(direction: Direction, chunk: Buffer): void;
}

export interface TunnelOptions {
  /** How long a peer gets to finish a closing handshake before its socket is destroyed. */
  closeGraceMs: number;
  observer?: TunnelObserver;
}

export class Tunnel {
  readonly startedAt = Date.now();
  /** Last time any byte arrived from either peer (the idle timeout measures from here). */
  lastActivity = Date.now();
  /** Last time a byte arrived from each peer (keep-alive dead-peer detection). */
  readonly lastHeard: Record<'client' | 'backend', number> = { client: Date.now(), backend: Date.now() };

  private readonly trackers: Record<Direction, FrameBoundary> = { toBackend: new FrameBoundary(), toClient: new FrameBoundary() };
  private readonly bytes: Record<Direction, number> = { toBackend: 0, toClient: 0 };
  private readonly dropping: Record<Direction, boolean> = { toBackend: false, toClient: false };
  private readonly pending: Record<Direction, Buffer[]> = { toBackend: [], toClient: [] };
  private initiator: TunnelEnd['initiator'] | undefined;
  private closeCode: number | undefined;
  private closeReason: string | undefined;
  private error: string | undefined;
  private closedSockets = 0;
  private graceTimer: NodeJS.Timeout | undefined;
  /**
   * Callbacks for the end, and the promise only when someone asks for it: an idle connection then
   * keeps no promise, reaction or suspended async function alive (memory per connection).
   */
  private endListeners: Array<(end: TunnelEnd) => void> | undefined;
  private ended: TunnelEnd | undefined;
  private donePromise: Promise<TunnelEnd> | undefined;

  constructor(
    private readonly client: Socket,
    private readonly backend: Socket,
    private readonly options: TunnelOptions,
  ) {
    this.trackers.toBackend.onClose = (code, reason) => this.noteClose('client', code, reason);
    this.trackers.toClient.onClose = (code, reason) => this.noteClose('backend', code, reason);
    client.setNoDelay(true);
    backend.setNoDelay(true);
    this.leg(client, backend, 'toBackend', 'client');
    this.leg(backend, client, 'toClient', 'backend');
  }

  /** Resolves when both sockets have closed. */
  get done(): Promise<TunnelEnd> {
    return (this.donePromise ??= new Promise((resolve) => this.onEnd(resolve)));
  }

  /** Calls `listener` once both sockets have closed (in the close event), or now if they have. */
  onEnd(listener: (end: TunnelEnd) => void): void {
    if (this.ended) listener(this.ended);
    else (this.endListeners ??= []).push(listener);
  }

  /** Bytes that arrived with the upgrade (after the headers) go through the same path as later data. */
  start(clientHead: Buffer, backendHead: Buffer): void {
    if (clientHead.length) this.forward(this.client, this.backend, 'toBackend', clientHead);
    if (backendHead.length) this.forward(this.backend, this.client, 'toClient', backendHead);
  }

  /** Gateway-initiated close (shutdown: 1001; idle timeout): a close frame to each peer, then teardown. */
  close(code: number, reason: string): void {
    this.initiator ??= 'gateway';
    if (this.closeCode === undefined) {
      this.closeCode = code;
      this.closeReason = reason;
    }
    const payload = closePayload(code, reason);
    this.inject('toClient', controlFrame(Opcode.Close, payload, false), true);
    this.inject('toBackend', controlFrame(Opcode.Close, payload, true), true);
    this.armGrace();
  }

  /** When the gateway last pinged each peer (keep-alive). */
  readonly lastPinged: Record<'client' | 'backend', number> = { client: 0, backend: 0 };

  /**
   * Keep-alive: a ping to one peer, between frames. Its pong is relayed to the other peer as an
   * unsolicited pong, which RFC 6455 allows.
   */
  ping(peer: 'client' | 'backend'): void {
    this.lastPinged[peer] = Date.now();
    if (this.pending[peer === 'client' ? 'toClient' : 'toBackend'].length) return; // one waiting is enough
    if (peer === 'client') this.inject('toClient', controlFrame(Opcode.Ping, Buffer.alloc(0), false), false);
    else this.inject('toBackend', controlFrame(Opcode.Ping, Buffer.alloc(0), true), false);
  }

  destroy(error: string): void {
    this.error ??= error;
    this.initiator ??= 'gateway';
    this.client.destroy();
    this.backend.destroy();
  }

  private leg(from: Socket, to: Socket, direction: Direction, peer: 'client' | 'backend'): void {
    from.on('data', (chunk: Buffer) => {
      const now = Date.now();
      this.lastActivity = now;
      this.lastHeard[peer] = now;
      this.forward(from, to, direction, chunk);
    });
    to.on('drain', () => from.resume());
    from.on('end', () => {
      this.initiator ??= peer;
      endOnce(to);
    });
    from.on('error', (err: NodeJS.ErrnoException) => {
      this.initiator ??= peer;
      this.error ??= `${peer} connection ${err.code === 'ECONNRESET' ? 'reset' : 'failed'}: ${err.message}`;
    });
    from.on('close', (hadError: boolean) => {
      this.initiator ??= peer;
      if (hadError) to.destroy();
      else {
        endOnce(to);
        this.armGrace();
      }
      if (++this.closedSockets === 2) this.end();
    });
  }

  private forward(from: Socket, to: Socket, direction: Direction, chunk: Buffer): void {
    const tracker = this.trackers[direction];
    tracker.feed(chunk);
    if (this.dropping[direction] || !to.writable) return; // a leg already ending takes no more data
    this.options.observer?.data?.(direction, chunk);
    this.bytes[direction] += chunk.length;
    // Written at once: libuv sends it while the socket is writable, and while a write is still pending
    // the stream queues later chunks and sends them together (writev), so nothing waits for a later turn.
    if (!to.write(chunk)) from.pause();
    if (this.pending[direction].length && tracker.atBoundary) this.flushInjected(to, direction);
  }

  private inject(direction: Direction, frame: Buffer, closing: boolean): void {
    if (this.dropping[direction]) return;
    const to = direction === 'toClient' ? this.client : this.backend;
    if (closing) this.pending[direction].push(Buffer.alloc(0)); // marker: stop relaying after the frame
    this.pending[direction].push(frame);
    if (this.trackers[direction].atBoundary) this.flushInjected(to, direction);
  }

  private flushInjected(to: Socket, direction: Direction): void {
    const frames = this.pending[direction];
    this.pending[direction] = [];
    for (const frame of frames) {
      if (frame.length === 0) {
        this.dropping[direction] = true;
        continue;
      }
      if (!to.destroyed && to.writable) to.write(frame);
    }
  }

  private noteClose(peer: 'client' | 'backend', code: number, reason: string): void {
    this.initiator ??= peer;
    if (this.closeCode === undefined) {
      this.closeCode = code;
      this.closeReason = reason;
    }
  }

  private armGrace(): void {
    if (this.graceTimer) return;
    this.graceTimer = setTimeout(() => {
      this.client.destroy();
      this.backend.destroy();
    }, this.options.closeGraceMs);
  }

  private end(): void {
    clearTimeout(this.graceTimer);
    const end: TunnelEnd = {
      initiator: this.initiator ?? 'gateway',
      closeCode: this.closeCode,
      closeReason: this.closeReason,
      error: this.error,
      bytesToBackend: this.bytes.toBackend,
      bytesToClient: this.bytes.toClient,
      messagesToBackend: this.trackers.toBackend.messages,
      messagesToClient: this.trackers.toClient.messages,
      durationMs: Date.now() - this.startedAt,
    };
    this.ended = end;
    const listeners = this.endListeners ?? [];
    this.endListeners = undefined;
    for (const listener of listeners) {
      try {
        listener(end);
      } catch (err) {
        // One failing listener (a log write) must not keep the others (slot releases) from running.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}

/**
 * Ends a socket unless it is already ending or gone: end() on a finished or destroyed stream builds an
 * error (with its stack trace) per call, which showed in handshake profiles as a cost per connection.
 */
function endOnce(socket: Socket): void {
  if (!socket.writableEnded && !socket.destroyed) socket.end();
}
