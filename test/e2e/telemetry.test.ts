/**
 * OpenTelemetry through a real gateway: spans and metrics reach a real OTLP/HTTP receiver, the W3C
 * trace context reaches a send-request callout and the backend, the Prometheus endpoint serves APIM's
 * self-hosted gateway metric names and dimensions (parsed with an exposition-format parser), and a
 * handshake refused by the policy or failing at the backend carries the right LastErrorReason and Status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { PromFamily } from 'parse-prometheus-text-format';
import { startHost, type GatewayHost } from '../../src/serve/host.js';
import { createLogger } from '../../src/gateway/connection-log.js';
import { closed, refusal } from '../gateway/helpers.js';
import { attributesOf, startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from '../telemetry/otlp-receiver.js';
import { parseExposition, type Exposition } from '../telemetry/prometheus-text.js';

const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';

let dir: string;
let receiver: OtlpReceiver;
let callout: http.Server;
let backend: WebSocketServer;
let host: GatewayHost;
const calloutTraceparents: string[] = [];
const backendTraceparents: string[] = [];
const logLines: Array<Record<string, unknown>> = [];
let exposition = '';
let families: PromFamily[] = [];
let histograms: Exposition['histogramSeries'] = new Map();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oh-telemetry-'));
  receiver = await startOtlpReceiver();
  callout = http.createServer((req, res) => {
    calloutTraceparents.push(String(req.headers.traceparent));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => callout.listen(0, '127.0.0.1', r));
  backend = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  backend.on('headers', (_headers, req) => backendTraceparents.push(String(req.headers.traceparent)));
  backend.on('connection', (socket) => socket.on('message', (data, binary) => socket.send(data, { binary })));
  await new Promise((r) => backend.once('listening', r));
  const backendUrl = `ws://127.0.0.1:${(backend.address() as AddressInfo).port}/echo`;
  const calloutUrl = `http://127.0.0.1:${(callout.address() as AddressInfo).port}/check?code=secret-code`;
  const closedPort = await freePort();
  writeFileSync(join(dir, 'chat.xml'), [
    '<policies><inbound>',
    `  <send-request mode="new" response-variable-name="check" timeout="5"><set-url>${calloutUrl}</set-url><set-method>GET</set-method></send-request>`,
    '  <set-header name="X-Checked" exists-action="override"><value>yes</value></set-header>',
    '  <choose><when condition="@(true)">',
    '    <set-variable name="nested" value="yes" />',
    '  </when></choose>',
    '</inbound></policies>',
  ].join('\n'));
  writeFileSync(join(dir, 'guarded.xml'), '<policies><inbound><check-header name="Authorization" failed-check-httpcode="401" failed-check-error-message="No token" ignore-case="true" /></inbound></policies>');
  writeFileSync(join(dir, 'gateway.yaml'), [
    'listen: { port: 0 }',
    'service: { name: test-gw, region: westeurope }',
    'telemetry:',
    '  gatewayId: gw-1',
    '  traces: { enabled: true }',
    '  metrics: { prometheus: true, exportIntervalMs: 200 }',
    `  otlp: { endpoint: "${receiver.url}", protocol: http/json }`,
    'apis:',
    `  - { name: chat, path: /chat, serviceUrl: "${backendUrl}", policy: chat.xml }`,
    `  - { name: guarded, path: /guarded, serviceUrl: "${backendUrl}", policy: guarded.xml }`,
    `  - { name: broken, path: /broken, serviceUrl: "ws://127.0.0.1:${closedPort}/nowhere" }`,
  ].join('\n'));
  const logger = createLogger({ json: true, write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) });
  host = await startHost({ configFile: join(dir, 'gateway.yaml'), watch: false, console: false, logger });

  // 1. A relayed connection, continuing the client's trace.
  const ws = new WebSocket(`${host.address.url}/chat`, { headers: { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const echoed = new Promise((r) => ws.once('message', r));
  ws.send('hello');
  await echoed;
  ws.close(1000, 'bye');
  await closed(ws);
  // 2. Refused by the policy; 3. failing at the backend.
  expect((await refusal(`${host.address.url}/guarded`)).status).toBe(401);
  expect((await refusal(`${host.address.url}/broken`)).status).toBe(500);
  await waitFor(() => logLines.some((l) => l.EventName === 'ConnectionClosed'));

  const scrape = await fetch(`${host.address.url.replace('ws://', 'http://')}/_onhandshake/metrics`);
  expect(scrape.status).toBe(200);
  exposition = await scrape.text();
  ({ families, histogramSeries: histograms } = parseExposition(exposition));
  // Closing flushes the batched spans and a last metrics export.
  await host.close(0);
}, 30_000);

afterAll(async () => {
  await receiver.close();
  await new Promise((r) => callout.close(r));
  await new Promise((r) => backend.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('traces', () => {
  const span = (predicate: (s: OtlpSpan) => boolean): OtlpSpan => {
    const found = receiver.spans.find(predicate);
    if (!found) throw new Error(`no such span among ${receiver.spans.map((s) => s.name).join(', ')}`);
    return found;
  };
  const handshake = (api: string): OtlpSpan => span((s) => s.name === `onHandshake ${api}`);

  it('continues the client trace with one server span per handshake, carrying the API, client and status', () => {
    const chat = handshake('chat');
    expect(chat.traceId).toBe(CLIENT_TRACE);
    expect(chat.parentSpanId).toBe(CLIENT_SPAN);
    expect(chat.kind).toBe(2); // SERVER
    const attributes = attributesOf(chat.attributes);
    expect(attributes).toMatchObject({ 'apim.api': 'chat', 'client.address': '127.0.0.1', 'url.path': '/chat', 'http.response.status_code': 101, 'apim.status': 'Successful' });
  });

  it('adds a child span per policy step, named by its element and line', () => {
    const chat = handshake('chat');
    const send = span((s) => s.name === 'send-request line 2');
    const setHeader = span((s) => s.name === 'set-header line 3');
    expect(send.parentSpanId).toBe(chat.spanId);
    expect(setHeader.parentSpanId).toBe(chat.spanId);
    expect(attributesOf(send.attributes)).toMatchObject({ 'apim.policy.element': 'send-request', 'code.lineno': 2 });
    const choose = span((s) => s.name === 'choose line 4');
    expect(choose.parentSpanId).toBe(chat.spanId);
    expect(span((s) => s.name === 'set-variable line 5').parentSpanId).toBe(choose.spanId);
  });

  it('propagates traceparent to the callout through a client span under its step, without the query', () => {
    const send = span((s) => s.name === 'send-request line 2');
    const client = span((s) => s.name === 'send-request GET');
    expect(client.kind).toBe(3); // CLIENT
    expect(client.parentSpanId).toBe(send.spanId);
    expect(attributesOf(client.attributes)['url.full']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/check$/);
    expect(attributesOf(client.attributes)['http.response.status_code']).toBe(200);
    expect(calloutTraceparents).toEqual([`00-${CLIENT_TRACE}-${client.spanId}-01`]);
  });

  it('propagates traceparent to the backend through the backend connection span', () => {
    const chat = handshake('chat');
    const connect = span((s) => s.name === 'backend connect' && s.traceId === CLIENT_TRACE);
    expect(connect.parentSpanId).toBe(chat.spanId);
    expect(attributesOf(connect.attributes)['http.response.status_code']).toBe(101);
    expect(backendTraceparents).toEqual([`00-${CLIENT_TRACE}-${connect.spanId}-01`]);
  });

  it('records the connection lifetime as events: opened, then closed with code and bytes', () => {
    const chat = handshake('chat');
    const connection = span((s) => s.name === 'WebSocket connection');
    expect(connection.parentSpanId).toBe(chat.spanId);
    expect(connection.events?.map((e) => e.name)).toEqual(['opened', 'closed']);
    const closedEvent = attributesOf(connection.events![1]!.attributes);
    expect(closedEvent['websocket.close_code']).toBe(1000);
    expect(closedEvent['websocket.closed_by']).toBe('client');
    expect(closedEvent['websocket.bytes_to_backend']).toBeGreaterThan(5);
    expect(closedEvent['websocket.bytes_to_client']).toBeGreaterThan(5);
  });

  it('marks a policy refusal and a backend failure with their LastError reason and status', () => {
    const guarded = attributesOf(handshake('guarded').attributes);
    expect(guarded).toMatchObject({ 'http.response.status_code': 401, 'apim.last_error.reason': 'HeaderNotFound', 'apim.status': 'Unauthorized' });
    const broken = handshake('broken');
    expect(attributesOf(broken.attributes)).toMatchObject({ 'http.response.status_code': 500, 'apim.last_error.reason': 'BackendConnectionFailure', 'apim.status': 'Failed' });
    expect(broken.status?.code).toBe(2); // ERROR
    const failedConnect = span((s) => s.name === 'backend connect' && s.parentSpanId === broken.spanId);
    expect(failedConnect.status?.code).toBe(2);
  });

  it('puts the trace and span ids on the JSON log lines', () => {
    const chat = handshake('chat');
    const lines = logLines.filter((l) => l.Api === 'chat');
    expect(lines.map((l) => l.EventName)).toEqual(['HandshakeReceived', 'ConnectionEstablished', 'ConnectionClosed']);
    for (const line of lines) expect(line).toMatchObject({ TraceId: CLIENT_TRACE, SpanId: chat.spanId });
  });
});

describe('metrics', () => {
  const family = (name: string): PromFamily => {
    const found = families.find((f) => f.name === name);
    if (!found) throw new Error(`no ${name} in:\n${exposition}`);
    return found;
  };

  it('serves the self-hosted gateway metrics and dimensions on the Prometheus endpoint', () => {
    const requests = family('Requests_total');
    expect(requests.type).toBe('COUNTER');
    const byApi = (api: string) => requests.metrics.find((m) => m.labels?.ApiId === api)?.labels;
    expect(byApi('chat')).toMatchObject({ GatewayId: 'gw-1', Location: 'westeurope', Hostname: '127.0.0.1', Cache: 'None', ResponseCode: '101', ResponseCodeCategory: '1xx', BackendResponseCode: '101', BackendResponseCodeCategory: '1xx', Status: 'Successful', LastErrorReason: '' });
    expect(byApi('guarded')).toMatchObject({ ResponseCode: '401', ResponseCodeCategory: '4xx', Status: 'Unauthorized', LastErrorReason: 'HeaderNotFound' });
    expect(byApi('broken')).toMatchObject({ ResponseCode: '500', ResponseCodeCategory: '5xx', Status: 'Failed', LastErrorReason: 'BackendConnectionFailure' });
    expect(byApi('broken')).not.toHaveProperty('BackendResponseCode');
    for (const name of ['DurationInMs', 'BackendDurationInMs', 'ClientDurationInMs', 'GatewayDurationInMs']) {
      expect(family(name).type).toBe('HISTOGRAM');
      const counts = histograms.get(`${name}_count`)!.map((s) => [s.labels.ApiId, s.labels.Status, s.value]);
      expect(counts.sort(), name).toEqual([['broken', 'Failed', 1], ['chat', 'Successful', 1], ['guarded', 'Unauthorized', 1]]);
    }
  });

  it('serves the WebSocket metrics: connections, bytes and messages each way, durations, steps by element', () => {
    expect(family('WebSocketActiveConnections').metrics.map((m) => Number(m.value))).toEqual([0]);
    expect(histograms.get('WebSocketConnectionDurationInMs_count')!.map((s) => [s.labels.ApiId, s.value])).toEqual([['chat', 1]]);
    const bytes = family('WebSocketBytesRelayed_total').metrics;
    expect(bytes.map((m) => m.labels?.Direction).sort()).toEqual(['ToBackend', 'ToClient']);
    for (const m of bytes) expect(Number(m.value)).toBeGreaterThan(5);
    const messages = family('WebSocketMessagesRelayed_total').metrics;
    expect(messages.map((m) => [m.labels?.Direction, m.value]).sort()).toEqual([['ToBackend', '1'], ['ToClient', '1']]); // 'hello' and its echo
    expect(family('PolicyStepDurationInMs').type).toBe('HISTOGRAM');
    const steps = histograms.get('PolicyStepDurationInMs_count')!.map((s) => [s.labels.PolicyElement, s.value]);
    expect(steps.sort()).toEqual([['check-header', 1], ['choose', 1], ['send-request', 1], ['set-header', 1], ['set-variable', 1]]);
  });

  it('exports the same metrics over OTLP', () => {
    const last = (metric: string, api: string) => receiver.points.filter((p) => p.metric === metric && p.attributes.ApiId === api).at(-1);
    expect(last('Requests', 'guarded')).toMatchObject({ value: 1, attributes: { Status: 'Unauthorized', LastErrorReason: 'HeaderNotFound', ResponseCode: 401, GatewayId: 'gw-1' } });
    expect(last('Requests', 'broken')).toMatchObject({ value: 1, attributes: { Status: 'Failed', LastErrorReason: 'BackendConnectionFailure', ResponseCode: 500 } });
    for (const name of ['DurationInMs', 'BackendDurationInMs', 'ClientDurationInMs', 'GatewayDurationInMs']) {
      for (const api of ['chat', 'guarded', 'broken']) expect(last(name, api)?.count, `${name} ${api}`).toBe(1);
    }
    expect(last('WebSocketConnectionDurationInMs', 'chat')?.count).toBe(1);
    const steps = new Set(receiver.points.filter((p) => p.metric === 'PolicyStepDurationInMs').map((p) => p.attributes.PolicyElement));
    expect([...steps].sort()).toEqual(['check-header', 'choose', 'send-request', 'set-header', 'set-variable']);
    expect(receiver.requests.filter((r) => r.startsWith('/v1/metrics')).every((r) => r.includes('application/json'))).toBe(true);
  });

  it('keeps secrets out: no callout query value in the exposition or the spans', () => {
    expect(exposition).not.toContain('secret-code');
    expect(JSON.stringify(receiver.spans)).not.toContain('secret-code');
  });
});

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
