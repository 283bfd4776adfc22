/**
 * The handshake pipeline for one upgrade request: route → validate → limit → subscription → policy →
 * (respond | connect the backend, then 101 and tunnel). Every exit writes exactly one HTTP answer or
 * one 101, and one log event.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { HeaderBag } from '../common/headers.js';
import { requestCredentials, textMasker } from '../common/mask.js';
import type { HandshakeRun, HandshakeTrace } from '../steps/runtime/contract.js';
import type { HandshakeDebugger } from '../steps/runtime/step-hook.js';
import { apimErrors, rawHttpResponse, type GatewayResponse } from './apim-errors.js';
import { connectBackend } from './backend-connection.js';
import { LazyAbort } from './lazy-abort.js';
import type { ConnectionEvent, ConnectionLogger } from './connection-log.js';
import { backendRequestHeaders, offeredWebSocketHeaders } from './forwarded-headers.js';
import { buildHandshakeInput, clientAddress } from './handshake-input.js';
import type { GatewayLimits } from '../config/limits.js';
import { routeApi } from './routing.js';
import type { GatewayApi, GatewayRuntime } from './runtime.js';
import { checkSubscription, findSubscriptionKey } from './subscription-keys.js';
import type { TunnelEnd } from '../model/tunnel-end.js';
import { Tunnel, type TunnelObserver } from './tunnel.js';
import { acceptKey, checkUpgradeRequest } from './upgrade-request.js';
import type { ConnectionTelemetry, GatewayTelemetry, HandshakeOutcome } from '../telemetry/contract.js';
import { reasonOf } from '../telemetry/apim-dimensions.js';
import { startHandshakeTelemetry } from '../telemetry/handshake-start.js';

/** What a handshake hands to whoever watches (the console's trace ring, tests). */
export interface HandshakeRecord {
  correlationId: string;
  api?: string;
  client: string;
  statusCode: number;
  decision: 'connect' | 'respond' | 'rejected';
  /** As logged: credential query values and secrets masked. */
  backendUrl?: string;
  trace: HandshakeTrace | null;
  durationMs: number;
}

export interface HandshakeHost {
  readonly runtime: GatewayRuntime;
  readonly limits: GatewayLimits;
  readonly logger: ConnectionLogger;
  readonly secure: boolean;
  readonly backendCa?: string | Buffer | Array<string | Buffer>;
  readonly traceHandshakes: boolean;
  readonly shuttingDown: boolean;
  /** OpenTelemetry spans and metrics (src/telemetry), when configured. */
  readonly telemetry?: GatewayTelemetry;
  /** Handshakes in progress plus live tunnels. */
  activeCount(): number;
  /**
   * Reserve a slot for the handshake on this client socket; call the returned function to give it back.
   * On shutdown the host answers the sockets still reserved after the drain and closes them.
   */
  reserve(client: Socket): () => void;
  adopt(tunnel: Tunnel, onEnd: (end: TunnelEnd) => void): void;
  observerFor?(correlationId: string): TunnelObserver | undefined;
  onHandshake?(record: HandshakeRecord): void;
  /** `serve --debug-port`: a debugger that may claim a handshake. */
  readonly debugger?: HandshakeDebugger;
}

const SWITCHING = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n';
const RELAYED_REFUSAL_DROPS = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length'];

