/**
 * One connection to a Redis server, through ioredis (RESP parsing, TLS, reconnection with backoff), set up
 * to fail fast: while it is down, commands fail at once with StoreUnavailableError instead of queueing, so a
 * handshake never waits on a dead Redis; a command that gets no answer within the timeout fails the same way
 * and the silent socket is dropped; a reply that is not RESP drops the connection and fails what waited on it.
 * ioredis is loaded on first use, so a gateway on the memory store never pays for it.
 */
import type { Socket } from 'node:net';
import type { Redis, RedisOptions } from 'ioredis';
import { StoreUnavailableError } from './errors.js';
import type { LuaScript } from './redis-scripts.js';

export interface RedisConnectionOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  /** `rediss://`: TLS, the certificate checked against `host`. */
  tls?: boolean;
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts. */
  maxBackoffMs?: number;
  /** Lua scripts run by name through `script()` (EVALSHA, EVAL when the server does not know it yet). */
  scripts?: readonly LuaScript[];
  onState?: (state: 'connected' | 'disconnected', detail: string) => void;
}

/** Private ioredis fields the connection unrefs so the store never keeps a process alive on its own. */
interface IoredisInternals {
  stream?: Socket;
  reconnectTimeout?: NodeJS.Timeout | null;
}

type ScriptRunner = (...keysThenArgs: Array<string | number>) => Promise<unknown>;

export class RedisConnection {
  private readonly client: Promise<Redis>;
  private readonly firstConnect: Promise<void>;
  private lastState: 'connected' | 'disconnected' | null = null;
  private lastError: string | undefined;
  /** True until the first connection attempt settles: commands wait for it instead of failing. */
  private starting = true;

  constructor(private readonly options: RedisConnectionOptions) {
    this.client = import('ioredis').then(({ Redis }) => this.open(Redis));
    this.firstConnect = this.client.then((client) => this.firstReady(client));
    // Callers that never wait for readiness must not see an unhandled rejection.
    this.firstConnect.catch(() => undefined).finally(() => {
      this.starting = false;
    });
  }

  /** Resolves once connected the first time (rejects if that attempt fails; reconnection goes on). */
  whenReady(): Promise<void> {
    return this.firstConnect;
  }

  async command(name: string, args: ReadonlyArray<string | number>): Promise<unknown> {
    const client = await this.readyClient();
    return this.unavailableOnError(client, client.call(name, ...args));
  }

  async script(script: LuaScript, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    const client = await this.readyClient();
    const run = (client as unknown as Record<string, ScriptRunner>)[script.name];
    if (!run) throw new Error(`redis script '${script.name}' was not given to the connection`);
    return this.unavailableOnError(client, run.call(client, ...keys, ...args));
  }

  async close(): Promise<void> {
    const client = await this.client;
    if (client.status === 'end') return;
    await new Promise<void>((resolve) => {
      client.once('end', () => resolve());
      client.disconnect();
    });
  }

  private open(Redis: new (options: RedisOptions) => Redis): Redis {
    const { host, port, username, password, db, tls, scripts = [] } = this.options;
    const timeoutMs = this.timeoutMs();
    const client = new Redis({
      host,
      port,
      ...(username ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(db ? { db } : {}),
      ...(tls ? { tls: { servername: host } } : {}),
      // Fail fast: nothing waits for a connection that is not there.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      connectTimeout: timeoutMs,
      // RESP2 and only AUTH and SELECT on connect, as every Redis answers them: no HELLO 3, no INFO ready check,
      // no CLIENT SETINFO or MAINT_NOTIFICATIONS (a stand-in's nonsense must reach the first real command).
      protocol: 2,
      enableReadyCheck: false,
      disableClientInfo: true,
      maintNotifications: 'disabled',
      retryStrategy: (attempt) => Math.min(50 * 2 ** (attempt - 1), this.options.maxBackoffMs ?? 2000),
    });
    for (const script of scripts) client.defineCommand(script.name, { numberOfKeys: script.keys, lua: script.source });
    const internals = client as unknown as IoredisInternals;
    client.on('connect', () => internals.stream?.unref());
    client.on('reconnecting', () => internals.reconnectTimeout?.unref());
    client.on('ready', () => {
      this.lastError = undefined;
      this.report('connected', `redis ${this.where()} connected`);
    });
    client.on('error', (err: Error) => {
      this.lastError = err.message;
    });
    client.on('close', () => this.report('disconnected', `redis ${this.where()}: ${this.lastError ?? 'closed the connection'}`));
    return client;
  }

  private firstReady(client: Redis): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (client.status === 'ready') return resolve();
      client.once('ready', () => resolve());
      client.once('close', () => reject(new StoreUnavailableError(`redis ${this.where()}: could not connect${this.lastError ? ` (${this.lastError})` : ''}`)));
    });
  }

  private async readyClient(): Promise<Redis> {
    const client = await this.client;
    if (this.starting) await this.firstConnect.catch(() => undefined);
    if (client.status !== 'ready') throw new StoreUnavailableError(`redis ${this.where()} is not connected`);
    return client;
  }

  /** Every failure (an error reply, a timeout, a reply that is not RESP, a lost connection) is the store being unavailable. */
  private async unavailableOnError<T>(client: Redis, reply: Promise<T>): Promise<T> {
    try {
      return await reply;
    } catch (err) {
      // A server that stays silent, or sent the start of a reply that never completes (ioredis's parser waits
      // on `*hello`), holds every later command too: drop the socket so they fail at once, and reconnect.
      if (err instanceof Error && /timed out/i.test(err.message) && client.status === 'ready') client.disconnect(true);
      const failure = err instanceof StoreUnavailableError ? err : new StoreUnavailableError(`redis ${this.where()}: ${(err as Error).message}`);
      // Anything but an error reply means the connection is gone (ioredis may say so a tick later: the
      // stream ended before its close event), and the gateway reports it now.
      if ((err as Error).name !== 'ReplyError') this.report('disconnected', failure.message);
      throw failure;
    }
  }

  private where(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  private timeoutMs(): number {
    return this.options.commandTimeoutMs ?? 2000;
  }

  private report(state: 'connected' | 'disconnected', detail: string): void {
    if (this.lastState === state) return;
    this.lastState = state;
    this.options.onState?.(state, detail);
  }
}
