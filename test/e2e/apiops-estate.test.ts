/**
 * The example estate (examples/apiops-estate): the SignalR chat and Azure OpenAI's realtime endpoint as
 * WebSocket APIs in APIOps layout, served from the folder. The same official @microsoft/signalr client
 * test as `npm start`'s chat, the products' subscription keys from the local override file, the realtime
 * API swapping the client's key for the resource's (a Key Vault reference given by ONHANDSHAKE_NV_*),
 * and the starter as a program.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HubConnectionBuilder, HttpTransportType, LogLevel, type HubConnection } from '@microsoft/signalr';
import { LOCAL_KEY, REALTIME_KEY, startEstateChat, type EstateChat } from '../../examples/apiops-estate/start.js';
import { WebSocket } from 'ws';
import { refusal, waitFor } from '../gateway/helpers.js';
import { chatOnce } from '../examples/hub-client.js';
import { runProgram, until } from './program.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function estateChat(): Promise<EstateChat> {
  const chat = await startEstateChat({ gatewayPort: 0, webAppPort: 0, servicePort: 0, realtimePort: 0, watch: false, logger: { event: () => undefined, info: () => undefined, warn: () => undefined } });
  cleanups.push(() => chat.close());
  return chat;
}

/** A ws client that keeps every message from the first (the stand-in speaks first, in the 101's packet). */
function realtimeClient(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; next: () => Promise<unknown> }> {
  const ws = new WebSocket(url, { headers });
  const queue: unknown[] = [];
  const waiting: Array<(m: unknown) => void> = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as unknown;
    const w = waiting.shift();
    if (w) w(message);
    else queue.push(message);
  });
  const next = (): Promise<unknown> => (queue.length ? Promise.resolve(queue.shift()) : new Promise((resolve) => waiting.push(resolve)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, next }));
    ws.once('error', reject);
  });
}

function signalrClient(url: string): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(url.replace(/^ws/, 'http'), { skipNegotiation: true, transport: HttpTransportType.WebSockets })
    .configureLogging(LogLevel.None)
    .build();
}

describe('examples/apiops-estate', () => {
  it('two official SignalR clients chat through the estate and both receive the broadcast', async () => {
    const c = await estateChat();
    const alice = signalrClient(c.chatUrl);
    const bob = signalrClient(`${c.chatUrl}?subscription-key=${LOCAL_KEY}`);
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

  it('a key that is not the Starter subscription is refused with 401', async () => {
    const c = await estateChat();
    const refused = await refusal(`${c.chatUrl}?subscription-key=not-a-key`);
    expect(refused.status).toBe(401);
  });

  it('realtime: the client\'s api-key (query or header) is the subscription key; the backend gets the resource key and the deployment', async () => {
    const c = await estateChat();
    const viaQuery = await realtimeClient(`${c.realtimeUrl}?deployment=gpt-4o-mini-realtime&api-key=${REALTIME_KEY}`);
    expect(await viaQuery.next()).toEqual({ type: 'session.created', session: { model: 'gpt-4o-mini-realtime' } });
    viaQuery.ws.send(JSON.stringify({ type: 'response.create' }));
    expect(await viaQuery.next()).toEqual({ type: 'response.done', received: { type: 'response.create' } });
    viaQuery.ws.close();
    const seen = c.realtime.handshakes[0]!;
    const query = new URL(seen.url, 'ws://x').searchParams;
    expect([query.get('deployment'), query.get('api-version'), query.has('api-key')]).toEqual(['gpt-4o-mini-realtime', '2024-10-01-preview', false]);
    expect(seen.headers['api-key']).toBe(process.env.ONHANDSHAKE_NV_openai__api__key);
    expect(seen.headers['api-key']).not.toBe(REALTIME_KEY);

    const viaHeader = await realtimeClient(c.realtimeUrl, { 'api-key': REALTIME_KEY });
    expect(await viaHeader.next()).toEqual({ type: 'session.created', session: { model: 'gpt-4o-realtime-preview' } });
    viaHeader.ws.close();
    // The chat's Starter key is not a Realtime subscription; no key at all is APIM's 401 too.
    expect((await refusal(`${c.realtimeUrl}?api-key=${LOCAL_KEY}`)).status).toBe(401);
    expect((await refusal(c.realtimeUrl)).status).toBe(401);
  });

  it('the starter prints the banner and relays a chat message; SIGINT exits 0', async () => {
    const p = runProgram('examples/apiops-estate/start.ts', [], { GATEWAY_PORT: '0', CHAT_APP_PORT: '0', SIGNALR_PORT: '0', REALTIME_PORT: '0' });
    const url = await until(() => p.stdout().match(/terminal: +npx tsx examples\/signalr-chat\/client\.ts (ws:\/\/127\.0\.0\.1:\d+\/chat) alice/)?.[1], `the banner (stderr: ${p.stderr()})`);
    expect(p.stdout()).toContain('SignalR chat served from the APIOps folder examples/apiops-estate/estate (no Azure)');
    expect(await chatOnce(`${url}?subscription-key=${LOCAL_KEY}`, 'bob', 'from the estate')).toEqual({ user: 'bob', text: 'from the estate' });
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
  });
});
