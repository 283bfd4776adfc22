/**
 * The OpenTelemetry SDK behind GatewayTelemetry: a tracer provider (sampled, batched, OTLP), a meter
 * provider read by the Prometheus endpoint and/or pushed over OTLP. Nothing is registered globally: the
 * gateway passes contexts explicitly, so an embedding application's own OpenTelemetry set-up is untouched.
 * Imported only through load-telemetry.ts, when `telemetry:` is configured.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import type { GatewayTelemetry } from './contract.js';
import { createGatewayMetrics } from './gateway-metrics.js';
import { OtelHandshake, type TelemetryParts } from './handshake-telemetry.js';
import { otlpExporters } from './otlp-exporters.js';
import { chooseSampler } from './sampler.js';
import { BoundedValues, MAX_HOSTNAMES } from './bounded-values.js';
import type { TelemetrySettings } from './settings.js';
import { w3cTraceContext } from './trace-context.js';

const SCOPE = 'onhandshake';

export async function createOtelTelemetry(settings: TelemetrySettings, env: NodeJS.ProcessEnv = process.env): Promise<GatewayTelemetry> {
  const resource = resourceFromAttributes({
    'service.name': env.OTEL_SERVICE_NAME || settings.serviceName,
    'service.instance.id': settings.gatewayId,
  }).merge(detectResources({ detectors: [envDetector] }));
  const otlp = await otlpExporters(settings, env);

  let tracerProvider: TracerProvider | undefined;
  if (settings.traces.enabled) {
    const spanProcessors: SpanProcessor[] = otlp.traces ? [new BatchSpanProcessor({ exporter: otlp.traces, scheduledDelayMillis: 1000 })] : [];
    tracerProvider = new TracerProvider({ resource, spanProcessors, sampler: chooseSampler(settings.traces.sampleRatio, env) });
  }

  const readers: MetricReader[] = [];
  const prometheus = settings.metrics.prometheus ? new PrometheusExporter({ preventServerStart: true }) : undefined;
  if (prometheus) readers.push(prometheus);
  if (otlp.metrics) readers.push(new PeriodicExportingMetricReader({ exporter: otlp.metrics, exportIntervalMillis: settings.metrics.exportIntervalMs }));
  const meterProvider = readers.length ? new MeterProvider({ resource, readers }) : undefined;

  const parts: TelemetryParts = {
    identity: { gatewayId: settings.gatewayId, location: settings.location },
    propagation: w3cTraceContext(),
    stepDimensions: new Map(),
    hostnames: new BoundedValues(MAX_HOSTNAMES),
    ...(tracerProvider ? { tracer: tracerProvider.getTracer(SCOPE) } : {}),
    ...(meterProvider ? { metrics: createGatewayMetrics(meterProvider.getMeter(SCOPE)) } : {}),
  };
  return {
    handshake: (start) => new OtelHandshake(parts, start),
    ...(prometheus ? { serveMetrics: (req: IncomingMessage, res: ServerResponse) => prometheus.getMetricsRequestHandler(req, res) } : {}),
    async shutdown() {
      await Promise.allSettled([tracerProvider?.shutdown(), meterProvider?.shutdown()]);
    },
  };
}
