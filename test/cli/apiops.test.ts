/**
 * check, trace and graph on an APIOps estate (built in a temp dir from the documented layout), run as a
 * user runs them: every policy linted at its scope with locations in the estate's files, the
 * onHandshake rules only in WebSocket APIs' chains, and one API's chain traced and drawn.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildEstate, type Estate } from '../config/apiops/estate-fixture.js';
import { cli } from './run-cli.js';

let estate: Estate;
afterEach(() => estate?.remove());
const VAULT = { ONHANDSHAKE_NV_vault__token: 'vlt-123' };

describe('check --apiops', () => {
  it('lints every policy of the estate, HTTP APIs included, and reports per file in the estate', async () => {
    estate = buildEstate('ws://127.0.0.1:9');
    // An HTTP API may use what onHandshake refuses (cors, set-body); a typo in its expression is still an error.
    estate.write('apis/orders/operations/get-order/policy.xml', `<policies>
  <inbound>
    <base />
    <cors><allowed-origins><origin>*</origin></allowed-origins></cors>
    <set-variable name="x" value="@(context.Request.Headers.GetValueOrDefault(&quot;a&quot;, &quot;&quot;).Lenght)" />
    <set-backend-service backend-id="missing-one" />
  </inbound>
  <backend><base /></backend>
  <outbound><base /><set-body>done</set-body></outbound>
  <on-error><base /></on-error>
</policies>
`);
    // The WebSocket API's onHandshake policy may not; the global scope's set-body is skipped there.
    estate.write('apis/chat/operations/onHandshake/policy.xml', '<policies>\n  <inbound>\n    <base />\n    <cors><allowed-origins><origin>*</origin></allowed-origins></cors>\n  </inbound>\n</policies>\n');
    estate.write('policy.xml', '<policies>\n  <inbound />\n  <backend><forward-request /></backend>\n  <outbound><set-body>x</set-body></outbound>\n  <on-error />\n</policies>\n');
    const run = await cli(['check', '--apiops', estate.root, '--apiops-config', estate.dev], { env: VAULT });
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n').filter((l) => /^\S.*: (error|warning) OH\d+/.test(l)).map((l) => l.replace(estate.root + '/', ''));
    expect(lines).toEqual([
      'policy.xml:4:13: warning OH502: <set-body> inherited from the global scope is not supported in onHandshake: skipped, as APIM does',
      "apis/chat/operations/onHandshake/policy.xml:4:5: error OH501: <cors> is not supported in onHandshake: APIM refuses it in a WebSocket API's onHandshake policy",
      "apis/orders/operations/get-order/policy.xml:5:108: error OH301: 'string' does not contain a supported member 'Lenght'; did you mean 'Length'?",
      "apis/orders/operations/get-order/policy.xml:6:38: error OH410: backend 'missing-one' is not configured (configure it under backends)",
    ]);
    expect(run.stdout).toMatch(/3 errors, 1 warning in 10 files\n$/);
  });

  it('a clean estate passes; --format json groups findings per file', async () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const clean = await cli(['check', '--apiops', estate.root, '--apiops-config', estate.dev], { env: VAULT });
    expect(clean.stdout).toBe('0 errors, 0 warnings in 10 files\n');
    expect(clean.code).toBe(0);
    estate.write('apis/orders/apiInformation.json', '{ "properties": { "path": "orders" ');
    const json = await cli(['check', '--apiops', estate.root, '--format', 'json'], { env: VAULT });
    expect(json.code).toBe(1);
    const { files } = JSON.parse(json.stdout) as { files: Array<{ file: string; diagnostics: Array<{ code: string; line: number; column: number }> }> };
    const broken = files.find((f) => f.file.endsWith('apis/orders/apiInformation.json'))!;
    expect(broken.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['OH610', 1, 36]]);
    // Without the dev file the secret has no value: the named value's own file says so.
    expect(files.some((f) => f.file.includes('named values/') && f.diagnostics.some((d) => d.code === 'OH611'))).toBe(true);
  });
});

describe('trace and graph --apiops --api', () => {
  it('trace runs the API through its product chain with the estate named values; graph shows where each step was written', async () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const trace = await cli(['trace', '--apiops', estate.root, '--apiops-config', estate.dev, '--api', 'chat', '--format', 'json'], { env: VAULT });
    expect(trace.stderr).toBe("trace: API 'chat' through its product 'starter'\n");
    expect(trace.code).toBe(0);
    const t = JSON.parse(trace.stdout) as { decision: { kind: string; url?: string; headers?: unknown } };
    expect(JSON.stringify(t)).toContain('ws://127.0.0.1:9/v1');
    expect(JSON.stringify(t)).toContain('hello from dev');
    expect(JSON.stringify(t)).not.toContain('dev-secret');
    const graph = await cli(['graph', '--apiops', estate.root, '--apiops-config', estate.dev, '--api', 'chat'], { env: VAULT });
    expect(graph.code).toBe(0);
    const steps = graph.stdout.replaceAll(estate.root + '/', '').split('\n').filter((l) => l.includes('set-header'));
    expect(steps.map((l) => l.replace(/^.*\((.*)\)$/, '$1'))).toEqual([
      'policy.xml:3',
      'products/starter/policy.xml:1',
      'apis/chat/policy.xml:4',
      'policy fragments/stamp/policy.xml:2',
      'apis/chat/operations/onHandshake/policy.xml:5',
      'apis/chat/operations/onHandshake/policy.xml:6',
      'apis/chat/operations/onHandshake/policy.xml:7',
    ]);
  });

  it('an unknown API or a missing --api is said plainly', async () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const unknown = await cli(['graph', '--apiops', estate.root, '--apiops-config', estate.dev, '--api', 'orders'], { env: VAULT });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error OH609: no WebSocket API 'orders' in the estate (its WebSocket APIs: chat, echo)");
    const missing = await cli(['trace', '--apiops', estate.root]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("onhandshake trace: --apiops needs --api NAME (the API folder to trace) (see 'onhandshake trace --help')\n");
  });
});

describe('policies --effective --apiops', () => {
  it('prints each WebSocket API merged policy, every line with the file it came from', async () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const run = await cli(['policies', '--effective', '--apiops', '.', '--apiops-config', 'configuration.dev.yaml', '--api', 'echo'], { cwd: estate.root, env: VAULT });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`<!-- API echo (/team-a/echo → ws://127.0.0.1:9/echo), revision 1 -->
<policies>
    <inbound>
        <set-header name="X-Global" exists-action="override">             <!-- policy.xml:3 global -->
            <value>global</value>                                         <!-- policy.xml:3 global -->
        </set-header>
        <set-header name="X-Workspace" exists-action="override">          <!-- workspaces/team-a/policy.xml:1 workspace -->
            <value>team-a</value>                                         <!-- workspaces/team-a/policy.xml:1 workspace -->
        </set-header>
        <set-header name="X-Team" exists-action="override">               <!-- workspaces/team-a/policy fragments/team-stamp/policy.xml:1 fragment team-stamp -->
            <value>a</value>                                              <!-- workspaces/team-a/policy fragments/team-stamp/policy.xml:1 fragment team-stamp -->
        </set-header>
    </inbound>
    <backend>
        <forward-request />                                               <!-- policy.xml:5 global -->
    </backend>
    <outbound />
    <on-error />
</policies>
`);
    const all = await cli(['policies', '--effective', '--apiops', '.', '--apiops-config', 'configuration.dev.yaml'], { cwd: estate.root, env: VAULT });
    expect(all.stdout).toContain('<!-- API chat (/chat → ws://127.0.0.1:9/v1), revision 2, product starter -->');
    expect(all.stdout).toContain('            <value>hello from dev</value>                                 <!-- apis/chat/operations/onHandshake/policy.xml:5 operation -->');
    expect(all.stdout).toContain('<!-- policy fragments/stamp/policy.xml:2 fragment stamp -->');
    expect(all.stdout).not.toContain('dev-secret');
  });

  it('--diff shows what changes between two environments override files', async () => {
    estate = buildEstate('ws://127.0.0.1:9');
    const run = await cli(['policies', '--effective', '--apiops', '.', '--apiops-config', 'configuration.dev.yaml', '--diff', 'configuration.prod.yaml'], { cwd: estate.root, env: VAULT });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`--- configuration.dev.yaml
+++ configuration.prod.yaml

API chat, revision 2, product starter: 4 lines differ
- <!-- API chat (/chat → ws://127.0.0.1:9/v1), revision 2, product starter -->
+ <!-- API chat (/chat → ws://127.0.0.1:9/prod), revision 2, product starter -->
  <policies>
      <inbound>
…
          </set-header>
          <set-header name="X-Greeting" exists-action="override">           <!-- apis/chat/operations/onHandshake/policy.xml:5 operation -->
-             <value>hello from dev</value>                                 <!-- apis/chat/operations/onHandshake/policy.xml:5 operation -->
+             <value>hello from prod</value>                                <!-- apis/chat/operations/onHandshake/policy.xml:5 operation -->
          </set-header>
          <set-header name="X-Secret-Length" exists-action="override">      <!-- apis/chat/operations/onHandshake/policy.xml:6 operation -->

API echo, revision 1: no change
`);
  });
});

describe('policy test files with apiops:', () => {
  it('the example estate\'s chat and realtime tests pass as serve --apiops runs the APIs (product layers, keys, a Key Vault value from the test file)', async () => {
    const run = await cli(['test', 'examples/apiops-estate/']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('✓ with the Starter subscription\'s key, the product\'s layer runs too');
    expect(run.stdout).toContain("✓ the client's api-key query is its subscription key, swapped for the resource key; the deployment is the client's");
    expect(run.stdout).toMatch(/7 passed \(7 case\(s\) in 2 file\(s\)\)/);
    expect(run.code).toBe(0);
  });

  it('apiops: needs api:, apiopsConfig: needs apiops:, and a broken estate is located in its files', async () => {
    estate = buildEstate('ws://127.0.0.1:9');
    estate.write('no-api.test.yaml', 'apiops: .\ncases:\n  - name: x\n');
    estate.write('lone-config.test.yaml', 'policy: apis/chat/policy.xml\napiopsConfig: configuration.dev.yaml\ncases:\n  - name: x\n');
    const refused = await cli(['test', 'no-api.test.yaml', 'lone-config.test.yaml'], { cwd: estate.root });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('with `apiops`, `api` names the API to test');
    expect(refused.stdout + refused.stderr).toContain('`apiopsConfig` is the override file of an `apiops` folder: give `apiops` too');
    // Without the dev overrides the secret named value has no value: the test names its file.
    estate.write('chat.test.yaml', 'apiops: .\napi: chat\ncases:\n  - name: x\n');
    const broken = await cli(['test', 'chat.test.yaml'], { cwd: estate.root, env: VAULT });
    expect(broken.code).not.toBe(0);
    expect(broken.stdout + broken.stderr).toMatch(/namedValueInformation\.json:3:5.*OH611|OH611.*named value 'chat-secret' has no value/s);
  });
});
