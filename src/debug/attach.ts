/**
 * Attach to a running gateway (`serve --debug-port`): a session says which handshake it wants (API,
 * path, headers, query) and waits; the next handshake that matches runs under that session's hook and
 * pauses at its breakpoints, while every other handshake runs as usual, unpaused. Each waiting session
 * claims one handshake.
 */
import { CompiledGraph } from '../graph/execute.js';
import type { HandshakeInput, HandshakeRun, RunOptions, StepGraph } from '../steps/runtime/contract.js';
import type { HandshakeDebugger, StepHook } from '../steps/runtime/step-hook.js';
import { statementsOf, type DebugTarget } from './launch.js';

/** The `attach` request's `filter`: every field given must match (header and query values exactly). */
export interface HandshakeFilter {
  /** The API's name or id. */
  api?: string;
  /** A path prefix of the URL the client called (`/chat`), or a glob with `*`. */
  path?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export interface WaitingSession {
  filter: HandshakeFilter;
  /** Called with the claimed handshake: runs it under the session's hook and reports it. */
  claim(target: DebugTarget): Promise<HandshakeRun>;
}

export class AttachRegistry implements HandshakeDebugger {
  private readonly waiting: WaitingSession[] = [];

  wait(session: WaitingSession): void {
    if (!this.waiting.includes(session)) this.waiting.push(session);
  }

  forget(session: WaitingSession): void {
    const i = this.waiting.indexOf(session);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  run(input: HandshakeInput, graph: StepGraph, options: RunOptions): Promise<HandshakeRun> | undefined {
    // The common case (nobody waiting) costs one length check per handshake.
    if (this.waiting.length === 0 || !(graph instanceof CompiledGraph)) return undefined;
    const i = this.waiting.findIndex((w) => matches(w.filter, input));
    if (i < 0) return undefined;
    const [session] = this.waiting.splice(i, 1);
    return session!.claim({
      statements: statementsOf(graph),
      start: (hook: StepHook) => graph.run(input, { ...options, hook }),
      calls: () => [],
      secrets: options.secrets ?? [],
      title: `${input.method} ${input.url} (API ${input.api.name})`,
    });
  }
}

/** The filter as given in an attach request, checked: a message naming the field, or the filter. */
export function checkFilter(value: unknown): HandshakeFilter | string {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'filter must be an object with api, path, headers or query';
  const filter = value as Record<string, unknown>;
  for (const key of Object.keys(filter)) {
    const v = filter[key];
    if (key === 'api' || key === 'path') {
      if (typeof v !== 'string') return `filter.${key} must be a string`;
    } else if (key === 'headers' || key === 'query') {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) return `filter.${key} must map names to string values`;
    } else return `filter.${key} is not a filter field (api, path, headers, query)`;
  }
  return filter as HandshakeFilter;
}

export function matches(filter: HandshakeFilter, input: HandshakeInput): boolean {
  const url = new URL(input.url);
  if (filter.api !== undefined && filter.api !== input.api.name && filter.api !== input.api.id) return false;
  if (filter.path !== undefined && !pathMatches(filter.path, url.pathname)) return false;
  for (const [name, value] of Object.entries(filter.headers ?? {})) if (!(input.headers.getAll(name) ?? []).includes(value)) return false;
  for (const [name, value] of Object.entries(filter.query ?? {})) if (!url.searchParams.getAll(name).includes(value)) return false;
  return true;
}

function pathMatches(pattern: string, path: string): boolean {
  if (!pattern.includes('*')) return path === pattern || path.startsWith(pattern.endsWith('/') ? pattern : pattern + '/') || pattern === '/';
  const glob = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return glob.test(path);
}
