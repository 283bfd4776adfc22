/**
 * The gateway server: an HTTP(S) server whose upgrade requests go through the handshake pipeline, a
 * health endpoint, the limits against slow or abusive clients, the idle/keep-alive sweep over live
 * tunnels, hot runtime replacement and a graceful shutdown.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { apimErrors, rawHttpResponse, jsonResponse, type GatewayResponse } from './apim-errors.js';
import { createLogger, type ConnectionLogger } from './connection-log.js';
import { handleUpgrade, type HandshakeHost, type HandshakeRecord } from './handshake.js';
import { DEFAULT_LIMITS, type GatewayLimits } from '../config/limits.js';
import { setRegexMatchTimeoutCap } from '../expressions/index.js';
import { routeApi } from './routing.js';
import { badTarget, normaliseTarget } from './request-target.js';
import type { GatewayRuntime } from './runtime.js';
import type { Tunnel, TunnelObserver } from './tunnel.js';
import type { GatewayTelemetry } from '../telemetry/contract.js';
import type { HandshakeDebugger } from '../steps/runtime/step-hook.js';

export const HEALTH_PATH = '/_onhandshake/health';
/** The Prometheus exposition (when `telemetry.metrics.prometheus` is on): open to any client, as scrapers are remote. */
export const METRICS_PATH = '/_onhandshake/metrics';

export interface GatewayOptions {
  host?: string;
  port?: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
  limits?: Partial<GatewayLimits>;
  /** Extra CA certificates trusted for wss:// backends (a local CA). */
  backendCa?: string | Buffer | Array<string | Buffer>;
  logger?: ConnectionLogger;
  /** Record an APIM-shaped trace of each handshake (for onHandshake watchers). */
  trace?: boolean;
  onHandshake?: (record: HandshakeRecord) => void;
  /** The inspect seam: an observer per connection, or undefined for the raw fast path. */
  observerFor?: (correlationId: string) => TunnelObserver | undefined;
  /** Plain HTTP requests the console answers (`/_onhandshake/*`); returns false for the rest. */
  consoleRequest?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  /** OpenTelemetry traces and metrics (src/telemetry/load-telemetry.ts); absent: off. */
  telemetry?: GatewayTelemetry;
  /** `serve --debug-port`: a debugger that may claim handshakes (see src/debug/attach.ts). */
  debugger?: HandshakeDebugger;
}

export interface ListeningAddress {
  host: string;
  port: number;
  /** ws:// or wss:// base URL of the gateway. */
  url: string;
}

export class Gateway {
  readonly limits: GatewayLimits;
  readonly logger: ConnectionLogger;
  private current: GatewayRuntime;
  private readonly server: http.Server;
  private readonly tunnels = new Set<Tunnel>();
  /** The client sockets of handshakes in progress (policy running or backend connecting). */
  private readonly handshaking = new Set<Socket>();
  /** Told when the last handshake in progress ends (shutdown's drain waits on it). */
  private onHandshakesSettled: (() => void) | undefined;
  private stopping = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private address: ListeningAddress | undefined;

