/**
 * A configuration file with every scope, served for real: global → product → API → onHandshake merged
 * through <base/>, named values (inline, secret, ${ENV}), backends for backend-id, products and their
 * subscription keys (custom parameter names), and the product policy applied only with its subscription.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { startHost, type GatewayHost } from '../../src/serve/host.js';
import { firstMessage, refusal } from '../gateway/helpers.js';

let dir: string;
let backend: WebSocketServer;
let host: GatewayHost;
const lines: string[] = [];

const doc = (inbound: string): string => `<policies><inbound>${inbound}</inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>`;
const setQuery = (name: string, value: string): string => `<set-query-parameter name="${name}" exists-action="append"><value>${value}</value></set-query-parameter>`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oh-scopes-'));
  backend = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  backend.on('connection', (socket, req) => socket.send(req.url ?? ''));
  await new Promise((r) => backend.once('listening', r));
  const backendUrl = `ws://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  writeFileSync(join(dir, 'global.xml'), doc(setQuery('scope', 'global')));
  writeFileSync(join(dir, 'gold.xml'), doc(`<base />${setQuery('scope', 'product')}`));
  writeFileSync(join(dir, 'chat.xml'), doc(`<base />${setQuery('scope', 'operation')}${setQuery('region', '{{region-name}}')}${setQuery('secret', '{{api-secret}}')}<set-backend-service backend-id="chat-backend" />`));
  writeFileSync(
    join(dir, 'gateway.yaml'),
    [
      'listen: { port: 0 }',
      'service: { name: scopes-test, region: Test Region }',
      'namedValues:',
      '  region-name: ${REGION_FROM_ENV}',
      '  api-secret: { value: very-secret-value, secret: true }',
      'policies: { global: global.xml }',
      `backends: { chat-backend: "${backendUrl}/from-backend-id" }`,
      'products:',
      '  - id: gold',
      '    policy: gold.xml',
      '    subscriptions: [{ id: sub1, primaryKey: gold-key-1 }]',
      'apis:',
      '  - name: chat',
      '    path: /chat',
      `    serviceUrl: "${backendUrl}/default"`,
      '    policy: chat.xml',
      '    products: [gold]',
      '    subscriptionRequired: false',
      '    subscriptionKeyParameterNames: { header: api-key, query: api-key }',
    ].join('\n'),
  );
  host = await startHost({
    configFile: join(dir, 'gateway.yaml'),
    env: { REGION_FROM_ENV: 'emea' },
    watch: false,
    logger: { event: (e) => lines.push(JSON.stringify(e)), info: () => undefined, warn: (m) => lines.push(m) },
  });
});

afterAll(async () => {
  await host.close(0);
  await new Promise((r) => backend.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const backendSees = async (path: string): Promise<URL> => new URL(await firstMessage(`${host.address.url}${path}`), 'ws://backend');

describe('configuration scopes, served', () => {
  it('without a subscription: global then operation scope, named values, backend-id', async () => {
    const seen = await backendSees('/chat');
    expect(seen.pathname).toBe('/from-backend-id');
    expect(seen.searchParams.getAll('scope')).toEqual(['global', 'operation']);
    expect(seen.searchParams.get('region')).toBe('emea');
    expect(seen.searchParams.get('secret')).toBe('very-secret-value');
  });

  it('with the product\'s subscription key (custom parameter name): the product scope runs too', async () => {
    const seen = await backendSees('/chat?api-key=gold-key-1');
    expect(seen.searchParams.getAll('scope')).toEqual(['global', 'product', 'operation']);
  });

  it('refuses a wrong key even though the API does not require one', async () => {
    expect((await refusal(`${host.address.url}/chat?api-key=wrong`)).status).toBe(401);
  });

  it('masks the secret named value and the subscription key in the log', () => {
    const all = lines.join('\n');
    expect(all).not.toContain('very-secret-value');
    expect(all).not.toContain('gold-key-1');
    expect(all).toContain('ConnectionEstablished');
  });
});