export async function handleUpgrade(host: HandshakeHost, req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
  const started = Date.now();
  const correlationId = randomUUID();
  const runtime = host.runtime; // this handshake keeps the policy it started with
  const { ip, port } = clientAddress(req);
  const source = `${ip}:${port}`;
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
  let api: GatewayApi | undefined;
  let secrets: readonly string[] = [];
  // Built on the first masked line (always after the client's headers are read): the API's secrets and
  // the client's credentials, each with its derived forms indexed once (see common/secret-matcher.ts).
  let masker: ((text: string) => string) | undefined;
  const mask = (text: string): string => (masker ??= textMasker([...secrets, ...requestCredentials(clientHeaders, req.url ?? '/')]))(text);
  socket.on('error', nothing); // a client that resets mid-handshake must not crash the gateway
  // With tracing on, the trace id (= context.RequestId) names the handshake in the console's trace ring.
  const traceIdHeader: Record<string, string> = host.traceHandshakes ? { 'Apim-Trace-Id': correlationId } : {};
  const telemetry = host.telemetry === undefined ? undefined : startHandshakeTelemetry(host.telemetry, req, correlationId, { ip, port }, url.pathname);

  const log = host.logger.quiet
    ? nothing
    : (event: Omit<ConnectionEvent, 'CorrelationId' | 'Source'>): void =>
        host.logger.event({ CorrelationId: correlationId, Source: source, ...(api ? { Api: api.info.name } : {}), ...event, ...telemetry?.ids });

  /** The APIM request metrics and the handshake span end here (every exit but a 101 passes through answer or gone). */
  const ended = (statusCode: number, why: Omit<HandshakeOutcome, 'statusCode' | 'api'>): ConnectionTelemetry | undefined =>
    telemetry?.finish({ statusCode, ...why, ...(api ? { api: api.info.name } : {}) });
  const answer = (response: GatewayResponse, decision: HandshakeRecord['decision'], trace: HandshakeTrace | null = null, why: Omit<HandshakeOutcome, 'statusCode' | 'api'> = {}): void => {
    if (telemetry !== undefined) ended(response.statusCode, why);
    const written = rawHttpResponse(response, { 'Apim-Request-Id': correlationId, ...traceIdHeader });
    if (!socket.destroyed) telemetry === undefined ? socket.end(written) : socket.end(written, () => telemetry.clientWritten());
    host.onHandshake?.({ correlationId, api: api?.info.name, client: source, statusCode: response.statusCode, decision, trace, durationMs: Date.now() - started });
  };
  const reject = (response: GatewayResponse, error: string): void => {
    log({ EventName: 'HandshakeRejected', Destination: '', StatusCode: response.statusCode, Error: error });
    answer(response, 'rejected', null, telemetry === undefined ? {} : { lastErrorReason: reasonOf(error), lastErrorMessage: error });
  };

  if (host.shuttingDown) return reject(apimErrors.shuttingDown(), 'the gateway is shutting down');
  api = routeApi(runtime.apis, url.pathname);
  if (!api) return reject(apimErrors.notFound(), `OperationNotFound: no API matches ${url.pathname}`);
  secrets = api.secrets;
  // The client's headers, read once: the upgrade check, the subscription key, the policy and the offers.
  const clientHeaders = HeaderBag.fromRaw(req.rawHeaders);
  const upgrade = checkUpgradeRequest(req, clientHeaders);
  if (!upgrade.ok) return reject(upgrade.response, upgrade.error);
  if (host.activeCount() >= host.limits.maxConnections) {
    return reject(apimErrors.tooManyConnections(host.limits.maxConnections), `connection limit ${host.limits.maxConnections} reached`);
  }
  const release = host.reserve(socket);
  // The client closing its socket (or the shutdown closing it after the drain) aborts the policy's
  // callouts at once; the backend connect watches the socket itself (backend-connection.ts).
  const abandon = new LazyAbort();
  const unwatch = abortWhenClosed(socket, abandon);
  let releases: Array<() => void> = [];
  const releaseAll = (): void => {
    unwatch();
    release();
    for (const r of releases) r();
    releases = [];
  };
  /** The client is gone: free the slot and say why (the client left, or the shutdown closed it). */
  const gone = (destination: string): void => {
    releaseAll();
    if (telemetry !== undefined) ended(host.shuttingDown ? 503 : 0, host.shuttingDown ? {} : { lastErrorReason: 'ClientConnectionFailure' });
    if (host.shuttingDown) log({ EventName: 'HandshakeRejected', Destination: destination, StatusCode: 503, Error: 'the gateway shut down before the handshake completed' });
    else log({ EventName: 'ClientAbandoned', Destination: destination, Error: 'ClientConnectionFailure: the client left during the handshake' });
  };

  try {
    const key = findSubscriptionKey(api, clientHeaders, url.searchParams);
    const access = checkSubscription(runtime, api, key);
    if (!access.ok) {
      releaseAll();
      return reject(access.response, access.reason);
    }
    log({ EventName: 'HandshakeReceived', Destination: api.info.name });

    let run: HandshakeRun;
    try {
      const input = buildHandshakeInput(req, { api, headers: clientHeaders, secure: host.secure, product: access.product, subscription: access.subscription, deployment: runtime.deployment, requestId: correlationId, ipAddress: ip });
      const graph = api.graphFor(access.product?.id ?? null);
      const options = { trace: host.traceHandshakes, secrets: [...secrets], abort: abandon, ...(telemetry ? { telemetry: telemetry.run } : {}) };
      // An attached debugger (serve --debug-port) runs the handshakes it waits for; others run as usual.
      run = await (host.debugger?.run(input, graph, options) ?? graph.run(input, options));
    } catch (err) {
      if (socket.destroyed) return gone('');
      releaseAll();
      const message = err instanceof Error ? err.message : String(err);
      log({ EventName: 'HandshakeRejected', Destination: '', StatusCode: 500, Error: `policy run failed: ${mask(message)}` });
      return answer(apimErrors.internalError(correlationId), 'rejected', null, { lastErrorMessage: 'policy run failed' });
    }
    releases = run.releases;
    const decision = run.decision;
    if (socket.destroyed) return gone('');

    if (decision.kind === 'respond') {
      releaseAll();
      const lastError = run.state?.lastError;
      let why: Omit<HandshakeOutcome, 'statusCode' | 'api'> = {};
      if (lastError) {
        const text = mask(`${lastError.source}: ${lastError.reason ? lastError.reason + ': ' : ''}${lastError.message}${lastError.location ? ` (at ${lastError.location})` : ''}`);
        log({ EventName: 'HandshakeRejected', Destination: '', StatusCode: decision.statusCode, Error: text });
        why = { ...(lastError.reason ? { lastErrorReason: lastError.reason } : {}), lastErrorMessage: text };
      } else {
        // return-response: the policy's answer, not an error.
        log({ EventName: 'PolicyAnswered', Destination: '', StatusCode: decision.statusCode });
      }
      return answer(decision, 'respond', run.trace, why);
    }

    // Masked for the log and the console's record only: with neither, the secrets' forms are never indexed.
    const destination = host.logger.quiet && !host.onHandshake ? '' : mask(decision.backendUrl);
    const headers = backendRequestHeaders(decision.headers, ip);
    for (const [name, values] of offeredWebSocketHeaders(clientHeaders)) headers.set(name, values);
    // The client's own key goes to the backend (as nginx does): the backend's accept value is then
    // the one the client expects, so one SHA-1 serves both legs.
    const accept = acceptKey(upgrade.key);
    telemetry?.backendConnecting(decision.backendUrl, headers);
    const outcome = await connectBackend({
      url: decision.backendUrl,
      headers,
      timeoutMs: host.limits.backendConnectTimeoutMs,
      maxRefusalBodyBytes: host.limits.maxRefusalBodyBytes,
      ca: host.backendCa,
      ...(decision.clientCertificate ? { clientCertificate: decision.clientCertificate } : {}),
      client: socket,
      key: { key: upgrade.key, accept },
    });

    telemetry?.backendDone(outcome.kind === 'refused' ? outcome.statusCode : outcome.kind === 'upgraded' ? 101 : undefined, outcome.kind === 'failed' ? mask(outcome.message) : undefined);
    if (outcome.kind === 'failed') {
      if (outcome.abandoned) return gone(destination);
      releaseAll();
      const error = `BackendConnectionFailure: ${mask(outcome.message)}`;
      log({ EventName: 'BackendConnectionFailed', Destination: destination, StatusCode: 500, Error: error });
      return answer(apimErrors.internalError(correlationId), 'rejected', run.trace, { lastErrorReason: 'BackendConnectionFailure', lastErrorMessage: error });
    }
    if (outcome.kind === 'refused') {
      releaseAll();
      const relayed = new HeaderBag();
      for (const [name, values] of outcome.headers) if (!RELAYED_REFUSAL_DROPS.includes(name.toLowerCase())) relayed.set(name, values);
      log({ EventName: 'BackendRefused', Destination: destination, StatusCode: outcome.statusCode, Error: `the backend answered ${outcome.statusCode} instead of 101` });
      return answer({ statusCode: outcome.statusCode, statusReason: outcome.statusReason, headers: relayed, body: outcome.body }, 'rejected', run.trace, { backendStatusCode: outcome.statusCode });
    }

    if (host.shuttingDown) {
      // Shutdown began while the backend was connecting: do not open a tunnel the drain will not see.
      outcome.socket.destroy();
      releaseAll();
      log({ EventName: 'HandshakeRejected', Destination: destination, StatusCode: 503, Error: 'the gateway is shutting down' });
      return answer(apimErrors.shuttingDown(), 'rejected', run.trace, { backendStatusCode: 101 });
    }
    if (socket.destroyed || !socket.writable) {
      outcome.socket.destroy();
      return gone(destination);
    }
    let response = `${SWITCHING}Sec-WebSocket-Accept: ${accept}\r\n`;
    if (outcome.protocol) response += `Sec-WebSocket-Protocol: ${outcome.protocol}\r\n`;
    if (outcome.extensions) response += `Sec-WebSocket-Extensions: ${outcome.extensions}\r\n`;
    // Headers traffic policies set for the 101 (remaining-calls-header-name, total-calls-header-name …).
    const traffic = run.connection;
    if (traffic) for (const [name, values] of traffic.responseHeaders) for (const value of values) response += `${name}: ${value.replace(/[\r\n]/g, ' ')}\r\n`;
    if (host.traceHandshakes) response += `Apim-Trace-Id: ${correlationId}\r\n`;
    response += `Apim-Request-Id: ${correlationId}\r\n\r\n`;
    socket.setTimeout(0);
    const connectionTelemetry = telemetry === undefined ? undefined : ended(101, { backendStatusCode: 101 });
    if (telemetry === undefined) socket.write(response);
    else socket.write(response, () => telemetry.clientWritten());
    const tunnel = new Tunnel(socket, outcome.socket, { closeGraceMs: host.limits.closeGraceMs, observer: host.observerFor?.(correlationId) });
    unwatch();
    release(); // from here the tunnel itself counts towards the limit
    const closedLog = host.logger.quiet ? undefined : { logger: host.logger, CorrelationId: correlationId, Source: source, Api: api.info.name, Destination: destination, ...telemetry?.ids };
    host.adopt(tunnel, whenTunnelEnds(traffic, run.releases, closedLog, connectionTelemetry));
    tunnel.start(head, outcome.head);
    log({ EventName: 'ConnectionEstablished', Destination: destination, StatusCode: 101 });
    host.onHandshake?.({ correlationId, api: api.info.name, client: source, statusCode: 101, decision: 'connect', backendUrl: destination, trace: run.trace, durationMs: Date.now() - started });
  } catch (err) {
    releaseAll();
    const message = err instanceof Error ? err.message : String(err);
    log({ EventName: 'HandshakeRejected', Destination: '', StatusCode: 500, Error: `internal error: ${mask(message)}` });
    answer(apimErrors.internalError(correlationId), 'rejected', null, { lastErrorMessage: 'internal error' });
  }
}

