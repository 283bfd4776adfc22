/**
 * The `telemetry:` configuration after validation (docs/telemetry.md). Absent means off: nothing of
 * OpenTelemetry is imported and each handshake pays one null check.
 */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

export interface TelemetrySettings {
  /** The `GatewayId` dimension and the `service.instance.id` resource attribute. */
  gatewayId: string;
  /** The `service.name` resource attribute (OTEL_SERVICE_NAME wins when set). */
  serviceName: string;
  /** The `Location` dimension (the configuration's service.region). */
  location: string;
  traces: {
    enabled: boolean;
    /** Share of new traces recorded (a client's sampled `traceparent` is always followed). */
    sampleRatio: number;
  };
  metrics: {
    /** Serve the Prometheus exposition at /_onhandshake/metrics. */
    prometheus: boolean;
    /** Push metrics over OTLP (when an endpoint is configured) every this many ms. */
    exportIntervalMs: number;
  };
  /**
   * Where OTLP goes. Absent endpoint: OTEL_EXPORTER_OTLP_ENDPOINT (or the signal-specific variables);
   * none of them: nothing is pushed (Prometheus still serves).
   */
  otlp: { endpoint?: string; protocol?: OtlpProtocol; headers: Record<string, string> };
}
