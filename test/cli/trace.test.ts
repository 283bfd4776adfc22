/**
 * `onhandshake trace` end to end, as a user runs it: the SignalR chat policy with a mock file, the
 * decision printed, and the JSON trace checked entry by entry. Also `graph` and `policies`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { HandshakeTrace, TraceEntry } from '../../src/steps/runtime/contract.js';
import { runProgram, until } from '../e2e/program.js';
import { echoServer, nextMessage, open, refusal } from '../gateway/helpers.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'graph');
const POLICY = join(root, 'policies', 'signalr-chat.xml');
const MOCK = join(fixtures, 'signalr-mock.yaml');
const NAMED = join(fixtures, 'signalr-named-values.yaml');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The tokens the mock callouts hand out (signalr-mock.yaml): a trace never shows them. */
const ACCESS_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJodHRwOi8vc2lnbmFsci50ZXN0L2NsaWVudC8_aHViPWNoYXQifQ.c2lnbmF0dXJl';
const CONNECTION_TOKEN = 'tok/1+x=';

/** The backend query as the trace shows it: the connection token (`id`) and access token masked. */
const EXPECTED_QUERY: Array<[string, string]> = [
  ['x', '1'],
  ['hub', 'chat'],
  ['asrs.op', '/chat'],
  ['negotiateVersion', '1'],
  ['asrs_request_id', 'req+1=='],
  ['id', '***'],
  ['access_token', '***'],
];

