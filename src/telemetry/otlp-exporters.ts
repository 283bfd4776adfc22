/**
 * The OTLP exporters for the configured protocol (http/protobuf by default, http/json), imported only
 * when there is somewhere to send to: `telemetry.otlp.endpoint`, or the standard OTEL_EXPORTER_OTLP_*
 * variables (which the exporters read themselves, headers and per-signal endpoints included).
 */
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpProtocol, TelemetrySettings } from './settings.js';

export interface OtlpExporters {
  traces?: SpanExporter;
  metrics?: PushMetricExporter;
}

export async function otlpExporters(settings: TelemetrySettings, env: NodeJS.ProcessEnv): Promise<OtlpExporters> {
  const base = settings.otlp.endpoint?.replace(/\/+$/, '');
  const configured = (signal: 'TRACES' | 'METRICS'): boolean => base !== undefined || Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env[`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`]);
  const protocol = settings.otlp.protocol ?? envProtocol(env);
  const options = (path: string): { url?: string; headers?: Record<string, string> } => ({
    ...(base !== undefined ? { url: `${base}${path}` } : {}),
    ...(Object.keys(settings.otlp.headers).length ? { headers: settings.otlp.headers } : {}),
  });
  const out: OtlpExporters = {};
  if (settings.traces.enabled && configured('TRACES')) {
    const m = protocol === 'http/json' ? await import('@opentelemetry/exporter-trace-otlp-http') : await import('@opentelemetry/exporter-trace-otlp-proto');
    out.traces = new m.OTLPTraceExporter(options('/v1/traces'));
  }
  if (configured('METRICS')) {
    const m = protocol === 'http/json' ? await import('@opentelemetry/exporter-metrics-otlp-http') : await import('@opentelemetry/exporter-metrics-otlp-proto');
    out.metrics = new m.OTLPMetricExporter(options('/v1/metrics'));
  }
  return out;
}

function envProtocol(env: NodeJS.ProcessEnv): OtlpProtocol {
  return env.OTEL_EXPORTER_OTLP_PROTOCOL === 'http/json' ? 'http/json' : 'http/protobuf';
}
