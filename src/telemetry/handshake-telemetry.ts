/**
 * One handshake's telemetry: its server span (continuing the client's `traceparent`), a child span per
 * policy step, client spans for callouts and the backend connection (each carrying the trace context
 * on), the APIM request metrics when it ends and, after a 101, a connection span with its lifetime events.
 */
import { SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import type { HeaderBag } from '../common/headers.js';
import type { CalloutClient, CalloutRequest, RunTelemetry } from '../steps/runtime/contract.js';
import { PolicyError } from '../steps/runtime/errors.js';
import type { TunnelEnd } from '../model/tunnel-end.js';
import { requestDimensions, requestStatus, type GatewayIdentity } from './apim-dimensions.js';
import type { ConnectionTelemetry, HandshakeOutcome, HandshakeStart, HandshakeTelemetry } from './contract.js';
import { connectionDimensions, type GatewayMetrics } from './gateway-metrics.js';
import type { TraceContext } from './trace-context.js';
import type { BoundedValues } from './bounded-values.js';

/** What every handshake shares: built once by the telemetry, read per handshake. */
export interface TelemetryParts {
  identity: GatewayIdentity;
  tracer?: Tracer;
  propagation: TraceContext;
  metrics?: GatewayMetrics;
  /** PolicyStepDurationInMs dimensions by element, built once (the SDK hashes each attribute set it gets). */
  stepDimensions: Map<string, Attributes>;
  /** The Hostname dimension's values, capped (they come from the client's Host header). */
  hostnames: BoundedValues;
}

export class OtelHandshake implements HandshakeTelemetry {
  readonly run: RunTelemetry;
  private readonly started = performance.now();
  private readonly span: Span | undefined;
  private readonly context: Context | undefined;
  /** The step spans open now, by APIM path: a step's parent is the open step whose path contains its own. */
  private readonly open: Array<{ path: string; context: Context }> = [];
  private finished = false;
  private backendSpan: Span | undefined;
  private backendStarted = 0;
  private backendMs = 0;
  private finishedAt = 0;
  private dimensions: Attributes | undefined;

  constructor(private readonly parts: TelemetryParts, private readonly start: HandshakeStart) {
    const { tracer, propagation } = parts;
    if (tracer) {
      const parent = propagation.extract(start.traceparent, start.tracestate);
      this.span = tracer.startSpan(`GET ${start.path}`, {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'url.path': start.path,
          'url.scheme': 'ws',
          'server.address': start.hostname,
          'client.address': start.clientIp,
          'client.port': start.clientPort,
          'apim.request_id': start.correlationId,
        },
      }, parent);
      this.context = trace.setSpan(parent, this.span);
    }
    this.run = { stepStarted: (step) => this.stepStarted(step), callouts: (inner) => this.callouts(inner) };
  }

  get ids(): { TraceId: string; SpanId: string } | undefined {
    const ctx = this.span?.spanContext();
    return ctx && ctx.traceFlags & 1 ? { TraceId: ctx.traceId, SpanId: ctx.spanId } : undefined;
  }

  /** The latest step opened (a callout's step: steps run one at a time, but for `wait` branches). */
  private get current(): Context | undefined {
    return this.open.length ? this.open[this.open.length - 1]!.context : this.context;
  }

  /**
   * The innermost open step enclosing `path` (`…/choose[1]/when[1]/set-variable[1]` is inside
   * `…/choose[1]`), so that concurrent `wait` branches still nest right; else the handshake.
   */
  private parentOf(path: string): Context | undefined {
    let best: { path: string; context: Context } | undefined;
    for (const open of this.open) if (path.startsWith(open.path + '/') && (!best || open.path.length > best.path.length)) best = open;
    return best ? best.context : this.context;
  }

  private stepStarted(step: Parameters<RunTelemetry['stepStarted']>[0]): (error?: unknown) => void {
    const began = performance.now();
    const { tracer, metrics } = this.parts;
    let span: Span | undefined;
    let spanContext: Context | undefined;
    if (tracer && this.context) {
      const { loc, path } = step.element;
      span = tracer.startSpan(`${step.name} line ${loc.line}`, {
        attributes: { 'apim.policy.element': step.name, 'apim.policy.path': path, 'code.filepath': loc.file, 'code.lineno': loc.line },
      }, this.parentOf(path));
      spanContext = trace.setSpan(this.context, span);
      this.open.push({ path, context: spanContext });
    }
    return (error) => {
      if (span) {
        const at = this.open.findIndex((o) => o.context === spanContext);
        if (at >= 0) this.open.splice(at, 1);
        if (error instanceof PolicyError) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: error.reason || error.source });
          span.setAttribute('apim.last_error.reason', error.reason);
        }
        span.end();
      }
      if (metrics) metrics.stepDuration.record(performance.now() - began, this.stepDimensions(step.name));
    };
  }

  private callouts(inner: CalloutClient): CalloutClient {
    const tracer = this.parts.tracer;
    if (!tracer || !this.context) return inner;
    return {
      send: async (req: CalloutRequest) => {
        const url = new URL(req.url);
        const span = tracer.startSpan(`send-request ${req.method}`, {
          kind: SpanKind.CLIENT,
          attributes: { 'http.request.method': req.method, 'url.full': withoutQuery(url), 'server.address': url.hostname, 'server.port': portOf(url) },
        }, this.current);
        const headers = req.headers.clone();
        this.parts.propagation.inject(trace.setSpan(this.context!, span), headers);
        try {
          const res = await inner.send({ ...req, headers });
          span.setAttribute('http.response.status_code', res.statusCode);
          if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          return res;
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as { reason?: string }).reason ?? 'error' });
          throw err;
        } finally {
          span.end();
        }
      },
    };
  }

  private stepDimensions(element: string): Attributes {
    const known = this.parts.stepDimensions.get(element);
    if (known) return known;
    const dims = { GatewayId: this.parts.identity.gatewayId, PolicyElement: element };
    this.parts.stepDimensions.set(element, dims);
    return dims;
  }

  backendConnecting(url: string, headers: HeaderBag): void {
    this.backendStarted = performance.now();
    const tracer = this.parts.tracer;
    if (!tracer || !this.context) return;
    const parsed = new URL(url);
    this.backendSpan = tracer.startSpan('backend connect', {
      kind: SpanKind.CLIENT,
      attributes: { 'http.request.method': 'GET', 'url.full': withoutQuery(parsed), 'server.address': parsed.hostname, 'server.port': portOf(parsed) },
    }, this.context);
    this.parts.propagation.inject(trace.setSpan(this.context, this.backendSpan), headers);
  }

  backendDone(statusCode: number | undefined, error?: string): void {
    this.backendMs = performance.now() - this.backendStarted;
    const span = this.backendSpan;
    if (!span) return;
    if (statusCode !== undefined) span.setAttribute('http.response.status_code', statusCode);
    if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    span.end();
  }

  clientWritten(): void {
    const dims = this.dimensions;
    if (dims) this.parts.metrics?.clientDuration.record(performance.now() - this.finishedAt, dims);
  }

  finish(outcome: HandshakeOutcome): ConnectionTelemetry | undefined {
    // Once: a failure after the 101 (the outer catch answering 500) must not count the handshake twice.
    if (this.finished) return undefined;
    this.finished = true;
    this.finishedAt = performance.now();
    const duration = this.finishedAt - this.started;
    const { metrics, identity } = this.parts;
    const dims = requestDimensions(identity, this.parts.hostnames.admit(this.start.hostname), outcome);
    this.dimensions = dims;
    if (metrics) {
      metrics.requests.add(1, dims);
      metrics.duration.record(duration, dims);
      metrics.backendDuration.record(this.backendMs, dims);
      metrics.gatewayDuration.record(duration - this.backendMs, dims);
    }
    const span = this.span;
    if (span) {
      if (outcome.api !== undefined) {
        span.updateName(`onHandshake ${outcome.api}`);
        span.setAttribute('apim.api', outcome.api);
      }
      span.setAttribute('http.response.status_code', outcome.statusCode);
      span.setAttribute('apim.status', requestStatus(outcome));
      if (outcome.backendStatusCode !== undefined) span.setAttribute('apim.backend.status_code', outcome.backendStatusCode);
      if (outcome.lastErrorReason) span.setAttribute('apim.last_error.reason', outcome.lastErrorReason);
      if (outcome.lastErrorMessage) span.setAttribute('apim.last_error.message', outcome.lastErrorMessage);
      if (requestStatus(outcome) === 'Failed') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.lastErrorReason ?? `status ${outcome.statusCode}` });
      span.end();
    }
    if (outcome.statusCode !== 101) return undefined;
    return openConnection(this.parts, connectionDimensions(dims), this.context);
  }
}

