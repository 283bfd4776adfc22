/**
 * 30 malformed or abusive upgrade requests over raw sockets, all at once, while a good client keeps
 * chatting through the gateway: each gets its precise answer and the good client never notices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { api, echoServer, graphTo, nextMessage, open, closed, runtime, startGateway, type EchoServer } from '../gateway/helpers.js';
import type { Gateway } from '../../src/gateway/gateway.js';

let echo: EchoServer;
let gateway: Gateway;
let port: number;
let url: string;

beforeAll(async () => {
  echo = await echoServer();
  const started = await startGateway(runtime([api('chat', '/chat', graphTo(() => echo.url))]), { limits: { headersTimeoutMs: 400, maxHeaderBytes: 8192 } });
  gateway = started.gateway;
  url = started.url;
  port = Number(new URL(url).port);
});
afterAll(async () => {
  await gateway.shutdown(0);
  await echo.close();
});

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const upgrade = (lines: string[], path = '/chat'): string => [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...lines, '', ''].join('\r\n');
const good = ['Connection: Upgrade', 'Upgrade: websocket', `Sec-WebSocket-Key: ${KEY}`];

interface Case {
  name: string;
  /** Sent at once, or piece by piece with a pause between pieces. */
  send: string | string[];
  status: number;
  body?: RegExp;
  header?: [string, string];
}

const cases: Case[] = [
  { name: 'unsupported version 8', send: upgrade([...good, 'Sec-WebSocket-Version: 8']), status: 426, header: ['sec-websocket-version', '13'] },
  { name: 'missing version', send: upgrade(good), status: 426, header: ['sec-websocket-version', '13'] },
  { name: 'missing key', send: upgrade(['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13']), status: 400, body: /Sec-WebSocket-Key/ },
  { name: 'short key', send: upgrade(['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: abc']), status: 400, body: /Sec-WebSocket-Key/ },
  { name: 'key that is not base64 of 16 bytes', send: upgrade(['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: !!!!!!!!!!!!!!!!!!!!!!==']), status: 400 },
  { name: 'POST upgrade', send: upgrade([...good, 'Sec-WebSocket-Version: 13', 'Content-Length: 0']).replace(/^GET/, 'POST'), status: 400, body: /must use GET/ },
  { name: 'Upgrade to another protocol', send: upgrade(['Connection: Upgrade', 'Upgrade: h2c', `Sec-WebSocket-Key: ${KEY}`, 'Sec-WebSocket-Version: 13']), status: 400, body: /Upgrade header/ },
  { name: 'huge headers', send: upgrade([...good, 'Sec-WebSocket-Version: 13', `X-Big: ${'a'.repeat(20_000)}`]), status: 431 },
  { name: 'unknown API path', send: upgrade([...good, 'Sec-WebSocket-Version: 13'], '/nowhere'), status: 404, body: /Resource not found/ },
  { name: 'garbage request line', send: 'HELLO THERE\r\n\r\n', status: 400 },
  { name: 'invalid header name', send: upgrade([...good, 'Sec-WebSocket-Version: 13', 'Bad Header: x']), status: 400 },
  { name: 'slowloris: headers never finish', send: [upgrade([...good, 'Sec-WebSocket-Version: 13']).slice(0, 40)], status: 408 },
  { name: 'slowloris: headers dripped slower than the timeout', send: Array.from({ length: 12 }, (_, i) => `X-Drip-${i}: x\r\n`), status: 408 },
];

/** Sends a case over a raw socket and reads the answer until the gateway closes the connection. */
function rawExchange(c: Case): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${c.name}: no answer within 5 s`));
    }, 5000);
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(guard);
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body });
    });
    socket.on('connect', async () => {
      if (typeof c.send === 'string') return void socket.write(c.send);
      if (c.send.length > 1) socket.write(`GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      for (const piece of c.send) {
        if (socket.destroyed) return;
        socket.write(piece);
        await new Promise((r) => setTimeout(r, 60));
      }
    });
  });
}

describe('malformed upgrade requests', () => {
  it('answers 30 of them correctly, at once, while a good client keeps chatting', async () => {
    const chatter = await open(url + '/chat');
    let exchanged = 0;
    let chatting = true;
    const chat = (async () => {
      while (chatting) {
        chatter.send(`tick ${exchanged}`);
        const reply = await nextMessage(chatter);
        expect(reply.data.toString()).toBe(`tick ${exchanged}`);
        exchanged++;
      }
    })();
    const thirty = Array.from({ length: 30 }, (_, i) => cases[i % cases.length]!);
    const answers = await Promise.all(thirty.map((c) => rawExchange(c).then((r) => ({ c, r }))));
    for (const { c, r } of answers) {
      expect(r.status, c.name).toBe(c.status);
      if (c.body) expect(r.body, c.name).toMatch(c.body);
      if (c.header) expect(r.headers[c.header[0]], c.name).toBe(c.header[1]);
    }
    chatting = false;
    await chat;
    expect(exchanged).toBeGreaterThan(0);
    // and new clients are still served
    const late = await open(url + '/chat');
    late.send('still here');
    expect((await nextMessage(late)).data.toString()).toBe('still here');
    for (const ws of [chatter, late]) {
      ws.close();
      await closed(ws);
    }
  });
});
