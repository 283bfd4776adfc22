import { describe, expect, it } from 'vitest';
import { substituteEnv } from '../../src/config/env.js';

describe('substituteEnv', () => {
  it.each([
    ['http://${HOST}:8080', { HOST: 'example' }, 'http://example:8080'],
    ['${PORT:-8080}', {}, '8080'],
    ['${PORT:-8080}', { PORT: '9' }, '9'],
    ['${EMPTY:-fallback}', { EMPTY: '' }, 'fallback'],
    ['literal $${NOT_A_VAR}', {}, 'literal ${NOT_A_VAR}'],
    ['no references', {}, 'no references'],
  ])('%s → %s', (text, env, expected) => {
    expect(substituteEnv(text, env)).toEqual({ ok: true, value: expected });
  });

  it('names the first unset variable and where it is', () => {
    expect(substituteEnv('a ${B} ${C}', {})).toEqual({ ok: false, missing: 'B', offset: 2 });
  });
});
