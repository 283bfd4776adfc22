/**
 * The OTLP exporters for the configured protocol (http/protobuf by default, http/json), imported only
 * when there is somewhere to send to: `telemetry.otlp.endpoint`, else the standard
 * OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_{TRACES,METRICS}_ENDPOINT / OTEL_EXPORTER_OTLP_PROTOCOL
 * (read from the gateway's environment; the exporters read OTEL_EXPORTER_OTLP_HEADERS, timeouts and
 * compression from the process environment themselves).
 */
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpProtocol, TelemetrySettings } from './settings.js';

export interface OtlpExporters {
  traces?: SpanExporter;
  metrics?: PushMetricExporter;
}

export async function otlpExporters(settings: TelemetrySettings, env: NodeJS.ProcessEnv): Promise<OtlpExporters> {
  const base = (settings.otlp.endpoint ?? env.OTEL_EXPORTER_OTLP_ENDPOINT)?.replace(/\/+$/, '') || undefined;
  // The signal's own variable is a full URL; the general one (or ours) a base that gets /v1/<signal>.
  const urlFor = (signal: 'TRACES' | 'METRICS', path: string): string | undefined =>
    settings.otlp.endpoint === undefined && env[`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`] ? env[`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`] : base !== undefined ? `${base}${path}` : undefined;
  const protocol = settings.otlp.protocol ?? envProtocol(env);
  const options = (url: string): { url: string; headers?: Record<string, string> } => ({
    url,
    ...(Object.keys(settings.otlp.headers).length ? { headers: settings.otlp.headers } : {}),
  });
  const out: OtlpExporters = {};
  const tracesUrl = settings.traces.enabled ? urlFor('TRACES', '/v1/traces') : undefined;
  if (tracesUrl !== undefined) {
    const m = protocol === 'http/json' ? await import('@opentelemetry/exporter-trace-otlp-http') : await import('@opentelemetry/exporter-trace-otlp-proto');
    out.traces = new m.OTLPTraceExporter(options(tracesUrl));
  }
  const metricsUrl = urlFor('METRICS', '/v1/metrics');
  if (metricsUrl !== undefined) {
    const m = protocol === 'http/json' ? await import('@opentelemetry/exporter-metrics-otlp-http') : await import('@opentelemetry/exporter-metrics-otlp-proto');
    out.metrics = new m.OTLPMetricExporter(options(metricsUrl));
  }
  return out;
}

function envProtocol(env: NodeJS.ProcessEnv): OtlpProtocol {
  return env.OTEL_EXPORTER_OTLP_PROTOCOL === 'http/json' ? 'http/json' : 'http/protobuf';
}
