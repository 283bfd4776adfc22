/**
 * Process entry: the "common Node peer" — an http-proxy WebSocket proxy, with policies (a) and (b)
 * hand-written in JavaScript as a developer without onhandshake would write them. It answers on
 * /plain (no policy), /a and /b. Prints `{"ready":true,"port":…}` once listening.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import httpProxy from 'http-proxy';
import { request } from 'undici';

const port = Number(process.env.BENCH_PORT ?? 0);
const echo = `ws://127.0.0.1:${process.env.BENCH_ECHO_PORT}`;
const negotiateBase = `http://127.0.0.1:${process.env.BENCH_NEGOTIATE_PORT}`;

const proxy = httpProxy.createProxyServer({ ws: true, xfwd: true });
proxy.on('error', (_err, _req, res) => {
  // For upgrades `res` is the client socket.
  (res as unknown as Socket).destroy?.();
});

type Policy = (req: IncomingMessage, query: URLSearchParams) => Promise<{ target: string; path: string }>;

const policies: Record<string, Policy> = {
  '/plain': async (_req, query) => ({ target: echo, path: `/plain?${query}` }),
  '/a': async (req, query) => {
    query.set('bench-policy', 'a');
    req.headers['x-request-source'] = req.headers['user-agent'] ?? 'unknown';
    query.set('tier', query.get('room') === 'vip' ? 'gold' : 'standard');
    req.headers['x-tenant'] = query.get('tenant') ?? 'default';
    query.set('client', req.socket.remoteAddress ?? '');
    return { target: echo, path: `/a?${query}` };
  },
  // The steps of policies/signalr-chat.xml, in JavaScript.
  '/b': async (_req, query) => {
    const app = await request(`${negotiateBase}/chat/negotiate?negotiateVersion=1`, { method: 'GET' });
    if (app.statusCode !== 200) throw new Error(`web app answered ${app.statusCode}`);
    const redirect = (await app.body.json()) as { url: string; accessToken: string };
    const service = new URL(redirect.url);
    const hub = service.searchParams.get('hub') ?? '';
    const op = service.searchParams.get('asrs.op') ?? '';
    const requestId = service.searchParams.get('asrs_request_id') ?? '';
    const negotiate = new URL(`${service.origin}${service.pathname}negotiate`);
    negotiate.search = new URLSearchParams({ hub, 'asrs.op': op, negotiateVersion: '1', asrs_request_id: requestId }).toString();
    const answer = await request(negotiate, { method: 'POST', headers: { authorization: `Bearer ${redirect.accessToken}` } });
    if (answer.statusCode !== 200) throw new Error(`service answered ${answer.statusCode}`);
    const connection = (await answer.body.json()) as { connectionToken: string };
    query.set('hub', hub);
    query.set('asrs.op', op);
    query.set('negotiateVersion', '1');
    query.set('asrs_request_id', requestId);
    query.set('id', connection.connectionToken);
    query.set('access_token', redirect.accessToken);
    return { target: `ws://${service.host}`, path: `${service.pathname}?${query}` };
  },
};

const server = createServer((_req, res) => {
  res.writeHead(426, { 'content-type': 'text/plain' });
  res.end('WebSocket upgrade required\n');
});

server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
  const url = new URL(req.url ?? '/', 'http://proxy');
  const policy = policies[url.pathname];
  if (!policy) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  socket.on('error', () => socket.destroy());
  policy(req, url.searchParams).then(
    ({ target, path }) => {
      req.url = path;
      proxy.ws(req, socket, head, { target });
    },
    () => socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'),
  );
});

server.listen(port, '127.0.0.1', 4096, () => {
  const address = server.address();
  process.stdout.write(JSON.stringify({ ready: true, port: typeof address === 'object' && address ? address.port : port }) + '\n');
});

process.once('SIGTERM', () => process.exit(0));
const parent = process.ppid;
setInterval(() => {
  try {
    process.kill(parent, 0);
  } catch {
    process.exit(0);
  }
}, 1000).unref();
