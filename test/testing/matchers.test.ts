import { describe, expect, it } from 'vitest';
import { isPattern, match, regexLiteral } from '../../src/testing/matchers.js';
import { diffLines, diffValues } from '../../src/testing/diff.js';

const ok = async (expected: unknown, actual: unknown, trace?: unknown) => (await match(expected, actual, { trace })).pass;
const why = async (expected: unknown, actual: unknown) => (await match(expected, actual)).message;

describe('matchers', () => {
  it('scalars compare by text', async () => {
    expect(await ok(401, 401)).toBe(true);
    expect(await ok(1, '1')).toBe(true);
    expect(await ok('true', true)).toBe(true);
    expect(await ok('chat', 'Chat')).toBe(false);
    expect(await why(401, 500)).toBe('expected 401, got 500');
    expect(await why('x', undefined)).toBe('expected "x", got (absent)');
  });

  it('/regex/flags strings are patterns; {equals} escapes them', async () => {
    expect(await ok('/^Bearer /i', 'bearer x')).toBe(true);
    expect(await ok('/^a$/', 'ab')).toBe(false);
    expect(await ok('/', '/')).toBe(true);
    expect(await ok({ equals: '/x/' }, '/x/')).toBe(true);
    expect(await ok({ equals: '/x/' }, 'x')).toBe(false);
    expect(await ok({ matches: '^a.c$' }, 'abc')).toBe(true);
    expect(await why({ matches: '(' }, 'x')).toMatch(/bad regular expression/);
    expect(regexLiteral('/a/g')?.flags).toBe('');
    expect(isPattern('/a/')).toBe(true);
    expect(isPattern('a')).toBe(false);
  });

  it('null and {absent} for missing values', async () => {
    expect(await ok(null, undefined)).toBe(true);
    expect(await ok(null, null)).toBe(true);
    expect(await ok(null, '')).toBe(false);
    expect(await ok({ absent: true }, null)).toBe(false);
    expect(await ok({ absent: true }, undefined)).toBe(true);
  });

  it('objects match as subsets, arrays item by item, with the path of the first mismatch', async () => {
    expect(await ok({ a: 1, b: { c: '/x/' } }, { a: 1, b: { c: 'xyz', d: 2 }, e: 3 })).toBe(true);
    expect(await why({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toBe('at `a.b[1]`: expected 2, got 3');
    expect(await why([1], [1, 2])).toBe('expected 1 item(s), got 2: [1,2]');
    expect(await why({ a: 1 }, 'x')).toBe('expected an object, got "x"');
  });

  it('jsonata matchers see the value and $trace, and must give true', async () => {
    expect(await ok({ jsonata: '$length($) = 3' }, 'abc')).toBe(true);
    expect(await ok({ jsonata: '$ = $trace.x' }, 5, { x: 5 })).toBe(true);
    expect(await why({ jsonata: '$length($)' }, 'abc')).toMatch(/gave 3, not true/);
    expect(await why({ jsonata: '$length(' }, 'abc')).toMatch(/jsonata syntax error/);
  });
});

describe('diff', () => {
  it('shows common lines once and changes as - and +', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'c' },
    ]);
  });

  it('renders objects as YAML and long JSON strings pretty-printed', () => {
    const lines = diffValues({ status: 401, body: 'x' }, { status: 500, body: 'x' }).map((l) => `${l.op}${l.text}`);
    expect(lines).toEqual(['-status: 401', '+status: 500', ' body: x']);
    const json = diffValues('{"statusCode":500,"message":"Internal server error","activityId":"1"}', '{"statusCode":500,"message":"Internal server error","activityId":"2"}');
    expect(json.filter((l) => l.op !== ' ').map((l) => l.text.trim())).toEqual(['"activityId": "1"', '"activityId": "2"']);
  });
});