/** A no-op shared by every handshake: a closure created inside handleUpgrade would keep its scope alive (see whenTunnelEnds). */
function nothing(): void {}

/**
 * Aborts `controller` when the client hangs up: a reset closes the socket; a FIN only ends it (the HTTP
 * server allows half-open sockets), and a WebSocket client that stops sending cannot go on, so its socket
 * is closed then. Returns what stops watching. Built here so that the listeners hold only these two
 * values, not handleUpgrade's scope.
 */
function abortWhenClosed(socket: Socket, controller: LazyAbort): () => void {
  if (socket.destroyed || socket.readableEnded) {
    socket.destroy();
    controller.abort();
    return nothing;
  }
  const onClose = (): void => controller.abort();
  const onEnd = (): void => void socket.destroy();
  // on, not once: once wraps each listener, and both are removed when the handshake ends anyway.
  socket.on('close', onClose);
  socket.on('end', onEnd);
  return () => {
    socket.off('close', onClose);
    socket.off('end', onEnd);
  };
}

interface ClosedLog {
  logger: ConnectionLogger;
  CorrelationId: string;
  Source: string;
  Api: string;
  Destination: string;
  TraceId?: string;
  SpanId?: string;
}

/**
 * What runs when a tunnel ends: bandwidth quotas count the bytes relayed both ways, then the traffic
 * holds are released, then ConnectionClosed is logged. Built here, outside handleUpgrade, so that an idle
 * connection keeps only these few values alive: any closure created inside handleUpgrade would keep its
 * whole scope (the request, the socket, the policy run) for the connection's lifetime.
 */
