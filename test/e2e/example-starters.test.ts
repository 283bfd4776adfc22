/**
 * The example starters run as programs (what `npm start` runs, through tsx here): they print the banner,
 * relay a SignalR chat through the gateway, stop cleanly on SIGINT, and turn bad environment input into
 * one line and exit code 2.
 */
import { describe, expect, it } from 'vitest';
import { chatOnce } from '../examples/hub-client.js';
import { runProgram, until } from './program.js';

const start = (script: string, env: Record<string, string>) => runProgram(script, [], env);

const FREE_PORTS = { GATEWAY_PORT: '0', CHAT_APP_PORT: '0', SIGNALR_PORT: '0' };

describe('example starters', () => {
  it('signalr-chat: banner, a chat message through the gateway, SIGINT exits 0', async () => {
    const p = start('examples/signalr-chat/start.ts', FREE_PORTS);
    const url = await until(() => p.stdout().match(/terminal:.*? (ws:\/\/127\.0\.0\.1:\d+\/chat) alice/)?.[1], 'the banner');
    expect(p.stdout()).toContain('SignalR chat running locally (no Azure)');
    expect(await chatOnce(url, 'alice', 'hello from the starter test')).toEqual({ user: 'alice', text: 'hello from the starter test' });
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
  });

  it('jwt-chat: a token-bearing URL chats, SIGINT exits 0', async () => {
    const p = start('examples/jwt-chat/start.ts', FREE_PORTS);
    const url = await until(() => p.stdout().match(/client\.ts '(ws:\/\/[^']+access_token=[^']+)' alice/)?.[1], 'the banner');
    expect(await chatOnce(url, 'alice', 'hi')).toEqual({ user: 'alice', text: 'hi' });
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
  });

  it.each(['examples/signalr-chat/start.ts', 'examples/jwt-chat/start.ts'])('%s: a bad port is one line naming the variable, exit 2', async (script) => {
    const p = start(script, { ...FREE_PORTS, CHAT_APP_PORT: 'eighty' });
    expect(await p.exit).toBe(2);
    expect(p.stderr().trim()).toBe("CHAT_APP_PORT must be a port number (0 = any free port), not 'eighty'");
  });
});
