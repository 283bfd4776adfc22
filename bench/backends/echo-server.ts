/**
 * The echo WebSocket backend: a minimal raw-frame server. Every frame one socket read completes is
 * echoed in a single write (or one corked writev for large payloads), so the echo costs little and the
 * proxy in front of it, not the backend, is what a benchmark measures.
 * `GET /stats` answers what it has seen (handshakes, and which policy shaped them). It also answers the
 * service's `/client/negotiate`, as SignalR Service does on the host its WebSocket lives on.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { FrameError, FrameReader, Opcode, acceptKey, serverFrameHeader, type Frame } from '../lib/frames.js';
import { HOST } from '../lib/ports.js';
import { answerNegotiate } from './negotiate-routes.js';

export interface EchoStats {
  handshakes: number;
  open: number;
  /** Handshakes by policy marker: the `bench-policy` query parameter, 'signalr' for id + access_token, else ''. */
  byPolicy: Record<string, number>;
  protocolErrors: number;
}

export interface EchoServer {
  port: number;
  stats(): EchoStats;
  close(): Promise<void>;
}

/** Small echoes are copied into one buffer; above this, payloads go out by writev without a copy. */
const COPY_LIMIT = 16 * 1024;
/**
 * Reading pauses only when this much echo is waiting to be written. The load generator bounds what is
 * in flight per connection, so the echo need not stop reading at every full socket buffer: stopping
 * would make client and echo take turns, and the echo, not the proxy, would set the pace.
 */
const PAUSE_ABOVE_BYTES = 8 * 1024 * 1024;

function echoFrames(socket: Socket, frames: Frame[]): 'open' | 'closing' {
  const parts: Buffer[] = [];
  let bytes = 0;
  let state: 'open' | 'closing' = 'open';
  for (const frame of frames) {
    let opcode = frame.opcode;
    if (opcode === Opcode.pong) continue;
    if (opcode === Opcode.ping) opcode = Opcode.pong;
    const header = serverFrameHeader(frame.fin, opcode, frame.payload.length);
    parts.push(header);
    bytes += header.length;
    if (frame.payload.length > 0) {
      parts.push(frame.payload);
      bytes += frame.payload.length;
    }
    if (opcode === Opcode.close) {
      state = 'closing';
      break;
    }
  }
  if (parts.length === 0) return state;
  if (bytes <= COPY_LIMIT) {
    socket.write(parts.length === 1 ? parts[0]! : Buffer.concat(parts, bytes));
  } else {
    socket.cork();
    for (const part of parts) socket.write(part);
    socket.uncork();
  }
  if (state === 'closing') socket.end();
  else if (socket.writableLength > PAUSE_ABOVE_BYTES && !socket.isPaused()) {
    // Backpressure for a client that does not read: stop reading until it has taken what we owe it.
    socket.pause();
    socket.once('drain', () => socket.resume());
  }
  return state;
}

function policyMarker(req: IncomingMessage): string {
  const query = new URL(req.url ?? '/', 'http://backend').searchParams;
  const marker = query.get('bench-policy');
  if (marker) return marker;
  return query.has('id') && query.has('access_token') ? 'signalr' : '';
}

export function startEchoServer(port = 0): Promise<EchoServer> {
  const stats: EchoStats = { handshakes: 0, open: 0, byPolicy: {}, protocolErrors: 0 };
  const sockets = new Set<Socket>();

  let boundPort = 0;
  const server: Server = createServer((req, res) => {
    if (answerNegotiate(req, res, boundPort)) return;
    if (req.url === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(stats));
      return;
    }
    res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
    res.end('WebSocket upgrade required\n');
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string' || (req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    stats.handshakes++;
    const marker = policyMarker(req);
    stats.byPolicy[marker] = (stats.byPolicy[marker] ?? 0) + 1;
    stats.open++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
    );
    const reader = new FrameReader();
    let state: 'open' | 'closing' = 'open';
    const onData = (chunk: Buffer): void => {
      if (state !== 'open') return;
      try {
        const frames = reader.push(chunk);
        if (frames.length > 0) state = echoFrames(socket, frames);
      } catch (err) {
        stats.protocolErrors++;
        const code = err instanceof FrameError ? err.closeCode : 1011;
        const payload = Buffer.alloc(2);
        payload.writeUInt16BE(code);
        socket.end(Buffer.concat([serverFrameHeader(true, Opcode.close, 2), payload]));
        state = 'closing';
      }
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => {
      stats.open--;
      sockets.delete(socket);
    });
    if (head.length > 0) onData(head);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, 4096, () => {
      const address = server.address();
      boundPort = typeof address === 'object' && address ? address.port : port;
      resolve({
        port: boundPort,
        stats: () => ({ ...stats, byPolicy: { ...stats.byPolicy } }),
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
