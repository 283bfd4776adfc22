import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { api, closed, echoServer, refusal, waitFor, graphTo, nextMessage, open, runtime, startGateway, type EchoServer } from './helpers.js';
import type { Gateway } from '../../src/gateway/gateway.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(echoOptions: Parameters<typeof echoServer>[0] = {}): Promise<{ echo: EchoServer; gateway: Gateway; url: string; lines: string[] }> {
  const echo = await echoServer(echoOptions);
  cleanups.push(() => echo.close());
  const started = await startGateway(runtime([api('echo', '/echo', graphTo(() => echo.url + '/socket'))]));
  cleanups.push(() => started.gateway.shutdown(0));
  return { echo, ...started, url: started.url + '/echo' };
}

describe('relay through the byte tunnel', () => {
  it('relays text and binary messages unchanged, in both directions', async () => {
    const { url, echo } = await setup();
    const ws = await open(url + '?room=1');
    expect(echo.lastRequest?.url).toBe('/socket?room=1');
    ws.send('hello');
    const text = await nextMessage(ws);
    expect(text).toEqual({ data: Buffer.from('hello'), isBinary: false });
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    ws.send(bytes);
    const binary = await nextMessage(ws);
    expect(binary.isBinary).toBe(true);
    expect(binary.data.equals(bytes)).toBe(true);
    ws.close(1000, 'bye');
    expect(await closed(ws)).toEqual({ code: 1000, reason: 'bye' });
  });

  it('relays a 1 MiB message intact', async () => {
    const { url } = await setup({ maxPayload: 4 * 1024 * 1024 });
    const ws = await open(url);
    const big = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    ws.send(big);
    const echoed = await nextMessage(ws);
    expect(echoed.data.length).toBe(big.length);
    expect(echoed.data.equals(big)).toBe(true);
    ws.close();
    await closed(ws);
  });

  it('relays fragmented messages as one message', async () => {
    const { url } = await setup();
    const ws = await open(url);
    ws.send('frag-', { fin: false });
    ws.send('ment-', { fin: false });
    ws.send('ed', { fin: true });
    const echoed = await nextMessage(ws);
    expect(echoed.data.toString()).toBe('frag-ment-ed');
    ws.close();
    await closed(ws);
  });

  it('relays ping and pong between client and backend', async () => {
    const { url, echo } = await setup();
    const ws = await open(url);
    const pong = new Promise<Buffer>((resolve) => ws.once('pong', resolve));
    ws.ping('are-you-there');
    expect((await pong).toString()).toBe('are-you-there');
    // and the backend's ping reaches the client, whose pong reaches the backend
    const [backendSide] = [...echo.wss.clients];
    const backendPong = new Promise<Buffer>((resolve) => backendSide!.once('pong', resolve));
    const clientPing = new Promise<Buffer>((resolve) => ws.once('ping', resolve));
    backendSide!.ping('from-backend');
    expect((await clientPing).toString()).toBe('from-backend');
    expect((await backendPong).toString()).toBe('from-backend');
    ws.close();
    await closed(ws);
  });

  it.each([
    [1000, 'normal'],
    [1001, 'going away'],
    [4000, 'app-defined'],
    [4999, 'last app code'],
  ])('passes the client close code %i with its reason to the backend', async (code, reason) => {
    const { url, echo } = await setup();
    const ws = await open(url);
    await new Promise((r) => setTimeout(r, 10));
    const [backendSide] = [...echo.wss.clients];
    const backendClosed = new Promise<[number, string]>((resolve) => backendSide!.once('close', (c, r) => resolve([c, r.toString()])));
    ws.close(code, reason);
    expect(await backendClosed).toEqual([code, reason]);
    expect(await closed(ws)).toEqual({ code, reason });
  });

  it.each([
    [1000, 'done'],
    [1001, 'server leaving'],
    [4001, 'kicked'],
  ])('passes the backend close code %i with its reason to the client', async (code, reason) => {
    const { url } = await setup();
    const ws = await open(url);
    ws.send(`close ${code} ${reason}`);
    expect(await closed(ws)).toEqual({ code, reason });
  });

  it('negotiates the subprotocol end to end: the backend chooses among the client offers', async () => {
    const { url, echo } = await setup({ handleProtocols: (offers) => (offers.has('chat.v2') ? 'chat.v2' : false) });
    const ws = await open(url, ['chat.v1', 'chat.v2']);
    expect(ws.protocol).toBe('chat.v2');
    expect(echo.lastRequest?.headers['sec-websocket-protocol']).toBe('chat.v1,chat.v2');
    ws.close();
    await closed(ws);
  });

  it('negotiates permessage-deflate end to end and relays compressed frames unchanged', async () => {
    const { url, echo } = await setup({ perMessageDeflate: { threshold: 0 } });
    const ws = await open(url, undefined, { perMessageDeflate: { threshold: 0 } });
    expect(ws.extensions).toContain('permessage-deflate');
    expect(echo.lastRequest?.headers['sec-websocket-extensions']).toContain('permessage-deflate');
    const text = 'compress me '.repeat(1000);
    ws.send(text);
    expect((await nextMessage(ws)).data.toString()).toBe(text);
    ws.close();
    await closed(ws);
  });

  it('forwards client headers with X-Forwarded-For and without hop-by-hop ones', async () => {
    const { url, echo } = await setup();
    const ws = await open(url, undefined, { headers: { 'X-Custom': 'kept', 'Keep-Alive': 'timeout=5', 'X-Forwarded-For': '10.1.2.3' } });
    const h = echo.lastRequest!.headers;
    expect(h['x-custom']).toBe('kept');
    expect(h['keep-alive']).toBeUndefined();
    expect(h['x-forwarded-for']).toBe('10.1.2.3, 127.0.0.1');
    expect(h.host).toBe(new URL(echo.url).host);
    ws.close();
    await closed(ws);
  });

  it('keeps messages in order on 200 concurrent connections', async () => {
    const { url } = await setup();
    const clients = await Promise.all(Array.from({ length: 200 }, () => open(url)));
    const perClient = 20;
    const results = await Promise.all(
      clients.map(
        (ws, c) =>
          new Promise<string[]>((resolve) => {
            const got: string[] = [];
            ws.on('message', (d) => {
              got.push(d.toString());
              if (got.length === perClient) resolve(got);
            });
            for (let i = 0; i < perClient; i++) ws.send(`${c}:${i}`);
          }),
      ),
    );
    results.forEach((got, c) => expect(got).toEqual(Array.from({ length: perClient }, (_, i) => `${c}:${i}`)));
    await Promise.all(clients.map((ws) => (ws.close(), closed(ws))));
  });

  it('frees the backend connection when a client vanishes without a close frame', async () => {
    const { url, echo, gateway } = await setup();
    const ws = await open(url);
    await new Promise((r) => setTimeout(r, 10));
    const [backendSide] = [...echo.wss.clients];
    const backendClosed = new Promise<number>((resolve) => backendSide!.once('close', (code) => resolve(code)));
    ws.terminate();
    expect(await backendClosed).toBe(1006);
    await waitFor(() => gateway.connectionCount === 0);
  });

  it('closes live connections with 1001 on shutdown', async () => {
    const echo = await echoServer();
    cleanups.push(() => echo.close());
    const { gateway, url } = await startGateway(runtime([api('echo', '/echo', graphTo(() => echo.url))]));
    const ws = await open(url + '/echo');
    await new Promise((r) => setTimeout(r, 10));
    const [backendSide] = [...echo.wss.clients];
    const backendClosed = new Promise<number>((resolve) => backendSide!.once('close', (code) => resolve(code)));
    const clientClosed = closed(ws);
    await gateway.shutdown(0);
    expect((await clientClosed).code).toBe(1001);
    expect(await backendClosed).toBe(1001);
  });

  it('answers 503 to a handshake still connecting its backend when shutdown begins, and finishes shutting down', async () => {
    const slow = await echoServer({ verifyClient: (_info, done) => setTimeout(() => done(true), 300) });
    cleanups.push(() => slow.close());
    const { gateway, url } = await startGateway(runtime([api('echo', '/echo', graphTo(() => slow.url))]));
    const pending = refusal(url + '/echo');
    await new Promise((r) => setTimeout(r, 100));
    await gateway.shutdown(0);
    expect((await pending).status).toBe(503);
    expect(gateway.connectionCount).toBe(0);
  });

  it('closes an idle connection with 1001 after the idle timeout', async () => {
    const echo = await echoServer();
    cleanups.push(() => echo.close());
    const { gateway, url } = await startGateway(runtime([api('echo', '/echo', graphTo(() => echo.url))]), { limits: { idleTimeoutMs: 200 } });
    cleanups.push(() => gateway.shutdown(0));
    const ws = await open(url + '/echo');
    expect(await closed(ws)).toEqual({ code: 1001, reason: 'Idle timeout' });
  });

  it('writes one JSON log line per connection event with APIM\'s fields, secrets masked', async () => {
    const { url, lines } = await setup();
    const ws = await open(url + '?access_token=s3cr3t-value&room=2');
    ws.close(4000, 'x');
    await closed(ws);
    await waitFor(() => lines.some((l) => l.includes('ConnectionClosed')));
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => e.EventName)).toEqual(['HandshakeReceived', 'ConnectionEstablished', 'ConnectionClosed']);
    for (const e of events) expect(Object.keys(e)).toEqual(expect.arrayContaining(['CorrelationId', 'EventName', 'Source', 'Destination']));
    expect(new Set(events.map((e) => e.CorrelationId)).size).toBe(1);
    expect(lines.join('\n')).not.toContain('s3cr3t-value');
    expect(events[2]).toMatchObject({ CloseCode: 4000, CloseReason: 'x', ClosedBy: 'client' });
  });
});

describe('ws client interop', () => {
  it('the client sees the backend-chosen protocol as WebSocket.protocol', async () => {
    const { url } = await setup({ handleProtocols: () => 'only' });
    const ws = new WebSocket(url, ['only']);
    await new Promise((r) => ws.once('open', r));
    expect(ws.protocol).toBe('only');
    ws.close();
    await closed(ws);
  });
});
