import { describe, expect, it } from 'vitest';
import { compile, policy, run } from './helpers.js';
import { simulatedInput } from '../../src/graph/simulated-input.js';

const refused = (attrs = '') => `<send-request response-variable-name="r" ${attrs}><set-url>http://127.0.0.1:1/x</set-url></send-request>`;

describe('executor: decisions', () => {
  it('connects to the base URL with the handshake query and headers when nothing ends the pipeline', async () => {
    const r = await run(policy('<set-header name="X-A" exists-action="override"><value>1</value></set-header>'), {
      url: 'ws://gw.test/chat?room=1',
      headers: [['X-Client', 'c']],
    });
    expect(r.decision.kind).toBe('connect');
    if (r.decision.kind !== 'connect') return;
    expect(r.decision.backendUrl).toBe('ws://backend.test/hub?room=1');
    expect(r.decision.headers.get('x-client')).toBe('c');
    expect(r.decision.headers.get('x-a')).toBe('1');
    expect(r.state.lastError).toBeNull();
  });

  it('return-response ends the pipeline: later steps do not run', async () => {
    const r = await run(policy('<return-response><set-status code="403" reason="Forbidden" /><set-header name="X-Why" exists-action="override"><value>no</value></set-header><set-body>go away</set-body></return-response>\n<set-variable name="after" value="1" />'));
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 403, statusReason: 'Forbidden' });
    if (r.decision.kind !== 'respond') return;
    expect(r.decision.body.toString()).toBe('go away');
    expect(r.decision.headers.get('x-why')).toBe('no');
    expect(r.state.variables.has('after')).toBe(false);
  });

  it('set-status without reason uses the standard reason phrase (as Microsoft\'s snippets rely on)', async () => {
    const r = await run(policy('<return-response><set-status code="404" /></return-response>'));
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 404, statusReason: 'Not Found' });
  });

  it('the older trace form with the message as text still works', async () => {
    const r = await run(policy('<trace source="legacy">plain message</trace>'));
    expect(r.trace!.traceEntries.inbound.find((e) => e.source === 'legacy')!.data).toMatchObject({ message: 'plain message', severity: 'verbose' });
  });

  it('return-response defaults to 200 OK with no body', async () => {
    const r = await run(policy('<return-response />'));
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 200, statusReason: 'OK' });
    if (r.decision.kind === 'respond') expect(r.decision.body.length).toBe(0);
  });

  it('runs the backend section after inbound, before connecting', async () => {
    const r = await run(
      '<policies><inbound><set-query-parameter name="a" exists-action="override"><value>1</value></set-query-parameter></inbound>' +
        '<backend><set-query-parameter name="b" exists-action="override"><value>2</value></set-query-parameter><forward-request timeout="10" /></backend><outbound /><on-error /></policies>',
    );
    expect(r.decision).toMatchObject({ kind: 'connect', backendUrl: 'ws://backend.test/hub?a=1&b=2' });
  });

  it('set-backend-service base-url and backend-id replace the base URL; the query is kept', async () => {
    const a = await run(policy('<set-backend-service base-url="wss://svc.example/client/" />'), { url: 'ws://gw/chat?x=1' });
    expect(a.decision).toMatchObject({ backendUrl: 'wss://svc.example/client/?x=1' });
    const b = await run(policy('<set-backend-service backend-id="chat" />'), { url: 'ws://gw/chat?x=1' }, {}, { backends: new Map([['chat', 'ws://chat.local/ws?fixed=1']]) });
    expect(b.decision).toMatchObject({ backendUrl: 'ws://chat.local/ws?fixed=1&x=1' });
  });

  it('rewrite-uri sets the backend path; copy-unmatched-params decides what happens to the query', async () => {
    const kept = await run(policy('<rewrite-uri template="/v2/socket?mode=fast" />'), { url: 'ws://gw/chat?a=1&b=2' });
    expect(kept.decision).toMatchObject({ backendUrl: 'ws://backend.test/hub/v2/socket?mode=fast&a=1&b=2' });
    const dropped = await run(policy('<rewrite-uri template="/v2/socket" copy-unmatched-params="false" />'), { url: 'ws://gw/chat?a=1' });
    expect(dropped.decision).toMatchObject({ backendUrl: 'ws://backend.test/hub/v2/socket' });
    const placeholder = await run(policy('<rewrite-uri template="/rooms/{room}" />'), { url: 'ws://gw/chat?room=a%20b&x=1' });
    expect(placeholder.decision).toMatchObject({ backendUrl: 'ws://backend.test/hub/rooms/a%20b?x=1' });
    expect(placeholder.state.request.url.path).toBe('/rooms/a%20b');
  });

  it('choose takes the first true branch, else otherwise; literal conditions work', async () => {
    const chooseXml = (a: string, b: string) =>
      policy(`<choose><when condition="${a}"><set-variable name="took" value="1" /></when><when condition="${b}"><set-variable name="took" value="2" /></when><otherwise><set-variable name="took" value="otherwise" /></otherwise></choose>`);
    const cases: Array<[string, string, string]> = [
      ['true', 'true', '1'],
      ['false', 'true', '2'],
      ['false', 'false', 'otherwise'],
      ['True', 'false', '1'],
    ];
    for (const [a, b, took] of cases) {
      const r = await run(chooseXml(a, b));
      expect(r.state.variables.get('took')).toBe(took);
      const entry = r.trace!.traceEntries.inbound.find((e) => e.source === 'choose')!;
      expect((entry.data as { branch: string }).branch).toBe(took === 'otherwise' ? 'otherwise' : `when[${took}]`);
    }
  });

  it('authentication-basic and authentication-managed-identity set Authorization on the backend request', async () => {
    const basic = await run(policy('<authentication-basic username="u" password="p4ss-word" />'));
    if (basic.decision.kind !== 'connect') throw new Error('expected connect');
    expect(basic.decision.headers.get('authorization')).toBe(`Basic ${Buffer.from('u:p4ss-word').toString('base64')}`);
    expect(JSON.stringify(basic.trace)).not.toContain('p4ss-word');
    const mi = await run(policy('<authentication-managed-identity resource="https://signalr.azure.com" />'));
    if (mi.decision.kind !== 'connect') throw new Error('expected connect');
    const token = mi.decision.headers.get('authorization')!.replace('Bearer ', '');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims.aud).toBe('https://signalr.azure.com');
    expect(JSON.stringify(mi.trace)).not.toContain(token);
    const variable = await run(policy('<authentication-managed-identity resource="r" output-token-variable-name="tok" />'));
    if (variable.decision.kind !== 'connect') throw new Error('expected connect');
    expect(variable.decision.headers.has('authorization')).toBe(false);
    expect(typeof variable.state.variables.get('tok')).toBe('string');
  });
});

