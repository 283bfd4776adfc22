/**
 * examples/observability: its configuration runs as written (accepting and refusing handshakes), and
 * every metric its Grafana dashboard queries is one the gateway's Prometheus endpoint serves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { startHost, type GatewayHost } from '../../src/serve/host.js';
import { closed, refusal } from '../gateway/helpers.js';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';
import { parseExposition, type Exposition } from './prometheus-text.js';

const folder = new URL('../../examples/observability/', import.meta.url);
let backend: WebSocketServer;
let receiver: OtlpReceiver;
let host: GatewayHost;
let exposition: Exposition;

beforeAll(async () => {
  backend = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => backend.once('listening', r));
  receiver = await startOtlpReceiver();
  host = await startHost({
    configFile: new URL('onhandshake.yaml', folder).pathname,
    env: { PORT: '0', ECHO_PORT: String((backend.address() as AddressInfo).port), OTLP_ENDPOINT: receiver.url },
    watch: false,
    console: false,
    logger: { event: () => undefined, info: () => undefined, warn: () => undefined },
  });
  const ws = new WebSocket(`${host.address.url}/echo`, { headers: { 'X-User': 'alice' } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.close();
  await closed(ws);
  expect((await refusal(`${host.address.url}/echo`)).status).toBe(401);
  await new Promise((r) => setTimeout(r, 50));
  const text = await (await fetch(`${host.address.url.replace('ws://', 'http://')}/_onhandshake/metrics`)).text();
  exposition = parseExposition(text);
  await host.close(0);
}, 30_000);

afterAll(async () => {
  await receiver.close();
  await new Promise((r) => backend.close(r));
});

describe('examples/observability', () => {
  it('runs as written: accepted and refused handshakes counted by Status and LastErrorReason', () => {
    const requests = exposition.families.find((f) => f.name === 'Requests_total')!.metrics.map((m) => [m.labels?.Status, m.labels?.LastErrorReason, m.value]);
    expect(requests.sort()).toEqual([['Successful', '', '1'], ['Unauthorized', 'HeaderNotFound', '1']]);
    expect(receiver.requests.some((r) => r.startsWith('/v1/traces application/x-protobuf'))).toBe(true);
  });

  it('has a dashboard whose every query names metrics and labels the gateway serves', () => {
    const dashboard = JSON.parse(readFileSync(new URL('grafana-dashboard.json', folder), 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(8);
    const { families, histogramSeries } = exposition;
    const served = new Set([...families.filter((f) => f.type !== 'HISTOGRAM').map((f) => f.name), ...histogramSeries.keys()]);
    const labels = new Set([...families.flatMap((f) => f.metrics), ...[...histogramSeries.values()].flat()].flatMap((m) => Object.keys(m.labels ?? {})));
    for (const expr of exprs) {
      for (const [, metric] of expr.matchAll(/\b([A-Z][A-Za-z]+(?:_total|_bucket)?)\{/g)) expect(served, expr).toContain(metric);
      for (const [, label] of expr.matchAll(/by \(([^)]*)\)/g)) {
        for (const name of label!.split(',').map((l) => l.trim()).filter((l) => l !== 'le')) expect(labels, `${name} in ${expr}`).toContain(name);
      }
    }
  });
});
