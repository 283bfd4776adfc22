/**
 * Telemetry set up by the standard OTEL_* variables: OTLP/HTTP protobuf (the default protocol) to
 * OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME on the resource, a client's unsampled traceparent
 * followed (no spans, the context still passed on), and the Prometheus endpoint turned off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { startHost, type GatewayHost } from '../../src/serve/host.js';
import { closed } from '../gateway/helpers.js';
import { startOtlpReceiver, type OtlpReceiver } from '../telemetry/otlp-receiver.js';
import { decodeMetricNames, decodeTraceRequest, type DecodedSpan } from '../telemetry/protobuf-wire.js';

const UNSAMPLED_TRACE = '0af7651916cd43dd8448eb211c80319c';
let dir: string;
let receiver: OtlpReceiver;
let backend: WebSocketServer;
let host: GatewayHost;
const backendTraceparents: string[] = [];
let metricsStatus = 0;

async function connect(headers: Record<string, string> = {}): Promise<void> {
  const ws = new WebSocket(`${host.address.url}/echo`, { headers });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.close();
  await closed(ws);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oh-telemetry-env-'));
  receiver = await startOtlpReceiver();
  backend = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  backend.on('headers', (_headers, req) => backendTraceparents.push(String(req.headers.traceparent)));
  await new Promise((r) => backend.once('listening', r));
  writeFileSync(join(dir, 'gateway.yaml'), [
    'listen: { port: 0 }',
    'telemetry:',
    '  traces: { enabled: true }',
    '  metrics: { prometheus: false }',
    'apis:',
    `  - { name: echo, path: /echo, serviceUrl: "ws://127.0.0.1:${(backend.address() as AddressInfo).port}/" }`,
  ].join('\n'));
  host = await startHost({
    configFile: join(dir, 'gateway.yaml'),
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'chat-gateway' },
    watch: false,
    console: false,
    logger: { event: () => undefined, info: () => undefined, warn: () => undefined },
  });
  await connect();
  await connect({ traceparent: `00-${UNSAMPLED_TRACE}-b7ad6b7169203331-00` });
  metricsStatus = (await fetch(`${host.address.url.replace('ws://', 'http://')}/_onhandshake/metrics`)).status;
  await host.close(0);
}, 30_000);

afterAll(async () => {
  await receiver.close();
  await new Promise((r) => backend.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('telemetry from OTEL_* variables', () => {
  const spans = (): DecodedSpan[] => receiver.protobuf.filter((p) => p.path === '/v1/traces').flatMap((p) => decodeTraceRequest(p.body));

  it('sends OTLP/HTTP protobuf to OTEL_EXPORTER_OTLP_ENDPOINT, named by OTEL_SERVICE_NAME', () => {
    expect(receiver.requests).toContain('/v1/traces application/x-protobuf');
    const handshakes = spans().filter((s) => s.name === 'onHandshake echo');
    expect(handshakes).toHaveLength(1);
    expect(handshakes[0]!.serviceName).toBe('chat-gateway');
    expect(spans().find((s) => s.name === 'backend connect')?.parentSpanId).toBe(handshakes[0]!.spanId);
    const names = receiver.protobuf.filter((p) => p.path === '/v1/metrics').flatMap((p) => decodeMetricNames(p.body));
    expect(names).toEqual(expect.arrayContaining(['Requests', 'DurationInMs', 'WebSocketActiveConnections']));
  });

  it('follows an unsampled client trace: no spans, the context still reaches the backend', () => {
    expect(spans().some((s) => s.traceId === UNSAMPLED_TRACE)).toBe(false);
    expect(backendTraceparents).toHaveLength(2);
    expect(backendTraceparents[1]).toMatch(new RegExp(`^00-${UNSAMPLED_TRACE}-[0-9a-f]{16}-00$`));
    expect(backendTraceparents[1]).not.toContain('b7ad6b7169203331');
  });

  it('does not serve /_onhandshake/metrics when prometheus is false', () => {
    expect(metricsStatus).not.toBe(200);
  });
});
