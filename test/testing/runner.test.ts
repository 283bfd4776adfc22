import { describe, expect, it } from 'vitest';
import { loadTestFile } from '../../src/testing/load.js';
import { runFile } from '../../src/testing/runner.js';
import { formatConsoleReport } from '../../src/testing/report-console.js';
import { APP_DOWN, HAPPY, SECTIONS, syntheticRun, syntheticTarget } from './synthetic.js';
import { caseCallouts } from '../../src/testing/callouts.js';
import { HeaderBag } from '../../src/common/headers.js';

const FILE = '/virtual/chat.test.yaml';

async function run(yaml: string, pick = (url: string) => (url.includes('down') ? APP_DOWN : HAPPY)) {
  const loaded = loadTestFile(FILE, yaml);
  expect(loaded.problems).toEqual([]);
  const target = syntheticTarget(SECTIONS, (input) => pick(input.url));
  return runFile(loaded, { prepare: async () => target });
}

describe('runner on synthetic runs', () => {
  it('passes cases whose expectations hold: exact, regex, jsonata, lists, lastError, steps', async () => {
    const result = await run(`
policy: chat.xml
cases:
  - name: happy
    handshake: { url: /chat?x=1 }
    expect:
      connect:
        backendUrl: wss://svc.test/client/
        url: /asrs_request_id=a%2Bb$/
        query:
          hub: chat
          asrs_request_id: a+b
          id: null
        headers:
          x-added: [yes]
      variables: { hub: { jsonata: "$ = 'chat'" } }
      lastError: null
      steps:
        ran:
          - send-request
          - choose[1]
          - line:61
        notRan: [return-response]
      jsonata:
        "$count(traceEntries.inbound)": 5
        "decision.query.hub": chat
  - name: down
    handshake: { url: /down }
    expect:
      respond:
        status: 500
        headers: { content-type: application/json }
        body: { statusCode: 500 }
      lastError: { source: send-request, reason: BackendConnectionFailure }
`);
    expect(result.cases.map((c) => [c.name, c.status, c.failures.map((f) => f.message)])).toEqual([
      ['happy', 'pass', []],
      ['down', 'pass', []],
    ]);
  });

  it('fails with the test-file line, a diff and the policy line of the step that set the value', async () => {
    const result = await run(`
policy: chat.xml
cases:
  - name: wrong hub
    expect:
      connect:
        query:
          hub: lobby
`);
    const [c] = result.cases;
    expect(c!.status).toBe('fail');
    const f = c!.failures[0]!;
    expect(f.key).toEqual(['connect', 'query', 'hub']);
    expect(f.at.line).toBe(8);
    expect(f.blame.step).toMatchObject({ line: 61, path: 'inbound/set-query-parameter[1]', ran: true });
    const report = formatConsoleReport([result], { cwd: '/virtual' });
    expect(report).toContain('✗ wrong hub');
    expect(report).toContain('expect.connect.query.hub  chat.test.yaml:8:11');
    expect(report).toContain('- "lobby"');
    expect(report).toContain('+ "chat"');
    expect(report).toContain('policy: policy.xml:61:9 inbound/set-query-parameter[1]');
    expect(report).toMatch(/0 passed, 1 failed/);
  });

  it('a connect expected but a response given points at the failing step', async () => {
    const result = await run(`
policy: chat.xml
cases:
  - name: expected connect
    handshake: { url: /down }
    expect:
      connect: { backendUrl: wss://svc.test/client/ }
`);
    const f = result.cases[0]!.failures[0]!;
    expect(f.message).toMatch(/expected the handshake to connect.*500 Internal Server Error/);
    expect(f.blame.step ?? f.blame.endedAt).toMatchObject({ line: 18, path: 'inbound/send-request[1]' });
    const report = formatConsoleReport([result], { cwd: '/virtual' });
    expect(report).toContain('run ended at: policy.xml:18:9 inbound/send-request[1] (BackendConnectionFailure: Unable to connect to the remote server)');
  });

  it('says where a step that should have set a value is written when it did not run', async () => {
    const result = await run(`
policy: chat.xml
cases:
  - name: down but expects hub
    handshake: { url: /down }
    expect:
      variables: { hub: chat }
`);
    const f = result.cases[0]!.failures[0]!;
    expect(f.blame.step).toMatchObject({ line: 27, ran: false });
    expect(f.blame.endedAt).toMatchObject({ line: 18 });
    expect(formatConsoleReport([result], { cwd: '/virtual' })).toContain('policy.xml:27:9 inbound/set-variable[1] (did not run)');
  });

  it('a step expected to run points at the branch whose condition was false', async () => {
    const result = await run(`
policy: chat.xml
cases:
  - name: expects the early return
    expect:
      steps: ["choose[1]/when[1]/return-response[1]"]
`);
    const f = result.cases[0]!.failures[0]!;
    expect(f.blame.step).toMatchObject({ line: 23, name: 'when', ran: false });
    expect(formatConsoleReport([result], { cwd: '/virtual' })).toContain('policy: policy.xml:23:9 inbound/choose[1]/when[1] (branch not taken)');
  });

  it('a case without expectations fails and says how to record them', async () => {
    const result = await run(`
policy: chat.xml
cases:
  - name: nothing expected
`);
    expect(result.cases[0]!.status).toBe('fail');
    expect(result.cases[0]!.failures[0]!.message).toMatch(/--update/);
  });

  it('a bad handshake URL is an error of that case only', async () => {
    const result = await run(`
policy: chat.xml
cases:
  - name: bad url
    handshake: { url: "ws://[::1" }
    expect: { connect: {} }
  - name: fine
    expect: { connect: {} }
`);
    expect(result.cases.map((c) => c.status)).toEqual(['error', 'pass']);
    expect(result.cases[0]!.error).toMatch(/^handshake: /);
  });

  it('filters cases by name', async () => {
    const loaded = loadTestFile(FILE, 'policy: x.xml\ncases:\n  - name: one\n    expect: {connect: {}}\n  - name: two\n    expect: {connect: {}}\n');
    const target = syntheticTarget(SECTIONS, () => HAPPY);
    const result = await runFile(loaded, { prepare: async () => target, filter: 'TWO' });
    expect(result.cases.map((c) => c.name)).toEqual(['two']);
  });

  it('reports a policy that did not compile on every case, with its diagnostics', async () => {
    const loaded = loadTestFile(FILE, 'policy: x.xml\ncases:\n  - name: one\n');
    const target = { ...syntheticTarget(SECTIONS, () => HAPPY), graph: undefined };
    target.diagnostics = [{ severity: 'error', code: 'OH401', message: 'unknown policy <set-foo>', file: '/virtual/policy.xml', line: 3, column: 5 }];
    const result = await runFile(loaded, { prepare: async () => target });
    expect(result.cases[0]!.status).toBe('error');
    expect(result.cases[0]!.error).toBe('the policy did not compile (1 error(s), the first at /virtual/policy.xml:3:5: OH401 unknown policy <set-foo>)');
  });

  it('a callout no mock matches fails the case with the request attempted', async () => {
    const target = syntheticTarget(SECTIONS, () => HAPPY);
    target.callouts = caseCallouts;
    target.graph = {
      async run(input, options) {
        const headers = new HeaderBag([['Authorization', 'Bearer secret'], ['X-Id', '7']]);
        await options!.callouts!.send({ method: 'GET', url: 'http://app.test/chat/negotiate?negotiateVersion=1', headers, body: null, timeoutMs: 1000, maxBodyBytes: 1000 }).catch(() => undefined);
        return syntheticRun(SECTIONS, input, APP_DOWN);
      },
    };
    const loaded = loadTestFile(FILE, 'policy: p.xml\ncases:\n  - name: unmocked\n    mocks: [{ url: "http://other.test/*" }]\n    expect: { respond: { status: 500 } }\n');
    const result = await runFile(loaded, { prepare: async () => target });
    const c = result.cases[0]!;
    expect(c.status).toBe('fail');
    expect(c.failures[0]!.message).toBe('no mock matches the callout GET http://app.test/chat/negotiate?negotiateVersion=1');
    expect(c.failures[0]!.at.line).toBe(4);
    expect(c.failures[0]!.blame.step).toMatchObject({ line: 18, name: 'send-request' });
    const report = formatConsoleReport([result], { cwd: '/virtual' });
    expect(report).toContain('+ GET http://app.test/chat/negotiate?negotiateVersion=1');
    expect(report).toContain('+ Authorization: Bearer ***');
    expect(report).toContain('+ X-Id: 7');
    expect(report).not.toContain('secret');
  });

  it('a case that does not finish in time is an error, and the others still run', async () => {
    const target = syntheticTarget(SECTIONS, (input) => (input.url.includes('hang') ? new Promise(() => undefined) : HAPPY));
    const loaded = loadTestFile(FILE, 'policy: p.xml\ncases:\n  - name: hangs\n    handshake: { url: /hang }\n    expect: { connect: {} }\n  - name: fine\n    expect: { connect: {} }\n');
    const result = await runFile(loaded, { prepare: async () => target, caseTimeoutMs: 50 });
    expect(result.cases.map((c) => [c.status, c.error])).toEqual([
      ['error', 'the case did not finish within 50 ms'],
      ['pass', undefined],
    ]);
  });
});
