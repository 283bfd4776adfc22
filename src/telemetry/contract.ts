/**
 * What the gateway tells telemetry, as types only: the gateway holds an optional GatewayTelemetry and
 * pays one null check per handshake when it is absent. The OpenTelemetry implementation
 * (otel-telemetry.ts) is imported lazily by load-telemetry.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderBag } from '../common/headers.js';
import type { RunTelemetry } from '../steps/runtime/contract.js';
import type { TunnelEnd } from '../model/tunnel-end.js';

export interface GatewayTelemetry {
  handshake(start: HandshakeStart): HandshakeTelemetry;
  /** Answers a Prometheus scrape; absent when `telemetry.metrics.prometheus` is false. */
  readonly serveMetrics?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Flushes what is pending (spans, a last metrics export) and stops the exporters. */
  shutdown(): Promise<void>;
}

export interface HandshakeStart {
  correlationId: string;
  clientIp: string;
  clientPort: number;
  /** The Host header's name part (the `Hostname` dimension). */
  hostname: string;
  path: string;
  /** The client's W3C trace context, continued when present. */
  traceparent?: string;
  tracestate?: string;
}

/** How the handshake ended, in APIM's terms (the metric dimensions and span attributes). */
export interface HandshakeOutcome {
  /** What the client got: 101, the policy's or the backend's answer, the gateway's error; 0 when the client left. */
  statusCode: number;
  /** The backend's status (101, or its refusal); absent when no backend answered. */
  backendStatusCode?: number;
  /** context.LastError.Reason or the gateway's own reason (OperationNotFound, BackendConnectionFailure …). */
  lastErrorReason?: string;
  /** Masked: a reason's message, for the span status only (never a metric dimension). */
  lastErrorMessage?: string;
  /** The matched API, for span attributes and the `ApiId` dimension. */
  api?: string;
}

export interface HandshakeTelemetry {
  /** The executor's hooks (step spans and durations, callout spans and propagation). */
  readonly run: RunTelemetry;
  /** W3C ids for log lines, when this handshake is traced. */
  readonly ids: { TraceId: string; SpanId: string } | undefined;
  /** The backend connection starts: a client span, and the trace context added to `headers`. */
  backendConnecting(url: string, headers: HeaderBag): void;
  backendDone(statusCode: number | undefined, error?: string): void;
  /** The answer was written to the client (ClientDurationInMs ends). */
  clientWritten(): void;
  /** Records the Requests counter and durations and ends the handshake span; for a 101, what watches the tunnel. */
  finish(outcome: HandshakeOutcome): ConnectionTelemetry | undefined;
}

/** Lives as long as the WebSocket connection (keep it small: an idle connection holds it). */
export interface ConnectionTelemetry {
  ended(end: TunnelEnd): void;
}
