/** Steps whose values are C# expressions: LastError on failures, on-error reading it, retry, return-response. */
import { afterEach, describe, expect, it } from 'vitest';
import { dotnet } from '../../src/expressions/index.js';
import { policy, run, startServer, type TestServer } from '../graph/helpers.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('expression values in steps', () => {
  it('set-variable stores a literal as System.String and an expression with its own type', async () => {
    const r = await run(policy('<set-variable name="lit" value="42" /><set-variable name="num" value="@(40 + 2)" /><set-variable name="q" value="@(context.Request.Url.Query.GetValueOrDefault(&quot;room&quot;, &quot;none&quot;))" />'), {
      url: 'ws://gw/chat?room=blue',
    });
    expect(dotnet.typeName(r.state.variables.get('lit'))).toBe('System.String');
    expect(dotnet.typeName(r.state.variables.get('num'))).toBe('System.Int32');
    expect(dotnet.toString(r.state.variables.get('q'))).toBe('blue');
    const entry = r.trace!.traceEntries.inbound.find((e) => e.path === 'policies/inbound/set-variable[2]')!;
    expect(entry.data).toMatchObject({ expressions: [{ for: 'value', expression: '40 + 2', value: 42, type: 'System.Int32' }], variable: { name: 'num', value: 42, type: 'System.Int32' } });
  });

  it('an expression failure is ExpressionValueEvaluationFailure with every LastError field', async () => {
    const r = await run(policy('<choose><when condition="@(true)"><set-variable id="boom" name="x" value="@(((string)null).Length)" /></when></choose>'));
    expect(r.state.lastError).toEqual({
      source: 'set-variable',
      reason: 'ExpressionValueEvaluationFailure',
      message: 'Expression evaluation failed. Object reference not set to an instance of an object.',
      scope: 'operation',
      section: 'inbound',
      path: 'choose[1]/when[1]/set-variable[1]',
      policyId: 'boom',
      // Ours, not visible to expressions: the failing member access (line 3 holds the inbound content).
      location: `test.xml:3:${'<choose><when condition="@(true)"><set-variable id="boom" name="x" value="@(((string)null)'.length + 1}`,
    });
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 500 });
    const failing = r.trace!.traceEntries.inbound.find((e) => e.source === 'set-variable')!;
    expect(failing.data).toMatchObject({ error: { reason: 'ExpressionValueEvaluationFailure', exception: 'System.NullReferenceException' } });
  });

  it('on-error sees every LastError field through context.LastError', async () => {
    const fields = ['Source', 'Reason', 'Message', 'Scope', 'Section', 'Path', 'PolicyId'];
    const onError = `<return-response><set-status code="500" reason="Handled" />${fields
      .map((f) => `<set-header name="X-${f}" exists-action="override"><value>@(context.LastError.${f})</value></set-header>`)
      .join('')}</return-response>`;
    const r = await run(policy('<set-variable id="v" name="x" value="@(int.Parse(&quot;nope&quot;))" />', onError));
    expect(r.decision.kind).toBe('respond');
    if (r.decision.kind !== 'respond') return;
    const h = (f: string) => r.decision.kind === 'respond' && r.decision.headers.get(`x-${f}`);
    expect(h('source')).toBe('set-variable');
    expect(h('reason')).toBe('ExpressionValueEvaluationFailure');
    expect(h('message')).toMatch(/^Expression evaluation failed\. /);
    expect(h('scope')).toBe('operation');
    expect(h('section')).toBe('inbound');
    expect(h('path')).toBe('set-variable[1]');
    expect(h('policyid')).toBe('v');
    expect(r.decision.statusReason).toBe('Handled');
  });

  it('in on-error context.Response.StatusCode is the error status', async () => {
    const r = await run(policy('<set-variable name="x" value="@(((string)null).Length)" />', '<return-response><set-status code="599" reason="x" /><set-body>@(context.Response.StatusCode.ToString())</set-body></return-response>'));
    if (r.decision.kind !== 'respond') throw new Error('expected respond');
    expect(r.decision.body.toString()).toBe('500');
  });

  it.each(['&quot;yes&quot;', '&quot;true&quot;', '1'])('a condition expression that is not a bool (%s) is an evaluation failure', async (code) => {
    const r = await run(policy(`<choose><when condition="@(${code})"><set-variable name="a" value="1" /></when></choose>`));
    expect(r.state.lastError).toMatchObject({
      source: 'choose',
      reason: 'ExpressionValueEvaluationFailure',
      path: 'choose[1]',
      message: expect.stringMatching(/^Expression evaluation failed\. Unable to cast object of type 'System\.(String|Int32)' to type 'System\.Boolean'\.$/),
    });
  });

  it('return-response edits the stored response with set-status, set-header and set-body', async () => {
    const s = await startServer((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer', 'x-app': '1' });
      res.end('denied');
    });
    servers.push(s);
    const r = await run(
      policy(`<send-request response-variable-name="r"><set-url>${s.url}</set-url></send-request>
        <return-response response-variable-name="r"><set-status code="403" reason="Forbidden" /><set-header name="X-App" exists-action="delete" /><set-header name="X-Gw" exists-action="override"><value>@(((IResponse)context.Variables["r"]).StatusCode.ToString())</value></set-header></return-response>`),
    );
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 403, statusReason: 'Forbidden' });
    if (r.decision.kind !== 'respond') return;
    expect(r.decision.body.toString()).toBe('denied');
    expect(r.decision.headers.get('www-authenticate')).toBe('Bearer');
    expect(r.decision.headers.has('x-app')).toBe(false);
    expect(r.decision.headers.get('x-gw')).toBe('401');
  });

  it('return-response with an unknown variable is an error naming it', async () => {
    const r = await run(policy('<return-response response-variable-name="missing" />'));
    expect(r.state.lastError).toMatchObject({ source: 'return-response', message: expect.stringContaining("'missing'") });
  });

  it('ignore-error leaves null that a condition can test', async () => {
    const r = await run(
      policy('<send-request response-variable-name="r" ignore-error="true"><set-url>http://127.0.0.1:1/</set-url></send-request><choose><when condition="@(context.Variables[&quot;r&quot;] == null)"><return-response><set-status code="502" reason="Bad Gateway" /></return-response></when></choose>'),
    );
    expect(r.decision).toMatchObject({ kind: 'respond', statusCode: 502 });
  });
});

