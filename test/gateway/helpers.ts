/** Real servers on 127.0.0.1 for gateway tests, and a minimal StepGraph standing in for a compiled policy. */
import { WebSocketServer, WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { HeaderBag } from '../../src/common/headers.js';
import type { HandshakeInput, HandshakeRun, StepGraph } from '../../src/steps/runtime/contract.js';
import type { HandshakeState } from '../../src/model/state.js';
import { Gateway, type GatewayOptions } from '../../src/gateway/gateway.js';
import type { GatewayApi, GatewayRuntime, GatewaySubscription } from '../../src/gateway/runtime.js';
import { createLogger } from '../../src/gateway/connection-log.js';

/** A graph that forwards to `base` with the client's query, or answers what `decide` says. */
export function graphTo(base: () => string, decide?: (input: HandshakeInput) => HandshakeRun['decision'] | undefined): StepGraph {
  return {
    run: async (input) => {
      const query = new URL(input.url).search;
      const decision = decide?.(input) ?? { kind: 'connect' as const, backendUrl: base() + query, headers: input.headers };
      return { decision, state: {} as HandshakeState, trace: null, releases: [] };
    },
  };
}

export function api(name: string, path: string, graph: StepGraph, extra: Partial<GatewayApi> = {}): GatewayApi {
  return {
    info: {
      id: name, name, path, serviceUrl: 'ws://127.0.0.1/', protocols: ['ws'], revision: '1', version: '', isCurrentRevision: true,
      subscriptionKeyParameterNames: { header: 'Ocp-Apim-Subscription-Key', query: 'subscription-key' },
    },
    path,
    subscriptionRequired: false,
    productIds: [],
    graphFor: () => graph,
    secrets: [],
    ...extra,
  };
}

export function runtime(apis: GatewayApi[], subscriptions: Map<string, GatewaySubscription> = new Map()): GatewayRuntime {
  return { apis, subscriptions, deployment: { region: 'local', serviceName: 'test', serviceId: 'test', gatewayId: 'managed' } };
}

export interface EchoServer {
  url: string;
  wss: WebSocketServer;
  lastRequest?: IncomingMessage;
  close(): Promise<void>;
}

/** Echoes every message with its type; `close <code> <reason>` makes it close with that code. */
export async function echoServer(options: ConstructorParameters<typeof WebSocketServer>[0] = {}): Promise<EchoServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  const server: EchoServer = {
    url: '',
    wss,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
  wss.on('connection', (socket, req) => {
    server.lastRequest = req;
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      const m = /^close (\d+) ?(.*)$/.exec(text);
      if (m) return socket.close(Number(m[1]), m[2]);
      socket.send(data, { binary: isBinary });
    });
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  server.url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  return server;
}

export async function startGateway(rt: GatewayRuntime, options: GatewayOptions = {}): Promise<{ gateway: Gateway; url: string; lines: string[] }> {
  const lines: string[] = [];
  const gateway = new Gateway(rt, { host: '127.0.0.1', port: 0, logger: createLogger({ json: true, write: (l) => lines.push(l) }), ...options, limits: { drainMs: 0, closeGraceMs: 1000, ...options.limits } });
  const address = await gateway.listen();
  return { gateway, url: address.url, lines };
}

export function open(url: string, protocols?: string | string[], options?: ConstructorParameters<typeof WebSocket>[2]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, options);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`unexpected ${res.statusCode}`), { statusCode: res.statusCode })));
  });
}

/** Connects, takes the first message the server sends (listening from the start), then closes. */
export async function firstMessage(url: string): Promise<string> {
  const ws = new WebSocket(url);
  try {
    return await new Promise<string>((resolve, reject) => {
      ws.once('message', (d) => resolve(d.toString()));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`unexpected ${res.statusCode}`), { statusCode: res.statusCode })));
    });
  } finally {
    if (ws.readyState === WebSocket.OPEN) {
      ws.close();
      await closed(ws);
    } else ws.terminate();
  }
}

export function nextMessage(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => ws.once('message', (data, isBinary) => resolve({ data: data as Buffer, isBinary })));
}

export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve({ code: 1006, reason: '' });
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** The status, headers and body of a refused upgrade, read with a real ws client. */
export function refusal(url: string, headers: Record<string, string> = {}, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...options, headers });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('expected a refusal, got 101'));
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    ws.once('error', () => undefined);
  });
}

export const noHeaders = new HeaderBag();

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
