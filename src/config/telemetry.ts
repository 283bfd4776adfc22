/**
 * The `telemetry:` section: OpenTelemetry traces and metrics with APIM's self-hosted gateway names,
 * the Prometheus endpoint and the OTLP exporter (see docs/configuration.md and docs/telemetry.md).
 */
import type { OtlpProtocol, TelemetrySettings } from '../telemetry/settings.js';
import { CONFIG_CODES, type Cursor } from './yaml-cursor.js';

const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];

export function readTelemetry(section: Cursor, service: { name: string; region: string }): TelemetrySettings | undefined {
  if (!section.present) return undefined;
  const m = section.map(['enabled', 'gatewayId', 'serviceName', 'traces', 'metrics', 'otlp']);
  if (!m || m.get('enabled')?.boolean() === false) return undefined;
  const traces = m.get('traces')?.map(['enabled', 'sampleRatio']);
  const metrics = m.get('metrics')?.map(['prometheus', 'exportIntervalMs']);
  const otlp = m.get('otlp')?.map(['endpoint', 'protocol', 'headers']);
  const endpoint = otlp?.get('endpoint')?.string();
  if (endpoint !== undefined && !/^https?:\/\//i.test(endpoint)) {
    otlp!.get('endpoint')!.error(CONFIG_CODES.invalidValue, `telemetry.otlp.endpoint must be an http:// or https:// URL, not '${endpoint}'`);
  }
  const protocolCursor = otlp?.get('protocol');
  const protocol = protocolCursor?.string();
  if (protocol !== undefined && !PROTOCOLS.includes(protocol as OtlpProtocol)) {
    protocolCursor!.error(CONFIG_CODES.invalidValue, `telemetry.otlp.protocol must be one of ${PROTOCOLS.join(', ')}, not '${protocol}'`);
  }
  const headers: Record<string, string> = {};
  for (const [name, cursor] of otlp?.get('headers')?.entries() ?? []) {
    const value = cursor.string();
    if (value !== undefined) headers[name] = value;
  }
  return {
    gatewayId: m.get('gatewayId')?.string() ?? service.name,
    serviceName: m.get('serviceName')?.string() ?? 'onhandshake',
    location: service.region,
    traces: {
      enabled: traces?.get('enabled')?.boolean() ?? Boolean(traces),
      sampleRatio: ratio(traces?.get('sampleRatio')) ?? 1,
    },
    metrics: {
      prometheus: metrics?.get('prometheus')?.boolean() ?? true,
      exportIntervalMs: metrics?.get('exportIntervalMs')?.number(100, 3_600_000) ?? 60_000,
    },
    otlp: { ...(endpoint !== undefined ? { endpoint } : {}), ...(protocol !== undefined ? { protocol: protocol as OtlpProtocol } : {}), headers },
  };
}

/** A fraction from 0 to 1 (Cursor.number takes integers only). */
function ratio(cursor: Cursor | undefined): number | undefined {
  const text = cursor?.string();
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) return cursor!.error(CONFIG_CODES.invalidValue, `${cursor!.path} must be a number from 0 to 1, not '${text}'`);
  return value;
}
