import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfigFile, loadConfigText } from '../../src/config/load.js';
import { quickConfig } from '../../src/config/quick.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oh-config-'));
  writeFileSync(join(dir, 'chat.xml'), '<policies><inbound><base /></inbound></policies>');
  writeFileSync(join(dir, 'global.xml'), '<policies><inbound /></policies>');
  writeFileSync(join(dir, 'secret.txt'), 'from-a-file\n');
  writeFileSync(join(dir, 'nv.yaml'), 'shared: one\nhidden: { value: two, secret: true }\n');
  mkdirSync(join(dir, 'fragments'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (text: string, env: NodeJS.ProcessEnv = {}) => loadConfigText(text, join(dir, 'onhandshake.yaml'), env);
const errors = (text: string, env: NodeJS.ProcessEnv = {}) => load(text, env).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);

describe('configuration file', () => {
  it('reads every section, resolving paths against the file and ${ENV} references', () => {
    const { config, diagnostics } = load(
      [
        'listen: { host: 127.0.0.1, port: "${PORT:-9090}" }',
        'service: { name: contoso, region: West Europe }',
        'namedValuesFile: nv.yaml',
        'namedValues:',
        '  App-Url: ${APP_URL}',
        '  key: { value: "${KEY}", secret: true }',
        '  cert: { file: secret.txt, secret: true }',
        'fragments: fragments',
        'policies: { global: global.xml }',
        'backends: { chat: "wss://chat.example.net/client/" }',
        'products:',
        '  - id: starter',
        '    name: Starter',
        '    subscriptions:',
        '      - { id: alice, primaryKey: k1, secondaryKey: k2 }',
        'apis:',
        '  - name: chat',
        '    path: /chat',
        '    serviceUrl: ws://127.0.0.1:5081/client/',
        '    policy: chat.xml',
        '    products: [starter]',
        '    subscriptionKeyParameterNames: { header: api-key, query: api-key }',
        'limits: { idleTimeoutMs: 1000, maxConnections: 10 }',
        'logging: { json: true, events: false }',
      ].join('\n'),
      { APP_URL: 'http://127.0.0.1:5080', KEY: 's3cret' },
    );
    expect(diagnostics).toEqual([]);
    expect(config!.listen).toEqual({ host: '127.0.0.1', port: 9090 });
    expect(config!.service).toEqual({ name: 'contoso', region: 'West Europe' });
    expect(config!.namedValues.get('app-url')?.value).toBe('http://127.0.0.1:5080');
    expect(config!.namedValues.get('key')).toMatchObject({ value: 's3cret', secret: true });
    expect(config!.namedValues.get('cert')).toMatchObject({ value: 'from-a-file', secret: true });
    expect(config!.namedValues.get('hidden')).toMatchObject({ value: 'two', secret: true });
    expect(config!.namedValues.get('shared')?.value).toBe('one');
    expect(config!.fragments).toBe(join(dir, 'fragments'));
    expect(config!.policies.global).toBe(join(dir, 'global.xml'));
    expect(config!.backends.get('chat')).toBe('wss://chat.example.net/client/');
    expect(config!.products[0]).toMatchObject({ id: 'starter', name: 'Starter', subscriptionRequired: true });
    expect(config!.products[0]!.subscriptions[0]).toMatchObject({ id: 'alice', primaryKey: 'k1', secondaryKey: 'k2', state: 'active' });
    expect(config!.apis[0]).toMatchObject({ name: 'chat', path: '/chat', policy: join(dir, 'chat.xml'), products: ['starter'], subscriptionRequired: true, subscriptionKeyParameterNames: { header: 'api-key', query: 'api-key' } });
    expect(config!.limits).toEqual({ idleTimeoutMs: 1000, maxConnections: 10 });
    expect(config!.logging).toEqual({ json: true, events: false });
    expect(config!.watched).toEqual(expect.arrayContaining([join(dir, 'chat.xml'), join(dir, 'global.xml'), join(dir, 'nv.yaml')]));
  });

  it('reads the same configuration written as JSON', () => {
    const { config, diagnostics } = loadConfigText(JSON.stringify({ apis: [{ name: 'a', path: '/a', serviceUrl: 'ws://127.0.0.1:1/' }] }), join(dir, 'c.json'));
    expect(diagnostics).toEqual([]);
    expect(config!.apis[0]!.subscriptionRequired).toBe(false);
    expect(config!.listen.port).toBe(8080);
  });

  it('loads the commented example configuration of examples/signalr-chat', () => {
    const { config, diagnostics } = loadConfigFile(resolve('examples/signalr-chat/onhandshake.yaml'), { CHAT_APP_URL: 'http://127.0.0.1:1' });
    expect(diagnostics).toEqual([]);
    expect(config!.apis[0]!.policy).toBe(resolve('policies/signalr-chat.xml'));
    expect(config!.namedValues.get('chat-app-url')?.value).toBe('http://127.0.0.1:1');
  });

  it.each([
    ['an unknown key, with the nearest known one', 'apis: []\nlisten: { prot: 1 }', '2:11 OH602 unknown key \'prot\' in listen (did you mean \'port\'?)'],
    ['an unknown top-level key', 'apiz: []\n', "1:1 OH602 unknown key 'apiz' in the configuration (did you mean 'apis'?)"],
    ['a port out of range', 'apis: []\nlisten:\n  port: 70000', '3:9 OH608 listen.port must be an integer from 0 to 65535'],
    ['a list where a mapping belongs', 'apis: []\nservice: [a]', '2:10 OH603 service must be a mapping'],
    ['an API without serviceUrl', 'apis:\n  - name: a\n    path: /a', '2:5 OH604 apis[0].serviceUrl is required'],
    ['an http serviceUrl', 'apis:\n  - { name: a, path: /a, serviceUrl: "http://x/" }', 'OH608 apis[0].serviceUrl must be a ws:// or wss:// URL'],
    ['a policy file that does not exist', 'apis:\n  - name: a\n    path: /a\n    serviceUrl: ws://x/\n    policy: nope.xml', '5:13 OH606 apis[0].policy: file not found'],
    ['an unset environment variable, pointing at the reference', 'apis: []\nnamedValues:\n  url: "http://${HOST}/x"', '3:16 OH605 environment variable HOST is not set'],
    ['two APIs with the same suffix', 'apis:\n  - { name: a, path: /chat, serviceUrl: "ws://x/" }\n  - { name: b, path: chat/, serviceUrl: "ws://y/" }', "3:5 OH607 API 'b' has the same URL suffix '/chat' as API 'a'"],
    ['a reference to an unknown product', 'apis:\n  - { name: a, path: /a, serviceUrl: "ws://x/", products: [gold] }', "2:5 OH609 API 'a' refers to unknown product 'gold'"],
    ['a YAML syntax error', 'apis: []\nservice:\n  name: "unterminated\n', '4:1 OH601 Missing closing "quote'],
    ['a boolean that is not one', 'apis: []\ntrace: yes-please', '2:8 OH603 trace must be true or false'],
    ['a missing apis list', 'listen: { port: 1 }', 'OH604 apis is required'],
  ])('reports %s with its line and column', (_what, text, expected) => {
    const found = errors(text);
    expect(found.some((line) => line.startsWith(expected) || line.includes(expected))).toBe(true);
  });

  it('names the file in every diagnostic', () => {
    const { diagnostics } = load('apis: 3');
    expect(diagnostics[0]!.file).toBe(join(dir, 'onhandshake.yaml'));
  });

  it('builds the quick form of serve into the same shape', () => {
    const { config, diagnostics } = quickConfig({ policy: join(dir, 'chat.xml'), path: '/chat', backend: 'ws://127.0.0.1:9/x', namedValues: [['Chat-App-Url', 'http://a']], namedValuesFile: join(dir, 'nv.yaml'), port: 0 });
    expect(diagnostics).toEqual([]);
    expect(config!.apis[0]).toMatchObject({ name: 'chat', path: '/chat', serviceUrl: 'ws://127.0.0.1:9/x', policy: join(dir, 'chat.xml') });
    expect(config!.namedValues.get('chat-app-url')?.value).toBe('http://a');
    expect(config!.namedValues.get('hidden')?.secret).toBe(true);
    expect(config!.watched).toEqual([join(dir, 'chat.xml'), join(dir, 'nv.yaml')]);
  });

  it('rejects a quick form with a bad backend URL or a missing policy file', () => {
    const bad = quickConfig({ policy: join(dir, 'missing.xml'), path: '/x', backend: 'http://nope', namedValues: [] });
    expect(bad.config).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.code).sort()).toEqual(['OH606', 'OH608']);
  });
});

