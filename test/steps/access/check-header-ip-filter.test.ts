import { describe, expect, it } from 'vitest';
import { compile } from '../../graph/helpers.js';
import { answer, graphOf, lastError, policy } from './helpers.js';

describe('check-header', () => {
  const xml = (values: string, ignoreCase = 'false') =>
    policy(`<check-header name="X-Tenant" failed-check-httpcode="403" failed-check-error-message="Tenant not allowed" ignore-case="${ignoreCase}">${values}</check-header>`);

  it('refuses a missing header with HeaderNotFound and the configured status and message', async () => {
    const a = await answer(graphOf(xml('')));
    expect(a.status).toBe(403);
    expect(a.body).toEqual({ statusCode: 403, message: 'Tenant not allowed' });
    expect(lastError(a)).toMatchObject({ source: 'check-header', reason: 'HeaderNotFound' });
  });

  it('only checks presence when no values are listed', async () => {
    expect((await answer(graphOf(xml('')), { headers: [['X-Tenant', 'anything']] })).status).toBe(101);
  });

  it('compares values exactly or ignoring case', async () => {
    const g = graphOf(xml('<value>Contoso</value><value>Fabrikam</value>'));
    expect((await answer(g, { headers: [['X-Tenant', 'Fabrikam']] })).status).toBe(101);
    const wrongCase = await answer(g, { headers: [['X-Tenant', 'contoso']] });
    expect(wrongCase.status).toBe(403);
    expect(lastError(wrongCase)?.reason).toBe('HeaderValueNotAllowed');
    expect((await answer(graphOf(xml('<value>Contoso</value>', 'true')), { headers: [['X-Tenant', 'CONTOSO']] })).status).toBe(101);
  });

  it('evaluates expressions in its attributes and values', async () => {
    const g = graphOf(
      policy(`<check-header name="@(&quot;X-&quot; + &quot;Key&quot;)" failed-check-httpcode="@(400 + 1)" failed-check-error-message="@(&quot;no&quot;)" ignore-case="@(true)"><value>@(&quot;SECRET&quot;)</value></check-header>`),
    );
    expect((await answer(g, { headers: [['X-Key', 'secret']] })).status).toBe(101);
    const a = await answer(g, { headers: [['X-Key', 'other']] });
    expect([a.status, a.body]).toEqual([401, { statusCode: 401, message: 'no' }]);
  });
});

describe('ip-filter', () => {
  const allow = graphOf(
    policy(`<ip-filter action="allow"><address>10.0.0.7</address><address-range from="192.168.1.10" to="192.168.1.20" /><address-range from="2001:db8::1" to="2001:db8::ff" /></ip-filter>`),
  );
  const forbid = graphOf(policy(`<ip-filter action="forbid"><address>127.0.0.1</address><address>::1</address></ip-filter>`));

  it.each([
    ['10.0.0.7', 101],
    ['::ffff:10.0.0.7', 101],
    ['192.168.1.15', 101],
    ['192.168.1.21', 403],
    ['2001:db8::80', 101],
    ['2001:db8::100', 403],
    ['10.0.0.8', 403],
  ])('allow list: %s → %i', async (ip, status) => {
    const a = await answer(allow, { ipAddress: ip });
    expect(a.status).toBe(status);
    if (status === 403) {
      expect(lastError(a)).toMatchObject({ source: 'ip-filter', reason: 'CallerIpNotAllowed' });
      expect((a.body as { message: string }).message).toBe(`Caller IP address ${ip.replace('::ffff:', '')} is not allowed. Access denied.`);
    }
  });

  it('forbid list blocks the listed addresses with CallerIpBlocked', async () => {
    const a = await answer(forbid, { ipAddress: '::1' });
    expect([a.status, lastError(a)?.reason]).toEqual([403, 'CallerIpBlocked']);
    expect((await answer(forbid, { ipAddress: '10.1.1.1' })).status).toBe(101);
  });

  it('cannot parse a garbage caller address', async () => {
    const a = await answer(allow, { ipAddress: 'not-an-ip' });
    expect([a.status, lastError(a)?.reason]).toEqual([403, 'FailedToParseCallerIP']);
  });

  it('ignores X-Forwarded-For unless the peer is a trusted proxy', async () => {
    const xml = policy(`<ip-filter action="allow"><address>203.0.113.9</address></ip-filter>`);
    const spoofed = await answer(graphOf(xml), { ipAddress: '198.51.100.1', headers: [['X-Forwarded-For', '203.0.113.9']] });
    expect(spoofed.status).toBe(403);
    const proxied = graphOf(xml, { trustedProxies: ['127.0.0.0/8', '10.0.0.1'] });
    expect((await answer(proxied, { ipAddress: '127.0.0.1', headers: [['X-Forwarded-For', '1.2.3.4, 203.0.113.9, 10.0.0.1']] })).status).toBe(101);
    // The right-most untrusted hop is the client: a forged left-most entry does not help.
    expect((await answer(proxied, { ipAddress: '127.0.0.1', headers: [['X-Forwarded-For', '203.0.113.9, 6.6.6.6']] })).status).toBe(403);
  });

  it('reports bad addresses at compile time', () => {
    const r = compile(policy(`<ip-filter action="allow"><address>10.0.0.300</address><address-range from="10.0.0.1" to="::1" /></ip-filter>`));
    expect(r.graph).toBeUndefined();
    const messages = r.diagnostics.map((d) => d.message).join('\n');
    expect(messages).toMatch(/'10.0.0.300' is not an IP address/);
    expect(messages).toMatch(/not a range of IP addresses of one family/);
    expect(compile(policy(`<ip-filter action="maybe"><address>10.0.0.1</address></ip-filter>`)).diagnostics.map((d) => d.message).join()).toMatch(/'action'/);
  });
});