describe('executor: errors and on-error', () => {
  it('fills every LastError field as APIM does', async () => {
    const r = await run(policy(`<choose><when condition="true">${refused('id="negotiate"')}</when></choose>`));
    expect(r.state.lastError).toEqual({
      source: 'send-request',
      reason: 'BackendConnectionFailure',
      message: expect.stringContaining('Unable to connect to the remote server'),
      scope: 'operation',
      section: 'inbound',
      path: 'choose[1]/when[1]/send-request[1]',
      policyId: 'negotiate',
      // Ours (not visible to expressions): where the failing element was written.
      location: 'test.xml:3:32',
    });
  });

  it('PolicyId is empty without an id', async () => {
    const r = await run(policy(refused()));
    expect(r.state.lastError).toMatchObject({ policyId: '', path: 'send-request[1]' });
  });

  it('an unhandled error is APIM\'s 500 JSON body with the request id as activityId', async () => {
    const r = await run(policy(refused()), { requestId: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    expect(r.decision.kind).toBe('respond');
    if (r.decision.kind !== 'respond') return;
    expect(r.decision.statusCode).toBe(500);
    expect(r.decision.statusReason).toBe('Internal Server Error');
    expect(r.decision.headers.get('content-type')).toBe('application/json');
    expect(r.decision.body.toString()).toBe('{"statusCode":500,"message":"Internal server error","activityId":"0f8fad5b-d9cb-469f-a165-70867728950e"}');
  });

  it('on-error without return-response sends the error response with the headers and status on-error set', async () => {
    const r = await run(policy(refused(), '<set-header name="X-Handled" exists-action="override"><value>yes</value></set-header><set-status code="502" reason="Bad Gateway" />'));
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 502, statusReason: 'Bad Gateway' });
    if (r.decision.kind !== 'respond') return;
    expect(r.decision.headers.get('x-handled')).toBe('yes');
    expect(JSON.parse(r.decision.body.toString())).toMatchObject({ statusCode: 500, message: 'Internal server error' });
  });

  it('return-response in on-error answers with that response', async () => {
    const r = await run(policy(refused(), '<return-response><set-status code="503" reason="Service Unavailable" /><set-body>try later</set-body></return-response>'));
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 503 });
    if (r.decision.kind === 'respond') expect(r.decision.body.toString()).toBe('try later');
  });

  it('an error inside on-error gives the generic 500', async () => {
    const r = await run(policy(refused(), refused()));
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 500 });
    if (r.decision.kind === 'respond') expect(JSON.parse(r.decision.body.toString())).toMatchObject({ statusCode: 500, message: 'Internal server error' });
  });

  it('steps after the failing one do not run; on-error runs in its own trace section', async () => {
    const r = await run(policy(`${refused()}<set-variable name="after" value="1" />`, '<set-variable name="handled" value="1" />'));
    expect(r.state.variables.has('after')).toBe(false);
    expect(r.state.variables.get('handled')).toBe('1');
    expect(r.trace!.traceEntries['on-error'].map((e) => e.source)).toEqual(['set-variable']);
  });
});

