/**
 * Shared state for traffic and cache policies: rate-limit windows, quota periods, concurrency slots
 * and cached values. In memory by default; Redis when several gateway processes must agree.
 * Every operation is atomic in the store, so N gateways sharing one Redis enforce one limit.
 * Times are milliseconds since the epoch, passed by the caller (the gateway's clock).
 */

export interface RateDecision {
  allowed: boolean;
  /** Calls counted in the sliding window, this one included when allowed. */
  count: number;
  /** Calls left in the window after this one (never negative). */
  remaining: number;
  /** When refused: how long until the call would fit in the window. 0 when allowed. */
  retryAfterMs: number;
}

export interface QuotaLimits {
  calls?: number;
  /** Bytes (the policy's `bandwidth` is in kilobytes: the step multiplies by 1024). */
  bytes?: number;
}

export interface QuotaPeriod {
  /** Identifies the period (its index since the anchor); a new period starts from zero. */
  id: number;
  /** When the period ends, or null when it never renews (`renewal-period="0"`). */
  endsAt: number | null;
}

export interface QuotaDecision {
  allowed: boolean;
  /** Which limit refused the call. */
  exceeded?: 'calls' | 'bandwidth';
  calls: number;
  bytes: number;
}

export interface SlotLease {
  /** Frees the slot; calling it twice is harmless. */
  release(): void;
}

export interface StoreEvent {
  kind: 'connected' | 'disconnected' | 'error';
  message: string;
}

/** What the traffic policies do when the store cannot answer (Redis down). */
export type StoreFailureMode = 'open' | 'closed';

export interface Store {
  readonly kind: 'memory' | 'redis';
  readonly failureMode: StoreFailureMode;

  /** Sliding-window rate limit: counts `amount` when it fits under `limit` in the last `windowMs`. */
  rateLimitHit(key: string, limit: number, windowMs: number, amount: number, now: number): Promise<RateDecision>;

  /** Fixed-period quota: refuses when a limit is already reached, otherwise counts `calls` calls. */
  quotaHit(key: string, limits: QuotaLimits, period: QuotaPeriod, calls: number, now: number): Promise<QuotaDecision>;

  /** Adds relayed bytes to a quota period (bandwidth quotas). */
  quotaAddBytes(key: string, period: QuotaPeriod, bytes: number): Promise<void>;

  /** Takes one of `max` slots for `key`, or returns null when all are taken. */
  acquireSlot(key: string, max: number, now: number): Promise<SlotLease | null>;

  getValue(key: string): Promise<string | undefined>;
  setValue(key: string, value: string, ttlMs: number): Promise<void>;
  deleteValue(key: string): Promise<void>;

  /** Connection state changes and errors (Redis); the gateway logs them. */
  onEvent(listener: (event: StoreEvent) => void): void;
  close(): Promise<void>;
}