describe('traffic settings (store, storeFailure, trustedProxies, entraAuthority)', () => {
  const api = ['apis:', '  - { name: chat, path: /chat, serviceUrl: "ws://127.0.0.1:1/", policy: chat.xml }'];

  it('reads them, and leaves the store to the environment when absent', () => {
    const plain = load(api.join('\n'));
    expect(plain.diagnostics).toEqual([]);
    expect(plain.config!.traffic).toEqual({ storeFailure: 'open', trustedProxies: [] });
    const full = load(['store: redis://127.0.0.1:6399/2', 'storeFailure: closed', 'trustedProxies: [10.0.0.0/8, "::1"]', 'entraAuthority: http://127.0.0.1:7000', ...api].join('\n'));
    expect(full.diagnostics).toEqual([]);
    expect(full.config!.traffic).toEqual({ store: 'redis://127.0.0.1:6399/2', storeFailure: 'closed', trustedProxies: ['10.0.0.0/8', '::1'], entraAuthority: 'http://127.0.0.1:7000' });
  });

  it('locates a bad store and a bad failure mode', () => {
    const { diagnostics } = load(['store: postgres://db', 'storeFailure: maybe', ...api].join('\n'));
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['OH608', 1, 8],
      ['OH608', 2, 15],
    ]);
    expect(diagnostics[0]!.message).toContain("store must be 'memory' or a redis://");
  });
});

describe('console settings', () => {
  const api = ['apis:', '  - { name: chat, path: /chat, serviceUrl: "ws://127.0.0.1:1/", policy: chat.xml }'];

  it('reads enabled, ringSize, allowRemote and inspect', () => {
    const { config, diagnostics } = load(['console: { enabled: true, ringSize: 50, allowRemote: false, inspect: true }', ...api].join('\n'));
    expect(diagnostics).toEqual([]);
    expect(config!.console).toEqual({ enabled: true, ringSize: 50, allowRemote: false, inspect: true });
  });

  it('reads allowedHosts as a list or one name, and locates an entry that is not a name', () => {
    expect(load(['console: { allowedHosts: [gw.test, "staging.test:8443"] }', ...api].join('\n')).config!.console).toEqual({ allowedHosts: ['gw.test', 'staging.test:8443'] });
    expect(load(['console: { allowedHosts: gw.test }', ...api].join('\n')).config!.console).toEqual({ allowedHosts: ['gw.test'] });
    const { diagnostics } = load(['console:', '  allowedHosts: [{ name: x }]', ...api].join('\n'));
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([[expect.stringMatching(/^OH6/), 2]]);
  });

  it('locates an unknown key and a bad ring size', () => {
    const { diagnostics } = load(['console: { ringSize: 0, colour: blue }', ...api].join('\n'));
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['OH602', 'OH608']);
    expect(diagnostics.every((d) => d.line === 1)).toBe(true);
  });
});