describe('executor: trace', () => {
  it('starts with api-inspector, has one entry per step with its location, and ends with the decision', async () => {
    const r = await run(policy('<set-variable name="a" value="1" />\n<trace source="mine" severity="information"><message>hello</message><metadata name="k" value="v" /></trace>'), {
      url: 'ws://gw.test/chat?x=1',
    });
    const t = r.trace!;
    expect(t.traceId).toBe(r.state.requestId);
    const inbound = t.traceEntries.inbound;
    expect(inbound[0]).toMatchObject({ source: 'api-inspector', data: { request: { method: 'GET', url: 'ws://gw.test/chat?x=1' } } });
    expect(inbound.map((e) => e.source)).toEqual(['api-inspector', 'api-inspector', 'set-variable', 'mine']);
    expect(inbound[2]).toMatchObject({ path: 'policies/inbound/set-variable[1]', file: 'test.xml', line: 3, column: 1, data: { variable: { name: 'a', value: '1' } } });
    expect(inbound[3]).toMatchObject({ line: 4, data: { severity: 'information', message: 'hello', metadata: { k: 'v' } } });
    for (const e of inbound) {
      expect(e.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
      expect(e.elapsed).toMatch(/^\d\d:\d\d:\d\d\.\d{7}$/);
    }
    expect(t.traceEntries.backend).toEqual([expect.objectContaining({ source: 'forward-request', data: expect.objectContaining({ request: expect.objectContaining({ url: 'ws://backend.test/hub?x=1' }) }) })]);
    expect(t.decision).toMatchObject({ kind: 'connect', backendUrl: 'ws://backend.test/hub?x=1' });
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });

  it('records nothing when tracing is off', async () => {
    const r = await run(policy('<trace source="s"><message>m</message></trace><set-variable name="a" value="1" />'), {}, { trace: false });
    expect(r.trace).toBeNull();
    expect(r.state.tracing).toBe(false);
    expect(r.decision.kind).toBe('connect');
  });

  it('records the failing step and the LastError', async () => {
    const r = await run(policy(refused()));
    const failing = r.trace!.traceEntries.inbound.find((e) => e.source === 'send-request')!;
    expect(failing.data).toMatchObject({ error: { source: 'send-request', reason: 'BackendConnectionFailure' } });
    const error = r.trace!.traceEntries.inbound.find((e) => e.source === 'error')!;
    expect(error.data).toMatchObject({ lastError: { reason: 'BackendConnectionFailure', path: 'send-request[1]' } });
    expect(r.trace!.decision).toMatchObject({ kind: 'respond', statusCode: 500 });
  });

  it('masks secret named values wherever they appear', async () => {
    const compiled = compile(policy('<set-header name="X-Key" exists-action="override"><value>k-123-secret</value></set-header>'), { secrets: ['k-123-secret'] });
    const r = await compiled.graph!.run(simulatedInput(), { trace: true });
    if (r.decision.kind === 'connect') expect(r.decision.headers.get('x-key')).toBe('k-123-secret');
    expect(JSON.stringify(r.trace)).not.toContain('k-123-secret');
  });
});
