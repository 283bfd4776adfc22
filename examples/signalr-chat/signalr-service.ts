/**
 * A local, protocol-faithful stand-in for Azure SignalR Service (client side of it):
 *  - POST /client/negotiate?hub=…&asrs.op=…&negotiateVersion=1&asrs_request_id=…  with
 *    `Authorization: Bearer <token the web app minted>` → {negotiateVersion, connectionId, connectionToken,
 *    availableTransports};
 *  - GET /client/?hub=…&id=<connectionToken>&access_token=<token> (or Authorization: Bearer) upgraded to a WebSocket speaking the JSON
 *    hub protocol; `SendMessage(user, text)` is broadcast to every client of the hub as `ReceiveMessage`.
 * Tokens are HS256 JWTs signed with the service's access key, audience `<service>/client/?hub=<hub>`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes, randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { verifyHs256 } from './jwt.js';
import { MessageType, record, splitRecords, type HubMessage } from './hub-protocol.js';

export interface SignalRServiceOptions {
  accessKey: string;
  host?: string;
  port?: number;
  /** How long a negotiated connection token may wait for its WebSocket (Azure: a few seconds to minutes). */
  connectionTokenTtlMs?: number;
  /** Server keep-alive pings (SignalR default 15 s). */
  keepAliveIntervalMs?: number;
}

interface PendingConnection {
  connectionId: string;
  hub: string;
  userId: string;
  expiresAt: number;
}

interface HubClient {
  socket: WebSocket;
  connectionId: string;
  userId: string;
  hub: string;
  handshaken: boolean;
  buffered: string;
}

export interface SignalRService {
  /** Base URL, e.g. http://127.0.0.1:5081 (the web app points clients at `${url}/client/?hub=…`). */
  readonly url: string;
  /** Live hub connections (after the WebSocket upgrade). */
  connectionCount(): number;
  close(): Promise<void>;
}

export function clientAudience(serviceUrl: string, hub: string): string {
  return `${serviceUrl}/client/?hub=${hub.toLowerCase()}`;
}

