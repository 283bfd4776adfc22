/**
 * The browser console, server side: the trace ring fed by every handshake, connection events in inspect
 * mode, the JSON API and live event stream the page uses, the console's own client connections, and the
 * policy workbench. Mounted on the gateway by src/serve/console-mount.ts; who may use it is decided by
 * ./console-access.ts (loopback clients, known Host names, the page's token for changes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HandshakeRecord } from '../gateway/handshake.js';
import type { TunnelObserver } from '../gateway/tunnel.js';
import { assetsDir, assetTable } from './assets-dir.js';
import { consoleRoutes, type RouteContext } from './console-routes.js';
import type { EventStream } from './event-stream.js';
import { FrameReader, type ObservedFrame } from './frame-reader.js';
import { ConsoleAccess, type AccessSettings } from './console-access.js';
import { sendError } from './http-io.js';
import { PolicyWorkbench, type ConsoleHostContext } from './policy-workbench.js';
import type { ConsoleSession } from './session-proxy.js';
import { TraceRing, type ConnectionActivity, type TraceSummary } from './trace-ring.js';

export type { ConsoleHostContext } from './policy-workbench.js';

export const CONSOLE_PREFIX = '/_onhandshake';

export interface ConsoleOptions {
  /** false: no console (same as `--no-console`). */
  enabled?: boolean;
  /** How many handshakes the ring keeps (default 200). */
  ringSize?: number;
  /** Answer clients that are not on this machine's loopback (default false). */
  allowRemote?: boolean;
  /** Names (or name:port) besides loopback names and IP addresses that requests may be addressed to. */
  allowedHosts?: string[];
  /** Attach connection events to traces: true always, false never, absent while a console page is open. */
  inspect?: boolean;
}

const MAX_CONNECTION_EVENTS = 200;

