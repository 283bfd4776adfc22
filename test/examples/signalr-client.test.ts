/**
 * The example's terminal chat client (examples/signalr-chat/client.ts) run as a user runs it, with its
 * input piped: it chats through the gateway, and the end of input (Ctrl+D, a closed pipe) ends it with 0.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram, until } from '../e2e/program.js';

describe('signalr-chat terminal client', () => {
  it('sends typed lines, and exits 0 when its input ends', { timeout: 60_000 }, async () => {
    const starter = runProgram('examples/signalr-chat/start.ts', [], { GATEWAY_PORT: '0', CHAT_APP_PORT: '0', SIGNALR_PORT: '0' });
    const url = await until(() => starter.stdout().match(/terminal:.*? (ws:\/\/127\.0\.0\.1:\d+\/chat) alice/)?.[1], 'the banner');

    const client = spawn(process.execPath, ['--import', 'tsx', resolve('examples/signalr-chat/client.ts'), url, 'alice'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    client.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number | null>((r) => client.once('exit', (code) => r(code)));
    try {
      await until(() => out.includes('connected as alice'), 'the hub handshake');
      client.stdin.write('hello from a pipe\n');
      await until(() => out.includes('alice: hello from a pipe'), 'the message broadcast back');
      client.stdin.end();
      expect(await exit).toBe(0);
      expect(out).toMatch(/closed 1000 end of input\n$/);
    } finally {
      if (client.exitCode === null) client.kill('SIGKILL');
    }
  });

  it('exits 0 when its input is already closed before the connection opens', { timeout: 60_000 }, async () => {
    const starter = runProgram('examples/signalr-chat/start.ts', [], { GATEWAY_PORT: '0', CHAT_APP_PORT: '0', SIGNALR_PORT: '0' });
    const url = await until(() => starter.stdout().match(/terminal:.*? (ws:\/\/127\.0\.0\.1:\d+\/chat) alice/)?.[1], 'the banner');
    const client = spawn(process.execPath, ['--import', 'tsx', resolve('examples/signalr-chat/client.ts'), url, 'bob'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    client.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number | null>((r) => client.once('exit', (code) => r(code)));
    client.stdin.end('said before connecting\n');
    try {
      expect(await exit).toBe(0);
      expect(out).toContain('closed 1000 end of input');
    } finally {
      if (client.exitCode === null) client.kill('SIGKILL');
    }
  });
});
