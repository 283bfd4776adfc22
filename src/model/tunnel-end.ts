/** How a relayed connection ended: the gateway's tunnel reports it, telemetry and the connection log record it. */
export interface TunnelEnd {
  /** Who ended it first: a close frame or the TCP connection going away. */
  initiator: 'client' | 'backend' | 'gateway';
  closeCode?: number;
  closeReason?: string;
  error?: string;
  bytesToBackend: number;
  bytesToClient: number;
  messagesToBackend: number;
  messagesToClient: number;
  durationMs: number;
}
