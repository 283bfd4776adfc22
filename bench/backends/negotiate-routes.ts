/**
 * Negotiate-style JSON answers, given at once, in the shapes policies/signalr-chat.xml reads:
 *   GET|POST /chat/negotiate    → {url, accessToken}: the chat web app redirecting to the service;
 *   POST     /client/negotiate  → {connectionId, connectionToken, …}: the service's negotiate.
 * The redirect points at the echo backend, which also serves /client/negotiate, as SignalR Service does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HOST } from '../lib/ports.js';

/** A JWT-shaped bearer token (its signature is not checked by anything in the benchmark). */
export const ACCESS_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwOi8vMTI3LjAuMC4xL2NsaWVudC8_aHViPWNoYXQiLCJleHAiOjQxMDI0NDQ4MDB9.' +
  'c2lnbmF0dXJlLW5vdC1jaGVja2VkLWJ5LXRoZS1iZW5jaG1hcms';

let sequence = 0;

function nextId(): string {
  return (++sequence).toString(36).padStart(8, '0');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Answers the request if it is a negotiate route; returns false to let the caller answer otherwise. */
export function answerNegotiate(req: IncomingMessage, res: ServerResponse, echoPort: number): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/chat/negotiate') {
    const query = `hub=chat&asrs.op=%2Fchat&asrs_request_id=${nextId()}`;
    // Drain any body first so the keep-alive connection stays usable.
    req.resume();
    req.once('end', () => json(res, 200, { url: `http://${HOST}:${echoPort}/client/?${query}`, accessToken: ACCESS_TOKEN }));
    return true;
  }
  if (path === '/client/negotiate') {
    req.resume();
    req.once('end', () => {
      if (req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) return json(res, 401, { error: 'missing bearer token' });
      const id = nextId();
      json(res, 200, {
        negotiateVersion: 1,
        connectionId: `c-${id}`,
        connectionToken: `t-${id}`,
        availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }],
      });
    });
    return true;
  }
  return false;
}
