/**
 * A local stand-in for Azure OpenAI's realtime WebSocket endpoint: it accepts a handshake only with the
 * resource's `api-key` header and a `deployment` query parameter, opens with `session.created` naming
 * the deployment, and answers each client event with a `response.done` carrying it back.
 */
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface RealtimeStandIn {
  /** ws://127.0.0.1:port/openai/realtime */
  url: string;
  /** The handshakes accepted, as they arrived (the gateway's backend requests). */
  handshakes: Array<{ url: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

export async function startRealtimeStandIn(options: { apiKey: string; port?: number }): Promise<RealtimeStandIn> {
  const handshakes: RealtimeStandIn['handshakes'] = [];
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    path: '/openai/realtime',
    verifyClient: ({ req }, done) => {
      const deployment = new URL(req.url ?? '/', 'ws://stand-in').searchParams.get('deployment');
      if (req.headers['api-key'] !== options.apiKey) return done(false, 401, 'Access denied due to invalid subscription key or wrong API endpoint.');
      if (!deployment) return done(false, 404, 'The API deployment for this resource does not exist.');
      done(true);
    },
  });
  server.on('connection', (ws, req) => {
    handshakes.push({ url: req.url ?? '', headers: req.headers });
    const deployment = new URL(req.url ?? '/', 'ws://stand-in').searchParams.get('deployment');
    ws.send(JSON.stringify({ type: 'session.created', session: { model: deployment } }));
    ws.on('message', (data) => ws.send(JSON.stringify({ type: 'response.done', received: JSON.parse(data.toString()) as unknown })));
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/openai/realtime`,
    handshakes,
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
