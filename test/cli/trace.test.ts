/**
 * `onhandshake trace` end to end, as a user runs it: the SignalR chat policy with a mock file, the
 * decision printed, and the JSON trace checked entry by entry. Also `graph` and `policies`.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { HandshakeTrace, TraceEntry } from '../../src/graph/contract.js';

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

describe('onhandshake graph', () => {
  it('prints the step tree with paths and lines', async () => {
    const r = await cli('graph', POLICY, '--named-values', NAMED);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^inbound$/m);
    expect(r.stdout).toMatch(/^  send-request response-variable-name=appNegotiate  policies\/inbound\/send-request\[1\] \(.*signalr-chat\.xml:\d+\)$/m);
    expect(r.stdout).toMatch(/^    when\[1\] @\(\(\(IResponse\)context\.Variables\["appNegotiate"\]\)\.StatusCode != 200\)$/m);
    expect(r.stdout).toMatch(/^      return-response response-variable-name=appNegotiate/m);
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
    expect(r.stdout).toMatch(/^get-authorization-context\s+not yet supported\s+/m);
    expect(r.stdout).toMatch(/^set-method\s+refused on onHandshake\s+/m);
  });
});
