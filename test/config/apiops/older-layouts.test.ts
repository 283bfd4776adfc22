/**
 * The two older folder conventions behind --apiops: the DevOps Resource Kit's `policies/` names and
 * Azure/apim-policy-update's `policies/<apiId>/…`. Built in temp dirs; linted and merged as APIOps
 * estates are (the onHandshake rules only in an API with an onHandshake operation), never served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadApiops } from '../../../src/config/apiops/index.js';
import { checkApiops } from '../../../src/cli/check-apiops.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function folder(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'oh-older-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const CORS = '<policies>\n  <inbound>\n    <base />\n    <cors><allowed-origins><origin>*</origin></allowed-origins></cors>\n  </inbound>\n</policies>\n';
const HEADER = (name: string) => `<policies><inbound><base /><set-header name="${name}" exists-action="override"><value>{{greeting}}</value></set-header></inbound></policies>\n`;

async function findings(dir: string): Promise<string[]> {
  const { files } = await checkApiops(dir, { env: { ONHANDSHAKE_NV_greeting: 'hi' } });
  return files.flatMap((f) => f.diagnostics.map((d) => `${d.file.slice(dir.length + 1)}:${d.line}:${d.column} ${d.code}`));
}

describe('older layouts behind --apiops', () => {
  it('DevOps Resource Kit: global, API, operation and product policies by file name; API names may hold dashes', async () => {
    const dir = folder({
      'policies/globalServicePolicy.xml': HEADER('X-Global'),
      'policies/chat-app-apiPolicy.xml': HEADER('X-Api'),
      'policies/chat-app-onHandshake-operationPolicy.xml': CORS,
      'policies/orders-get-item-operationPolicy.xml': CORS,
      'policies/starter-productPolicy.xml': HEADER('X-Product'),
    });
    const loaded = loadApiops(dir, { env: { ONHANDSHAKE_NV_greeting: 'hi' } });
    expect(loaded.estate!.apis.map((a) => [a.name, a.websocket, a.operations.map((o) => o.operation)])).toEqual([
      ['chat-app', true, ['onHandshake']],
      ['orders', false, ['get-item']],
    ]);
    expect(loaded.config!.policies.global).toBe(join(dir, 'policies/globalServicePolicy.xml'));
    expect(loaded.notes[0]).toContain('the DevOps Resource Kit layout (policies only');
    // cors is refused in the WebSocket API's onHandshake operation only.
    expect(await findings(dir)).toEqual(['policies/chat-app-onHandshake-operationPolicy.xml:4:5 OH501']);
  });

  it('apim-policy-update: policies/<apiId>/api.xml and operations/<opId>.xml', async () => {
    const dir = folder({
      'policies/chat/api.xml': HEADER('X-Api'),
      'policies/chat/operations/onHandshake.xml': CORS,
      'policies/orders/operations/get.xml': CORS,
    });
    const loaded = loadApiops(dir, { env: { ONHANDSHAKE_NV_greeting: 'hi' } });
    expect(loaded.estate!.apis.map((a) => [a.name, a.websocket, a.policy !== undefined])).toEqual([
      ['chat', true, true],
      ['orders', false, false],
    ]);
    expect(await findings(dir)).toEqual(['policies/chat/operations/onHandshake.xml:4:5 OH501']);
  });

  it('a policy-only layout cannot be served: it says so, and why', () => {
    const dir = folder({ 'policies/chat/api.xml': HEADER('X-Api') });
    const served = loadApiops(dir, { serve: true });
    expect(served.config).toBeUndefined();
    expect(served.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['OH610', `${dir} is in the apim-policy-update layout: it holds policies only (no API path or serviceUrl), so it cannot be served; check --apiops, trace/graph --apiops --api and policies --effective read it`],
    ]);
  });
});
