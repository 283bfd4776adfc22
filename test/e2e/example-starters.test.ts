/**
 * The example starters run as programs (what `npm start` runs, through tsx here): they print the banner,
 * relay a SignalR chat through the gateway, stop cleanly on SIGINT, and turn bad environment input into
 * one line and exit code 2.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runProgram, until } from './program.js';

const start = (script: string, env: Record<string, string>) => runProgram(script, [], env);

const RS = '\u001e';
const FREE_PORTS = { GATEWAY_PORT: '0', CHAT_APP_PORT: '0', SIGNALR_PORT: '0' };

/** Opens a SignalR JSON-protocol session and resolves with the first invocation it receives. */
async function chat(url: string, user: string, text: string): Promise<{ target: string; arguments: unknown[] }> {
  const ws = new WebSocket(url);
  try {
    await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
    const received = new Promise<{ target: string; arguments: unknown[] }>((ok) =>
      ws.on('message', (data) => {
        for (const record of String(data).split(RS).filter(Boolean)) {
          const m = JSON.parse(record) as { type?: number; target: string; arguments: unknown[] };
          if (m.type === 1) ok(m);
        }
      }),
    );
    ws.send(JSON.stringify({ protocol: 'json', version: 1 }) + RS);
    ws.send(JSON.stringify({ type: 1, target: 'SendMessage', arguments: [user, text] }) + RS);
    return await received;
  } finally {
    ws.close();
  }
}

describe('example starters', () => {
  it('signalr-chat: banner, a chat message through the gateway, SIGINT exits 0', async () => {
    const p = start('examples/signalr-chat/start.ts', FREE_PORTS);
    const url = await until(() => p.stdout().match(/terminal:.*? (ws:\/\/127\.0\.0\.1:\d+\/chat) alice/)?.[1], 'the banner');
    expect(p.stdout()).toContain('SignalR chat running locally (no Azure)');
    const message = await chat(url, 'alice', 'hello from the starter test');
    expect(message.target).toBe('ReceiveMessage');
    expect(message.arguments).toEqual(['alice', 'hello from the starter test']);
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
  });

  it('jwt-chat: a token-bearing URL chats, SIGINT exits 0', async () => {
    const p = start('examples/jwt-chat/start.ts', FREE_PORTS);
    const url = await until(() => p.stdout().match(/client\.ts '(ws:\/\/[^']+access_token=[^']+)' alice/)?.[1], 'the banner');
    const message = await chat(url, 'alice', 'hi');
    expect(message.arguments).toEqual(['alice', 'hi']);
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
  });

  it.each(['examples/signalr-chat/start.ts', 'examples/jwt-chat/start.ts'])('%s: a bad port is one line naming the variable, exit 2', async (script) => {
    const p = start(script, { ...FREE_PORTS, CHAT_APP_PORT: 'eighty' });
    expect(await p.exit).toBe(2);
    expect(p.stderr().trim()).toBe("CHAT_APP_PORT must be a port number (0 = any free port), not 'eighty'");
  });
});
