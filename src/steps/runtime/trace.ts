/**
 * Records APIM's trace shape (reference §6.2): `traceEntries.<section>[]` of
 * `{source, timestamp, elapsed, data}` plus our extras (path, file, line, column, durationMs).
 * Only created when tracing is on: with tracing off no entry, string or object is built.
 */
import { performance } from 'node:perf_hooks';
import type { HeaderBag } from '../../common/headers.js';
import { harvestUrlCredentials, maskHeaderValue, maskShared } from '../../common/mask.js';
import type { SectionName } from '../../policy/tree.js';
import type { HandshakeTrace, TraceEntry } from './contract.js';
import type { Step } from './step.js';
import { TraceBudget, TRACE_FULL, type TraceLimits } from './trace-bounds.js';

/** What an entry's own fields (source, timestamp, elapsed, location) cost in the trace budget. */
const ENTRY_COST = 160;

/** `2026-01-01T10:00:00.1234567Z`: ISO-8601 UTC with 7 fractional digits. */
export function traceTimestamp(epochMs: number): string {
  const whole = Math.floor(epochMs);
  // A handshake's entries mostly fall in the same millisecond: format its date once.
  if (whole !== lastWholeMs) {
    lastWholeMs = whole;
    lastIsoMs = new Date(whole).toISOString().slice(0, 23); // …T10:00:00.123
  }
  const ticks = Math.round((epochMs - whole) * 10_000); // 100 ns units below the millisecond
  return `${lastIsoMs}${String(Math.min(ticks, 9999)).padStart(4, '0')}Z`;
}
let lastWholeMs = Number.NaN;
let lastIsoMs = '';

/** `hh:mm:ss.fffffff` for a duration in milliseconds. */
export function traceElapsed(ms: number): string {
  const totalTicks = Math.max(0, Math.round(ms * 10_000));
  const fraction = totalTicks % 10_000_000;
  const totalSeconds = Math.floor(totalTicks / 10_000_000);
  const s = totalSeconds % 60;
  const m = Math.floor(totalSeconds / 60) % 60;
  const h = Math.floor(totalSeconds / 3600);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}.${String(fraction).padStart(7, '0')}`;
}

export class TraceRecorder {
  readonly trace: HandshakeTrace;
  private readonly startedEpoch: number;
  /** Every value recorded is bounded by it (trace-bounds.ts): a finished trace keeps no long value. */
  private readonly budget: TraceBudget;

  constructor(
    traceId: string,
    serviceName: string,
    private readonly startedAt: number,
    /** Shared with the run: secrets found while running (tokens) are added to it. */
    private readonly secrets: readonly string[],
    /** Callout bodies longer than this are cut in the trace. */
    readonly bodyLimit = 4096,
    limits?: TraceLimits,
  ) {
    this.budget = new TraceBudget(limits, secrets);
    this.startedEpoch = Date.now() - (performance.now() - startedAt);
    this.trace = { traceId, serviceName, traceEntries: { inbound: [], backend: [], outbound: [], 'on-error': [] } };
  }

  /**
   * Appends an entry now; `data` may be filled in later (the object is kept by reference, and what is
   * added to it goes through `bound`). Once the trace's budget is spent, one entry says so and later
   * entries are handed back without being kept.
   */
  add(section: SectionName, source: string, data: unknown, step?: Step): TraceEntry {
    const now = performance.now();
    const kept = this.budget.charge(ENTRY_COST);
    const entry: TraceEntry = {
      source,
      timestamp: traceTimestamp(this.startedEpoch + (now - this.startedAt)),
      elapsed: traceElapsed(now - this.startedAt),
      data: kept ? this.budget.bound(data) : {},
    };
    if (step) {
      const el = step.element;
      entry.path = el.path;
      entry.file = el.loc.file;
      entry.line = el.loc.line;
      entry.column = el.loc.column;
    }
    if (kept) this.trace.traceEntries[section].push(entry);
    else if (!this.full) {
      this.full = true;
      this.trace.traceEntries[section].push({ source: 'trace', timestamp: entry.timestamp, elapsed: entry.elapsed, data: { message: `${TRACE_FULL}: later entries are not kept` } });
    }
    return entry;
  }

  private full = false;

  /** A value as the trace keeps it: long strings cut with their length noted, within the trace's budget. */
  bound(value: unknown): unknown {
    return this.budget.bound(value);
  }

  /** Headers as APIM shows them, `{name, value}` pairs, with Authorization-like values masked. */
  headers(bag: HeaderBag): Array<{ name: string; value: string }> {
    const pairs: Array<{ name: string; value: string }> = [];
    for (const [name, values] of bag) for (const value of values) pairs.push({ name, value: maskHeaderValue(name, value) });
    return pairs;
  }

  /** A body for the trace: UTF-8 text cut at the limit. */
  body(body: Buffer | null | undefined): string | undefined {
    if (!body || body.length === 0) return undefined;
    if (body.length <= this.bodyLimit) return body.toString('utf8');
    return `${body.subarray(0, this.bodyLimit).toString('utf8')}… (${body.length} bytes, truncated)`;
  }

  /**
   * The finished trace, masked once here so every consumer (CLI, reports, console) gets it masked:
   * known secrets, credential values of the URLs in it (also where they reappear in bodies and
   * variables), JWTs and credential headers. The decision handed to the gateway is not touched.
   * Copy-on-write (maskShared): only the parts that masking changes are copied.
   */
  finish(decision: unknown): HandshakeTrace {
    this.trace.decision = this.budget.exhausted ? decision : this.budget.bound(decision);
    const found = harvestUrlCredentials(this.trace);
    return maskShared(this.trace, [...this.secrets, ...found]) as HandshakeTrace;
  }
}
