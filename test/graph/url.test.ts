import { describe, expect, it } from 'vitest';
import { buildBackendUrl, encodeComponent, parseQuery, parseUrlState } from '../../src/steps/runtime/url.js';

describe('query encoding', () => {
  it.each([
    ['a+b', 'a%2Bb'],
    ['a/b', 'a%2Fb'],
    ['a=b', 'a%3Db'],
    ['a&b', 'a%26b'],
    ['a b', 'a%20b'],
    ["it's (x)*!", 'it%27s%20%28x%29%2A%21'],
    ['é€😀', '%C3%A9%E2%82%AC%F0%9F%98%80'],
    ['-_.~', '-_.~'],
  ])('encodes %j as %s', (text, encoded) => {
    expect(encodeComponent(text)).toBe(encoded);
  });

  it('decodes each pair once, keeps + as a plus and malformed escapes as written', () => {
    expect(parseQuery('a=1&b=x%20y&c=a+b&d=%zz&e&=f&&g=%252F')).toEqual([
      ['a', '1'],
      ['b', 'x y'],
      ['c', 'a+b'],
      ['d', '%zz'],
      ['e', ''],
      ['', 'f'],
      ['g', '%2F'],
    ]);
  });
});

describe('backend URL', () => {
  it('appends the query to a base URL without one', () => {
    expect(buildBackendUrl('wss://svc/client/', '', [['hub', 'chat']])).toBe('wss://svc/client/?hub=chat');
  });
  it("keeps the base URL's own query first", () => {
    expect(buildBackendUrl('ws://svc/x?fixed=1', '', [['a', 'b c']])).toBe('ws://svc/x?fixed=1&a=b%20c');
  });
  it('leaves a base URL alone when there is no query', () => {
    expect(buildBackendUrl('ws://svc/x', '', [])).toBe('ws://svc/x');
  });
  it('adds the rewritten path between base and query', () => {
    expect(buildBackendUrl('ws://svc/api/', '/v2/socket', [['a', '1']])).toBe('ws://svc/api/v2/socket?a=1');
  });
  it('drops a fragment of the base URL', () => {
    expect(buildBackendUrl('ws://svc/x#frag', '', [['a', '1']])).toBe('ws://svc/x?a=1');
  });
});

describe('URL state', () => {
  it('parses scheme, host, default port, path and decoded query', () => {
    expect(parseUrlState('wss://gw.example/chat?x=1&y=%C3%A9')).toEqual({ scheme: 'wss', host: 'gw.example', port: 443, path: '/chat', query: [['x', '1'], ['y', 'é']] });
    expect(parseUrlState('ws://127.0.0.1:8080/')).toMatchObject({ scheme: 'ws', port: 8080, path: '/' });
  });
});
