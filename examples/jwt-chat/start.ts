/**
 * The SignalR chat protected by validate-jwt (token in the `access_token` query parameter) and a
 * per-user rate-limit-by-key: starts the chat stand-ins and the gateway with examples/jwt-chat's
 * configuration, mints a token per user with the same key, and prints how to connect.
 * Environment: GATEWAY_PORT (8080), CHAT_APP_PORT (5080), SIGNALR_PORT (5081), CONNECTIONS_PER_MINUTE (5),
 * JWT_SIGNING_KEY (Base64; default: a new random key), ONHANDSHAKE_STORE (memory, or redis://… to share limits).
 */
import { createSecretKey, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { signJwt } from '../../src/access/jwt-sign.js';
import { startChat, projectRoot, runChatUntilSignal, chatPortsFromEnv, type Chat, type ChatOptions } from '../signalr-chat/start.js';
import { runIfMain } from '../../src/common/run-main.js';

export interface JwtChat extends Chat {
  /** A token for `user`, valid for an hour (what a real identity provider would issue). */
  tokenFor(user: string, claims?: Record<string, unknown>): string;
  /** The chat URL with the user's token in the query. */
  urlFor(user: string): string;
}

export async function startJwtChat(options: ChatOptions & { signingKey?: string; connectionsPerMinute?: number } = {}): Promise<JwtChat> {
  const signingKey = options.signingKey ?? process.env.JWT_SIGNING_KEY ?? randomBytes(32).toString('base64');
  // The configuration reads its named values from the environment (startChat passes process.env on).
  process.env.JWT_SIGNING_KEY = signingKey;
  if (options.connectionsPerMinute !== undefined) process.env.CONNECTIONS_PER_MINUTE = String(options.connectionsPerMinute);
  const chat = await startChat({ ...options, configFile: options.configFile ?? join(projectRoot(), 'examples/jwt-chat/onhandshake.yaml') });
  const key = createSecretKey(Buffer.from(signingKey, 'base64'));
  const tokenFor = (user: string, claims: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return signJwt({ sub: user, aud: 'jwt-chat', iss: 'onhandshake-local', iat: now, exp: now + 3600, ...claims }, key, 'HS256');
  };
  return { ...chat, tokenFor, urlFor: (user) => `${chat.chatUrl}?access_token=${tokenFor(user)}` };
}

function banner(chat: JwtChat): string[] {
  const perMinute = process.env.CONNECTIONS_PER_MINUTE ?? '5';
  return [
    'SignalR chat behind validate-jwt and rate-limit-by-key (no Azure):',
    `  gateway     ${chat.chatUrl}`,
    `  signing key ${process.env.JWT_SIGNING_KEY} (HS256, audience jwt-chat, issuer onhandshake-local)`,
    `  limit       ${perMinute} connections per user per minute`,
    '',
    'Connect as alice and bob (two terminals):',
    `  npx tsx examples/signalr-chat/client.ts '${chat.urlFor('alice')}' alice`,
    `  npx tsx examples/signalr-chat/client.ts '${chat.urlFor('bob')}' bob`,
    'Without a token (401):',
    `  npx tsx examples/signalr-chat/client.ts '${chat.chatUrl}' mallory`,
    'Mint other tokens:',
    `  npx tsx src/cli/main.ts token --key '${process.env.JWT_SIGNING_KEY}' --sub carol --aud jwt-chat --iss onhandshake-local`,
    '',
    'Ctrl+C stops.',
    '',
  ];
}

runIfMain(import.meta.url, 'jwt-chat', () => runChatUntilSignal(() => startJwtChat(chatPortsFromEnv()), banner));
