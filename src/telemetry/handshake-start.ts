/** What telemetry needs from the upgrade request, read only when telemetry is on. */
import type { IncomingMessage } from 'node:http';
import type { GatewayTelemetry, HandshakeTelemetry } from './contract.js';

export function startHandshakeTelemetry(telemetry: GatewayTelemetry, req: IncomingMessage, correlationId: string, client: { ip: string; port: number }, path: string): HandshakeTelemetry {
  const { traceparent, tracestate, host } = req.headers;
  return telemetry.handshake({
    correlationId,
    clientIp: client.ip,
    clientPort: client.port,
    hostname: hostnameOf(host ?? ''),
    path,
    ...(typeof traceparent === 'string' ? { traceparent } : {}),
    ...(typeof tracestate === 'string' ? { tracestate } : {}),
  });
}

/** `example.com:8080` → `example.com`; `[::1]:80` → `::1`. */
function hostnameOf(host: string): string {
  const bracketed = /^\[([^\]]*)\]/.exec(host);
  if (bracketed) return bracketed[1]!;
  const colon = host.lastIndexOf(':');
  return (colon >= 0 ? host.slice(0, colon) : host).toLowerCase();
}
