/**
 * Secrets and client credentials masked by value, through the CLI as a user runs it: a spawned
 * `onhandshake serve` (text and --json connection log, the traces API the console reads) and
 * `onhandshake trace`. The policy derives values from a secret named value (lower and upper case, a
 * piece, base64, Basic-style base64, .NET's URL encodings) and from the client's credentials
 * (X-Api-Key, Authorization's token in a variable and a cache key, the Sec-WebSocket-Protocol token,
 * a configured credential header); none of them may appear anywhere.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { closed, echoServer, type EchoServer } from '../gateway/helpers.js';
import { runProgram, until } from './program.js';

const SECRET = 'Sup3r Secret+Value/42xyz';
const CLIENT_KEY = 'client-api-key-0123456789';
const BEARER = 'opaque-bearer-token-98765';
const CUSTOM = 'custom-credential-5551234';
const QUERY_TOKEN = 'query-token-abcdef123456';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJlLXBhcnQ';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** Every form that must not be shown, with what it is (for a readable failure). */
const FORBIDDEN: Array<[string, string]> = [
  ['the secret', SECRET],
  ['lower case', SECRET.toLowerCase()],
  ['upper case', SECRET.toUpperCase()],
  ['a 10-character piece', SECRET.slice(3, 13)],
  ['an 8-character piece, upper case', SECRET.slice(6, 14).toUpperCase()],
  ['base64', b64(SECRET)],
  ['base64url', b64(SECRET).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')],
  ['inside Basic base64(user:secret)', b64(`user:${SECRET}`).slice(8, -4)],
  ['encodeURIComponent', encodeURIComponent(SECRET)],
  ['Uri.EscapeDataString, lower case', encodeURIComponent(SECRET.toLowerCase())],
  ['WebUtility.UrlEncode', encodeURIComponent(SECRET).replace(/%20/g, '+')],
  ['X-Api-Key', CLIENT_KEY],
  ['X-Api-Key upper case', CLIENT_KEY.toUpperCase()],
  ['the bearer token', BEARER],
  ['the configured credential header', CUSTOM],
  ['the access_token query value', QUERY_TOKEN],
  ['the Sec-WebSocket-Protocol JWT', JWT],
  ['the JWT signature', JWT.split('.')[2]!],
];

const POLICY = `<policies>
    <inbound>
        <base />
        <set-variable name="lowered" value="@(&quot;{{api-secret}}&quot;.ToLower())" />
        <trace source="mask-test" severity="information">
            <message>@("shout " + "{{api-secret}}".ToUpper())</message>
        </trace>
        <set-variable name="piece" value="@(&quot;{{api-secret}}&quot;.Substring(3, 10))" />
        <set-variable name="upper-piece" value="@(&quot;{{api-secret}}&quot;.Substring(6, 8).ToUpper())" />
        <set-variable name="b64" value="@(Convert.ToBase64String(Encoding.UTF8.GetBytes(&quot;{{api-secret}}&quot;)))" />
        <set-variable name="basic" value="@(Convert.ToBase64String(Encoding.UTF8.GetBytes(&quot;user:&quot; + &quot;{{api-secret}}&quot;)))" />
        <set-variable name="escaped" value="@(Uri.EscapeDataString(&quot;{{api-secret}}&quot;.ToLower()))" />
        <set-variable name="form" value="@(System.Net.WebUtility.UrlEncode(&quot;{{api-secret}}&quot;))" />
        <set-variable name="client-key" value="@(context.Request.Headers.GetValueOrDefault(&quot;X-Api-Key&quot;, &quot;&quot;).ToUpper())" />
        <set-variable name="bearer" value="@(context.Request.Headers.GetValueOrDefault(&quot;Authorization&quot;, &quot;&quot;).Split(' ')[1])" />
        <set-variable name="custom" value="@(context.Request.Headers.GetValueOrDefault(&quot;X-Custom-Credential&quot;, &quot;&quot;))" />
        <set-variable name="protocol" value="@(context.Request.Headers.GetValueOrDefault(&quot;Sec-WebSocket-Protocol&quot;, &quot;&quot;))" />
        <set-variable name="query-token" value="@(context.Request.Url.Query.GetValueOrDefault(&quot;access_token&quot;, &quot;&quot;))" />
        <cache-lookup-value key="@(&quot;session-&quot; + (string)context.Variables[&quot;bearer&quot;])" variable-name="cached" />
        <set-query-parameter name="tenant" exists-action="override">
            <value>@("{{api-secret}}".ToLower())</value>
        </set-query-parameter>
        <set-query-parameter name="caller" exists-action="override">
            <value>@((string)context.Variables["client-key"])</value>
        </set-query-parameter>
    </inbound>
    <backend><base /></backend>
    <outbound><base /></outbound>
    <on-error><base /></on-error>
</policies>
`;

let dir: string;
let backend: EchoServer;
beforeAll(async () => {
  // The first offered subprotocol is chosen (ws's default): `access_token`.
  backend = await echoServer();
  dir = mkdtempSync(join(tmpdir(), 'oh-masking-'));
  writeFileSync(join(dir, 'p.xml'), POLICY);
  writeFileSync(join(dir, 'nv.yaml'), `api-secret: { value: "${SECRET}", secret: true }\n`);
  writeFileSync(
    join(dir, 'gw.yaml'),
    [
      'listen: { host: 127.0.0.1, port: 0 }',
      'namedValuesFile: nv.yaml',
      'masking:',
      '  credentialHeaders: [X-Custom-Credential]',
      'apis:',
      '  - name: echo',
      '    path: /echo',
      `    serviceUrl: ${backend.url}/ws`,
      '    policy: p.xml',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function expectNoForm(where: string, text: string): void {
  const shown = FORBIDDEN.filter(([, form]) => text.toLowerCase().includes(form.toLowerCase())).map(([what]) => what);
  expect(shown, `${where} shows: ${shown.join(', ')}`).toEqual([]);
}

/** A client handshake carrying every kind of credential; resolves with the trace id on 101. */
function connect(wsBase: string): Promise<{ traceId: string; socket: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsBase}/echo?access_token=${QUERY_TOKEN}`, ['access_token', JWT], {
      headers: { 'X-Api-Key': CLIENT_KEY, Authorization: `Bearer ${BEARER}`, 'X-Custom-Credential': CUSTOM },
    });
    let traceId = '';
    socket.once('upgrade', (res) => (traceId = String(res.headers['apim-trace-id'])));
    socket.once('open', () => resolve({ traceId, socket }));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`handshake answered ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

describe('masking by value (spawned CLI, real sockets)', () => {
  it.each([['text', []], ['--json', ['--json']]])('serve (%s log): the connection log and the traces API show no form of a secret or credential', async (_log, flags) => {
    const serve = runProgram('src/cli/main.ts', ['serve', '--config', join(dir, 'gw.yaml'), '--port', '0', '--drain-ms', '0', ...flags]);
    stops.push(() => serve.child.kill('SIGKILL'));
    const [, url] = await until(() => serve.stdout().match(/listening on (ws:\/\/127\.0\.0\.1:\d+)/), 'the listening line');
    const http = url!.replace(/^ws/, 'http');

    const { traceId, socket } = await connect(url!);
    expect(backend.lastRequest?.url).toContain(`tenant=${encodeURIComponent(SECRET.toLowerCase())}`); // the backend gets the real value
    socket.close(1000);
    await closed(socket);
    await until(() => serve.stderr().includes('ConnectionClosed') || null, 'the ConnectionClosed line');

    const list = await (await fetch(`${http}/_onhandshake/traces`)).text();
    const entry = (JSON.parse(list) as { traces: Array<{ id: string; backendUrl: string }> }).traces.find((t) => t.id === traceId);
    expect(entry?.backendUrl).toMatch(/\?access_token=\*\*\*&tenant=\*\*\*&caller=\*\*\*$/);
    const trace = await (await fetch(`${http}/_onhandshake/traces/${traceId}`)).text();
    expect(trace).toContain('session-***'); // the cache key built from Authorization's token
    expect(trace).toMatch(/access_token, ?\*\*\*/); // ws sends `access_token,<jwt>`
    expect(trace).toContain('shout ***');
    expectNoForm('the trace list', list);
    expectNoForm('the trace', trace);
    expectNoForm('the connection log', serve.stdout() + serve.stderr());
  }, 60_000);

  it.each([['text'], ['json']])('trace --format %s shows no form of a secret or credential', async (format) => {
    const trace = runProgram('src/cli/main.ts', [
      'trace',
      join(dir, 'p.xml'),
      '--named-values',
      join(dir, 'nv.yaml'),
      '--url',
      `ws://localhost:8080/chat?access_token=${QUERY_TOKEN}`,
      '--header',
      `X-Api-Key: ${CLIENT_KEY}`,
      '--header',
      `Authorization: Bearer ${BEARER}`,
      '--header',
      `Sec-WebSocket-Protocol: access_token, ${JWT}`,
      '--format',
      format,
    ]);
    expect(await trace.exit).toBe(0);
    expect(trace.stdout()).toContain('session-***');
    expectNoForm(`trace --format ${format}`, trace.stdout() + trace.stderr());
  }, 60_000);
});
