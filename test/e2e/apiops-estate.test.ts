/**
 * The example estate (examples/apiops-estate): the SignalR chat as a WebSocket API in APIOps layout,
 * served from the folder. The same official @microsoft/signalr client test as `npm start`'s chat, the
 * Starter product's subscription key from the local override file, and the starter as a program.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HubConnectionBuilder, HttpTransportType, LogLevel, type HubConnection } from '@microsoft/signalr';
import type { Chat } from '../../examples/signalr-chat/start.js';
import { LOCAL_KEY, startEstateChat } from '../../examples/apiops-estate/start.js';
import { refusal, waitFor } from '../gateway/helpers.js';
import { chatOnce } from '../examples/hub-client.js';
import { runProgram, until } from './program.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function estateChat(): Promise<Chat> {
  const chat = await startEstateChat({ gatewayPort: 0, webAppPort: 0, servicePort: 0, watch: false, logger: { event: () => undefined, info: () => undefined, warn: () => undefined } });
  cleanups.push(() => chat.close());
  return chat;
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

  it('the starter prints the banner and relays a chat message; SIGINT exits 0', async () => {
    const p = runProgram('examples/apiops-estate/start.ts', [], { GATEWAY_PORT: '0', CHAT_APP_PORT: '0', SIGNALR_PORT: '0' });
    const url = await until(() => p.stdout().match(/terminal: +npx tsx examples\/signalr-chat\/client\.ts (ws:\/\/127\.0\.0\.1:\d+\/chat) alice/)?.[1], `the banner (stderr: ${p.stderr()})`);
    expect(p.stdout()).toContain('SignalR chat served from the APIOps folder examples/apiops-estate/estate (no Azure)');
    expect(await chatOnce(`${url}?subscription-key=${LOCAL_KEY}`, 'bob', 'from the estate')).toEqual({ user: 'bob', text: 'from the estate' });
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
  });
});
