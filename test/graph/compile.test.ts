import { describe, expect, it } from 'vitest';
import { compile, policy, startServer } from './helpers.js';

/** The diagnostics of compiling `inbound` (written from line 3, column 1). */
function diagnosticsOf(inbound: string, onError = '', options = {}) {
  const r = compile(policy(inbound, onError), options);
  return { graph: r.graph, diagnostics: r.diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: d.line, column: d.column, message: d.message, path: d.path })) };
}

describe('compile-time validation against the handler table', () => {
  const cases: Array<[string, string, { code: string; line: number; column: number; message: RegExp }]> = [
    ['an unknown policy, with the nearest name', '<set-varaible name="a" value="1" />', { code: 'OH401', line: 3, column: 1, message: /unknown policy <set-varaible>; did you mean <set-variable>\?/ }],
    ['an unknown attribute, at the attribute', '<set-variable nmae="a" value="1" name="b" />', { code: 'OH402', line: 3, column: 15, message: /no attribute 'nmae'; did you mean 'name'\?/ }],
    ['a missing required attribute, at the element', '<set-variable value="1" />', { code: 'OH403', line: 3, column: 1, message: /requires the attribute 'name'/ }],
    ['a bad enum value, at the value', '<set-header name="a" exists-action="replace"><value>1</value></set-header>', { code: 'OH404', line: 3, column: 37, message: /'exists-action' of <set-header> must be one of 'override', 'skip', 'append', 'delete', not 'replace'/ }],
    ['a non-integer timeout', '<send-request response-variable-name="r" timeout="soon"><set-url>http://x/</set-url></send-request>', { code: 'OH404', line: 3, column: 51, message: /must be an integer/ }],
    ['a non-boolean ignore-error', '<send-request response-variable-name="r" ignore-error="yes"><set-url>http://x/</set-url></send-request>', { code: 'OH404', line: 3, column: 56, message: /must be true or false/ }],
    ['an expression where none is allowed', '<set-variable name="@(&quot;a&quot;)" value="1" />', { code: 'OH405', line: 3, column: 21, message: /'name' of <set-variable> does not accept policy expressions/ }],
    ['an unknown child element', '<choose><when condition="true" /><if condition="true" /></choose>', { code: 'OH406', line: 3, column: 34, message: /<if> is not allowed inside <choose>/ }],
    ['an unknown policy nested in a branch', '<choose><when condition="true"><retrun-response /></when></choose>', { code: 'OH401', line: 3, column: 32, message: /did you mean <return-response>/ }],
    ['a missing required child', '<choose></choose>', { code: 'OH407', line: 3, column: 1, message: /<choose> requires a <when> child/ }],
    ['send-request without set-url', '<send-request response-variable-name="r" />', { code: 'OH407', line: 3, column: 1, message: /requires a <set-url> child unless mode="copy"/ }],
    ['a repeated single child', '<send-request response-variable-name="r"><set-url>http://a/</set-url><set-url>http://b/</set-url></send-request>', { code: 'OH406', line: 3, column: 70, message: /takes only one <set-url>/ }],
    ['text where none is allowed', '<set-variable name="a" value="1">text</set-variable>', { code: 'OH406', line: 3, column: 34, message: /takes no text/ }],
    ['both base-url and backend-id', '<set-backend-service base-url="ws://a/" backend-id="b" />', { code: 'OH403', line: 3, column: 1, message: /takes only one of 'base-url', 'backend-id'/ }],
    ['a policy of a later version', '<log-to-eventhub logger-id="events">x</log-to-eventhub>', { code: 'OH408', line: 3, column: 1, message: /<log-to-eventhub> is not supported by this version/ }],
    ['a policy onHandshake refuses', '<set-method>POST</set-method>', { code: 'OH501', line: 3, column: 1, message: /not supported on the onHandshake operation/ }],
  ];
  it.each(cases)('reports %s', (_what, inbound, expected) => {
    const { graph, diagnostics } = diagnosticsOf(inbound);
    expect(graph).toBeUndefined();
    expect(diagnostics).toEqual([expect.objectContaining({ ...expected, severity: 'error', message: expect.stringMatching(expected.message) })]);
  });

  it.each([
    ['<set-backend-service base-url="chat-backend" />', 3, 32, /'base-url' must be an absolute ws:\/\/, wss:\/\/, http:\/\/ or https:\/\/ URL/],
    ['<set-backend-service base-url="ftp://x/" />', 3, 32, /'base-url' must be an absolute/],
    ['<send-request response-variable-name="r"><set-url>/relative</set-url></send-request>', 3, 51, /<set-url> must be an absolute http:\/\/ or https:\/\/ URL, not '\/relative'/],
  ])('reports a literal URL that cannot work: %s', (inbound, line, column, message) => {
    const { diagnostics } = diagnosticsOf(inbound);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'OH404', line, column, message: expect.stringMatching(message) })]);
  });

  it('reports Liquid templates and a trace with both message forms', () => {
    expect(diagnosticsOf('<return-response><set-body template="liquid">x</set-body></return-response>').diagnostics).toEqual([expect.objectContaining({ code: 'OH408', column: 38 })]);
    expect(diagnosticsOf('<trace source="s">text<message>m</message></trace>').diagnostics).toEqual([expect.objectContaining({ code: 'OH406', column: 1 })]);
    expect(diagnosticsOf('<trace source="s" />').diagnostics).toEqual([expect.objectContaining({ code: 'OH407', column: 1 })]);
  });

  it('leaves typed values holding an unresolved {{named value}} alone (check without named values)', () => {
    expect(diagnosticsOf('<send-request response-variable-name="r" timeout="{{t}}"><set-url>http://x/</set-url></send-request>').diagnostics).toEqual([]);
  });

  it('leaves URLs holding an unresolved {{named value}} alone (check without named values)', () => {
    expect(diagnosticsOf('<send-request response-variable-name="r"><set-url>{{app}}/negotiate</set-url></send-request>').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reports a policy in a section that does not allow it', () => {
    const { diagnostics } = diagnosticsOf('', '<wait><send-request response-variable-name="r"><set-url>http://x/</set-url></send-request></wait>');
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'OH409', line: 8, column: 1, message: expect.stringMatching(/<wait> is not allowed in the on-error section/) })]);
  });

  it('reports an unknown backend-id when backends are configured', () => {
    const { diagnostics } = diagnosticsOf('<set-backend-service backend-id="nope" />', '', { backends: { chat: 'ws://chat/' } });
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'OH410', line: 3, column: 34 })]);
  });

  it('reports Service Fabric attributes as unsupported rather than ignoring them', () => {
    const { diagnostics } = diagnosticsOf('<set-backend-service backend-id="sf" sf-partition-key="1" />');
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'OH408', line: 3, column: 38 })]);
  });

  it('warns that outbound policies do not run for a handshake, and still compiles', () => {
    const r = compile('<policies><inbound /><backend /><outbound><base /><set-header name="X" exists-action="override"><value>1</value></set-header></outbound><on-error /></policies>');
    expect(r.graph).toBeDefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'OH411', line: 1, column: 51 })]);
  });

  it('accepts id on every policy, and leftover <base/>', () => {
    const { graph, diagnostics } = diagnosticsOf('<base /><set-variable id="v1" name="a" value="1" />');
    expect(diagnostics).toEqual([]);
    expect(graph).toBeDefined();
  });

  it('reports every error of the document at once, in document order', () => {
    const { diagnostics } = diagnosticsOf('<set-variable value="1" />\n<log-to-eventhub logger-id="l">x</log-to-eventhub>\n<choose />', '<foo />');
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['OH403', 3],
      ['OH408', 4],
      ['OH407', 5],
      ['OH401', 10],
    ]);
  });

  it('reports a compile error before anything runs: no callout is made', async () => {
    const s = await startServer((_req, res) => res.end('ok'));
    try {
      const r = compile(policy(`<send-request response-variable-name="r"><set-url>${s.url}</set-url></send-request>\n<set-header name="x" exists-action="sometimes" />`));
      expect(r.graph).toBeUndefined();
      expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'OH404', line: 4 })]);
      expect(s.arrivals).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
