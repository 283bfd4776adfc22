import { describe, expect, it } from 'vitest';
import { policy, run } from '../graph/helpers.js';

const sh = (name: string, action: string | null, ...values: string[]) =>
  `<set-header name="${name}"${action ? ` exists-action="${action}"` : ''}>${values.map((v) => `<value>${v}</value>`).join('')}</set-header>`;

async function headersAfter(inbound: string, headers: Array<[string, string]>) {
  const r = await run(policy(inbound), { headers });
  if (r.decision.kind !== 'connect') throw new Error('expected connect');
  return r.decision.headers;
}

describe('set-header (inbound: the backend request)', () => {
  const cases: Array<[string, string, Array<[string, string]>, string, string[] | undefined]> = [
    ['override replaces', sh('X-A', 'override', 'new'), [['X-A', 'old']], 'x-a', ['new']],
    ['override is the default', sh('X-A', null, 'new'), [['X-A', 'old']], 'X-A', ['new']],
    ['override adds an absent header', sh('X-B', 'override', 'v'), [], 'x-b', ['v']],
    ['several values are joined with commas', sh('X-A', 'override', '1', '2', '3'), [], 'X-A', ['1,2,3']],
    ['skip keeps an existing header', sh('X-A', 'skip', 'new'), [['x-a', 'old']], 'X-A', ['old']],
    ['skip adds an absent header', sh('X-A', 'skip', 'new'), [], 'X-A', ['new']],
    ['append joins with the existing value', sh('X-A', 'append', 'b'), [['X-A', 'a']], 'X-A', ['a,b']],
    ['append to an absent header adds it', sh('X-A', 'append', 'b'), [], 'X-A', ['b']],
    ['delete removes the header', sh('X-A', 'delete'), [['X-A', 'a']], 'X-A', undefined],
    ['names are case-insensitive', sh('x-a', 'delete'), [['X-A', 'a']], 'X-A', undefined],
    ['Cookie values stay separate lines', sh('Cookie', 'append', 'b=2'), [['Cookie', 'a=1']], 'cookie', ['a=1', 'b=2']],
    ['User-Agent values stay separate lines', sh('User-Agent', 'override', 'a, b', 'c'), [], 'user-agent', ['a, b', 'c']],
  ];
  it.each(cases)('%s', async (_what, inbound, given, name, expected) => {
    expect((await headersAfter(inbound, given)).getAll(name)).toEqual(expected);
  });

  it('masks Authorization in the trace but forwards it intact', async () => {
    const r = await run(policy(sh('Authorization', 'override', 'Bearer abc.def')));
    if (r.decision.kind !== 'connect') throw new Error('expected connect');
    expect(r.decision.headers.get('authorization')).toBe('Bearer abc.def');
    const decision = r.trace!.decision as { headers: Array<{ name: string; value: string }> };
    expect(decision.headers.find((h) => h.name === 'Authorization')?.value).toBe('Bearer ***');
    expect(JSON.stringify(r.trace)).not.toContain('abc.def');
  });
});
