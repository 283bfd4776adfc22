/**
 * A handshake run as plain JSON: what expectations are checked against, what `--update` writes back
 * and what jsonata expressions see (the trace plus decision, variables, lastError and callouts).
 */
import type { HeaderBag } from '../common/headers.js';
import type { HandshakeRun, TraceEntry } from '../steps/runtime/contract.js';
import type { LastErrorInfo } from '../model/state.js';
import { parseQuery } from '../steps/runtime/url.js';

export type ValueOrList = string | string[];

export interface ObservedConnect {
  kind: 'connect';
  /** The backend URL as sent, with its query. */
  url: string;
  /** The backend URL without its query. */
  backendUrl: string;
  /** Decoded query parameters; repeated names give lists. */
  query: Record<string, ValueOrList>;
  headers: Record<string, ValueOrList>;
}

export interface ObservedRespond {
  kind: 'respond';
  status: number;
  reason: string;
  headers: Record<string, ValueOrList>;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  bodyJson?: unknown;
}

export type ObservedDecision = ObservedConnect | ObservedRespond;

export interface ObservedStep {
  source: string;
  /** APIM path without the leading `policies/`: `inbound/choose[1]/when[1]/return-response[1]`. */
  path: string;
  section: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface ObservedCallout {
  method: string;
  url: string;
  headers: Record<string, ValueOrList>;
  body?: string;
  /** Which mock answered (its name, or `mocks[i]`), absent when none did. */
  mock?: string;
  status?: number;
  error?: string;
}

export interface Observed {
  decision: ObservedDecision;
  variables: Record<string, unknown>;
  lastError: Record<string, string> | null;
  steps: ObservedStep[];
  callouts: ObservedCallout[];
  /** The trace as JSON, with decision, variables, lastError and callouts added for jsonata. */
  trace: Record<string, unknown>;
}

export function headersRecord(bag: HeaderBag): Record<string, ValueOrList> {
  const out: Record<string, ValueOrList> = {};
  for (const [name, values] of bag) out[name] = values.length === 1 ? values[0]! : [...values];
  return out;
}

/** Looks a header up by name, case-insensitively. */
export function headerValue(headers: Record<string, ValueOrList>, name: string): ValueOrList | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function normalizePath(path: string): string {
  return path.replace(/^\/?policies\//, '');
}

function queryRecord(pairs: ReadonlyArray<readonly [string, string]>): Record<string, ValueOrList> {
  const out: Record<string, ValueOrList> = {};
  for (const [name, value] of pairs) {
    const before = out[name];
    out[name] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  return out;
}

export function observeDecision(run: HandshakeRun): ObservedDecision {
  const d = run.decision;
  if (d.kind === 'connect') {
    const q = d.backendUrl.indexOf('?');
    const hash = d.backendUrl.indexOf('#');
    const end = hash < 0 ? d.backendUrl.length : hash;
    return {
      kind: 'connect',
      url: d.backendUrl,
      backendUrl: q < 0 ? d.backendUrl.slice(0, end) : d.backendUrl.slice(0, q),
      query: queryRecord(q < 0 ? [] : parseQuery(d.backendUrl.slice(q + 1, end))),
      headers: headersRecord(d.headers),
    };
  }
  const body = d.body.toString('utf8');
  const out: ObservedRespond = { kind: 'respond', status: d.statusCode, reason: d.statusReason, headers: headersRecord(d.headers), body };
  try {
    if (body.trim()) out.bodyJson = JSON.parse(body) as unknown;
  } catch {
    // not JSON: body text only
  }
  return out;
}

export function observeLastError(error: LastErrorInfo | null): Record<string, string> | null {
  if (!error) return null;
  return {
    source: error.source,
    reason: error.reason,
    message: error.message,
    scope: error.scope,
    section: error.section,
    path: error.path,
    policyId: error.policyId,
  };
}

/** Steps in the order they first ran, from the trace entries that carry a path. */
export function observeSteps(run: HandshakeRun): ObservedStep[] {
  const steps: ObservedStep[] = [];
  const seen = new Set<string>();
  if (!run.trace) return steps;
  for (const [section, entries] of Object.entries(run.trace.traceEntries) as Array<[string, TraceEntry[]]>) {
    for (const entry of entries) {
      if (!entry.path) continue;
      const path = normalizePath(entry.path);
      if (seen.has(path)) continue;
      seen.add(path);
      steps.push({
        source: entry.source,
        path,
        section,
        ...(entry.file !== undefined ? { file: entry.file } : {}),
        ...(entry.line !== undefined ? { line: entry.line } : {}),
        ...(entry.column !== undefined ? { column: entry.column } : {}),
      });
      // choose records the branch it took (`when[2]`, `otherwise`): that branch ran too, even if empty.
      const branch = (entry.data as { branch?: unknown } | null)?.branch;
      if (typeof branch === 'string') {
        const branchPath = `${path}/${branch === 'otherwise' ? 'otherwise[1]' : branch}`;
        if (!seen.has(branchPath)) {
          seen.add(branchPath);
          steps.push({ source: branch.replace(/\[\d+\]$/, ''), path: branchPath, section });
        }
      }
    }
  }
  return steps;
}

export interface ObserveOptions {
  /** Renders a context variable as JSON (the expression engine's `dotnet.toJson`). */
  toJson: (value: unknown) => unknown;
  callouts?: ObservedCallout[];
}

/** A property computed on first read (the trace copy and variables cost more than most cases need). */
function lazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, writable: true });
      return value;
    },
  });
}

export function observe(run: HandshakeRun, options: ObserveOptions): Observed {
  const observed = {
    decision: observeDecision(run),
    lastError: observeLastError(run.state.lastError),
    steps: observeSteps(run),
    callouts: options.callouts ?? [],
  } as Observed;
  lazy(observed, 'variables', () => {
    const variables: Record<string, unknown> = {};
    for (const [name, value] of run.state.variables) variables[name] = options.toJson(value);
    return variables;
  });
  lazy(observed, 'trace', () => {
    const traceJson = run.trace ? (JSON.parse(JSON.stringify(run.trace)) as Record<string, unknown>) : {};
    const { decision, variables, lastError, callouts } = observed;
    return { ...traceJson, decision, variables, lastError, callouts };
  });
  return observed;
}
