/**
 * Traffic policies through real gateways: `onhandshake serve` processes, a WebSocket backend, and
 * (when installed) a real redis-server shared by two gateways.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { redisInstalled, startRedis, type RedisServer } from '../../store/redis-server.js';
import { handshake, serve, type ServeProcess } from './gateway-processes.js';

const dir = mkdtempSync(join(tmpdir(), 'onhandshake-gw-'));
let backend: WebSocketServer;
let backendUrl = '';
const running: ServeProcess[] = [];

function policyFile(name: string, inbound: string): string {
  const file = join(dir, name);
  writeFileSync(file, `<policies>\n<inbound>\n<base />\n${inbound}\n</inbound>\n<backend><base /></backend>\n<outbound><base /></outbound>\n<on-error><base /></on-error>\n</policies>\n`);
  return file;
}

async function gateway(file: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  const g = await serve(file, backendUrl, env);
  running.push(g);
  return g;
}

beforeAll(async () => {
  backend = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => backend.once('listening', () => r()));
  backendUrl = `ws://127.0.0.1:${(backend.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await Promise.all(running.map((g) => g.stop()));
  for (const c of backend.clients) c.terminate();
  await new Promise<void>((r) => backend.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves once the gateway's last store report is a (re)connection. */
async function connected(g: ServeProcess): Promise<void> {
  const last = () => g.stderr().split('\n').filter((l) => l.startsWith('onhandshake store:')).at(-1) ?? '';
  for (let i = 0; i < 400 && !/ connected$/.test(last()); i++) await new Promise((r) => setTimeout(r, 50));
  expect(last()).toMatch(/ connected$/);
}

const byUser = (calls: number) =>
  `<rate-limit-by-key calls="${calls}" renewal-period="60" counter-key="@(context.Request.Url.Query.GetValueOrDefault(&quot;user&quot;, &quot;&quot;))" />`;

describe('rate-limit-by-key through one gateway', () => {
  it('lets N handshakes through, then the N+1th gets 429 with Retry-After and APIM body', async () => {
    const g = await gateway(policyFile('one.xml', byUser(3)));
    for (let i = 0; i < 3; i++) expect((await handshake(`${g.url}/chat?user=alice`)).status).toBe(101);
    const refused = await handshake(`${g.url}/chat?user=alice`);
    expect(refused.status).toBe(429);
    const retry = Number(refused.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    expect(refused.headers['content-type']).toBe('application/json');
    expect(JSON.parse(refused.body)).toEqual({ statusCode: 429, message: `Rate limit is exceeded. Try again in ${retry} seconds.` });
    expect((await handshake(`${g.url}/chat?user=bob`)).status).toBe(101);
  }, 60_000);
});

const installed = redisInstalled();
if (!installed) console.log('skipped: redis-server not installed');

describe.skipIf(!installed)('two gateways sharing a real redis-server', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = (await startRedis())!;
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('enforce one limit together', async () => {
    const file = policyFile('shared.xml', byUser(4));
    const env = { ONHANDSHAKE_STORE: redis.url };
    const [a, b] = await Promise.all([gateway(file, env), gateway(file, env)]);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await handshake(`${(i % 2 ? a : b).url}/chat?user=carol`)).status);
    expect(statuses).toEqual([101, 101, 101, 101, 429, 429, 429, 429]);
    // Concurrent handshakes from both sides still total the limit: the Lua script is atomic.
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => handshake(`${(i % 2 ? a : b).url}/chat?user=dave`)));
    expect(burst.filter((r) => r.status === 101)).toHaveLength(4);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(6);
    await Promise.all([a.stop(), b.stop()]);
  }, 90_000);

  it('when Redis dies: fail-open lets handshakes through, fail-closed answers 500, both report it; recovery restores the limit', async () => {
    const file = policyFile('failover.xml', byUser(1));
    const [open, closed] = await Promise.all([
      gateway(file, { ONHANDSHAKE_STORE: redis.url, ONHANDSHAKE_STORE_FAILURE: 'open' }),
      gateway(file, { ONHANDSHAKE_STORE: redis.url, ONHANDSHAKE_STORE_FAILURE: 'closed' }),
    ]);
    // The store connects on first use: warm both gateways up and wait until each reports the connection.
    await Promise.all([handshake(`${open.url}/chat?user=warmup-open`), handshake(`${closed.url}/chat?user=warmup-closed`)]);
    await Promise.all([connected(open), connected(closed)]);
    expect((await handshake(`${open.url}/chat?user=erin`)).status).toBe(101);
    expect((await handshake(`${closed.url}/chat?user=erin`)).status).toBe(429);

    await redis.stop(true);
    const whileDown = [await handshake(`${open.url}/chat?user=erin`), await handshake(`${open.url}/chat?user=erin`)];
    expect(whileDown.map((r) => r.status)).toEqual([101, 101]);
    const refused = await handshake(`${closed.url}/chat?user=erin`);
    expect(refused.status).toBe(500);
    expect(JSON.parse(refused.body)).toMatchObject({ statusCode: 500, message: 'Internal server error' });
    expect(open.stderr()).toMatch(/onhandshake store: redis 127\.0\.0\.1:\d+.*\(traffic policies fail open\)/);
    expect(closed.stderr()).toMatch(/\(traffic policies fail closed\)/);

    await redis.restart();
    await Promise.all([connected(open), connected(closed)]);
    // A restarted Redis starts from zero (no persistence): one call, then the limit again.
    expect((await handshake(`${open.url}/chat?user=erin`)).status).toBe(101);
    expect((await handshake(`${closed.url}/chat?user=erin`)).status).toBe(429);
  }, 90_000);
});
