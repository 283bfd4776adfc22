/** The `telemetry:` section: defaults, every key, and located errors for bad values. */
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { loadTelemetry } from '../../src/telemetry/load-telemetry.js';

const api = 'apis: [{ name: echo, path: /echo, serviceUrl: "ws://127.0.0.1:9/" }]';
const load = (telemetry: string[]) => loadConfigText(['service: { name: contoso, region: westeurope }', 'telemetry:', ...telemetry.map((l) => `  ${l}`), api].join('\n'), '/tmp/oh.yaml', {});
const errors = (telemetry: string[]) => load(telemetry).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);

describe('telemetry configuration', () => {
  it('is off when absent or enabled: false', () => {
    expect(loadConfigText(api, '/tmp/oh.yaml', {}).config?.telemetry).toBeUndefined();
    expect(load(['enabled: false']).config?.telemetry).toBeUndefined();
  });

  it('defaults: metrics on the Prometheus endpoint, traces off, ids from service:', () => {
    expect(load(['metrics: {}']).config?.telemetry).toEqual({
      gatewayId: 'contoso',
      serviceName: 'onhandshake',
      location: 'westeurope',
      traces: { enabled: false, sampleRatio: 1 },
      metrics: { prometheus: true, exportIntervalMs: 60_000 },
      otlp: { headers: {} },
    });
  });

  it('reads every key', () => {
    const { config, diagnostics } = load([
      'gatewayId: gw-7',
      'serviceName: chat-gateway',
      'traces: { sampleRatio: 0.25 }',
      'metrics: { prometheus: false, exportIntervalMs: 5000 }',
      'otlp: { endpoint: "http://collector:4318", protocol: http/json, headers: { x-api-key: abc } }',
    ]);
    expect(diagnostics).toEqual([]);
    expect(config?.telemetry).toEqual({
      gatewayId: 'gw-7',
      serviceName: 'chat-gateway',
      location: 'westeurope',
      traces: { enabled: true, sampleRatio: 0.25 },
      metrics: { prometheus: false, exportIntervalMs: 5000 },
      otlp: { endpoint: 'http://collector:4318', protocol: 'http/json', headers: { 'x-api-key': 'abc' } },
    });
  });

  it('reports bad values where they are written', () => {
    expect(errors(['otlp: { protocol: thrift }'])).toEqual(["3:21 OH608 telemetry.otlp.protocol must be one of http/protobuf, http/json, grpc, not 'thrift'"]);
    expect(errors(['traces: { sampleRatio: 2 }'])).toEqual(["3:26 OH608 telemetry.traces.sampleRatio must be a number from 0 to 1, not '2'"]);
    expect(errors(['otlp: { endpoint: "collector:4318" }'])).toEqual(["3:21 OH608 telemetry.otlp.endpoint must be an http:// or https:// URL, not 'collector:4318'"]);
    expect(errors(['metric: {}'])[0]).toMatch(/^3:3 \w+ unknown key 'metric' in telemetry \(did you mean 'metrics'\?\)/);
  });

  it('loads nothing when off, or when OTEL_SDK_DISABLED=true', async () => {
    expect(await loadTelemetry(undefined)).toBeUndefined();
    const settings = load(['metrics: {}']).config!.telemetry!;
    expect(await loadTelemetry(settings, { OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  });
});
