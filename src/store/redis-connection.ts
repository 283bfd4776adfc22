/**
 * One pipelined connection to a Redis server that reconnects by itself. While it is down, commands
 * fail at once with StoreUnavailableError instead of queueing, so a handshake never waits on a dead
 * Redis; a command that gets no answer within the timeout fails the same way and drops the socket.
 */
import { connect, type Socket } from 'node:net';
import { StoreUnavailableError } from './errors.js';
import { encodeCommand, RespError, RespParser, type RespReply } from './resp.js';

export interface RedisConnectionOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts. */
  maxBackoffMs?: number;
  onState?: (state: 'connected' | 'disconnected', detail: string) => void;
}

interface Pending {
  resolve(reply: RespReply): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export class RedisConnection {
  private socket: Socket | null = null;
  private ready = false;
  private closed = false;
  private pending: Pending[] = [];
  private backoffMs = 50;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private firstConnect: Promise<void>;
  private lastState: 'connected' | 'disconnected' | null = null;
  /** True until the first connection attempt settles: commands wait for it instead of failing. */
  private starting = true;

  constructor(private readonly options: RedisConnectionOptions) {
    this.firstConnect = this.open();
    // Callers that never wait for readiness must not see an unhandled rejection.
    this.firstConnect.catch(() => undefined).finally(() => {
      this.starting = false;
    });
  }

  /** Resolves once connected the first time (rejects if that attempt fails; reconnection goes on). */
  whenReady(): Promise<void> {
    return this.firstConnect;
  }

  get connected(): boolean {
    return this.ready;
  }

  async command(args: ReadonlyArray<string | number | Buffer>): Promise<RespReply> {
    if (this.starting) await this.firstConnect.catch(() => undefined);
    if (!this.ready || !this.socket) throw new StoreUnavailableError(`redis ${this.where()} is not connected`);
    return this.send(this.socket, args);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.drop(new StoreUnavailableError('redis connection closed'));
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    }
  }

  private where(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  private send(socket: Socket, args: ReadonlyArray<string | number | Buffer>): Promise<RespReply> {
    return new Promise<RespReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Timers run before I/O in an event-loop turn: after a long busy spell the answer may be waiting
        // unread. setImmediate runs after the I/O phase, so only a really silent server is given up on.
        setImmediate(() => {
          if (!this.pending.some((p) => p.timer === timer)) return;
          // A silent server: give up on this socket so every waiting command fails fast.
          this.fail(socket, new StoreUnavailableError(`redis ${this.where()} did not answer within ${this.timeoutMs()} ms`));
        });
      }, this.timeoutMs());
      this.pending.push({ resolve, reject, timer });
      socket.write(encodeCommand(args));
    }).then((reply) => {
      if (reply instanceof RespError) throw new StoreUnavailableError(`redis error: ${reply.message}`);
      return reply;
    });
  }

  private timeoutMs(): number {
    return this.options.commandTimeoutMs ?? 2000;
  }

  private open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const socket = connect({ host: this.options.host, port: this.options.port });
      socket.setNoDelay(true);
      // The store must not keep a process alive on its own (a gateway exits once its server closes).
      socket.unref();
      // A host that never answers the SYN must not hold the first commands for the OS timeout.
      socket.setTimeout(this.timeoutMs(), () => {
        setImmediate(() => {
          if (socket.connecting) this.fail(socket, new StoreUnavailableError(`redis ${this.where()}: connection timed out`));
        });
      });
      this.socket = socket;
      const parser = new RespParser();
      socket.on('data', (chunk: Buffer) => {
        let replies: RespReply[];
        try {
          replies = parser.push(chunk);
        } catch (err) {
          this.fail(socket, new StoreUnavailableError(`redis protocol error: ${(err as Error).message}`));
          return;
        }
        for (const reply of replies) {
          const waiter = this.pending.shift();
          if (!waiter) continue;
          clearTimeout(waiter.timer);
          waiter.resolve(reply);
        }
      });
      socket.on('error', (err) => this.fail(socket, new StoreUnavailableError(`redis ${this.where()}: ${err.message}`)));
      socket.on('close', () => {
        if (this.socket === socket) this.fail(socket, new StoreUnavailableError(`redis ${this.where()} closed the connection`));
      });
      socket.once('connect', () => {
        this.handshake(socket).then(
          () => {
            socket.setTimeout(0);
            this.ready = true;
            this.backoffMs = 50;
            this.report('connected', `redis ${this.where()} connected`);
            resolve();
          },
          (err: Error) => {
            this.fail(socket, err instanceof StoreUnavailableError ? err : new StoreUnavailableError(err.message));
            reject(err);
          },
        );
      });
      socket.once('close', () => reject(new StoreUnavailableError(`redis ${this.where()}: could not connect`)));
    });
  }

  private async handshake(socket: Socket): Promise<void> {
    const { username, password, db } = this.options;
    if (password !== undefined) await this.send(socket, username ? ['AUTH', username, password] : ['AUTH', password]);
    if (db) await this.send(socket, ['SELECT', db]);
  }

  private fail(socket: Socket, err: StoreUnavailableError): void {
    if (this.socket !== socket) return;
    this.socket = null;
    socket.destroy();
    this.drop(err);
    if (!this.closed) {
      this.report('disconnected', err.message);
      this.scheduleReconnect();
    }
  }

  private drop(err: Error): void {
    this.ready = false;
    const waiting = this.pending;
    this.pending = [];
    for (const p of waiting) {
      clearTimeout(p.timer);
      p.reject(err);
    }
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closed) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 2000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed) this.open().catch(() => undefined);
    }, delay);
    this.reconnectTimer.unref();
  }

  private report(state: 'connected' | 'disconnected', detail: string): void {
    if (this.lastState === state) return;
    this.lastState = state;
    this.options.onState?.(state, detail);
  }
}