describe('onhandshake trace on the SignalR chat policy', () => {
  it('prints the backend URL with hub, asrs.op, negotiateVersion, asrs_request_id, id and access_token', async () => {
    const r = await cli('trace', POLICY, '--mock', MOCK, '--named-values', NAMED, '--url', 'ws://localhost:8080/chat?x=1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('decision: connect '))!;
    const backend = new URL(line.slice('decision: connect '.length));
    expect(`${backend.protocol}//${backend.host}${backend.pathname}`).toBe('ws://signalr.test/client/');
    expect([...backend.searchParams]).toEqual(EXPECTED_QUERY);
    // Each value is percent-encoded exactly once.
    expect(backend.search).toContain('asrs.op=%2Fchat');
    expect(backend.search).toContain('asrs_request_id=req%2B1%3D%3D');
    expect(r.stdout).toContain('GET http://chat-app.test/chat/negotiate?negotiateVersion=1 → mock 1: 200');
    expect(r.stdout).toMatch(/POST http:\/\/signalr\.test\/client\/negotiate\?hub=chat&asrs\.op=%2Fchat&negotiateVersion=1&asrs_request_id=req%2B1%3D%3D → mock 2: 200/);
  });

  it('--format json gives the APIM-shaped trace, entry by entry', async () => {
    const r = await cli('trace', POLICY, '--mock', MOCK, '--named-values', NAMED, '--url', 'ws://localhost:8080/chat?x=1', '--format', 'json');
    expect(r.code).toBe(0);
    const trace = JSON.parse(r.stdout) as HandshakeTrace;
    const policyLines = readFileSync(POLICY, 'utf8').split('\n');
    const lineOf = (needle: string, from = 0) => policyLines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
    const inbound = trace.traceEntries.inbound;
    const data = (e: TraceEntry) => e.data as Record<string, any>;

    expect(inbound.map((e) => e.source)).toEqual([
      'api-inspector',
      'api-inspector',
      'send-request',
      'choose',
      'set-variable',
      'set-variable',
      'set-variable',
      'set-variable',
      'set-variable',
      'send-request',
      'choose',
      'set-variable',
      'set-variable',
      'set-backend-service',
      'set-query-parameter',
      'set-query-parameter',
      'set-query-parameter',
      'set-query-parameter',
      'set-query-parameter',
      'set-query-parameter',
    ]);
    for (const e of inbound.slice(2)) {
      expect(e.file).toBe(POLICY);
      expect(e.path).toMatch(/^policies\/inbound\/[a-z-]+\[\d+\]$/);
      expect(typeof e.durationMs).toBe('number');
    }

    const [request, config, negotiate, choose1, serviceUrl, accessToken, hub, asrsOp, requestId, serviceNegotiate, choose2, connToken, connId, backend, ...queries] = inbound;
    expect(data(request!).request).toMatchObject({ method: 'GET', url: 'ws://localhost:8080/chat?x=1' });
    expect(data(config!).configuration.api).toMatchObject({ from: '/chat' });

    expect(negotiate).toMatchObject({ path: 'policies/inbound/send-request[1]', line: lineOf('response-variable-name="appNegotiate"') });
    expect(data(negotiate!)).toMatchObject({
      message: 'Request is being forwarded to the backend service. Timeout set to 20 seconds',
      request: { method: 'GET', url: 'http://chat-app.test/chat/negotiate?negotiateVersion=1' },
      response: { status: { code: 200, reason: 'OK' } },
      variable: { name: 'appNegotiate', type: 'IResponse' },
    });
    expect(JSON.parse(data(negotiate!).response.body)).toMatchObject({ url: expect.stringContaining('hub=chat') });

    expect(choose1).toMatchObject({ path: 'policies/inbound/choose[1]' });
    expect(data(choose1!).branch).toBeNull();
    expect(data(choose1!).expressions).toEqual([expect.objectContaining({ for: 'condition', value: false })]);

    const variable = (e: TraceEntry | undefined) => data(e!).variable as { name: string; value: unknown };
    expect(variable(serviceUrl)).toMatchObject({ name: 'serviceUrl', value: 'http://signalr.test/client/?hub=chat&asrs.op=%2Fchat&asrs_request_id=req%2B1%3D%3D' });
    expect(variable(accessToken)).toMatchObject({ name: 'serviceAccessToken', value: EXPECTED_QUERY[6]![1] });
    expect(variable(hub)).toMatchObject({ name: 'hub', value: 'chat' });
    expect(variable(asrsOp)).toMatchObject({ name: 'asrsOp', value: '/chat' });
    expect(variable(requestId)).toMatchObject({ name: 'asrsRequestId', value: 'req+1==' });
    expect(hub!.line).toBe(lineOf('name="hub"'));

    expect(data(serviceNegotiate!)).toMatchObject({
      request: {
        method: 'POST',
        url: 'http://signalr.test/client/negotiate?hub=chat&asrs.op=%2Fchat&negotiateVersion=1&asrs_request_id=req%2B1%3D%3D',
        headers: [{ name: 'Authorization', value: 'Bearer ***' }],
      },
      response: { status: { code: 200, reason: 'OK' } },
    });
    expect(data(serviceNegotiate!).expressions[0]).toMatchObject({ for: 'set-url' });
    // The Authorization value is masked wherever it shows: header edit, expression value, request.
    expect(data(serviceNegotiate!).expressions[1]).toMatchObject({ for: 'value', value: 'Bearer ***' });
    expect(r.stdout).not.toContain('Bearer eyJ');
    expect(data(choose2!).branch).toBeNull();
    expect(variable(connToken)).toMatchObject({ name: 'connectionToken', value: '***' });
    expect(variable(connId)).toMatchObject({ name: 'connectionId', value: 'conn-1' });
    expect(data(backend!).backend).toEqual({ baseUrl: 'ws://signalr.test/client/' });

    expect(queries.map((q) => [data(q).queryParameter.name, data(q).queryParameter.values])).toEqual(EXPECTED_QUERY.slice(1).map(([k, v]) => [k, [v]]));

    expect(trace.traceEntries.backend).toEqual([expect.objectContaining({ source: 'forward-request' })]);
    expect(trace.traceEntries['on-error']).toEqual([]);
    const decision = trace.decision as { kind: string; backendUrl: string };
    expect(decision.kind).toBe('connect');
    expect([...new URL(decision.backendUrl).searchParams]).toEqual(EXPECTED_QUERY);
  });

  it('shows neither the access token nor the connection token, as text or as JSON', async () => {
    for (const format of ['text', 'json']) {
      const r = await cli('trace', POLICY, '--mock', MOCK, '--named-values', NAMED, '--format', format);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('access_token=***');
      for (const token of [ACCESS_TOKEN, CONNECTION_TOKEN, encodeURIComponent(CONNECTION_TOKEN), 'eyJhbGciOiJI']) expect(r.stdout).not.toContain(token);
    }
  });

  it('an unmatched callout fails (BackendConnectionFailure → 500) unless --allow-network; exit 1', async () => {
    const r = await cli('trace', POLICY, '--mock', join(fixtures, 'empty-mock.yaml'), '--named-values', NAMED, '--format', 'json');
    expect(r.code).toBe(1);
    const trace = JSON.parse(r.stdout) as HandshakeTrace;
    expect(trace.decision).toMatchObject({ kind: 'respond', statusCode: 500 });
    const error = trace.traceEntries.inbound.find((e) => e.source === 'error')!;
    expect(error.data).toMatchObject({ lastError: { source: 'send-request', reason: 'BackendConnectionFailure', message: expect.stringContaining('No mock matches GET http://chat-app.test/chat/negotiate') } });
  });

  it('the web app refusing is passed back by return-response', async () => {
    const r = await cli('trace', POLICY, '--mock', join(fixtures, 'app-refuses-mock.yaml'), '--named-values', NAMED);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^decision: respond 401 Unauthorized/m);
    expect(r.stdout).toContain('branch: when[1]');
  });

  it('a compile error is reported with its location and nothing runs (exit 1)', async () => {
    const r = await cli('trace', join(fixtures, 'broken.xml'), '--mock', MOCK);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/broken\.xml:4:\d+: error OH402/);
    expect(r.stderr).toMatch(/broken\.xml:5:\d+: error OH408/);
  });

  it.each([
    [[], /give exactly one policy file/],
    [[POLICY, '--format', 'xml'], /--format must be text or json/],
    [[POLICY, '--header', 'no-colon'], /expected 'Name: value'/],
    [[POLICY, '--url', 'not a url'], /not an absolute URL/],
    [[POLICY, '--url', 'ftp://x/'], /use ws:\/\/, wss:\/\/, http:\/\/ or https:\/\//],
    [[POLICY, '--mock', join(fixtures, 'bad-mock.yaml')], /entry 1: 'url'/],
    [[POLICY, '--mock', join(fixtures, 'no-such-mock.yaml')], /cannot read/],
    [[POLICY, '--bogus'], /unknown option '--bogus'/],
  ])('usage errors exit 2 (in process): %j', async (args, message) => {
    const { default: trace } = await import('../../src/cli/trace.js');
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      expect(await trace(args)).toBe(2);
    } finally {
      process.stderr.write = original;
    }
    expect(written.join('')).toMatch(message);
  });
});

