/**
 * examples/jwt-chat end to end: the SignalR chat through the gateway, behind validate-jwt on the
 * access_token query parameter and a per-user rate-limit-by-key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJwtChat, type JwtChat } from '../../../examples/jwt-chat/start.js';
import { handshake } from './gateway-processes.js';
import { chatOnce } from '../../examples/hub-client.js';

let chat: JwtChat;

beforeAll(async () => {
  chat = await startJwtChat({
    gatewayPort: 0,
    webAppPort: 0,
    servicePort: 0,
    watch: false,
    connectionsPerMinute: 3,
    logger: { event: () => undefined, info: () => undefined, warn: () => undefined },
  });
});

afterAll(async () => {
  await chat?.close();
});

const chatAs = async (url: string, user: string, text: string): Promise<string[]> => {
  const m = await chatOnce(url, user, text);
  return [`${String(m.user)}: ${String(m.text)}`];
};

describe('examples/jwt-chat', () => {
  it('lets a user with a valid token chat through the SignalR service', async () => {
    expect(await chatAs(chat.urlFor('alice'), 'alice', 'hello')).toEqual(['alice: hello']);
  }, 30_000);

  it('refuses a missing, expired or foreign token with 401', async () => {
    const none = await handshake(chat.chatUrl);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({ statusCode: 401, message: 'JWT not present.' });
    const expired = await handshake(`${chat.chatUrl}?access_token=${chat.tokenFor('alice', { exp: Math.floor(Date.now() / 1000) - 60 })}`);
    expect(expired.status).toBe(401);
    const otherAudience = await handshake(`${chat.chatUrl}?access_token=${chat.tokenFor('alice', { aud: 'someone-else' })}`);
    expect([otherAudience.status, JSON.parse(otherAudience.body).message]).toEqual([401, 'Invalid JWT.']);
  }, 30_000);

  it('limits each user to a few connections a minute', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await handshake(chat.urlFor('bob')));
    expect(results.map((r) => r.status)).toEqual([101, 101, 101, 429]);
    expect(Number(results[3]!.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is not affected.
    expect((await handshake(chat.urlFor('carol'))).status).toBe(101);
  }, 30_000);
});
