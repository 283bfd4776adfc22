/** The chat "web app": an HTTP server answering the negotiate routes at once, with keep-alive. */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { HOST } from '../lib/ports.js';
import { answerNegotiate } from './negotiate-routes.js';

export interface NegotiateServer {
  port: number;
  requests(): number;
  close(): Promise<void>;
}

export function startNegotiateServer(echoPort: number, port = 0): Promise<NegotiateServer> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    requests++;
    if (answerNegotiate(req, res, echoPort)) return;
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, 1024, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        requests: () => requests,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
