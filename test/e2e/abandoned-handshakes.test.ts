/**
 * Clients that hang up mid-handshake, and SIGTERM with handshakes in progress, against `onhandshake serve`
 * in its own process: a slow callout is aborted the moment its client leaves (the slot is free again and
 * `ClientAbandoned` is logged), and after the drain a shutdown aborts what is still pending and exits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { echoServer, type EchoServer } from '../gateway/helpers.js';
import { until } from './program.js';
import { rawSend, rawStatus, serveConfig, slowServer, upgradeRequest, type SlowServer } from './served-gateway.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Requests carrying X-Slow make a callout to the slow server (60 s timeout); the rest go straight to the echo backend. */
function files(slow: SlowServer, echo: EchoServer, limits: string): Record<string, string> {
  return {
    'gateway.yaml': `listen: { port: 0 }\nconsole: { enabled: false }\nlimits: ${limits}\napis:\n  - name: chat\n    path: /chat\n    serviceUrl: ${echo.url}\n    policy: ./chat.xml\n`,
    'chat.xml': `<policies><inbound><base />
      <choose><when condition="@(context.Request.Headers.ContainsKey(&quot;X-Slow&quot;))">
        <send-request mode="new" response-variable-name="r" timeout="60"><set-url>${slow.url}/slow</set-url><set-method>GET</set-method></send-request>
      </when></choose>
    </inbound></policies>`,
  };
}

async function servers(): Promise<{ slow: SlowServer; echo: EchoServer }> {
  const slow = await slowServer();
  const echo = await echoServer();
  cleanups.push(() => slow.close(), () => echo.close());
  return { slow, echo };
}

function openWebSocket(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('upgrade', (res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('clients that hang up mid-handshake', () => {
  it('300 connect-and-close attempts against a slow callout do not fill 20 slots: the next client gets 101', async () => {
    const { slow, echo } = await servers();
    const gateway = await serveConfig(files(slow, echo, '{ maxConnections: 20 }'));
    const slowUpgrade = upgradeRequest('/chat', ['Host: 127.0.0.1', 'X-Slow: 1']);
    for (let round = 0; round < 15; round++) {
      const before = slow.received;
      const sockets = await Promise.all(Array.from({ length: 20 }, () => rawSend(gateway.port, slowUpgrade)));
      // Each handshake's callout has reached the slow server: the policy is running when the client leaves.
      await until(() => slow.received >= before + 20, `round ${round}: 20 callouts in flight`, 10_000);
      for (const socket of sockets) socket.destroy();
    }
    expect(slow.received).toBe(300);
    // Each client's callout was aborted (its connection to the slow server closed), not left to time out.
    await until(() => slow.abandoned >= 300, 'the 300 callouts aborted', 10_000);
    expect(await openWebSocket(`${gateway.url}/chat`)).toBe(101);
    await until(() => (gateway.program.stderr().match(/ClientAbandoned/g)?.length ?? 0) >= 300, 'ClientAbandoned logged 300 times');
    expect(gateway.program.stderr()).toMatch(/ClientAbandoned .*error: ClientConnectionFailure: the client left during the handshake/);
  });

  it('a client that half-closes (FIN) is abandoned too', async () => {
    const { slow, echo } = await servers();
    const gateway = await serveConfig(files(slow, echo, '{ maxConnections: 1 }'));
    const socket = await rawSend(gateway.port, upgradeRequest('/chat', ['Host: 127.0.0.1', 'X-Slow: 1']));
    await until(() => slow.received === 1, 'the callout in flight');
    socket.end();
    await until(() => slow.abandoned === 1, 'the callout aborted');
    expect(await openWebSocket(`${gateway.url}/chat`)).toBe(101);
  });
});

describe('SIGTERM with handshakes in progress', () => {
  it('answers 503 after drainMs, aborts the pending callout and exits within the drain and a small slack', async () => {
    const { slow, echo } = await servers();
    const gateway = await serveConfig(files(slow, echo, '{ drainMs: 500 }'));
    const answer = rawStatus(gateway.port, upgradeRequest('/chat', ['Host: 127.0.0.1', 'X-Slow: 1']), 20_000);
    await until(() => slow.received === 1, 'the callout in flight');
    const signalled = Date.now();
    gateway.program.child.kill('SIGTERM');
    expect(await gateway.program.exit).toBe(0);
    const tookMs = Date.now() - signalled;
    expect(tookMs).toBeLessThan(500 + 2_500);
    expect(tookMs).toBeGreaterThanOrEqual(450);
    expect((await answer).status).toBe(503);
    expect(slow.abandoned).toBe(1);
    expect(gateway.program.stderr()).toMatch(/HandshakeRejected .*status=503 error: the gateway shut down before the handshake completed/);
  });

  it('aborts a backend connect that hangs after drainMs, and exits', async () => {
    // A backend that accepts the TCP connection and never answers the WebSocket handshake.
    const held = new Set<Socket>();
    const silent = createServer((socket) => {
      held.add(socket);
      socket.resume(); // read the request (and so see the gateway's FIN), answer nothing
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => {
      for (const socket of held) socket.destroy();
      silent.close(() => resolve());
    }));
    const gateway = await serveConfig({
      'gateway.yaml': `listen: { port: 0 }\nconsole: { enabled: false }\nlimits: { drainMs: 500 }\napis:\n  - name: chat\n    path: /chat\n    serviceUrl: ws://127.0.0.1:${(silent.address() as AddressInfo).port}\n`,
    });
    const answer = rawStatus(gateway.port, upgradeRequest('/chat', ['Host: 127.0.0.1']), 20_000);
    await until(() => held.size === 1, 'the backend connect in flight');
    const signalled = Date.now();
    gateway.program.child.kill('SIGTERM');
    expect(await gateway.program.exit).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(500 + 2_500);
    expect((await answer).status).toBe(503);
    expect(gateway.program.stderr()).toMatch(/HandshakeRejected .*status=503 error: the gateway shut down before the handshake completed/);
  });
});
