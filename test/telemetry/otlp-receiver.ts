/**
 * A real OTLP/HTTP receiver for tests: accepts POST /v1/traces and /v1/metrics in the JSON encoding
 * and flattens spans and metric points; protobuf bodies are kept raw for protobuf-wire.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean };
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttribute[];
  events?: Array<{ name: string; attributes?: OtlpAttribute[] }>;
  status?: { code?: number; message?: string };
}
export interface OtlpPoint {
  metric: string;
  attributes: Record<string, string | number | boolean | undefined>;
  value?: number;
  count?: number;
}

export interface OtlpReceiver {
  url: string;
  spans: OtlpSpan[];
  points: OtlpPoint[];
  /** Requests per path and content type, e.g. `/v1/traces application/json`. */
  requests: string[];
  /** Raw protobuf bodies per path (decode with protobuf-wire.ts). */
  protobuf: Array<{ path: string; body: Buffer }>;
  close(): Promise<void>;
}

export function attributesOf(list: OtlpAttribute[] | undefined): Record<string, string | number | boolean | undefined> {
  const out: Record<string, string | number | boolean | undefined> = {};
  for (const { key, value } of list ?? []) out[key] = value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : value.doubleValue ?? value.boolValue);
  return out;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: OtlpSpan[] = [];
  const points: OtlpPoint[] = [];
  const requests: string[] = [];
  const protobuf: Array<{ path: string; body: Buffer }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const type = String(req.headers['content-type'] ?? '');
      requests.push(`${req.url} ${type}`);
      if (type.includes('json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        if (req.url === '/v1/traces') collectSpans(body, spans);
        if (req.url === '/v1/metrics') collectPoints(body, points);
      } else {
        protobuf.push({ path: String(req.url), body: Buffer.concat(chunks) });
      }
      res.writeHead(200, { 'content-type': type.includes('json') ? 'application/json' : 'application/x-protobuf' });
      res.end(type.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    points,
    requests,
    protobuf,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function collectSpans(body: Record<string, unknown>, out: OtlpSpan[]): void {
  for (const rs of (body.resourceSpans as Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>) ?? []) {
    for (const ss of rs.scopeSpans ?? []) out.push(...(ss.spans ?? []));
  }
}

interface JsonPoint {
  attributes?: OtlpAttribute[];
  asInt?: number | string;
  asDouble?: number;
  count?: number | string;
}

function collectPoints(body: Record<string, unknown>, out: OtlpPoint[]): void {
  type Metric = { name: string; sum?: { dataPoints: JsonPoint[] }; gauge?: { dataPoints: JsonPoint[] }; histogram?: { dataPoints: JsonPoint[] } };
  for (const rm of (body.resourceMetrics as Array<{ scopeMetrics: Array<{ metrics: Metric[] }> }>) ?? []) {
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        for (const p of m.sum?.dataPoints ?? m.gauge?.dataPoints ?? []) {
          out.push({ metric: m.name, attributes: attributesOf(p.attributes), value: Number(p.asInt ?? p.asDouble) });
        }
        for (const p of m.histogram?.dataPoints ?? []) out.push({ metric: m.name, attributes: attributesOf(p.attributes), count: Number(p.count) });
      }
    }
  }
}
