/** The gateway's limits and timeouts; every one is configurable (config `limits:`). */
export interface GatewayLimits {
  /** Concurrent WebSocket connections (and handshakes in progress); beyond it: 503. APIM: 5,000 per unit. */
  maxConnections: number;
  /** A tunnel with no byte either way for this long is closed with 1001. APIM's infrastructure: about 4 minutes. */
  idleTimeoutMs: number;
  /** Pings to both peers this often (0: off); a peer silent for two intervals is declared dead. */
  keepAliveIntervalMs: number;
  /** A client must send its complete handshake headers within this time (slowloris), else 408. */
  headersTimeoutMs: number;
  /** A plain HTTP request (health, errors) must complete within this time. */
  requestTimeoutMs: number;
  /** Largest handshake header block, in bytes; beyond it: 431. */
  maxHeaderBytes: number;
  /** The backend must answer its WebSocket handshake within this time. */
  backendConnectTimeoutMs: number;
  /** Largest backend refusal body relayed to the client. */
  maxRefusalBodyBytes: number;
  /** Time a peer gets to complete a closing handshake before its socket is destroyed. */
  closeGraceMs: number;
  /** On shutdown: how long live connections may finish by themselves before they get 1001. */
  drainMs: number;
  /** Longest a regex may run in the worker pool, per expression evaluation; caps any policy-set matchTimeout. */
  regexMatchTimeoutMs: number;
}

export const DEFAULT_LIMITS: GatewayLimits = {
  maxConnections: 5000,
  idleTimeoutMs: 240_000,
  keepAliveIntervalMs: 0,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxHeaderBytes: 16 * 1024,
  backendConnectTimeoutMs: 30_000,
  maxRefusalBodyBytes: 64 * 1024,
  closeGraceMs: 5_000,
  drainMs: 5_000,
  regexMatchTimeoutMs: 1_000,
};