/** On every console answer: nothing of it may be embedded, sniffed or read by another origin. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

export class ConsoleServer {
  readonly ring: TraceRing;
  readonly workbench: PolicyWorkbench;
  private host: ConsoleHostContext | undefined;
  private readonly streams = new Set<EventStream>();
  private readonly sessions = new Map<string, { session: ConsoleSession; stream: EventStream }>();
  private assets: ReturnType<typeof assetTable> | undefined;
  readonly access = new ConsoleAccess();

  constructor(private readonly options: ConsoleOptions) {
    this.ring = new TraceRing(options.ringSize ?? 200);
    this.workbench = new PolicyWorkbench(() => this.host);
  }

  attach(host: ConsoleHostContext): void {
    this.host = host;
  }

  /**
   * The gateway's handshake hook: every handshake, accepted or not, enters the ring. It arrives masked:
   * the graph masks its trace when it finishes it, and the gateway masks the backend URL it logs.
   */
  record(record: HandshakeRecord): void {
    try {
      this.recordUnsafe(record);
    } catch (err) {
      // The console must never break a handshake: a record it cannot keep is only missing from the list.
      this.host?.gateway.logger.warn(`console: handshake ${record.correlationId} not recorded: ${(err as Error).message}`);
    }
  }

  private recordUnsafe(record: HandshakeRecord): void {
    const trace = record.trace;
    const started = Date.now() - record.durationMs;
    const lastError = findLastError(trace);
    this.ring.add({
      id: record.correlationId,
      at: new Date(started).toISOString(),
      api: record.api ?? null,
      client: record.client,
      decision: record.decision,
      status: record.statusCode,
      durationMs: record.durationMs,
      ...(record.backendUrl ? { backendUrl: record.backendUrl } : {}),
      ...(lastError ? { error: lastError } : {}),
      trace,
      ...(record.decision === 'connect' && this.inspecting() ? { connection: emptyActivity() } : {}),
    });
  }

  private inspecting(): boolean {
    return this.options.inspect ?? this.streams.size > 0;
  }

  /** Inspect mode: frame headers of both directions feed the connection's trace record. */
  observerFor(id: string): TunnelObserver | undefined {
    if (!this.inspecting()) return undefined;
    const readers = {
      toBackend: new FrameReader((f) => this.onFrame(id, 'toBackend', f)),
      toClient: new FrameReader((f) => this.onFrame(id, 'toClient', f)),
    };
    let broken = false;
    return {
      data: (direction, chunk) => {
        if (broken) return;
        try {
          readers[direction].push(chunk);
        } catch {
          broken = true; // what the reader cannot follow is not worth failing the relay for
        }
      },
    };
  }

  private onFrame(id: string, direction: 'toBackend' | 'toClient', frame: ObservedFrame): void {
    this.ring.update(id, (record) => {
      const c = (record.connection ??= emptyActivity());
      if (frame.kind === 'text' || frame.kind === 'binary') {
        if (direction === 'toBackend') {
          c.messagesToBackend++;
          c.bytesToBackend += frame.size;
        } else {
          c.messagesToClient++;
          c.bytesToClient += frame.size;
        }
      }
      if (frame.kind === 'close' && c.open) {
        c.open = false;
        c.closedBy = direction === 'toBackend' ? 'client' : 'backend';
        if (frame.closeCode !== undefined) {
          c.closeCode = frame.closeCode;
          c.closeReason = frame.closeReason ?? '';
        }
      }
      c.events.push({ at: new Date().toISOString(), direction, kind: frame.kind, size: frame.size });
      if (c.events.length > MAX_CONNECTION_EVENTS) c.events.shift();
    });
  }

  /** The gateway's request hook: true when the request was the console's. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    if (url.pathname !== CONSOLE_PREFIX && !url.pathname.startsWith(`${CONSOLE_PREFIX}/`)) return false;
    const refusal = this.access.check(req, this.accessSettings(req));
    if (refusal?.hide) return false; // the gateway's 404: a remote client does not learn there is a console
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (refusal) {
      sendError(res, refusal.status, refusal.message);
      req.resume();
      return true;
    }
    const path = url.pathname.slice(CONSOLE_PREFIX.length);
    for (const route of consoleRoutes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      const params = match.slice(1).map(decodeParam);
      if (params.includes(undefined)) {
        sendError(res, 400, `malformed percent-escape in ${url.pathname}`);
        req.resume();
        return true;
      }
      const ctx: RouteContext = { console: this, req, res, url, params: params as string[] };
      Promise.resolve(route.handle(ctx)).catch((err: unknown) => {
        const e = err as { status?: number; message?: string };
        if (!res.headersSent) sendError(res, e.status ?? 500, e.message ?? String(err));
        else res.end();
      });
      return true;
    }
    sendError(res, 404, `no console route ${req.method} ${url.pathname}`);
    return true;
  }

  private accessSettings(req: IncomingMessage): AccessSettings {
    const host = this.host;
    return {
      port: host?.address.port ?? req.socket.localPort ?? 0,
      listenHost: host?.address.host ?? '',
      allowRemote: this.options.allowRemote === true,
      allowedHosts: this.options.allowedHosts ?? [],
      trustedProxies: host?.config().traffic.trustedProxies ?? [],
    };
  }

  get hostContext(): ConsoleHostContext | undefined {
    return this.host;
  }

  assetFiles(): ReturnType<typeof assetTable> {
    return (this.assets ??= assetTable(assetsDir()));
  }

  /** A page's event stream: live trace summaries, plus its own client connection's events. */
  openStream(stream: EventStream, sessionId: string | undefined, session: ConsoleSession | undefined): () => void {
    this.streams.add(stream);
    // Busy connections update their record on every frame: a page gets at most one update per record per 200 ms.
    const pending = new Map<string, TraceSummary>();
    let timer: NodeJS.Timeout | undefined;
    const unsubscribeRing = this.ring.subscribe((summary) => {
      pending.set(summary.id, summary);
      timer ??= setTimeout(() => {
        timer = undefined;
        for (const s of pending.values()) stream.send('trace', s);
        pending.clear();
      }, 200);
    });
    const unsubscribe = (): void => {
      clearTimeout(timer);
      unsubscribeRing();
    };
    if (sessionId && session) this.sessions.set(sessionId, { session, stream });
    return () => {
      this.streams.delete(stream);
      unsubscribe();
      if (sessionId) {
        this.sessions.get(sessionId)?.session.dispose();
        this.sessions.delete(sessionId);
      }
    };
  }

  session(id: string): ConsoleSession | undefined {
    return this.sessions.get(id)?.session;
  }

  async close(): Promise<void> {
    for (const { session } of this.sessions.values()) session.dispose();
    this.sessions.clear();
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }
}

function emptyActivity(): ConnectionActivity {
  return { open: true, messagesToBackend: 0, messagesToClient: 0, bytesToBackend: 0, bytesToClient: 0, events: [] };
}

/** `source: Reason: message` from the trace's `error` entry (context.LastError as on-error saw it). */
function findLastError(trace: unknown): string | undefined {
  const sections = (trace as { traceEntries?: Record<string, Array<{ source: string; data?: { lastError?: { source?: string; reason?: string; message?: string } } }>> } | null)?.traceEntries;
  if (!sections) return undefined;
  for (const entries of Object.values(sections)) {
    for (const e of entries) {
      const le = e.data?.lastError;
      if (le) return `${le.source ?? '?'}: ${le.reason ? `${le.reason}: ` : ''}${le.message ?? ''}`;
    }
  }
  return undefined;
}

export function createConsole(options: ConsoleOptions): ConsoleServer {
  return new ConsoleServer(options);
}

/** A route parameter, decoded; undefined for a malformed escape (decodeURIComponent throws, and a throw here would end the process). */
function decodeParam(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