/** The connection's span and metrics; holds only these, not the handshake (see handshake.ts whenTunnelEnds). */
function openConnection(parts: TelemetryParts, dims: Attributes, parent: Context | undefined): ConnectionTelemetry {
  const span = parts.tracer && parent ? parts.tracer.startSpan('WebSocket connection', { kind: SpanKind.INTERNAL }, parent) : undefined;
  span?.addEvent('opened');
  parts.metrics?.activeConnections.add(1, dims);
  return {
    ended(end: TunnelEnd): void {
      const metrics = parts.metrics;
      if (metrics) {
        metrics.activeConnections.add(-1, dims);
        metrics.connectionDuration.record(end.durationMs, dims);
        metrics.bytesRelayed.add(end.bytesToBackend, { ...dims, Direction: 'ToBackend' });
        metrics.bytesRelayed.add(end.bytesToClient, { ...dims, Direction: 'ToClient' });
        metrics.messagesRelayed.add(end.messagesToBackend, { ...dims, Direction: 'ToBackend' });
        metrics.messagesRelayed.add(end.messagesToClient, { ...dims, Direction: 'ToClient' });
      }
      if (!span) return;
      const closed: Attributes = {
        'websocket.closed_by': end.initiator,
        'websocket.bytes_to_backend': end.bytesToBackend,
        'websocket.bytes_to_client': end.bytesToClient,
        'websocket.messages_to_backend': end.messagesToBackend,
        'websocket.messages_to_client': end.messagesToClient,
      };
      if (end.closeCode !== undefined) closed['websocket.close_code'] = end.closeCode;
      if (end.closeReason) closed['websocket.close_reason'] = end.closeReason;
      if (end.error) closed['error.message'] = end.error;
      span.addEvent('closed', closed);
      span.end();
    },
  };
}

/** Query strings may carry credentials (sig=, code=, subscription-key=): spans keep origin and path only. */
function withoutQuery(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' || url.protocol === 'wss:' ? 443 : 80;
}
