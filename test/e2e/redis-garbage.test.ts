/**
 * A Redis server answering nonsense behind `onhandshake serve`: with `storeFailure: open` rate-limit lets
 * the handshake through (101, not 429); with `storeFailure: closed` it fails as docs/access-policies.md
 * says, APIM's 500 (reason StoreUnavailable).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { echoServer } from '../gateway/helpers.js';
import { GARBAGE, garbageServer } from '../store/garbage-server.js';
import { until } from './program.js';
import { rawStatus, serveConfig, upgradeRequest } from './served-gateway.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function gatewayWithGarbageRedis(reply: Buffer, failure: 'open' | 'closed'): Promise<{ port: number; stderr: () => string; answered: () => number }> {
  const redis = await garbageServer(reply);
  const echo = await echoServer();
  cleanups.push(() => redis.close(), () => echo.close());
  const gateway = await serveConfig({
    'gateway.yaml': `listen: { port: 0 }\nconsole: { enabled: false }\nstore: ${redis.url}\nstoreFailure: ${failure}\napis:\n  - name: chat\n    path: /chat\n    serviceUrl: ${echo.url}\n    policy: ./chat.xml\n`,
    'chat.xml': '<policies><inbound><base /><rate-limit-by-key calls="5" renewal-period="60" counter-key="@(context.Request.IpAddress)" /></inbound></policies>',
  });
  return { port: gateway.port, stderr: () => gateway.program.stderr(), answered: () => redis.answered };
}

const handshake = (port: number) => rawStatus(port, upgradeRequest('/chat', ['Host: 127.0.0.1']));

describe('a Redis server answering nonsense', () => {
  for (const kind of ['an array with a count that is no number', 'an integer that is no number', 'an empty array', 'random bytes']) {
    it(`fail-open, ${kind}: the handshake goes through`, async () => {
      const gateway = await gatewayWithGarbageRedis(GARBAGE[kind]!, 'open');
      for (let i = 0; i < 3; i++) expect((await handshake(gateway.port)).status).toBe(101);
      expect(gateway.answered()).toBeGreaterThan(0);
    });
  }

  it('fail-closed: the handshake fails with APIM\'s 500 and the log says the store is unavailable', async () => {
    const gateway = await gatewayWithGarbageRedis(GARBAGE['an array with a count that is no number']!, 'closed');
    const answer = await handshake(gateway.port);
    expect(answer.status).toBe(500);
    expect(answer.text).toContain('"message":"Internal server error"');
    expect(gateway.answered()).toBeGreaterThan(0);
    await until(() => /HandshakeRejected .*status=500 error: rate-limit-by-key: StoreUnavailable: The redis store is unavailable/.test(gateway.stderr()), 'the log line');
  });
});