describe('asynchronous (jsonata) values', () => {
  it('set-variable, choose conditions and parameter values may be jsonata', async () => {
    const r = await run(policy('<set-variable name="a" value="@jsonata(1 + 2)" /><choose><when condition="@jsonata(1 = 2)"><set-variable name="b" value="no" /></when><when condition="@jsonata(1 = 1)"><set-query-parameter name="q" exists-action="override"><value>@jsonata(&quot;v&quot; &amp; &quot;w&quot;)</value></set-query-parameter></when></choose>'));
    expect(r.state.variables.get('a')).toBe(3);
    expect(r.state.variables.has('b')).toBe(false);
    expect(r.decision).toMatchObject({ kind: 'connect', backendUrl: 'ws://backend.test/hub?q=vw' });
    expect(r.trace!.traceEntries.inbound.find((e) => e.source === 'choose')!.data).toMatchObject({ branch: 'when[2]' });
  });
});

describe('retry', () => {
  it('runs its policies again while the condition holds, up to count retries', async () => {
    let n = 0;
    const s = await startServer((_req, res) => {
      n++;
      res.writeHead(n < 3 ? 503 : 200);
      res.end(String(n));
    });
    servers.push(s);
    const r = await run(
      policy(`<retry condition="@(((IResponse)context.Variables[&quot;r&quot;]).StatusCode >= 500)" count="5" interval="0">
        <send-request response-variable-name="r"><set-url>${s.url}</set-url></send-request></retry>`),
    );
    expect(s.arrivals).toHaveLength(3);
    expect(dotnet.readResponse(r.state.variables.get('r'))?.statusCode).toBe(200);
    expect(r.trace!.traceEntries.inbound.find((e) => e.source === 'retry')!.data).toMatchObject({ attempts: 3 });
  });

  it('stops after count retries (count + 1 runs)', async () => {
    const s = await startServer((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    servers.push(s);
    await run(policy(`<retry condition="@(true)" count="2" interval="0" first-fast-retry="true"><send-request response-variable-name="r"><set-url>${s.url}</set-url></send-request></retry>`));
    expect(s.arrivals).toHaveLength(3);
  });

  it('a literal condition works (retry condition="true")', async () => {
    const s = await startServer((_req, res) => res.end());
    servers.push(s);
    await run(policy(`<retry condition="true" count="1" interval="0"><send-request response-variable-name="r"><set-url>${s.url}</set-url></send-request></retry>`));
    expect(s.arrivals).toHaveLength(2);
  });

  it('count out of range is an error', async () => {
    const r = await run(policy('<retry condition="@(false)" count="@(51)" interval="0"><set-variable name="a" value="1" /></retry>'));
    expect(r.state.lastError).toMatchObject({ source: 'retry', message: expect.stringContaining("'count' must be between 0 and 50") });
  });
});

describe('trace policy', () => {
  it('does not evaluate its message when tracing is off', async () => {
    const xml = policy('<trace source="t"><message>@(((string)null).Length.ToString())</message></trace>');
    const off = await run(xml, {}, { trace: false });
    expect(off.decision.kind).toBe('connect');
    const on = await run(xml);
    expect(on.state.lastError).toMatchObject({ source: 'trace', reason: 'ExpressionValueEvaluationFailure' });
  });

  it('context.Trace adds an entry in the current section', async () => {
    const r = await run(policy('<set-variable name="a" value="@{ context.Trace(&quot;hello from C#&quot;); return 1; }" />'));
    const entry = r.trace!.traceEntries.inbound.find((e) => (e.data as { message?: string }).message === 'hello from C#');
    expect(entry).toBeDefined();
  });
});
