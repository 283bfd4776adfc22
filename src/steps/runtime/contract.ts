/**
 * What the gateway, the CLI and policy tests may rely on from src/graph (implemented in ./index.ts):
 *   compileSections(sections, options) → { graph?, diagnostics }
 *   graph.run(input, options) → Promise<HandshakeRun>
 */
import type { HeaderBag } from '../../common/headers.js';
import type { Diagnostic } from '../../policy/diagnostics.js';
import type { Store } from '../../store/contract.js';
import type { StepHook } from './step-hook.js';
import type {
  ApiInfo,
  DeploymentInfo,
  HandshakeState,
  ProductInfo,
  SubscriptionInfo,
  UserInfo,
} from '../../model/state.js';

/** The single outcome of running onHandshake for one client. */
export type Decision =
  | {
      kind: 'connect';
      /** Full backend WebSocket URL: base URL + query after policy edits. */
      backendUrl: string;
      /** Headers to send to the backend (client headers after set-header; hop-by-hop not yet removed). */
      headers: HeaderBag;
      /** authentication-certificate (top level): the client certificate for a wss:// backend's TLS. */
      clientCertificate?: BackendClientCertificate;
    }
  | {
      kind: 'respond';
      statusCode: number;
      statusReason: string;
      headers: HeaderBag;
      body: Buffer;
    };

export interface TraceEntry {
  source: string;
  /** ISO-8601 UTC with 7 fractional digits. */
  timestamp: string;
  /** `hh:mm:ss.fffffff` since the handshake arrived. */
  elapsed: string;
  data: unknown;
  /** Our extras: where the step was written. */
  path?: string;
  file?: string;
  line?: number;
  column?: number;
  durationMs?: number;
}

/** APIM's trace shape (reference §6.2) with our extras. */
export interface HandshakeTrace {
  traceId: string;
  serviceName: string;
  traceEntries: {
    inbound: TraceEntry[];
    backend: TraceEntry[];
    outbound: TraceEntry[];
    'on-error': TraceEntry[];
  };
  decision?: unknown;
}

export interface HandshakeInput {
  method: string;
  /** The URL the client called, absolute (ws:// or http:// with host and port). */
  url: string;
  headers: HeaderBag;
  ipAddress: string;
  api: ApiInfo;
  product: ProductInfo | null;
  subscription: SubscriptionInfo | null;
  user: UserInfo | null;
  deployment: DeploymentInfo;
  requestId?: string;
}

/** A TLS client certificate (PEM pair or PFX) and, for the trace, its thumbprint. */
export interface BackendClientCertificate {
  pfx?: Buffer;
  passphrase?: string;
  cert?: string | Buffer;
  key?: string | Buffer;
  thumbprint?: string;
}

/** How send-request reaches the network; the default uses undici; `trace --mock` and tests swap it. */
export interface CalloutRequest {
  method: string;
  url: string;
  headers: HeaderBag;
  body: Buffer | null;
  timeoutMs: number;
  /** Cap on the response body; larger bodies fail the call. */
  maxBodyBytes: number;
  proxy?: { url: string; username?: string; password?: string };
  signal?: AbortSignal;
  /** authentication-certificate: the client certificate for the TLS connection. */
  clientCertificate?: BackendClientCertificate;
}

export interface CalloutResponse {
  statusCode: number;
  statusReason: string;
  headers: HeaderBag;
  body: Buffer;
}

export interface CalloutClient {
  /** Rejects with an error whose `reason` is `Timeout` or `BackendConnectionFailure`. */
  send(request: CalloutRequest): Promise<CalloutResponse>;
}

export interface RunOptions {
  /** Record an APIM-shaped trace (off costs nearly nothing). */
  trace?: boolean;
  callouts?: CalloutClient;
  /** Mask these literal strings (secret named values, tokens) in the trace. */
  secrets?: readonly string[];
  /** The store for this run's traffic policies, overriding the compiled one (policy tests use one per case). */
  store?: Store;
  /**
   * Aborts the run's callouts (the client went away, the gateway is shutting down): an AbortController, or
   * anything whose `signal` gives one; it is read only when a step needs it.
   */
  abort?: { readonly signal: AbortSignal };
  /** Called before each step and when a step fails (the debugger); absent, runs are unchanged. */
  hook?: StepHook;
  /** Telemetry hooks for this run (OpenTelemetry spans and step metrics); absent costs one check per step. */
  telemetry?: RunTelemetry;
}

/** What the executor tells telemetry (src/telemetry) about a run, without depending on it. */
export interface RunTelemetry {
  /** A step starts; the returned function ends it, with the error escaping it (a PolicyError) if any. */
  stepStarted(step: { readonly name: string; readonly element: { readonly loc: { readonly file: string; readonly line: number }; readonly path: string } }): (error?: unknown) => void;
  /** The run's callout client, wrapped: each call gets a client span and the trace context headers. */
  callouts(inner: CalloutClient): CalloutClient;
}

export interface HandshakeRun {
  decision: Decision;
  state: HandshakeState;
  trace: HandshakeTrace | null;
  /** Resources held for the life of the connection (limit-concurrency): call each when it closes. */
  releases: Array<() => void>;
  /**
   * Per-connection effects of traffic policies, when any ran: headers for the client's 101
   * (remaining-calls-header-name …) and a meter for relayed bytes (bandwidth quotas).
   */
  connection?: { responseHeaders: HeaderBag; relayed(bytes: number): void };
}

export interface StepGraph {
  run(input: HandshakeInput, options?: RunOptions): Promise<HandshakeRun>;
}

export interface GraphCompileResult {
  graph?: StepGraph;
  diagnostics: Diagnostic[];
}
