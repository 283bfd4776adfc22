/**
 * The Tunnel on its own, over real loopback sockets: chunks go through (one message at a time too), a reader that
 * does not read pauses the writer (backpressure) instead of piling its bytes up in the gateway, and
 * the byte accounting (bandwidth quotas, the connection log) counts everything relayed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import net, { type AddressInfo, type Socket } from 'node:net';
import { createHash } from 'node:crypto';
import { Tunnel } from '../../src/gateway/tunnel.js';

const open: Socket[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A connected pair of sockets on 127.0.0.1: [the outside peer, the gateway's end]. */
async function socketPair(): Promise<[Socket, Socket]> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const peer = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  await new Promise((resolve) => peer.once('connect', resolve));
  const inside = await accepted;
  open.push(peer, inside);
  return [peer, inside];
}

/** Binary WebSocket frames (unmasked, as a backend sends them) of `size` bytes each, distinct content. */
function frames(count: number, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const payload = Buffer.alloc(size, i % 251);
    payload.writeUInt32BE(i, 0);
    const header = Buffer.from([0x82, 127, 0, 0, 0, 0, 0, 0, 0, 0]);
    header.writeUInt32BE(size, 6);
    parts.push(header, payload);
  }
  return Buffer.concat(parts);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('Tunnel', () => {
  it('pauses the sending peer while the receiving peer does not read, then delivers every byte in order', async () => {
    const [client, gatewayClient] = await socketPair();
    const [backend, gatewayBackend] = await socketPair();
    const tunnel = new Tunnel(gatewayClient, gatewayBackend, { closeGraceMs: 1000 });
    tunnel.start(Buffer.alloc(0), Buffer.alloc(0));
    client.pause(); // the client reads nothing for now

    const data = frames(512, 64 * 1024); // 32 MiB: far more than the socket buffers hold
    backend.write(data);
    await until(() => gatewayBackend.isPaused(), 'the tunnel pausing the backend leg');
    // What the gateway holds for the slow client is bounded by one read, not by what the backend sent.
    expect(gatewayClient.writableLength).toBeLessThan(4 * 1024 * 1024);
    expect(backend.writableLength).toBeGreaterThan(0);

    const received: Buffer[] = [];
    let length = 0;
    client.on('data', (chunk: Buffer) => {
      received.push(chunk);
      length += chunk.length;
    });
    client.resume();
    await until(() => length >= data.length, 'all bytes reaching the client');
    expect(length).toBe(data.length);
    expect(sha(Buffer.concat(received))).toBe(sha(data));

    client.end();
    backend.end();
    const end = await tunnel.done;
    expect(end.bytesToClient).toBe(data.length);
    expect(end.messagesToClient).toBe(512);
    expect(end.bytesToBackend).toBe(0);
  });

  it('relays small writes in both directions as they come, each counted once', async () => {
    const [client, gatewayClient] = await socketPair();
    const [backend, gatewayBackend] = await socketPair();
    const tunnel = new Tunnel(gatewayClient, gatewayBackend, { closeGraceMs: 1000 });
    const head = Buffer.from([0x82, 0x80, 0, 0, 0, 0]); // an empty masked frame that came with the upgrade
    tunnel.start(head, Buffer.alloc(0));
    const fromClient: Buffer[] = [];
    const fromBackend: Buffer[] = [];
    backend.on('data', (c: Buffer) => fromClient.push(c));
    client.on('data', (c: Buffer) => fromBackend.push(c));

    // Ping-pong one small frame at a time: each must arrive before the next is sent.
    for (let i = 0; i < 50; i++) {
      const up = Buffer.from([0x81, 0x81, 0, 0, 0, 0, 65 + (i % 26)]);
      client.write(up);
      await until(() => Buffer.concat(fromClient).length === head.length + (i + 1) * up.length, `frame ${i} reaching the backend`);
      const down = Buffer.from([0x81, 0x01, 97 + (i % 26)]);
      backend.write(down);
      await until(() => Buffer.concat(fromBackend).length === (i + 1) * down.length, `frame ${i} reaching the client`);
    }
    client.end();
    backend.end();
    const end = await tunnel.done;
    expect(end.bytesToBackend).toBe(head.length + 50 * 7);
    expect(end.bytesToClient).toBe(50 * 3);
    expect(end.messagesToBackend).toBe(51);
    expect(end.messagesToClient).toBe(50);
  });

  it('reports its end to onEnd listeners and through done, also to those that ask after it ended', async () => {
    const [client, gatewayClient] = await socketPair();
    const [backend, gatewayBackend] = await socketPair();
    const tunnel = new Tunnel(gatewayClient, gatewayBackend, { closeGraceMs: 1000 });
    tunnel.start(Buffer.alloc(0), Buffer.alloc(0));
    const early: string[] = [];
    tunnel.onEnd((end) => early.push(end.initiator));
    client.write(Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8])); // close 1000 from the client
    client.end();
    backend.end();
    const end = await tunnel.done;
    expect(early).toEqual(['client']);
    expect(end.closeCode).toBe(1000);
    const late: number[] = [];
    tunnel.onEnd((e) => late.push(e.closeCode ?? 0));
    expect(late).toEqual([1000]);
    expect(await tunnel.done).toBe(end);
  });
});
