/**
 * A local stand-in for the chat web app (an ASP.NET Core app using Azure SignalR Service).
 * `GET|POST /chat/negotiate?negotiateVersion=1` answers the SignalR Service redirect:
 * `{url: "<service>/client/?hub=chat&asrs.op=%2Fchat&asrs_request_id=…", accessToken}` where the token is an
 * HS256 JWT signed with the service's access key and whose audience is `<service>/client/?hub=chat`.
 * `GET /` serves a small chat page that connects through the gateway.
 */
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { signHs256 } from './jwt.js';
import { clientAudience, formatHost, newRequestId } from './signalr-service.js';
import { chatPage } from './chat-page.js';

export interface WebAppOptions {
  serviceUrl: string;
  accessKey: string;
  hub?: string;
  host?: string;
  port?: number;
  tokenLifetimeSeconds?: number;
  /** Where the chat page connects (the gateway's API URL); shown on the page. */
  gatewayUrl?: () => string | undefined;
}

export interface WebApp {
  readonly url: string;
  close(): Promise<void>;
}

export async function startWebApp(options: WebAppOptions): Promise<WebApp> {
  const hub = options.hub ?? 'chat';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/chat/negotiate' && (req.method === 'GET' || req.method === 'POST')) {
      const userId = `user-${randomBytes(3).toString('hex')}`;
      const now = Math.floor(Date.now() / 1000);
      const accessToken = signHs256(
        { aud: clientAudience(options.serviceUrl, hub), iat: now, nbf: now, exp: now + (options.tokenLifetimeSeconds ?? 3600), nameid: userId },
        options.accessKey,
      );
      const redirect = `${options.serviceUrl}/client/?hub=${hub}&asrs.op=${encodeURIComponent('/chat')}&asrs_request_id=${newRequestId()}`;
      const body = JSON.stringify({ url: redirect, accessToken });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (url.pathname === '/' && req.method === 'GET') {
      const page = chatPage(options.gatewayUrl?.() ?? '');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(page) });
      res.end(page);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Not found.');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('web app: no TCP address');
  return {
    url: `http://${formatHost(address.address)}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
