import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { HeaderBag } from '../../src/common/headers.js';
import { connectBackend } from '../../src/gateway/backend-connection.js';
import { acceptKey } from '../../src/gateway/upgrade-request.js';

/** A raw TCP backend that answers the upgrade request with whatever the test writes. */
const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function rawBackend(answer: (request: string, socket: Socket) => void): Promise<string> {
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (text.includes('\r\n\r\n')) answer(text, socket);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/chat?room=a%20b`;
}

const options = (url: string, headers = new HeaderBag([['X-Forwarded-For', '10.0.0.1']])) => ({ url, headers, timeoutMs: 5_000, maxRefusalBodyBytes: 16 });

describe('connectBackend', () => {
  it('sends the upgrade request with the given key and headers, and hands over the bytes after the 101', async () => {
    let request = '';
    const key = 'dGhlIHNhbXBsZSBub25jZQ==';
    const url = await rawBackend((text, socket) => {
      request = text;
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n\x81\x02hi`, 'latin1');
    });
    const outcome = await connectBackend({ ...options(url), key: { key, accept: acceptKey(key) } });
    expect(outcome.kind).toBe('upgraded');
    if (outcome.kind !== 'upgraded') return;
    outcome.socket.destroy();
    expect(outcome.head.toString('latin1')).toBe('\x81\x02hi');
    expect(request).toMatch(/^GET \/chat\?room=a%20b HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\n/);
    expect(request).toContain('X-Forwarded-For: 10.0.0.1\r\n');
    expect(request).toContain(`Sec-WebSocket-Key: ${key}\r\n`);
    expect(request).toContain('Sec-WebSocket-Version: 13\r\n');
  });

  it('skips an interim 100 answer and reads the 101 that follows', async () => {
    const url = await rawBackend((text, socket) => {
      const key = /Sec-WebSocket-Key: (\S+)/.exec(text)![1]!;
      socket.write(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`);
    });
    const outcome = await connectBackend(options(url));
    expect(outcome.kind).toBe('upgraded');
    if (outcome.kind === 'upgraded') outcome.socket.destroy();
  });

  it.each([
    ['Content-Length', 'HTTP/1.1 403 Go Away\r\nContent-Length: 5\r\nX-Why: policy\r\n\r\nnope!', 'nope!'],
    ['chunked transfer coding, split oddly', 'HTTP/1.1 403 Go Away\r\nTransfer-Encoding: chunked\r\nX-Why: policy\r\n\r\n3\r\nno \r\n5;ext=1\r\nthank\r\n0\r\n\r\n', 'no thank'],
    ['a body that runs to the close', 'HTTP/1.1 403 Go Away\r\nX-Why: policy\r\nConnection: close\r\n\r\nuntil the end', 'until the end'],
    ['a body longer than the cap', 'HTTP/1.1 403 Go Away\r\nX-Why: policy\r\nContent-Length: 40\r\n\r\n0123456789abcdefghijklmnopqrstuvwxyzABCD', '0123456789abcdef'],
  ])('relays a refusal with %s: status, reason, headers and body', async (_what, answer, body) => {
    const url = await rawBackend((_text, socket) => {
      // Written in small pieces: the reader must not depend on one read per answer.
      for (let i = 0; i < answer.length; i += 7) socket.write(answer.slice(i, i + 7));
      if (!answer.includes('Length') && !answer.includes('chunked')) socket.end();
    });
    const outcome = await connectBackend(options(url));
    expect(outcome).toMatchObject({ kind: 'refused', statusCode: 403, statusReason: 'Go Away' });
    if (outcome.kind !== 'refused') return;
    expect(outcome.headers.get('x-why')).toBe('policy');
    expect(outcome.body.toString()).toBe(body);
  });

  it.each([
    ['a reply that is not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n', /did not answer with HTTP/],
    ['a close before any answer', '', /reset during the WebSocket handshake/],
  ])('fails on %s', async (_what, answer, message) => {
    const url = await rawBackend((_text, socket) => socket.end(answer));
    const outcome = await connectBackend(options(url));
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(outcome.message).toMatch(message);
  });

  it('refuses to send a header value with a line break', async () => {
    const url = await rawBackend(() => undefined);
    const outcome = await connectBackend(options(url, new HeaderBag([['X-Bad', 'a\r\nInjected: yes']])));
    expect(outcome).toMatchObject({ kind: 'failed', message: expect.stringMatching(/Invalid character in the value of header 'X-Bad'/) });
  });

  it('gives up when the client socket closes while the backend is silent', async () => {
    const url = await rawBackend(() => undefined);
    const client = new (await import('node:stream')).PassThrough() as unknown as Socket;
    const pending = connectBackend({ ...options(url), client });
    setTimeout(() => (client as unknown as { emit(e: string): void }).emit('close'), 50);
    expect(await pending).toMatchObject({ kind: 'failed', abandoned: true });
  });
});
