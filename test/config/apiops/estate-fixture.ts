/**
 * Builds an APIOps folder in a temp dir, in the layout Azure APIOps v7 extracts (docs/apiops.md):
 * a WebSocket API with a revision folder, an HTTP API, GUID named-value folders (plain, secret, Key
 * Vault), a fragment, a backend, a product with a subscription, a workspace with its own WebSocket API,
 * and two environments' override files. Tests change single files to make the errors they check.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Estate {
  root: string;
  /** Writes a file under the estate (folders created); JSON values are written pretty-printed. */
  write(path: string, content: string | object): string;
  dev: string;
  prod: string;
  remove(): void;
}

export const GUID = {
  greeting: '3f1c2a9e-1d4b-4c55-9a0e-6b7f0c2d9e11',
  secret: '8b2e4f60-7a1d-4f3e-b2c9-0d5a6e7f8a22',
  vault: 'c4d5e6f7-0a1b-4c2d-8e3f-9a0b1c2d3e33',
};

export function buildEstate(backendUrl: string): Estate {
  const root = mkdtempSync(join(tmpdir(), 'oh-apiops-'));
  const write = (path: string, content: string | object): string => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
    return file;
  };
  write('policy.xml', `<policies>
  <inbound>
    <set-header name="X-Global" exists-action="override"><value>global</value></set-header>
  </inbound>
  <backend><forward-request /></backend>
  <outbound />
  <on-error />
</policies>
`);
  write('apis/chat/apiInformation.json', {
    properties: {
      displayName: 'Chat',
      path: 'chat',
      serviceUrl: `${backendUrl}/v1`,
      type: 'websocket',
      protocols: ['wss'],
      subscriptionRequired: true,
      subscriptionKeyParameterNames: { header: 'X-Chat-Key', query: 'chat-key' },
      apiRevision: '2',
      isCurrent: true,
    },
  });
  write('apis/chat/policy.xml', `<policies>
  <inbound>
    <base />
    <set-header name="X-Api" exists-action="override"><value>api</value></set-header>
  </inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>
`);
  write('apis/chat/operations/onHandshake/policy.xml', `<policies>
  <inbound>
    <base />
    <include-fragment fragment-id="stamp" />
    <set-header name="X-Greeting" exists-action="override"><value>{{greeting}}</value></set-header>
    <set-header name="X-Secret-Length" exists-action="override"><value>@("{{chat-secret}}".Length.ToString())</value></set-header>
    <set-header name="X-Vault" exists-action="override"><value>@("{{vault-token}}".Substring(0, 3))</value></set-header>
  </inbound>
  <backend><base /></backend>
  <outbound><base /></outbound>
  <on-error><base /></on-error>
</policies>
`);
  write('apis/chat;rev=1/apiInformation.json', {
    properties: { displayName: 'Chat', path: 'chat', serviceUrl: 'ws://127.0.0.1:9/old', type: 'websocket', protocols: ['wss'], apiRevision: '1' },
  });
  write('apis/chat;rev=1/operations/onHandshake/policy.xml', '<policies><inbound><base /><set-header name="X-Revision" exists-action="override"><value>1</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>\n');
  write('apis/orders/apiInformation.json', { properties: { displayName: 'Orders', path: 'orders', serviceUrl: 'https://orders.example.com', protocols: ['https'], subscriptionRequired: false } });
  write('apis/orders/operations/get-order/policy.xml', '<policies><inbound><base /><rewrite-uri template="/orders/{id}" /></inbound><backend><base /></backend><outbound><base /><set-body>@(context.Response.Body.As<string>())</set-body></outbound><on-error><base /></on-error></policies>\n');
  write(`named values/${GUID.greeting}/namedValueInformation.json`, { properties: { displayName: 'greeting', secret: false, tags: [], value: 'hello from dev' } });
  write(`named values/${GUID.secret}/namedValueInformation.json`, { properties: { displayName: 'chat-secret', secret: true, tags: [] } });
  write(`named values/${GUID.vault}/namedValueInformation.json`, {
    properties: { displayName: 'vault-token', secret: true, keyVault: { secretIdentifier: 'https://contoso.vault.azure.net/secrets/vault-token' } },
  });
  write('policy fragments/stamp/policyFragmentInformation.json', { properties: { description: 'stamps the scope chain' } });
  write('policy fragments/stamp/policy.xml', '<fragment>\n  <set-header name="X-Fragment" exists-action="override"><value>stamp</value></set-header>\n</fragment>\n');
  write('backends/chat-backend/backendInformation.json', { properties: { url: `${backendUrl}/from-backend`, protocol: 'http' } });
  write('products/starter/productInformation.json', { properties: { displayName: 'Starter', state: 'published', subscriptionRequired: true } });
  write('products/starter/policy.xml', '<policies><inbound><base /><set-header name="X-Product" exists-action="override"><value>starter</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>\n');
  write('products/starter/apis/chat/productApiInformation.json', {});
  write('subscriptions/starter-sub/subscriptionInformation.json', { properties: { displayName: 'Starter subscription', scope: '/products/starter', state: 'active' } });
  // A workspace: its own policy, API and fragment folder.
  write('workspaces/team-a/policy.xml', '<policies><inbound><base /><set-header name="X-Workspace" exists-action="override"><value>team-a</value></set-header></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>\n');
  write('workspaces/team-a/apis/echo/apiInformation.json', { properties: { displayName: 'Echo', path: 'team-a/echo', serviceUrl: `${backendUrl}/echo`, type: 'websocket', subscriptionRequired: false } });
  write('workspaces/team-a/apis/echo/operations/onHandshake/policy.xml', '<policies><inbound><base /><include-fragment fragment-id="team-stamp" /></inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>\n');
  write('workspaces/team-a/policy fragments/team-stamp/policy.xml', '<fragment><set-header name="X-Team" exists-action="override"><value>a</value></set-header></fragment>\n');
  const dev = write('configuration.dev.yaml', `namedValues:
  - name: ${GUID.secret}
    properties:
      value: dev-secret
subscriptions:
  - name: starter-sub
    properties:
      primaryKey: dev-primary-key
      secondaryKey: dev-secondary-key
`);
  const prod = write('configuration.prod.yaml', `namedValues:
  - name: ${GUID.greeting}
    properties:
      value: hello from prod
  - name: ${GUID.secret}
    properties:
      value: a-longer-prod-secret
apis:
  - name: chat
    properties:
      serviceUrl: ${backendUrl}/prod
`);
  return { root, write, dev, prod, remove: () => rmSync(root, { recursive: true, force: true }) };
}
