/** The default store: one process's memory. Limits hold for this gateway only. */
import type { QuotaDecision, QuotaLimits, QuotaPeriod, RateDecision, SlotLease, Store, StoreEvent, StoreFailureMode } from './contract.js';
import { decide, type WindowEntry } from './sliding-window.js';

interface CachedValue {
  value: string;
  expiresAt: number;
}

interface QuotaCounter {
  calls: number;
  bytes: number;
  expiresAt: number;
}

const SWEEP_EVERY_MS = 10_000;

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly failureMode: StoreFailureMode = 'open';
  private readonly windows = new Map<string, { entries: WindowEntry[]; expiresAt: number }>();
  private readonly quotas = new Map<string, QuotaCounter>();
  private readonly slots = new Map<string, number>();
  private readonly values = new Map<string, CachedValue>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly clock: () => number = Date.now) {
    // Forgotten keys (a client never seen again) must not pile up for the life of the gateway.
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  async rateLimitHit(key: string, limit: number, windowMs: number, amount: number, now: number): Promise<RateDecision> {
    const window = this.windows.get(key) ?? { entries: [], expiresAt: 0 };
    const start = now - windowMs;
    while (window.entries.length > 0 && window.entries[0]!.at <= start) window.entries.shift();
    const decision = decide(window.entries, limit, windowMs, amount, now);
    if (decision.allowed && amount > 0) {
      window.entries.push({ at: now, amount });
      window.expiresAt = now + windowMs;
    }
    if (window.entries.length > 0) this.windows.set(key, window);
    else this.windows.delete(key);
    return decision;
  }

  async quotaHit(key: string, limits: QuotaLimits, period: QuotaPeriod, calls: number, _now?: number): Promise<QuotaDecision> {
    const counter = this.quotaCounter(key, period);
    const exceeded =
      limits.calls !== undefined && counter.calls >= limits.calls
        ? 'calls'
        : limits.bytes !== undefined && counter.bytes >= limits.bytes
          ? 'bandwidth'
          : undefined;
    if (!exceeded) counter.calls += calls;
    return { allowed: !exceeded, ...(exceeded ? { exceeded } : {}), calls: counter.calls, bytes: counter.bytes };
  }

  async quotaAddBytes(key: string, period: QuotaPeriod, bytes: number): Promise<void> {
    this.quotaCounter(key, period).bytes += bytes;
  }

  private quotaCounter(key: string, period: QuotaPeriod): QuotaCounter {
    const id = `${key}\u0000${period.id}`;
    let counter = this.quotas.get(id);
    if (!counter) {
      counter = { calls: 0, bytes: 0, expiresAt: period.endsAt ?? Number.POSITIVE_INFINITY };
      this.quotas.set(id, counter);
    }
    return counter;
  }

  async acquireSlot(key: string, max: number, _now?: number): Promise<SlotLease | null> {
    const taken = this.slots.get(key) ?? 0;
    if (taken >= max) return null;
    this.slots.set(key, taken + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.slots.get(key) ?? 1) - 1;
        if (left > 0) this.slots.set(key, left);
        else this.slots.delete(key);
      },
    };
  }

  async getValue(key: string): Promise<string | undefined> {
    const entry = this.values.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.values.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async setValue(key: string, value: string, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) {
      this.values.delete(key);
      return;
    }
    this.values.set(key, { value, expiresAt: this.clock() + ttlMs });
  }

  async deleteValue(key: string): Promise<void> {
    this.values.delete(key);
  }

  onEvent(_listener: (event: StoreEvent) => void): void {
    // Memory never disconnects.
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = this.clock();
    for (const [k, w] of this.windows) if (w.expiresAt <= now) this.windows.delete(k);
    for (const [k, q] of this.quotas) if (q.expiresAt <= now) this.quotas.delete(k);
    for (const [k, v] of this.values) if (v.expiresAt <= now) this.values.delete(k);
  }
}
