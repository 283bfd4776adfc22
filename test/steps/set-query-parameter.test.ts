import { describe, expect, it } from 'vitest';
import { policy, run } from '../graph/helpers.js';

async function backendUrl(inbound: string, url: string): Promise<string> {
  const r = await run(policy(inbound), { url });
  if (r.decision.kind !== 'connect') throw new Error(`expected connect, got ${r.decision.statusCode}`);
  return r.decision.backendUrl;
}

const qp = (name: string, action: string | null, ...values: string[]) =>
  `<set-query-parameter name="${name}"${action ? ` exists-action="${action}"` : ''}>${values.map((v) => `<value>${v}</value>`).join('')}</set-query-parameter>`;

describe('set-query-parameter', () => {
  const cases: Array<[string, string, string, string]> = [
    // [what, policy, client query, backend query]
    ['override replaces an existing value', qp('a', 'override', 'new'), '?a=old&b=2', '?a=new&b=2'],
    ['override is the default', qp('a', null, 'new'), '?a=old', '?a=new'],
    ['override adds an absent parameter at the end', qp('c', 'override', '3'), '?a=1', '?a=1&c=3'],
    ['override with several values repeats the name', qp('a', 'override', 'x', 'y'), '?a=old&b=2', '?a=x&a=y&b=2'],
    ['override of a repeated parameter keeps only the listed values', qp('a', 'override', 'z'), '?a=1&b=2&a=3', '?a=z&b=2'],
    ['skip leaves an existing parameter', qp('a', 'skip', 'new'), '?a=old', '?a=old'],
    ['skip adds an absent parameter', qp('a', 'skip', 'new'), '?b=1', '?b=1&a=new'],
    ['append adds after the existing values', qp('a', 'append', 'x', 'y'), '?a=1&b=2', '?a=1&a=x&a=y&b=2'],
    ['append to an absent parameter adds it', qp('a', 'append', 'x'), '', '?a=x'],
    ['delete removes every occurrence', qp('a', 'delete'), '?a=1&b=2&a=3', '?b=2'],
    ['delete of an absent parameter is harmless', qp('z', 'delete'), '?a=1', '?a=1'],
    ['names are case-sensitive', qp('A', 'override', 'x'), '?a=1', '?a=1&A=x'],
    ['exists-action is case-insensitive', qp('a', 'SKIP', 'x'), '?a=1', '?a=1'],
  ];
  it.each(cases)('%s', async (_what, inbound, query, expected) => {
    expect(await backendUrl(inbound, `ws://gw.test/chat${query}`)).toBe(`ws://backend.test/hub${expected}`);
  });

  const encoding: Array<[string, string, string]> = [
    // [value as written in the policy, encoded in the backend URL]
    ['plus', 'a+b', 'a%2Bb'],
    ['slash', 'a/b', 'a%2Fb'],
    ['equals', 'a=b', 'a%3Db'],
    ['ampersand', 'a&amp;b', 'a%26b'],
    ['space', 'a b', 'a%20b'],
    ['non-ASCII', 'héllo→世界', 'h%C3%A9llo%E2%86%92%E4%B8%96%E7%95%8C'],
    ['a percent sign is encoded, not taken as an escape', '100%25', '100%2525'],
    ['already-encoded text is encoded again, exactly once', '%2F', '%252F'],
  ];
  it.each(encoding)('encodes %s exactly once', async (_what, written, encoded) => {
    expect(await backendUrl(qp('v', 'override', written), 'ws://gw.test/chat')).toBe(`ws://backend.test/hub?v=${encoded}`);
  });

  it('decodes the client query once and re-encodes it once', async () => {
    expect(await backendUrl('', 'ws://gw.test/chat?x=a%20b%2Bc&y=%E2%82%AC')).toBe('ws://backend.test/hub?x=a%20b%2Bc&y=%E2%82%AC');
  });

  it('encodes reserved characters in names too', async () => {
    expect(await backendUrl(qp('a b&amp;c', 'override', '1'), 'ws://gw.test/chat')).toBe('ws://backend.test/hub?a%20b%26c=1');
  });

  it('records the parameter edit in the trace', async () => {
    const r = await run(policy(qp('a', 'append', 'x')), { url: 'ws://gw.test/chat?a=1' });
    const entry = r.trace!.traceEntries.inbound.find((e) => e.source === 'set-query-parameter')!;
    expect(entry.data).toMatchObject({ queryParameter: { name: 'a', action: 'append', values: ['1', 'x'] } });
    expect(entry.path).toBe('policies/inbound/set-query-parameter[1]');
    expect(entry.line).toBe(3);
  });
});
