/**
 * The Redis store: counters, slots and values live in a Redis server shared by every gateway that
 * points at it, each update one Lua script (atomic). Keys are prefixed `onhandshake:`.
 */
import { randomUUID } from 'node:crypto';
import type { QuotaDecision, QuotaLimits, QuotaPeriod, RateDecision, SlotLease, Store, StoreEvent, StoreFailureMode } from './contract.js';
import { StoreUnavailableError } from './errors.js';
import { RedisConnection } from './redis-connection.js';
import { acquireSlotScript, allScripts, quotaBytesScript, quotaScript, rateLimitScript, renewSlotScript, type LuaScript } from './redis-scripts.js';

export interface RedisStoreOptions {
  failureMode?: StoreFailureMode;
  commandTimeoutMs?: number;
  /** How long a concurrency slot survives without renewal (a crashed gateway's slots free themselves). */
  slotLeaseMs?: number;
  prefix?: string;
}

export interface RedisAddress {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  /** `rediss://`: TLS. */
  tls?: boolean;
}

/** `redis://[user:password@]host[:port][/db]`, or `rediss://…` for TLS. */
export function parseRedisUrl(url: string): RedisAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`store: '${url}' is not a URL (expected redis://host:port[/db] or rediss://…)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error(`store: '${url}' must start with redis:// or rediss://`);
  const dbText = parsed.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw new Error(`store: database '${dbText}' in '${url}' is not a number`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(dbText ? { db: Number(dbText) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: true } : {}),
  };
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly failureMode: StoreFailureMode;
  private readonly connection: RedisConnection;
  private readonly listeners: Array<(event: StoreEvent) => void> = [];
  private readonly prefix: string;
  private readonly slotLeaseMs: number;
  private readonly leases = new Set<NodeJS.Timeout>();

  constructor(address: RedisAddress, options: RedisStoreOptions = {}) {
    this.failureMode = options.failureMode ?? 'open';
    this.prefix = options.prefix ?? 'onhandshake:';
    this.slotLeaseMs = options.slotLeaseMs ?? 30_000;
    this.connection = new RedisConnection({
      ...address,
      ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
      scripts: allScripts,
      onState: (state, detail) => this.emit({ kind: state, message: detail }),
    });
  }

  /** Waits for the first connection; rejects with the reason when Redis cannot be reached. */
  ready(): Promise<void> {
    return this.connection.whenReady();
  }

  async rateLimitHit(key: string, limit: number, windowMs: number, amount: number, now: number): Promise<RateDecision> {
    const [allowed, count, retry] = asNumbers(
      await this.eval(rateLimitScript, [this.key('rate', key)], [limit, windowMs, amount, now, randomUUID()]),
      3,
    );
    return allowed === 1
      ? { allowed: true, count: count!, remaining: Math.max(0, limit - count!), retryAfterMs: 0 }
      : { allowed: false, count: count!, remaining: Math.max(0, limit - count!), retryAfterMs: retry! };
  }

  async quotaHit(key: string, limits: QuotaLimits, period: QuotaPeriod, calls: number, _now?: number): Promise<QuotaDecision> {
    const [allowed, exceeded, used, bytes] = asNumbers(
      await this.eval(
        quotaScript,
        [this.quotaKey(key, period)],
        [limits.calls ?? -1, limits.bytes ?? -1, calls, period.endsAt ?? -1],
      ),
      4,
    );
    return {
      allowed: allowed === 1,
      ...(exceeded === 1 ? { exceeded: 'calls' as const } : exceeded === 2 ? { exceeded: 'bandwidth' as const } : {}),
      calls: used!,
      bytes: bytes!,
    };
  }

  async quotaAddBytes(key: string, period: QuotaPeriod, bytes: number): Promise<void> {
    await this.eval(quotaBytesScript, [this.quotaKey(key, period)], [Math.round(bytes), period.endsAt ?? -1]);
  }

  async acquireSlot(key: string, max: number, now: number): Promise<SlotLease | null> {
    const slotKey = this.key('slots', key);
    const id = randomUUID();
    const reply = await this.eval(acquireSlotScript, [slotKey], [max, now, this.slotLeaseMs, id]);
    const [taken] = asNumbers([reply], 1);
    // The script answers 0 or 1: any other integer is a stand-in's nonsense, not "all slots taken".
    if (taken !== 0 && taken !== 1) throw new StoreUnavailableError(`redis: unexpected reply ${describeReply(reply)}`);
    if (taken === 0) return null;
    // Renew well before the lease lapses; a failed renewal is retried on the next tick.
    const timer = setInterval(() => {
      this.eval(renewSlotScript, [slotKey], [Date.now(), this.slotLeaseMs, id]).catch(() => undefined);
    }, Math.max(100, Math.floor(this.slotLeaseMs / 3)));
    timer.unref();
    this.leases.add(timer);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        this.leases.delete(timer);
        this.connection.command('ZREM', [slotKey, id]).catch(() => undefined);
      },
    };
  }

  async getValue(key: string): Promise<string | undefined> {
    const reply = await this.connection.command('GET', [this.key('value', key)]);
    return reply === null ? undefined : String(reply);
  }

  async setValue(key: string, value: string, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return this.deleteValue(key);
    await this.connection.command('SET', [this.key('value', key), value, 'PX', Math.ceil(ttlMs)]);
  }

  async deleteValue(key: string): Promise<void> {
    await this.connection.command('DEL', [this.key('value', key)]);
  }

  onEvent(listener: (event: StoreEvent) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    for (const timer of this.leases) clearInterval(timer);
    this.leases.clear();
    await this.connection.close();
  }

  private key(kind: string, key: string): string {
    return `${this.prefix}${kind}:${key}`;
  }

  private quotaKey(key: string, period: QuotaPeriod): string {
    return `${this.key('quota', key)}:${period.id}`;
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private eval(script: LuaScript, keys: string[], args: Array<string | number>): Promise<unknown> {
    return this.connection.script(script, keys, args);
  }
}

/**
 * A script's answer: `count` integers. Anything else (a server answering garbage, another program on the
 * port) is the store failing, handled by storeFailure like an unreachable Redis, never read as a decision.
 */
function asNumbers(reply: unknown, count: number): number[] {
  const numbers = Array.isArray(reply) ? reply.map((v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN)) : [];
  if (numbers.length < count || numbers.slice(0, count).some((n) => !Number.isSafeInteger(n))) {
    throw new StoreUnavailableError(`redis: unexpected reply ${describeReply(reply)}`);
  }
  return numbers;
}

function describeReply(reply: unknown): string {
  const text = JSON.stringify(reply) ?? String(reply);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