function whenTunnelEnds(traffic: HandshakeRun['connection'], releases: ReadonlyArray<() => void>, closed: ClosedLog | undefined, telemetry: ConnectionTelemetry | undefined): (end: TunnelEnd) => void {
  return (end) => {
    try {
      traffic?.relayed(end.bytesToBackend + end.bytesToClient);
    } finally {
      for (const release of releases) release();
    }
    try {
      telemetry?.ended(end);
    } catch {
      // Best effort, as the log line below.
    }
    if (!closed) return;
    try {
      closed.logger.event({
        CorrelationId: closed.CorrelationId,
        EventName: 'ConnectionClosed',
        Source: closed.Source,
        Api: closed.Api,
        Destination: closed.Destination,
        ClosedBy: end.initiator,
        ...(end.closeCode !== undefined ? { CloseCode: end.closeCode, CloseReason: end.closeReason } : {}),
        ...(end.error ? { Error: end.error } : {}),
        BytesToBackend: end.bytesToBackend,
        BytesToClient: end.bytesToClient,
        MessagesToBackend: end.messagesToBackend,
        MessagesToClient: end.messagesToClient,
        DurationMs: end.durationMs,
        ...(closed.TraceId !== undefined ? { TraceId: closed.TraceId, SpanId: closed.SpanId } : {}),
      });
    } catch {
      // Best effort: a failing log write must not break the connection's teardown.
    }
  };
}
