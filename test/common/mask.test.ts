/** The one masking module every trace and log line goes through. */
import { describe, expect, it } from 'vitest';
import { harvestUrlCredentials, isSensitiveHeader, MASK, maskDeep, maskHeaderValue, maskText, maskUrl } from '../../src/common/mask.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZSJ9.sig_part';

describe('maskHeaderValue', () => {
  it.each([
    ['Authorization', 'Bearer abc', 'Bearer ***'],
    ['authorization', 'opaque-token', '***'],
    ['Proxy-Authorization', 'Basic dXNlcjpwdw==', 'Basic ***'],
    ['Ocp-Apim-Subscription-Key', 'k', '***'],
    ['api-key', 'key with spaces', '***'],
    ['Cookie', 'session=abc; theme=dark', '***'],
    ['Set-Cookie', 'session=abc; HttpOnly', '***'],
    ['Authorization', 'Bearer ***', 'Bearer ***'],
    ['Authorization', MASK, MASK],
    ['X-Other', 'Bearer abc', 'Bearer abc'],
  ])('%s: %s → %s', (name, value, shown) => {
    expect(maskHeaderValue(name, value)).toBe(shown);
  });

  it.each([
    ['AUTHORIZATION', true],
    ['cookie', true],
    ['api-key', true],
    ['content-type', false],
    ['x-api-key-hint', false],
  ])('%s is sensitive: %s', (name, sensitive) => {
    expect(isSensitiveHeader(name)).toBe(sensitive);
  });
});

describe('maskText and maskUrl', () => {
  it.each<[string, string, string[], string]>([
    ['credential query values', 'wss://svc/client/?hub=chat&id=tok&access_token=abc&subscription-key=k&room=1', [], 'wss://svc/client/?hub=chat&id=***&access_token=***&subscription-key=***&room=1'],
    ['sig, code, password, secret', 'https://h/p?sig=a&code=b&password=c&pwd=d&client_secret=e&auth=f&x=1', [], 'https://h/p?sig=***&code=***&password=***&pwd=***&client_secret=***&auth=***&x=1'],
    ['only `id` exactly, not any name ending in id', 'ws://h/?asrs_request_id=r1&id=c1', [], 'ws://h/?asrs_request_id=r1&id=***'],
    ['an encoded parameter name', 'ws://h/?access%5Ftoken=abc', [], 'ws://h/?access%5Ftoken=***'],
    ['a literal secret anywhere', 'ws://h/p?x=my-secret-value', ['my-secret-value'], 'ws://h/p?x=***'],
    ['every occurrence, longest secret first', 'abc-long abc-long-er', ['abc-long', 'abc-long-er'], '*** ***'],
    ['secrets shorter than 3 characters are ignored', 'a b ab', ['ab'], 'a b ab'],
    ['a JWT anywhere', `token was ${JWT}.`, [], 'token was ***.'],
    ['a URL quoted in a body', '{"url":"https://s/?hub=c&access_token=xyz"}', [], '{"url":"https://s/?hub=c&access_token=***"}'],
    ['a URL inside an error message', 'connect ECONNREFUSED ws://h/?id=c1 (refused)', [], 'connect ECONNREFUSED ws://h/?id=*** (refused)'],
    ['an interpolation in expression source', '$"&id={token}"', [], '$"&id={token}"'],
    ['nothing to mask', 'ws://h/p', [], 'ws://h/p'],
  ])('%s', (_what, text, secrets, shown) => {
    expect(maskText(text, secrets)).toBe(shown);
    expect(maskUrl(text, secrets)).toBe(shown);
  });
});

describe('harvestUrlCredentials', () => {
  it.each<[string, unknown, string[]]>([
    ['access token and connection id of a URL', { url: 'ws://h/c?hub=chat&access_token=tok-123456789&id=conn-abcdefgh' }, ['conn-abcdefgh', 'tok-123456789']],
    ['both the encoded and the decoded form', ['ws://h/?id=tok%2F1%2Bx%3D'], ['tok%2F1%2Bx%3D', 'tok/1+x=']],
    ['short values are not worth hunting (id=1)', 'ws://h/?id=1&access_token=short', []],
    ['names that are not credentials', 'ws://h/?hub=chat-room-long&asrs_request_id=request-1234', []],
    ['no URL at all', { a: 1, b: null, c: ['plain'] }, []],
  ])('%s', (_what, value, found) => {
    expect([...harvestUrlCredentials(value)].sort()).toEqual(found);
  });
});

describe('maskDeep', () => {
  it('masks secrets, credential header pairs, URL credentials and JWTs in a copy', () => {
    const trace = {
      url: 'ws://h/c?hub=chat&access_token=tok-123456789&id=conn-abcdefgh',
      body: '{"connectionToken":"conn-abcdefgh","note":"the-secret-value"}',
      headers: [{ name: 'Authorization', value: 'Bearer abc' }, { name: 'X-Other', value: 'visible' }, { name: 'api-key', values: ['k1'] }],
      token: JWT,
      n: 5,
      nil: null,
    };
    const masked = maskDeep(trace, ['the-secret-value', ...harvestUrlCredentials(trace)]) as typeof trace;
    expect(masked).toEqual({
      url: 'ws://h/c?hub=chat&access_token=***&id=***',
      body: '{"connectionToken":"***","note":"***"}',
      headers: [{ name: 'Authorization', value: 'Bearer ***' }, { name: 'X-Other', value: 'visible' }, { name: 'api-key', values: ['***'] }],
      token: MASK,
      n: 5,
      nil: null,
    });
    expect(trace.token).toBe(JWT); // a copy: the original is untouched
    expect(trace.headers[0]!.value).toBe('Bearer abc');
  });
});