export async function startSignalRService(options: SignalRServiceOptions): Promise<SignalRService> {
  const pending = new Map<string, PendingConnection>();
  const clients = new Set<HubClient>();
  const wss = new WebSocketServer({ noServer: true });
  const ttl = options.connectionTokenTtlMs ?? 60_000;
  let baseUrl = '';

  const authenticate = (token: string | undefined, hub: string): { userId: string } | { error: string } => {
    if (!token) return { error: 'No access token' };
    const check = verifyHs256(token, options.accessKey, clientAudience(baseUrl, hub));
    if (!check.ok) return { error: `Invalid access token: ${check.reason}` };
    const userId = check.claims['nameid'];
    return { userId: typeof userId === 'string' ? userId : '' };
  };

  const negotiate = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const hub = url.searchParams.get('hub');
    if (!hub) return reply(res, 400, 'text/plain', 'The hub query parameter is required.');
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
    const who = authenticate(bearer, hub);
    if ('error' in who) return reply(res, 401, 'text/plain', who.error, { 'WWW-Authenticate': 'Bearer' });
    const connectionId = randomBytes(16).toString('base64url');
    const connectionToken = randomBytes(16).toString('base64url');
    pending.set(connectionToken, { connectionId, hub: hub.toLowerCase(), userId: who.userId, expiresAt: Date.now() + ttl });
    reply(res, 200, 'application/json', JSON.stringify({
      negotiateVersion: 1,
      connectionId,
      connectionToken,
      availableTransports: [
        { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
        { transport: 'ServerSentEvents', transferFormats: ['Text'] },
        { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
      ],
    }));
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/client/negotiate' && req.method === 'POST') return negotiate(req, res, url);
    if (url.pathname === '/client/negotiate') return reply(res, 405, 'text/plain', 'Use POST.', { Allow: 'POST' });
    reply(res, 404, 'text/plain', 'Not found.');
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${statusText(status)}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
    };
    if (url.pathname !== '/client/' && url.pathname !== '/client') return refuse(404, 'Not found.');
    const hub = url.searchParams.get('hub') ?? '';
    // Browsers cannot set headers on WebSockets and send access_token in the query; other clients
    // (the SignalR client in Node) send the Authorization header. Azure accepts both.
    const header = req.headers.authorization;
    const token = url.searchParams.get('access_token') ?? (header?.startsWith('Bearer ') ? header.slice(7) : undefined);
    const who = authenticate(token, hub);
    if ('error' in who) return refuse(401, who.error);
    const id = url.searchParams.get('id') ?? '';
    const connection = pending.get(id);
    if (!connection || connection.expiresAt < Date.now() || connection.hub !== hub.toLowerCase()) {
      return refuse(404, 'No Connection with that ID');
    }
    pending.delete(id);
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, connection));
  });

  const accept = (socket: WebSocket, connection: PendingConnection): void => {
    const client: HubClient = { socket, connectionId: connection.connectionId, userId: connection.userId, hub: connection.hub, handshaken: false, buffered: '' };
    clients.add(client);
    const ping = setInterval(() => client.handshaken && socket.send(record({ type: MessageType.Ping })), options.keepAliveIntervalMs ?? 15_000);
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return closeWith(client, 'Binary frames are not supported by the JSON hub protocol.');
      const { records, rest } = splitRecords(client.buffered + data.toString());
      client.buffered = rest;
      for (const text of records) onRecord(client, text);
    });
    socket.on('close', () => {
      clearInterval(ping);
      clients.delete(client);
    });
    socket.on('error', () => socket.terminate());
  };

  const onRecord = (client: HubClient, text: string): void => {
    let message: HubMessage & { protocol?: string; version?: number };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return closeWith(client, 'Invalid JSON in hub message.');
    }
    if (!client.handshaken) {
      if (message.protocol !== 'json' || message.version !== 1) {
        client.socket.send(record({ error: `The protocol '${String(message.protocol)}' version ${String(message.version)} is not supported.` }));
        client.socket.close(1000);
        return;
      }
      client.handshaken = true;
      client.socket.send(record({}));
      return;
    }
    const handler = handlers[message.type];
    if (handler) handler(client, message);
  };

  const handlers: Record<number, (client: HubClient, message: HubMessage) => void> = {
    [MessageType.Invocation]: (client, message) => {
      if (message.target !== 'SendMessage') {
        if (message.invocationId) client.socket.send(record({ type: MessageType.Completion, invocationId: message.invocationId, error: `Unknown hub method '${String(message.target)}'` }));
        return;
      }
      const out = record({ type: MessageType.Invocation, target: 'ReceiveMessage', arguments: message.arguments ?? [] });
      for (const other of clients) if (other.handshaken && other.hub === client.hub) other.socket.send(out);
      if (message.invocationId) client.socket.send(record({ type: MessageType.Completion, invocationId: message.invocationId, result: null }));
    },
    [MessageType.Ping]: () => undefined,
    [MessageType.Close]: (client) => client.socket.close(1000),
  };

  const closeWith = (client: HubClient, error: string): void => {
    client.socket.send(record({ type: MessageType.Close, error, allowReconnect: false }));
    client.socket.close(1000);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('SignalR service: no TCP address');
  baseUrl = `http://${formatHost(address.address)}:${address.port}`;

  return {
    url: baseUrl,
    connectionCount: () => clients.size,
    close: async () => {
      for (const client of clients) {
        client.socket.send(record({ type: MessageType.Close, error: 'Service is shutting down.', allowReconnect: true }));
        client.socket.close(1001, 'Service is shutting down');
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        setTimeout(() => { for (const c of clients) c.socket.terminate(); }, 500).unref();
      });
    },
  };
}

export const newRequestId = (): string => randomUUID().replace(/-/g, '');

function reply(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function statusText(status: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found' } as Record<number, string>)[status] ?? 'Error';
}

export function formatHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}
