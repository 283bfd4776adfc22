/**
 * A Redis server that answers nonsense: the parser refuses what is not RESP, and the store reports every
 * answer it cannot read as unavailable (so storeFailure decides), never as a decision such as "limit reached".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RespParser, RespProtocolError } from '../../src/store/resp.js';
import { RedisStore, parseRedisUrl } from '../../src/store/redis.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { GARBAGE, garbageServer } from './garbage-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('RespParser and nonsense', () => {
  it.each([
    ['*hello\r\n', /not an integer/],
    [':12abc\r\n', /not an integer/],
    ['$x\r\n', /not an integer/],
    ['$2\r\nabcd\r\n', /not followed by CRLF/],
    [`$${2 ** 40}\r\n`, /bulk string of/],
    ['HTTP/1.1 400 Bad Request\r\n', /unexpected RESP type/],
  ])('refuses %j', (wire, message) => {
    expect(() => new RespParser().push(Buffer.from(wire))).toThrow(RespProtocolError);
    expect(() => new RespParser().push(Buffer.from(wire))).toThrow(message);
  });

  it('refuses a line that never ends instead of buffering it forever', () => {
    const parser = new RespParser();
    expect(parser.push(Buffer.from('+' + 'x'.repeat(1000)))).toEqual([]);
    expect(() => parser.push(Buffer.alloc(70 * 1024, 'x'))).toThrow(/longer than/);
  });
});

describe('RedisStore against a server answering nonsense', () => {
  for (const [kind, reply] of Object.entries(GARBAGE)) {
    it(`${kind}: the store is unavailable, not a refusal`, async () => {
      const server = await garbageServer(reply);
      const store = new RedisStore(parseRedisUrl(server.url), { commandTimeoutMs: 1000 });
      cleanups.push(() => server.close(), () => store.close());
      await expect(store.rateLimitHit('k', 5, 60_000, 1, Date.now())).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.quotaHit('k', { calls: 5 }, { id: 1, endsAt: Date.now() + 60_000 }, 1)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.acquireSlot('k', 5, Date.now())).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  }
});
