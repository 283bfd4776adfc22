/**
 * The SignalR chat end to end, no Azure: the official @microsoft/signalr client and a raw ws client
 * connect to the gateway, which runs policies/signalr-chat.xml (two negotiations with the local stand-ins)
 * and tunnels to the SignalR Service stand-in's /client/ WebSocket.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HubConnectionBuilder, HttpTransportType, LogLevel, type HubConnection } from '@microsoft/signalr';
import { WebSocket } from 'ws';
import { startChat, type Chat, type ChatOptions } from '../../examples/signalr-chat/start.js';
import { record, splitRecords } from '../../examples/signalr-chat/hub-protocol.js';
import { closed, refusal, waitFor } from '../gateway/helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function chat(options: ChatOptions = {}): Promise<{ chat: Chat; lines: string[] }> {
  const lines: string[] = [];
  const started = await startChat({
    gatewayPort: 0,
    webAppPort: 0,
    servicePort: 0,
    watch: false,
    logger: { event: (e) => lines.push(JSON.stringify(e)), info: () => undefined, warn: () => undefined },
    ...options,
  });
  cleanups.push(() => started.close());
  return { chat: started, lines };
}

function signalrClient(url: string): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(url.replace(/^ws/, 'http'), { skipNegotiation: true, transport: HttpTransportType.WebSockets })
    .configureLogging(LogLevel.None)
    .build();
}

/** A raw ws client that speaks the hub protocol by hand; resolves once the handshake is acknowledged. */
async function rawHubClient(url: string): Promise<{ ws: WebSocket; received: unknown[] }> {
  const ws = new WebSocket(url);
  const received: unknown[] = [];
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused with ${res.statusCode}`)));
    ws.once('open', () => ws.send(record({ protocol: 'json', version: 1 })));
    ws.on('message', (data) => {
      const { records, rest } = splitRecords(buffered + data.toString());
      buffered = rest;
      for (const r of records) {
        const message = JSON.parse(r) as Record<string, unknown>;
        if (message.type === undefined) {
          expect(message).toEqual({});
          resolve();
        } else received.push(message);
      }
    });
  });
  return { ws, received };
}

describe('SignalR chat through the gateway', () => {
  it('two official SignalR clients chat and both receive the broadcast', async () => {
    const { chat: c } = await chat();
    const alice = signalrClient(c.chatUrl);
    const bob = signalrClient(c.chatUrl);
    const heard: Record<string, string[]> = { alice: [], bob: [] };
    alice.on('ReceiveMessage', (user: string, text: string) => heard.alice!.push(`${user}: ${text}`));
    bob.on('ReceiveMessage', (user: string, text: string) => heard.bob!.push(`${user}: ${text}`));
    await alice.start();
    await bob.start();
    cleanups.push(async () => {
      await alice.stop();
      await bob.stop();
    });
    await alice.invoke('SendMessage', 'alice', 'hello bob');
    await bob.invoke('SendMessage', 'bob', 'hi alice');
    await waitFor(() => heard.alice!.length === 2 && heard.bob!.length === 2);
    expect(heard.alice).toEqual(['alice: hello bob', 'bob: hi alice']);
    expect(heard.bob).toEqual(['alice: hello bob', 'bob: hi alice']);
    expect(c.service.connectionCount()).toBe(2);
  });

  it('a raw ws client doing the hub handshake by hand chats with a SignalR client', async () => {
    const { chat: c } = await chat();
    const raw = await rawHubClient(c.chatUrl);
    const official = signalrClient(c.chatUrl);
    const heard: string[] = [];
    official.on('ReceiveMessage', (user: string, text: string) => heard.push(`${user}: ${text}`));
    await official.start();
    cleanups.push(() => official.stop());
    raw.ws.send(record({ type: 1, target: 'SendMessage', arguments: ['raw', 'by hand'] }));
    await waitFor(() => heard.length === 1 && raw.received.length === 1);
    expect(heard).toEqual(['raw: by hand']);
    expect(raw.received).toEqual([{ type: 1, target: 'ReceiveMessage', arguments: ['raw', 'by hand'] }]);
    raw.ws.close(1000);
    await closed(raw.ws);
    await waitFor(() => c.service.connectionCount() === 1);
  });

  it('frees the service connection when a client vanishes without a close', async () => {
    const { chat: c } = await chat();
    const raw = await rawHubClient(c.chatUrl);
    expect(c.service.connectionCount()).toBe(1);
    raw.ws.terminate();
    await waitFor(() => c.service.connectionCount() === 0 && c.host.gateway.connectionCount === 0);
  });

  it('answers APIM\'s 500 when the chat web app is down (send-request cannot connect)', async () => {
    const { chat: c, lines } = await chat();
    await c.webApp.close();
    const r = await refusal(c.chatUrl);
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toMatchObject({ statusCode: 500, message: 'Internal server error' });
    expect(c.service.connectionCount()).toBe(0);
    const rejected = lines.map((l) => JSON.parse(l) as Record<string, string>).find((e) => e.EventName === 'HandshakeRejected');
    expect(rejected?.Error).toMatch(/^send-request: BackendConnectionFailure/);
  });

  it('relays the service\'s refusal when the connection token has expired', async () => {
    const { chat: c } = await chat({ service: { connectionTokenTtlMs: -1 } });
    const r = await refusal(c.chatUrl);
    expect(r.status).toBe(404);
    expect(r.body).toBe('No Connection with that ID');
  });

  it('the web app serves a chat page that connects to the gateway', async () => {
    const { chat: c } = await chat();
    const page = await fetch(`${c.webApp.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain(JSON.stringify(c.chatUrl));
  });

  it('masks the tokens of the backend URL in the connection log', async () => {
    const { chat: c, lines } = await chat();
    const raw = await rawHubClient(c.chatUrl);
    raw.ws.close();
    await closed(raw.ws);
    const established = lines.map((l) => JSON.parse(l.startsWith('{') ? l : '{}') as Record<string, string>).find((e) => e.EventName === 'ConnectionEstablished');
    expect(established?.Destination).toMatch(/\/client\/\?hub=chat&asrs\.op=%2Fchat&negotiateVersion=1&asrs_request_id=[0-9a-f]+&id=\*\*\*&access_token=\*\*\*$/);
  });
});