describe('onhandshake trace: errors located, what the text shows, what the handshake carries', () => {
  const FAILURE = join(fixtures, 'runtime-failure.xml');
  const failureLines = readFileSync(FAILURE, 'utf8').split('\n');
  /** file:line:col of the `/` in `10 / int.Parse(n)`: the sub-expression that fails. */
  const divideAt = `${FAILURE}:14:${failureLines[13]!.indexOf('/ int.Parse') + 1}`;

  it('an unresolved {{named value}} reaching the backend URL is an error at its location, exit 1', async () => {
    const file = join(fixtures, 'unresolved-backend.xml');
    const r = await cli('trace', file);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('decision: connect');
    expect(r.stdout).toMatch(/^decision: respond 500 Internal Server Error$/m);
    const column = readFileSync(file, 'utf8').split('\n')[2]!.indexOf('{{') + 1;
    expect(r.stderr).toContain(`${file}:3:${column}: error set-backend-service: PolicyConfigurationError: base-url '{{backend-url-2}}' holds the named value {{backend-url-2}}, which has no value`);
  });

  it('a runtime failure is located at the failing sub-expression: stderr, text trace (with the line and a caret), JSON', async () => {
    const text = await cli('trace', FAILURE);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(`${divideAt}: error set-header: ExpressionValueEvaluationFailure: Expression evaluation failed. Attempted to divide by zero.`);
    const lines = text.stdout.split('\n');
    const at = lines.findIndex((l) => l.trim() === `at ${divideAt}`);
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]!.trim()).toBe(failureLines[13]!.trim());
    // The caret stands under the `/` of the failing division.
    expect(lines[at + 2]!.indexOf('^') - lines[at + 1]!.indexOf('<value>')).toBe(failureLines[13]!.indexOf('/ int.Parse') - failureLines[13]!.indexOf('<value>'));

    const json = await cli('trace', FAILURE, '--format', 'json');
    const trace = JSON.parse(json.stdout) as HandshakeTrace;
    const failed = trace.traceEntries.inbound.find((e) => e.source === 'set-header' && (e.data as { error?: unknown }).error)!;
    expect(failed.data).toMatchObject({ error: { reason: 'ExpressionValueEvaluationFailure', exception: 'System.DivideByZeroException', location: divideAt, expression: expect.stringContaining('10 / int.Parse(n)') } });
    const error = trace.traceEntries.inbound.find((e) => e.source === 'error')!;
    expect(error.data).toMatchObject({ lastError: { source: 'set-header', location: divideAt } });
  });

  it('--region, --client-ip and --subscription-key reach the policy; the when branch taken is named with its condition; the backend headers are shown', async () => {
    const r = await cli('trace', FAILURE, '--region', 'westeurope', '--client-ip', '10.1.2.3', '--subscription-key', 'key-123', '--header', 'X-N: 5');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('      when[1] @(context.Request.Headers.GetValueOrDefault("x-mode", "") == "a") = false\n');
    expect(r.stdout).toContain('      when[2] @(context.Deployment.Region == "westeurope") = true\n');
    expect(r.stdout).toContain('      branch: when[2] (@(context.Deployment.Region == "westeurope") is true)\n');
    // The headers sent to the backend, under forward-request; the key is masked.
    const backend = r.stdout.slice(r.stdout.indexOf('\nbackend\n'));
    expect(backend).toContain('        X-N: 5\n');
    expect(backend).toContain('        x-seen: westeurope 10.1.2.3 trace\n');
    expect(backend).toContain('        x-ratio: 2\n');
    expect(backend).toContain('        Ocp-Apim-Subscription-Key: ***\n');
    expect(r.stdout).not.toContain('key-123');
  });

  it("prints a callout's request (its headers and the edits that built it) before its response", async () => {
    const r = await cli('trace', POLICY, '--mock', MOCK, '--named-values', NAMED);
    expect(r.code).toBe(0);
    const out = r.stdout;
    const request = out.indexOf('      POST http://signalr.test/client/negotiate?');
    const header = out.indexOf('        Authorization: Bearer ***', request);
    const edit = out.indexOf('      header Authorization (override) = ["Bearer ***"]', request);
    const response = out.indexOf('      → 200 OK {"negotiateVersion":1', request);
    const variable = out.indexOf('      variable serviceNegotiate', request);
    expect(request).toBeGreaterThan(0);
    expect([header, edit, response, variable].every((i, k, all) => i > (k === 0 ? request : all[k - 1]!))).toBe(true);
  });

  it("docs/trace.md's error example is the real output (timings and the activity id aside)", async () => {
    const doc = readFileSync(join(root, 'docs', 'trace.md'), 'utf8');
    const block = /```\n\$ onhandshake (trace test\/fixtures\/graph\/runtime-failure\.xml[^\n]*)\n([\s\S]*?)```/.exec(doc);
    expect(block).not.toBeNull();
    const r = await cli(...block![1]!.split(' '));
    expect(r.code).toBe(1);
    const normal = (text: string) => text.replace(/ \d+\.\d ms$/gm, ' N ms').replace(/"activityId":"[0-9a-f-]{36}"/, '"activityId":"…"');
    expect(normal(r.stdout + r.stderr)).toBe(normal(block![2]!));
  });

  it('--config: the subscription key resolves to its subscription and product, whose merged policy runs with the configured deployment', async () => {
    const config = join(fixtures, 'config', 'onhandshake.yaml');
    const r = await cli('trace', '--config', config, '--subscription-key', 'gold-key-1', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const trace = JSON.parse(r.stdout) as HandshakeTrace;
    const decision = trace.decision as { kind: string; backendUrl: string; headers: Array<{ name: string; value: string }> };
    expect(decision).toMatchObject({ kind: 'connect', backendUrl: 'ws://chat.test/ws' });
    expect(decision.headers).toEqual(expect.arrayContaining([
      { name: 'x-product', value: 'gold' },
      { name: 'x-who', value: 'first northeurope lobby' },
      { name: 'Ocp-Apim-Subscription-Key', value: '***' },
    ]));
    expect(r.stdout).not.toContain('gold-key-1');
    const region = await cli('trace', '--config', config, '--subscription-key', 'gold-key-1', '--region', 'westeurope');
    expect(region.stdout).toContain('        x-who: first westeurope lobby\n');
  });

  it.each([
    [['--subscription-key', 'nope'], 'the gateway refuses this handshake before the policy runs: SubscriptionKeyInvalid (401)'],
    [[], 'the gateway refuses this handshake before the policy runs: SubscriptionKeyNotFound (401)'],
    [['--subscription-key', 'gold-key-1', '--url', 'ws://localhost:8080/other'], 'has the path /other (/chat)'],
  ])('--config: a handshake the gateway would refuse before the policy is an error (exit 1): %j', async (args, message) => {
    const r = await cli('trace', '--config', join(fixtures, 'config', 'onhandshake.yaml'), ...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
  });

  it.each([
    [['--client-ip', '10.1.2'], /--client-ip 10\.1\.2: not an IPv4 or IPv6 address/],
    [['--region', ' '], /--region needs a name/],
  ])('bad handshake flags are usage errors (exit 2): %j', async (args, message) => {
    const r = await cli('trace', FAILURE, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('onhandshake serve --mock', () => {
  it('serves a policy offline: its callouts are answered from the mock file, the handshake reaches a local backend', async () => {
    const backend = await echoServer();
    const dir = mkdtempSync(join(tmpdir(), 'oh-mock-'));
    const service = backend.url.replace(/^ws:/, 'http:');
    const mock = join(dir, 'mock.yaml');
    writeFileSync(mock, [
      '- method: GET',
      '  url: "http://chat-app.test/chat/negotiate*"',
      `  body: { url: "${service}/client/?hub=chat", accessToken: "eyJhbGciOiJub25lIn0.e30." }`,
      '- method: POST',
      `  url: "${service}/client/negotiate*"`,
      '  body: { connectionId: "c1", connectionToken: "t1" }',
      '',
    ].join('\n'));
    const serve = runProgram('src/cli/main.ts', ['serve', '--policy', POLICY, '--path', '/chat', '--backend', 'ws://127.0.0.1:1/', '--named-values', NAMED, '--mock', mock, '--port', '0', '--drain-ms', '0', '--no-console']);
    try {
      const [, url] = await until(() => serve.stdout().match(/listening on (ws:\/\/127\.0\.0\.1:\d+)/), 'the listening line');
      const ws = await open(`${url}/chat`);
      const reached = new URL(backend.lastRequest!.url!, 'ws://x');
      expect(reached.pathname).toBe('/client/');
      expect(reached.searchParams.get('id')).toBe('t1');
      ws.send('offline');
      expect((await nextMessage(ws)).data.toString()).toBe('offline');
      ws.close();
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exit;
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses to start when the backend URL holds an undefined {{named value}} (named values always have a source in serve), naming file:line:col', async () => {
    const file = join(fixtures, 'unresolved-backend.xml');
    const r = await cli('serve', '--policy', file, '--path', '/x', '--backend', 'ws://127.0.0.1:1/', '--port', '0', '--no-console');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:3:36: error OH201: named value 'backend-url-2' is not defined`);
  });

  it('a runtime failure gets APIM\'s 500, and the gateway log names the failing sub-expression', async () => {
    const file = join(fixtures, 'runtime-failure.xml');
    const serve = runProgram('src/cli/main.ts', ['serve', '--policy', file, '--path', '/x', '--backend', 'ws://127.0.0.1:1/', '--port', '0', '--drain-ms', '0', '--no-console']);
    try {
      const [, url] = await until(() => serve.stdout().match(/listening on (ws:\/\/127\.0\.0\.1:\d+)/), 'the listening line');
      expect((await refusal(`${url}/x`)).status).toBe(500);
      const line = await until(() => (serve.stdout() + serve.stderr()).split('\n').find((l) => l.includes('HandshakeRejected') || l.includes('500')), 'the log line');
      await until(() => (serve.stdout() + serve.stderr()).includes(`${file}:14:`), `the location in the log (${line})`);
      expect(serve.stdout() + serve.stderr()).toContain(`set-header: ExpressionValueEvaluationFailure: Expression evaluation failed. Attempted to divide by zero. (at ${file}:14:91)`);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exit;
    }
  }, 60_000);

  it('an invalid mock file is a usage error (exit 2)', async () => {
    const r = await cli('serve', '--policy', POLICY, '--path', '/chat', '--backend', 'ws://127.0.0.1:1/', '--mock', join(fixtures, 'bad-mock.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/entry 1: 'url'/);
  });
});

describe('onhandshake graph', () => {
  it('prints the step tree with paths and lines', async () => {
    const r = await cli('graph', POLICY, '--named-values', NAMED);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^inbound$/m);
    // The policy is named once, relative to the working folder; steps give their line only.
    expect(r.stdout.split('\n')[0]).toBe('policy policies/signalr-chat.xml');
    expect(r.stdout).not.toContain(root);
    expect(r.stdout).toMatch(/^  send-request response-variable-name=appNegotiate  policies\/inbound\/send-request\[1\] \(line \d+\)$/m);
    expect(r.stdout).toMatch(/^    when\[1\] @\(\(\(IResponse\)context\.Variables\["appNegotiate"\]\)\.StatusCode != 200\)$/m);
    expect(r.stdout).toMatch(/^      return-response response-variable-name=appNegotiate  policies\/inbound\/choose\[1\]\/when\[1\]\/return-response\[1\] \(line \d+\)  \(ends the flow\)$/m);
    // set-backend-service shows its URL (here an expression, cut to one line).
    expect(r.stdout).toMatch(/^  set-backend-service base-url=@\(var redirect = new Uri\(\(string\)context\.Variables\["serviceUr…\)  policies\/inbound\/set-backend-service\[1\]/m);
    const literal = await cli('graph', join(fixtures, 'unresolved-backend.xml'));
    expect(literal.stdout).toContain('  set-backend-service base-url={{backend-url-2}}  policies/inbound/set-backend-service[1] (line 3)\n');
  });

  it('mermaid: return-response ends the flow (no edge leaves it)', async () => {
    const r = await cli('graph', POLICY, '--named-values', NAMED, '--format', 'mermaid');
    const ids = [...r.stdout.matchAll(/^ {2}(n\d+)\["return-response /gm)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      expect(r.stdout).toMatch(new RegExp(`-->.* ${id}$`, 'm'));
      expect(r.stdout).not.toMatch(new RegExp(`^ {2}${id} -->`, 'm'));
    }
  });

  it('a choose all of whose branches respond ends the flow too: the step after it is unreachable', async () => {
    const file = join(fixtures, 'all-branches-respond.xml');
    const tree = await cli('graph', file);
    expect(tree.stdout).toContain('  choose  policies/inbound/choose[1] (line 3)  (ends the flow)\n');
    const mermaid = await cli('graph', file, '--format', 'mermaid');
    const id = /^ {2}(n\d+)\["set-header x-never/m.exec(mermaid.stdout)![1]!;
    expect(mermaid.stdout).not.toMatch(new RegExp(`--> ${id}$|\\| ${id}$`, 'm'));
  });

  it('prints Mermaid', async () => {
    const r = await cli('graph', POLICY, '--named-values', NAMED, '--format', 'mermaid');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('flowchart TD\n')).toBe(true);
    expect(r.stdout).toMatch(/n\d+\{"choose<br\/>policies\/inbound\/choose\[1\]:\d+"\}/);
    expect(r.stdout).toMatch(/-->\|"when\[1\] @\(/);
  });
});

describe('onhandshake policies', () => {
  it('docs/policies.md is the generated support matrix', async () => {
    const r = await cli('policies', '--format', 'markdown');
    expect(r.code).toBe(0);
    const doc = readFileSync(join(root, 'docs', 'policies.md'), 'utf8');
    // Regenerate with: npx tsx src/cli/main.ts policies --format markdown > docs/policies.md
    expect(doc).toBe(r.stdout);
  });

  it('lists supported, not yet supported and refused policies', async () => {
    const r = await cli('policies');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^send-request\s+supported\s+/m);
    expect(r.stdout).toMatch(/^log-to-eventhub\s+not yet supported\s+/m);
    expect(r.stdout).toMatch(/^get-authorization-context\s+supported\s+/m);
    expect(r.stdout).toMatch(/^set-method\s+refused on onHandshake\s+/m);
  });
});
