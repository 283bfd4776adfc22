/**
 * The instruments: APIM's self-hosted gateway metrics (names and dimensions as it exports them) and our
 * WebSocket ones. Bytes and messages are added when a connection closes, so the raw tunnel's hot path
 * stays untouched.
 */
import type { Attributes, Counter, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';

export interface GatewayMetrics {
  requests: Counter;
  duration: Histogram;
  backendDuration: Histogram;
  clientDuration: Histogram;
  gatewayDuration: Histogram;
  activeConnections: UpDownCounter;
  connectionDuration: Histogram;
  bytesRelayed: Counter;
  messagesRelayed: Counter;
  stepDuration: Histogram;
}

export function createGatewayMetrics(meter: Meter): GatewayMetrics {
  // No `unit`: the names carry it (InMs), and a unit would make a collector's Prometheus exporter append
  // a suffix (DurationInMs_milliseconds), breaking dashboards that read either source.
  const ms = (name: string, description: string): Histogram => meter.createHistogram(name, { description });
  return {
    requests: meter.createCounter('Requests', { description: 'Handshakes handled (APIM self-hosted gateway: requests).' }),
    duration: ms('DurationInMs', 'Time from the handshake arriving to the answer (101 or refusal) being written.'),
    backendDuration: ms('BackendDurationInMs', 'Time spent connecting to the backend and reading its answer to the upgrade.'),
    clientDuration: ms('ClientDurationInMs', 'Time spent writing the answer to the client.'),
    gatewayDuration: ms('GatewayDurationInMs', 'DurationInMs minus BackendDurationInMs: the policy and the gateway itself.'),
    activeConnections: meter.createUpDownCounter('WebSocketActiveConnections', { description: 'WebSocket connections being relayed now.' }),
    connectionDuration: ms('WebSocketConnectionDurationInMs', 'Lifetime of a relayed WebSocket connection, from 101 to close.'),
    bytesRelayed: meter.createCounter('WebSocketBytesRelayed', { description: 'Bytes relayed, by Direction (ToBackend, ToClient); added when a connection closes.' }),
    messagesRelayed: meter.createCounter('WebSocketMessagesRelayed', { description: 'Complete data messages (text or binary) relayed, by Direction; added when a connection closes.' }),
    stepDuration: ms('PolicyStepDurationInMs', 'Time a policy step took, by PolicyElement (nested steps count in their parent too).'),
  };
}

/** The few dimensions the WebSocket connection metrics carry (kept per connection, so small). */
export function connectionDimensions(base: Attributes): Attributes {
  return { GatewayId: base.GatewayId, Location: base.Location, Hostname: base.Hostname, ...(base.ApiId !== undefined ? { ApiId: base.ApiId } : {}) };
}
