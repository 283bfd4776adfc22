/**
 * Reading an APIOps folder into the gateway configuration: the documented layout built in a temp dir
 * (GUID named-value folders, a secret and a Key Vault reference, a revision folder, a workspace, two
 * environments' override files), then one broken file at a time, each with its located error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApiops } from '../../../src/config/apiops/index.js';
import { buildRuntime } from '../../../src/gateway/build-runtime.js';
import { buildEstate, GUID, type Estate } from './estate-fixture.js';

const VAULT = { ONHANDSHAKE_NV_vault__token: 'vlt-from-env' };
let estate: Estate;
afterEach(() => estate?.remove());

function load(options: Parameters<typeof loadApiops>[1] = {}) {
  return loadApiops(estate.root, { env: VAULT, ...options });
}

const errors = (r: ReturnType<typeof load>) => r.diagnostics.filter((d) => d.severity === 'error');
const where = (d: { file: string; line: number; column: number }) => `${d.file.slice(estate.root.length + 1)}:${d.line}:${d.column}`;

describe('APIOps folder → GatewayConfig', () => {
  it('serves the WebSocket APIs (current revision, workspace chain) with named values by display name and the dev overrides', () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const r = load({ configFile: estate.dev });
    expect(errors(r)).toEqual([]);
    const config = r.config!;
    expect(config.apis.map((a) => [a.name, a.path, a.serviceUrl, a.revision])).toEqual([
      ['chat', 'chat', 'ws://127.0.0.1:9/v1', '2'],
      ['echo', 'team-a/echo', 'ws://127.0.0.1:9/echo', '1'],
    ]);
    const [chat, echo] = config.apis;
    expect(chat!.policy).toBe(join(estate.root, 'apis/chat/operations/onHandshake/policy.xml'));
    expect(chat!.apiPolicy).toBe(join(estate.root, 'apis/chat/policy.xml'));
    expect(chat!.products).toEqual(['starter']);
    expect(chat!.subscriptionKeyParameterNames).toEqual({ header: 'X-Chat-Key', query: 'chat-key' });
    expect(echo!.workspacePolicy).toBe(join(estate.root, 'workspaces/team-a/policy.xml'));
    expect(echo!.fragments).toBe(join(estate.root, 'workspaces/team-a/policy fragments'));
    expect(config.policies.global).toBe(join(estate.root, 'policy.xml'));
    expect(config.fragments).toBe(join(estate.root, 'policy fragments'));
    expect(config.backends.get('chat-backend')).toBe('ws://127.0.0.1:9/from-backend');
    expect(config.namedValues.get('greeting')).toMatchObject({ value: 'hello from dev', secret: false });
    expect(config.namedValues.get('chat-secret')).toMatchObject({ value: 'dev-secret', secret: true });
    expect(config.namedValues.get('vault-token')).toMatchObject({ value: 'vlt-from-env', secret: true });
    expect(config.products[0]!.subscriptions.map((s) => [s.id, s.primaryKey, s.secondaryKey])).toEqual([['starter-sub', 'dev-primary-key', 'dev-secondary-key']]);
    expect(r.notes).toContain("API 'chat': serving revision 2 (the current one; not served: revision 1)");
    expect(r.notes.join('\n')).toContain('HTTP API(s) not served');
    expect(config.watched).toContain(join(estate.root, `named values/${GUID.greeting}/namedValueInformation.json`));
  });

  it('the prod override file changes named values and the serviceUrl; keys it does not give are generated and told', () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const r = load({ configFile: estate.prod });
    expect(errors(r)).toEqual([]);
    expect(r.config!.namedValues.get('greeting')!.value).toBe('hello from prod');
    expect(r.config!.namedValues.get('chat-secret')!.value).toBe('a-longer-prod-secret');
    expect(r.config!.apis[0]!.serviceUrl).toBe('ws://127.0.0.1:9/prod');
    const sub = r.config!.products[0]!.subscriptions[0]!;
    expect(sub.primaryKey).toMatch(/^[0-9a-f]{32}$/);
    expect(r.notes).toContain(`subscription 'starter-sub' (product starter): keys are not extracted, generated for this run: ${sub.primaryKey} / ${sub.secondaryKey}`);
    // A second read in the same process (a hot reload) keeps the keys printed.
    expect(load({ configFile: estate.prod }).config!.products[0]!.subscriptions[0]!.primaryKey).toBe(sub.primaryKey);
  });

  it('a Key Vault reference no source gives is a located error naming the named value; a secrets file gives it', () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const r = load({ configFile: estate.dev, env: {} });
    expect(errors(r).map((d) => [d.code, where(d)])).toEqual([['OH611', `named values/${GUID.vault}/namedValueInformation.json:5:5`]]);
    expect(errors(r)[0]!.message).toContain("named value 'vault-token' has no value: it is a Key Vault reference (https://contoso.vault.azure.net/secrets/vault-token)");
    expect(errors(r)[0]!.message).toContain('ONHANDSHAKE_NV_vault__token');
    const secrets = join(estate.root, '..', `${estate.root.split('/').pop()}-secrets.yaml`);
    writeFileSync(secrets, 'vault-token: vlt-from-file\n');
    try {
      const fixed = load({ configFile: estate.dev, env: {}, secretsFile: secrets });
      expect(errors(fixed)).toEqual([]);
      expect(fixed.config!.namedValues.get('vault-token')).toMatchObject({ value: 'vlt-from-file', secret: true });
    } finally {
      rmSync(secrets);
    }
  });

  it('a secret extracted without its value and not overridden is an error where a policy uses it', () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const r = load();
    expect(errors(r).map((d) => [d.code, where(d)])).toEqual([['OH611', `named values/${GUID.secret}/namedValueInformation.json:3:5`]]);
    expect(errors(r)[0]!.message).toMatch(/named value 'chat-secret' has no value: it is a secret extracted without its value/);
  });

  it('malformed JSON is located at the offending character', () => {
    estate = buildEstate('ws://127.0.0.1:9');
    estate.write('backends/chat-backend/backendInformation.json', '{\n  "properties": {\n    "url": "ws://x",\n  }\n}\n');
    const r = load({ configFile: estate.dev });
    expect(errors(r).map((d) => [d.code, where(d)])).toEqual([['OH610', 'backends/chat-backend/backendInformation.json:4:3']]);
    expect(errors(r)[0]!.message).toMatch(/^not valid JSON: /);
    expect(r.config).toBeUndefined();
  });

  it('wrong shapes and broken references in the artifacts are located', () => {
    estate = buildEstate('ws://127.0.0.1:9');
    estate.write('apis/chat/apiInformation.json', { properties: { path: 'chat', serviceUrl: 42, type: 'websocket', isCurrent: true } });
    estate.write('products/starter/apis/nowhere/productApiInformation.json', {});
    estate.write('subscriptions/lost/subscriptionInformation.json', { properties: { scope: '/products/gone' } });
    const r = load({ configFile: estate.dev });
    expect(errors(r).map((d) => [d.code, where(d), d.message])).toEqual([
      ['OH610', 'apis/chat/apiInformation.json:4:5', "API 'chat': properties.serviceUrl must be a string"],
      ['OH609', 'subscriptions/lost/subscriptionInformation.json:3:5', "subscription 'lost' is scoped to product 'gone', which the estate does not have"],
      ['OH609', 'products/starter/productInformation.json:3:5', "product 'starter' lists API 'nowhere', which the estate does not have"],
    ]);
  });

  it('an override file entry with no name or naming nothing is reported in the override file', () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const file = estate.write('configuration.test.yaml', 'namedValues:\n  - properties:\n      value: x\nbackends:\n  - name: no-such-backend\n    properties:\n      url: ws://y\n');
    const r = load({ configFile: file });
    expect(r.diagnostics.map((d) => [d.severity, d.code, where(d)])).toContainEqual(['error', 'OH604', 'configuration.test.yaml:2:5']);
    expect(r.diagnostics.map((d) => [d.severity, d.code, where(d)])).toContainEqual(['warning', 'OH612', 'configuration.test.yaml:6:5']);
  });

  it('a missing named value, fragment or backend is located in the policy that names it when the runtime is built', async () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const onHandshake = 'apis/chat/operations/onHandshake/policy.xml';
    const firstError = async (statement: string): Promise<string[]> => {
      estate.write(onHandshake, `<policies>\n  <inbound>\n    ${statement}\n  </inbound>\n</policies>\n`);
      const r = load({ configFile: estate.dev });
      expect(errors(r)).toEqual([]);
      const built = await buildRuntime(r.config!);
      expect(built.runtime).toBeUndefined();
      return built.diagnostics.filter((d) => d.severity === 'error').map((d) => `${where(d)} ${d.message}`);
    };
    expect(await firstError('<set-header name="X" exists-action="override"><value>{{no-such-value}}</value></set-header>')).toEqual([
      `${onHandshake}:3:58 named value 'no-such-value' is not defined`,
    ]);
    const fragment = await firstError('<include-fragment fragment-id="nope" />');
    expect(fragment).toHaveLength(1);
    expect(fragment[0]).toMatch(new RegExp(`^${onHandshake}:3:36 fragment 'nope' not found: no file .*nope\\.xml or .*nope/policy\\.xml$`));
    expect(await firstError('<set-backend-service backend-id="no-backend" />')).toEqual([
      `${onHandshake}:3:38 backend 'no-backend' is not configured (configure it under backends)`,
    ]);
  });

  it('a folder that is not an APIOps extract is said so', () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const r = loadApiops(join(estate.root, 'apis/chat/operations'));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['OH610']);
    expect(r.diagnostics[0]!.message).toMatch(/is not an APIOps folder/);
  });
});
