/**
 * A WebSocket echo server for the observability example: the backend of its `echo` API. It prints the
 * `traceparent` each handshake brings, which names the gateway's `backend connect` span.
 * Run: npx tsx examples/observability/echo-backend.ts   (ECHO_PORT, default 9001)
 */
import { WebSocketServer } from 'ws';

const port = Number(process.env.ECHO_PORT ?? 9001);
const server = new WebSocketServer({ host: '127.0.0.1', port });
server.on('headers', (_headers, req) => console.log(`handshake from the gateway, traceparent: ${req.headers.traceparent ?? '(none)'}`));
server.on('connection', (socket) => socket.on('message', (data, binary) => socket.send(data, { binary })));
server.on('listening', () => console.log(`echo backend on ws://127.0.0.1:${port}/`));
