/**
 * The OTLP exporters for the configured protocol (http/protobuf by default, http/json or grpc), imported
 * only when there is somewhere to send to: `telemetry.otlp.endpoint`, else the standard
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

type Signal = 'TRACES' | 'METRICS';

/** Per protocol: how a signal's exporter is built from its URL and the configured headers. */
const BUILDERS: Record<OtlpProtocol, Record<Signal, (url: string, headers: Record<string, string>) => Promise<SpanExporter | PushMetricExporter>>> = {
  'http/protobuf': {
    TRACES: async (url, headers) => new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter(httpOptions(url, headers)),
    METRICS: async (url, headers) => new (await import('@opentelemetry/exporter-metrics-otlp-proto')).OTLPMetricExporter(httpOptions(url, headers)),
  },
  'http/json': {
    TRACES: async (url, headers) => new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter(httpOptions(url, headers)),
    METRICS: async (url, headers) => new (await import('@opentelemetry/exporter-metrics-otlp-http')).OTLPMetricExporter(httpOptions(url, headers)),
  },
  grpc: {
    TRACES: async (url, headers) => new (await import('@opentelemetry/exporter-trace-otlp-grpc')).OTLPTraceExporter(await grpcOptions(url, headers)),
    METRICS: async (url, headers) => new (await import('@opentelemetry/exporter-metrics-otlp-grpc')).OTLPMetricExporter(await grpcOptions(url, headers)),
  },
};

export async function otlpExporters(settings: TelemetrySettings, env: NodeJS.ProcessEnv): Promise<OtlpExporters> {
  const protocol = settings.otlp.protocol ?? envProtocol(env);
  const base = (settings.otlp.endpoint ?? env.OTEL_EXPORTER_OTLP_ENDPOINT)?.replace(/\/+$/, '') || undefined;
  // The signal's own variable is a full URL; the general one (or ours) a base that gets /v1/<signal>
  // over HTTP (gRPC names the service itself: the base is the URL).
  const urlFor = (signal: Signal): string | undefined => {
    const own = settings.otlp.endpoint === undefined ? env[`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`] : undefined;
    if (own) return own;
    if (base === undefined) return undefined;
    return protocol === 'grpc' ? base : `${base}/v1/${signal.toLowerCase()}`;
  };
  const out: OtlpExporters = {};
  const tracesUrl = settings.traces.enabled ? urlFor('TRACES') : undefined;
  if (tracesUrl !== undefined) out.traces = (await BUILDERS[protocol].TRACES(tracesUrl, settings.otlp.headers)) as SpanExporter;
  const metricsUrl = urlFor('METRICS');
  if (metricsUrl !== undefined) out.metrics = (await BUILDERS[protocol].METRICS(metricsUrl, settings.otlp.headers)) as PushMetricExporter;
  return out;
}

function httpOptions(url: string, headers: Record<string, string>): { url: string; headers?: Record<string, string> } {
  return { url, ...(Object.keys(headers).length ? { headers } : {}) };
}

/** gRPC: headers travel as metadata; an https:// endpoint uses TLS, http:// a plain channel. */
async function grpcOptions(url: string, headers: Record<string, string>): Promise<{ url: string; metadata?: import('@grpc/grpc-js').Metadata }> {
  if (!Object.keys(headers).length) return { url };
  const { Metadata } = await import('@grpc/grpc-js');
  const metadata = new Metadata();
  for (const [name, value] of Object.entries(headers)) metadata.set(name, value);
  return { url, metadata };
}

function envProtocol(env: NodeJS.ProcessEnv): OtlpProtocol {
  const named = env.OTEL_EXPORTER_OTLP_PROTOCOL;
  return named === 'http/json' || named === 'grpc' ? named : 'http/protobuf';
}
