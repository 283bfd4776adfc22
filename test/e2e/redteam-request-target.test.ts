/**
 * Red team, after issue 13's hardening: one request line kills the gateway. A request-target in absolute
 * form with a broken authority (`GET http://[::1/chat HTTP/1.1`) makes `new URL(req.url, base)` throw
 * TypeError "Invalid URL" synchronously: in Gateway.onRequest for a plain request, in handleUpgrade for
 * an upgrade; nothing catches it, the process exits 1 and every client gets ECONNREFUSED. Any client that
 * can reach the port — on a shared staging gateway, anyone — can stop it, no policy or console needed.
 * (A well-formed absolute-form target, `GET http://evil.example/chat`, gets 500 "Internal server error"
 * instead of being routed by its path as RFC 9112 §3.2.2 asks, or refused with 400.)
 *
 * Fixed in src/gateway/request-target.ts: every target is made origin-form before anything reads it; an
 * absolute-form one is routed by its path, one that is neither a path nor a valid absolute URL gets 400.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { echoServer } from '../gateway/helpers.js';
import { KEY, rawStatus, serveConfig, type ServedGateway } from './served-gateway.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function gateway(): Promise<ServedGateway> {
  const echo = await echoServer();
  cleanups.push(() => echo.close());
  return serveConfig({ 'gateway.yaml': `listen: { port: 0 }\nconsole: { enabled: false }\napis:\n  - name: chat\n    path: /chat\n    serviceUrl: ${echo.url}\n` });
}

/** The gateway process still runs and a plain client still gets 101. */
async function expectUp(gw: ServedGateway): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  expect(gw.program.child.exitCode, `the gateway exited: ${gw.program.stderr().slice(0, 300)}`).toBeNull();
  const ws = new WebSocket(`${gw.url}/chat`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.terminate();
}

const upgrade = (target: string, port: number): string =>
  [`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${KEY}`, '', ''].join('\r\n');

describe('red team: request-targets that are not paths', () => {
  it('a plain GET http://[::1/chat gets 400 and the gateway stays up', async () => {
    const gw = await gateway();
    const answer = await rawStatus(gw.port, `GET http://[::1/chat HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\n\r\n`);
    expect(answer.status).toBe(400);
    await expectUp(gw);
  }, 60_000);

  it('an upgrade to http://[::1/chat gets 400 and the gateway stays up', async () => {
    const gw = await gateway();
    const answer = await rawStatus(gw.port, upgrade('http://[::1/chat', gw.port));
    expect(answer.status).toBe(400);
    await expectUp(gw);
  }, 60_000);

  it('an upgrade to an absolute-form target is routed by its path (101) or refused with 400, not 500', async () => {
    const gw = await gateway();
    const answer = await rawStatus(gw.port, upgrade(`http://127.0.0.1:${gw.port}/chat`, gw.port));
    expect([101, 400]).toContain(answer.status);
    await expectUp(gw);
  }, 60_000);
});
