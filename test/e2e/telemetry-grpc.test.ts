/**
 * OTLP over gRPC: a real gRPC server (grpc-js) implementing the collector's TraceService and
 * MetricsService Export methods receives the gateway's spans and metrics, with the configured headers
 * as metadata; payloads decoded from the protobuf wire format.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { WebSocket, WebSocketServer } from 'ws';
import { startHost, type GatewayHost } from '../../src/serve/host.js';
import { closed } from '../gateway/helpers.js';
import { decodeMetricNames, decodeTraceRequest, type DecodedSpan } from '../telemetry/protobuf-wire.js';

let dir: string;
let grpc: Server;
let backend: WebSocketServer;
let host: GatewayHost;
const spans: DecodedSpan[] = [];
const metricNames: string[] = [];
const apiKeys: string[] = [];

function exportMethod(sink: (body: Buffer) => void) {
  return (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>): void => {
    apiKeys.push(String(call.metadata.get('x-api-key')[0]));
    sink(call.request);
    callback(null, Buffer.alloc(0)); // an empty Export*ServiceResponse
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oh-telemetry-grpc-'));
  grpc = new Server();
  const raw = (b: Buffer): Buffer => b;
  grpc.register('/opentelemetry.proto.collector.trace.v1.TraceService/Export', exportMethod((b) => spans.push(...decodeTraceRequest(b))), raw, raw, 'unary');
  grpc.register('/opentelemetry.proto.collector.metrics.v1.MetricsService/Export', exportMethod((b) => metricNames.push(...decodeMetricNames(b))), raw, raw, 'unary');
  const port = await new Promise<number>((resolve, reject) => grpc.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  backend = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => backend.once('listening', r));
  writeFileSync(join(dir, 'gateway.yaml'), [
    'listen: { port: 0 }',
    'telemetry:',
    '  traces: { enabled: true }',
    '  metrics: { prometheus: false }',
    `  otlp: { endpoint: "http://127.0.0.1:${port}", protocol: grpc, headers: { x-api-key: k-123 } }`,
    'apis:',
    `  - { name: echo, path: /echo, serviceUrl: "ws://127.0.0.1:${(backend.address() as AddressInfo).port}/" }`,
  ].join('\n'));
  host = await startHost({ configFile: join(dir, 'gateway.yaml'), env: {}, watch: false, console: false, logger: { event: () => undefined, info: () => undefined, warn: () => undefined } });
  const ws = new WebSocket(`${host.address.url}/echo`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.close();
  await closed(ws);
  await host.close(0);
}, 30_000);

afterAll(async () => {
  grpc.forceShutdown();
  await new Promise((r) => backend.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('OTLP over gRPC', () => {
  it('exports spans and metrics to the collector services, with the headers as metadata', () => {
    const handshake = spans.find((s) => s.name === 'onHandshake echo');
    expect(handshake).toBeDefined();
    expect(spans.find((s) => s.name === 'backend connect')?.parentSpanId).toBe(handshake!.spanId);
    expect(metricNames).toEqual(expect.arrayContaining(['Requests', 'DurationInMs', 'WebSocketConnectionDurationInMs']));
    expect(new Set(apiKeys)).toEqual(new Set(['k-123']));
  });
});
