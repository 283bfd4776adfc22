/**
 * What one trace may keep: values are bounded when they are recorded, so a handshake that builds a
 * 16M-character variable leaves a few kilobytes in its trace, not the variable. Long strings are cut
 * with their length noted, long arrays and objects keep their first items, deep nesting stops, and the
 * whole trace has a byte budget (approximate: characters plus a small cost per value) after which values
 * are replaced by a marker. Copy-on-write: a value within the bounds is recorded as it is.
 */

export interface TraceLimits {
  /** Longest string kept whole, in characters. */
  maxStringChars: number;
  /** Items kept of an array, properties kept of an object. */
  maxItems: number;
  /** Nesting kept below a recorded value. */
  maxDepth: number;
  /** Approximate size of one whole trace, in bytes. */
  maxTraceBytes: number;
}

export const DEFAULT_TRACE_LIMITS: TraceLimits = {
  maxStringChars: 8192,
  maxItems: 1000,
  maxDepth: 32,
  maxTraceBytes: 1024 * 1024,
};

/** What a value costs besides its characters (a rough figure for a JS value's own memory). */
const VALUE_COST = 16;

export const TRACE_FULL = '…(trace size limit reached)';

/** The remaining byte budget of one trace. */
export class TraceBudget {
  remaining: number;

  constructor(
    readonly limits: TraceLimits = DEFAULT_TRACE_LIMITS,
    /** Secrets the finished trace masks: a cut never leaves part of one behind (see string). */
    private readonly secrets: readonly string[] = [],
  ) {
    this.remaining = limits.maxTraceBytes;
  }

  get exhausted(): boolean {
    return this.remaining <= 0;
  }

  /** Takes `bytes` from the budget (an entry's own fields); false when nothing was left. */
  charge(bytes: number): boolean {
    if (this.remaining <= 0) return false;
    this.remaining -= bytes;
    return true;
  }

  /** `value` as the trace keeps it, charged to the budget. */
  bound(value: unknown): unknown {
    return this.walk(value, 0);
  }

  private walk(value: unknown, depth: number): unknown {
    if (this.remaining <= 0) return TRACE_FULL;
    if (typeof value === 'string') return this.string(value);
    if (value === null || typeof value !== 'object') {
      this.remaining -= VALUE_COST;
      return value;
    }
    if (depth >= this.limits.maxDepth) {
      this.remaining -= VALUE_COST;
      return '…(nested too deep)';
    }
    if (Array.isArray(value)) return this.array(value, depth);
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      // Not plain data (a Buffer, a Date): its size is not ours to guess beyond a Buffer's length.
      this.remaining -= VALUE_COST + (Buffer.isBuffer(value) ? value.length : 0);
      return value;
    }
    return this.object(value as Record<string, unknown>, depth);
  }

  private string(text: string): string {
    const max = Math.min(this.limits.maxStringChars, Math.max(0, this.remaining));
    if (text.length <= max) {
      this.remaining -= text.length + VALUE_COST;
      return text;
    }
    const cut = truncateText(text, cutBeforeSecrets(text, max, this.secrets));
    this.remaining -= cut.length + VALUE_COST;
    return cut;
  }

  private array(items: readonly unknown[], depth: number): unknown[] {
    this.remaining -= VALUE_COST;
    const kept = Math.min(items.length, this.limits.maxItems);
    let copy: unknown[] | undefined;
    for (let i = 0; i < kept; i++) {
      const item = items[i];
      const bounded = this.walk(item, depth + 1);
      if (bounded !== item && !copy) copy = items.slice(0, i);
      copy?.push(bounded);
      if (bounded === TRACE_FULL) break;
    }
    if (items.length <= kept && !copy) return items as unknown[];
    copy ??= items.slice(0, kept);
    if (items.length > kept) copy.push(`…(truncated, ${items.length} items)`);
    return copy;
  }

  private object(record: Record<string, unknown>, depth: number): Record<string, unknown> {
    this.remaining -= VALUE_COST;
    let copy: Record<string, unknown> | undefined;
    let count = 0;
    let more = false;
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      if (count === this.limits.maxItems || this.remaining <= 0) {
        more = true;
        break;
      }
      count++;
      const item = record[key];
      this.remaining -= key.length;
      const bounded = this.walk(item, depth + 1);
      if (bounded !== item && !copy) copy = copyFirst(record, count - 1);
      if (copy) copy[key] = bounded;
    }
    if (!more) return copy ?? record;
    copy ??= copyFirst(record, count);
    copy['…'] = `(truncated, ${Object.keys(record).length} properties)`;
    return copy;
  }
}

/** The first `count` own properties of `record`, as a new object. */
function copyFirst(record: Record<string, unknown>, count: number): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  let n = 0;
  for (const key in record) {
    if (n === count) break;
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    copy[key] = record[key];
    n++;
  }
  return copy;
}

/**
 * Where to cut `text` at or before `max` so that no secret is cut in two: the trace is masked when it is
 * finished, and half a secret would no longer match its mask. Looks only near the cut.
 */
function cutBeforeSecrets(text: string, max: number, secrets: readonly string[]): number {
  let cut = max;
  for (const secret of secrets) {
    if (secret.length < 2) continue;
    const from = Math.max(0, cut - secret.length + 1);
    const at = text.slice(from, cut + secret.length - 1).indexOf(secret);
    if (at >= 0 && from + at < cut) cut = from + at;
  }
  return cut;
}

/**
 * The first `max` characters of `text` and its length. The cut is copied into a string of its own: V8
 * makes a slice of a long string point into it, which would keep all 16M characters alive.
 */
export function truncateText(text: string, max: number): string {
  const head = Buffer.from(text.slice(0, max), 'utf16le').toString('utf16le');
  return `${head}…(truncated, ${text.length} characters)`;
}

/** The approximate size of a recorded value, by the budget's measure (characters plus a cost per value). */
export function approximateSize(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length + VALUE_COST;
  if (value === null || typeof value !== 'object' || depth > 64) return VALUE_COST;
  if (Buffer.isBuffer(value)) return value.length + VALUE_COST;
  let size = VALUE_COST;
  if (Array.isArray(value)) {
    for (const item of value) size += approximateSize(item, depth + 1);
    return size;
  }
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key)) size += key.length + approximateSize((value as Record<string, unknown>)[key], depth + 1);
  }
  return size;
}
