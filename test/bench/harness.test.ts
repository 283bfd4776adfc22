/**
 * Smoke tests of the benchmark harness (no timing assertions): the echo backend echoes, the checker
 * catches corrupted, reordered and foreign messages, the load jobs count what they see, and a proxy
 * that flips one byte is caught end to end.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, connect, type Server, type Socket } from 'node:net';
import WebSocket from 'ws';
import { startEchoServer, type EchoServer } from '../../bench/backends/echo-server.js';
import { startNegotiateServer, type NegotiateServer } from '../../bench/backends/negotiate-server.js';
import { EchoChecker, makeMessage } from '../../bench/load/payloads.js';
import { runRelay } from '../../bench/load/relay.js';
import { runHandshakes } from '../../bench/load/handshake.js';
import { runRoundTrips } from '../../bench/load/rtt.js';
import { runIdle } from '../../bench/load/idle.js';
import { recordingReporter } from '../../bench/load/reporter.js';
import { fetchEchoStats } from '../../bench/lib/echo-stats.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function echo(): Promise<EchoServer> {
  const server = await startEchoServer(0);
  cleanups.push(() => server.close());
  return server;
}

function nextMessage(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => ws.once('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary })));
}

async function client(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  cleanups.push(() => ws.terminate());
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

describe('echo backend', () => {
  it('echoes text and binary messages (masked by a normal client), fragmented ones, and answers pings', async () => {
    const server = await echo();
    const ws = await client(`ws://127.0.0.1:${server.port}/x?bench-policy=a`);

    ws.send('héllo');
    const text = await nextMessage(ws);
    expect(text).toEqual({ data: Buffer.from('héllo'), isBinary: false });

    const big = Buffer.alloc(200_000, 7);
    big[123_456] = 42;
    ws.send(big);
    const binary = await nextMessage(ws);
    expect(binary.isBinary).toBe(true);
    expect(binary.data.equals(big)).toBe(true);

    ws.send('part one, ', { fin: false });
    ws.send('part two', { fin: true });
    expect((await nextMessage(ws)).data.toString()).toBe('part one, part two');

    const pong = new Promise<Buffer>((resolve) => ws.once('pong', resolve));
    ws.ping('are you there');
    expect((await pong).toString()).toBe('are you there');

    const stats = await fetchEchoStats(server.port);
    expect(stats.handshakes).toBe(1);
    expect(stats.byPolicy).toEqual({ a: 1 });
    expect(stats.protocolErrors).toBe(0);
  });

  it('returns the close code the client sent', async () => {
    const server = await echo();
    const ws = await client(`ws://127.0.0.1:${server.port}/`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.close(4001, 'bye');
    expect(await closed).toBe(4001);
  });

  it('answers the service negotiate route, and the web app redirects to the echo backend', async () => {
    const server = await echo();
    const app: NegotiateServer = await startNegotiateServer(server.port);
    cleanups.push(() => app.close());
    const redirect = (await (await fetch(`http://127.0.0.1:${app.port}/chat/negotiate?negotiateVersion=1`)).json()) as {
      url: string;
      accessToken: string;
    };
    expect(redirect.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/client/\\?hub=chat&asrs\\.op=%2Fchat&asrs_request_id=`));
    const service = new URL(redirect.url);
    const unauthorised = await fetch(`${service.origin}/client/negotiate?hub=chat`, { method: 'POST' });
    expect(unauthorised.status).toBe(401);
    const answer = await fetch(`${service.origin}/client/negotiate?hub=chat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${redirect.accessToken}` },
    });
    expect(((await answer.json()) as { connectionToken: string }).connectionToken).toMatch(/^t-/);
    expect(app.requests()).toBe(1);
  });
});

describe('echo checker', () => {
  it('accepts every message of a connection in order', () => {
    for (const kind of ['text64', 'bin64k'] as const) {
      const checker = new EchoChecker(kind, 3);
      for (let seq = 0; seq < 5; seq++) expect(checker.receive(makeMessage(kind, 3, seq), kind === 'bin64k')).toBe(true);
      expect(checker.counts).toEqual({ ok: 5, corrupted: 0, outOfOrder: 0, wrongType: 0 });
    }
  });

  it('detects a changed byte anywhere, including deep in a 64 KiB message', () => {
    const text = makeMessage('text64', 1, 0);
    text[40] = text[40]! ^ 1;
    const textChecker = new EchoChecker('text64', 1);
    expect(textChecker.receive(text, false)).toBe(false);
    expect(textChecker.counts.corrupted).toBe(1);

    const binary = makeMessage('bin64k', 1, 0);
    binary[60_000] = binary[60_000]! ^ 0x80;
    const binaryChecker = new EchoChecker('bin64k', 1);
    expect(binaryChecker.receive(binary, true)).toBe(false);
    expect(binaryChecker.counts.corrupted).toBe(1);
  });

  it('detects reordering, another connection\'s message, and a wrong frame type', () => {
    const checker = new EchoChecker('text64', 0);
    expect(checker.receive(makeMessage('text64', 0, 1), false)).toBe(false);
    expect(checker.counts.outOfOrder).toBe(1);
    expect(checker.receive(makeMessage('text64', 9, 2), false)).toBe(false);
    expect(checker.counts.corrupted).toBe(1);
    expect(checker.receive(makeMessage('text64', 0, 2), true)).toBe(false);
    expect(checker.counts.wrongType).toBe(1);
    expect(checker.receive(makeMessage('text64', 0, 2), false)).toBe(true);
  });
});

/** A TCP relay that flips one byte of the server's stream, `offset` bytes after the 101 response. */
async function corruptingProxy(targetPort: number, offset: number): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((downstream) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(downstream).add(upstream);
    downstream.pipe(upstream);
    let headerDone = false;
    let pending = '';
    let seen = 0;
    let flipped = false;
    upstream.on('data', (chunk: Buffer) => {
      let start = 0;
      if (!headerDone) {
        pending += chunk.toString('latin1');
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return void downstream.write(chunk);
        headerDone = true;
        start = chunk.length - (pending.length - end - 4);
      }
      if (!flipped && seen + (chunk.length - start) > offset) {
        const at = start + (offset - seen);
        chunk[at] = chunk[at]! ^ 0x01;
        flipped = true;
      }
      seen += chunk.length - start;
      downstream.write(chunk);
    });
    const close = (): void => {
      downstream.destroy();
      upstream.destroy();
    };
    downstream.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

describe('load jobs', () => {
  it('relay: every message comes back, none lost, and the window is marked', async () => {
    const server = await echo();
    const reporter = recordingReporter();
    const result = await runRelay(
      { kind: 'relay', url: `ws://127.0.0.1:${server.port}/`, connections: 3, message: 'text64', window: 4, warmupMs: 50, durationMs: 200, drainMs: 2000 },
      reporter,
    );
    expect(reporter.marks).toEqual(['start', 'end']);
    expect(result.operations).toBeGreaterThan(0);
    expect(result.integrity).toMatchObject({ lost: 0, corrupted: 0, outOfOrder: 0, wrongType: 0, errors: 0 });
    expect(result.integrity.received).toBe(result.integrity.sent);
  });

  it('relay: a proxy that flips one byte is caught', async () => {
    const server = await echo();
    // Frame 0 is bytes 0–65 (2-byte header, 64 payload); byte 100 is in frame 1's filler.
    const port = await corruptingProxy(server.port, 100);
    const result = await runRelay(
      { kind: 'relay', url: `ws://127.0.0.1:${port}/`, connections: 1, message: 'text64', window: 4, warmupMs: 20, durationMs: 100, drainMs: 2000 },
      recordingReporter(),
    );
    expect(result.integrity.corrupted).toBe(1);
    expect(result.integrity.lost).toBe(0);
  });

  it('handshake, round-trip and idle jobs count what they did', async () => {
    const server = await echo();
    const url = `ws://127.0.0.1:${server.port}/`;
    const handshakes = await runHandshakes(
      { kind: 'handshake', url, concurrency: 4, warmup: 4, warmupMs: 1000, durationMs: 150, maxHandshakes: 40 },
      recordingReporter(),
    );
    expect(handshakes.operations).toBeGreaterThan(0);
    expect(handshakes.operations).toBeLessThanOrEqual(40);
    expect(handshakes.integrity.errors).toBe(0);
    expect(handshakes.p99Us).toBeGreaterThanOrEqual(handshakes.p50Us!);

    const rtt = await runRoundTrips({ kind: 'rtt', url, count: 30, warmup: 5, timeLimitMs: 10_000 }, recordingReporter());
    expect(rtt.operations).toBe(30);
    expect(rtt.integrity).toMatchObject({ sent: 35, received: 35, lost: 0, errors: 0 });

    const reporter = recordingReporter();
    const idle = await runIdle({ kind: 'idle', url, steps: [5, 12], concurrency: 4, timeLimitMs: 10_000 }, reporter);
    expect(reporter.holds).toEqual([5, 12]);
    expect(idle.operations).toBe(12);
    expect(idle.integrity.errors).toBe(0);
  });

  it('handshake job counts refused handshakes as errors', async () => {
    const result = await runHandshakes(
      { kind: 'handshake', url: 'ws://127.0.0.1:1/', concurrency: 1, warmup: 0, warmupMs: 0, durationMs: 100, maxHandshakes: 3 },
      recordingReporter(),
    );
    expect(result.operations).toBe(0);
    expect(result.integrity.errors).toBeGreaterThan(0);
    expect(result.integrity.firstError).toBeTruthy();
  });
});