  constructor(runtime: GatewayRuntime, private readonly options: GatewayOptions = {}) {
    this.current = runtime;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    setRegexMatchTimeoutCap(this.limits.regexMatchTimeoutMs);
    this.logger = options.logger ?? createLogger();
    const serverOptions: http.ServerOptions = {
      maxHeaderSize: this.limits.maxHeaderBytes,
      headersTimeout: this.limits.headersTimeoutMs,
      requestTimeout: this.limits.requestTimeoutMs,
      // Timeouts are checked on this interval; keep it well under the timeouts themselves.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(this.limits.headersTimeoutMs / 4))),
      keepAliveTimeout: 5_000,
      // Nagle off and TCP keep-alive on from accept on (in the accept path, without a JS call per
      // handshake), so neither the handshake nor the tunnel sets them per connection.
      noDelay: true,
      keepAlive: true,
      keepAliveInitialDelay: 30_000,
    };
    this.server = options.tls
      ? https.createServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key })
      : http.createServer(serverOptions);
    this.server.on('request', (req, res) => this.onRequest(req, res));
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!normaliseTarget(req)) {
        socket.on('error', () => socket.destroy());
        socket.end(rawHttpResponse(badTarget()));
        return;
      }
      void handleUpgrade(this.host, req, socket as Socket, head);
    });
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => this.onClientError(err, socket));
  }

  get runtime(): GatewayRuntime {
    return this.current;
  }

  /** New handshakes use the new runtime; handshakes in progress and live tunnels keep theirs. */
  setRuntime(runtime: GatewayRuntime): void {
    this.current = runtime;
  }

  get connectionCount(): number {
    return this.tunnels.size;
  }

  listen(): Promise<ListeningAddress> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 8080, this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        if (!addr || typeof addr === 'string') return reject(new Error('gateway: no TCP address'));
        const host = addr.address.includes(':') ? `[${addr.address}]` : addr.address;
        this.address = { host: addr.address, port: addr.port, url: `${this.options.tls ? 'wss' : 'ws'}://${host}:${addr.port}` };
        this.startSweep();
        resolve(this.address);
      });
    });
  }

  /**
   * Stop accepting, let live connections and handshakes in progress finish for `drainMs`; then close the
   * live connections with 1001 (they get `closeGraceMs` to complete the closing handshake) and answer the
   * handshakes still in progress with 503, which closes their sockets and so aborts their callouts and
   * backend connects (see handshake.ts): nothing outlives the drain by more than a closing handshake.
   */
  async shutdown(drainMs = this.limits.drainMs): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const allDone = (): Promise<unknown> => Promise.all([...this.tunnels].map((t) => t.done));
    if ((this.tunnels.size || this.handshaking.size) && drainMs > 0) await raceDelay(Promise.all([allDone(), this.handshakesSettled()]), drainMs);
    const refusal = rawHttpResponse(apimErrors.shuttingDown());
    for (const socket of this.handshaking) {
      if (socket.writable) socket.write(refusal);
      socket.destroy();
    }
    for (const tunnel of this.tunnels) tunnel.close(1001, 'Gateway shutting down');
    await allDone();
    // Aborted handshakes end at once; one in a step that no abort reaches (a shared key fetch, a store
    // command) is not waited for beyond a closing grace: its socket is closed already.
    await raceDelay(this.handshakesSettled(), this.limits.closeGraceMs);
    this.server.closeAllConnections();
    clearInterval(this.sweepTimer);
    await closed;
  }

  private handshakesSettled(): Promise<void> {
    if (this.handshaking.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.onHandshakesSettled;
      this.onHandshakesSettled = () => {
        previous?.();
        resolve();
      };
    });
  }

  /** Built once: the upgrade handler runs per handshake, and this object only reads live state. */
  private hostView: HandshakeHost | undefined;

  private get host(): HandshakeHost {
    return (this.hostView ??= this.newHost());
  }

  private newHost(): HandshakeHost {
    const gateway = this;
    return {
      get runtime() {
        return gateway.current;
      },
      limits: this.limits,
      logger: this.logger,
      secure: Boolean(this.options.tls),
      backendCa: this.options.backendCa,
      traceHandshakes: Boolean(this.options.trace),
      ...(this.options.telemetry ? { telemetry: this.options.telemetry } : {}),
      ...(this.options.debugger ? { debugger: this.options.debugger } : {}),
      get shuttingDown() {
        return gateway.stopping;
      },
      activeCount: () => this.handshaking.size + this.tunnels.size,
      reserve: (socket) => {
        this.handshaking.add(socket);
        return () => {
          if (!this.handshaking.delete(socket) || this.handshaking.size > 0) return;
          const settled = this.onHandshakesSettled;
          this.onHandshakesSettled = undefined;
          settled?.();
        };
      },
      adopt: (tunnel, onEnd) => {
        this.tunnels.add(tunnel);
        tunnel.onEnd((end) => {
          this.tunnels.delete(tunnel);
          onEnd(end);
        });
      },
      observerFor: this.options.observerFor,
      onHandshake: this.options.onHandshake,
    };
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const send = (response: GatewayResponse): void => {
      res.writeHead(response.statusCode, response.statusReason, Object.fromEntries([...response.headers].map(([n, v]) => [n, v])));
      res.end(response.body);
    };
    if (!normaliseTarget(req)) return send(badTarget());
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (url.pathname === HEALTH_PATH) {
      return send(jsonResponse(this.stopping ? 503 : 200, this.stopping ? 'Service Unavailable' : 'OK', {
        status: this.stopping ? 'stopping' : 'ok',
        connections: this.tunnels.size,
        handshakesInProgress: this.handshaking.size,
        apis: this.current.apis.map((a) => ({ name: a.info.name, path: a.path || '/' })),
      }));
    }
    if (url.pathname === METRICS_PATH && this.options.telemetry?.serveMetrics) return this.options.telemetry.serveMetrics(req, res);
    if (this.options.consoleRequest?.(req, res)) return;
    send(routeApi(this.current.apis, url.pathname) ? apimErrors.upgradeRequired() : apimErrors.notFound());
  }

  private onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    if (!socket.writable || (socket as Socket).destroyed) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large', 'The request headers are too large.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout', 'The request headers were not received in time.']
      : [400, 'Bad Request', 'Malformed HTTP request.'];
    const [code, reason, message] = status as [number, string, string];
    socket.end(rawHttpResponse(jsonResponse(code, reason, { statusCode: code, message })));
    this.logger.event({ CorrelationId: '-', EventName: 'HandshakeRejected', Source: remote(socket), Destination: '', StatusCode: code, Error: `${err.code ?? 'error'}: ${message}` });
  }

  /** One timer for all tunnels: idle timeout and keep-alive pings with dead-peer detection. */
  private startSweep(): void {
    const { idleTimeoutMs, keepAliveIntervalMs } = this.limits;
    const periods = [idleTimeoutMs, keepAliveIntervalMs].filter((p) => p > 0);
    if (!periods.length) return;
    const every = Math.max(20, Math.min(...periods.map((p) => p / 4), 5_000));
    this.sweepTimer = setInterval(() => {
      const now = Date.now();
      for (const tunnel of this.tunnels) {
        if (keepAliveIntervalMs > 0 && this.keepAlive(tunnel, now, keepAliveIntervalMs, every)) continue;
        if (idleTimeoutMs > 0 && now - tunnel.lastActivity >= idleTimeoutMs) tunnel.close(1001, 'Idle timeout');
      }
    }, every);
    this.sweepTimer.unref();
  }

  /**
   * Pings each peer that has been silent for an interval (a peer may be silent while the other talks);
   * a peer silent for two intervals plus a sweep is dead: both legs are released. True when destroyed.
   */
  private keepAlive(tunnel: Tunnel, now: number, interval: number, sweep: number): boolean {
    for (const peer of ['client', 'backend'] as const) {
      const silentFor = now - tunnel.lastHeard[peer];
      if (silentFor > 2 * interval + sweep) {
        tunnel.destroy(`the ${peer} did not answer keep-alive pings for ${silentFor} ms`);
        return true;
      }
      if (silentFor >= interval && now - tunnel.lastPinged[peer] >= interval) tunnel.ping(peer);
    }
    return false;
  }
}

function remote(socket: Duplex): string {
  const s = socket as Socket;
  return `${s.remoteAddress ?? '?'}:${s.remotePort ?? 0}`;
}

/** `promise`, or `ms` elapsing first; the timer does not outlive the race (nor keep the process alive). */
async function raceDelay(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
