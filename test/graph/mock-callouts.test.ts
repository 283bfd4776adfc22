import { describe, expect, it } from 'vitest';
import { HeaderBag } from '../../src/common/headers.js';
import { CalloutError } from '../../src/steps/runtime/callout-error.js';
import type { CalloutRequest } from '../../src/steps/runtime/contract.js';
import { MockCalloutClient, MockFileError, parseMocks } from '../../src/graph/mock-callouts.js';

const req = (method: string, url: string, timeoutMs = 60_000): CalloutRequest => ({ method, url, headers: new HeaderBag(), body: null, timeoutMs, maxBodyBytes: 1 << 20 });

describe('mock file', () => {
  const yaml = `
- method: GET
  url: "http://app/chat/negotiate*"
  body: {url: "http://svc/client/?hub=chat", accessToken: "t"}
- url: /^https?:\\/\\/svc\\/client\\/negotiate\\?.*hub=chat/
  method: post
  status: 201
  headers: {x-a: "1"}
  body: "plain"
- url: "http://down/*"
  fail: connect
- url: "http://slow/*"
  fail: timeout
`;
  const client = new MockCalloutClient(parseMocks(yaml, 'm.yaml'));

  it('answers from the first matching entry (glob), JSON bodies as application/json', async () => {
    const res = await client.send(req('GET', 'http://app/chat/negotiate?negotiateVersion=1'));
    expect(res.statusCode).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(res.body.toString())).toEqual({ url: 'http://svc/client/?hub=chat', accessToken: 't' });
  });

  it('matches /regex/ patterns and methods case-insensitively', async () => {
    const res = await client.send(req('POST', 'http://svc/client/negotiate?hub=chat&x=1'));
    expect(res).toMatchObject({ statusCode: 201, statusReason: 'Created' });
    expect(res.headers.get('x-a')).toBe('1');
    expect(res.body.toString()).toBe('plain');
  });

  it('a glob treats ? and . literally', async () => {
    await expect(client.send(req('GET', 'http://appXchat/negotiate'))).rejects.toThrow(/No mock matches/);
  });

  it('simulates connection failures and timeouts with their reasons', async () => {
    await expect(client.send(req('GET', 'http://down/x'))).rejects.toMatchObject({ reason: 'BackendConnectionFailure' });
    await expect(client.send(req('GET', 'http://slow/x'))).rejects.toMatchObject({ reason: 'Timeout' });
  });

  it('a delay longer than the timeout is a Timeout', async () => {
    const c = new MockCalloutClient(parseMocks('[{"url": "*", "delay": 50}]', 'm.json'));
    await expect(c.send(req('GET', 'http://x/', 10))).rejects.toBeInstanceOf(CalloutError);
    await expect(c.send(req('GET', 'http://x/', 1000))).resolves.toMatchObject({ statusCode: 200 });
  });

  it('fails unmatched calls unless a fallback client is given, and logs every call', async () => {
    const c = new MockCalloutClient([], { send: async () => ({ statusCode: 204, statusReason: 'No Content', headers: new HeaderBag(), body: Buffer.alloc(0) }) });
    await expect(c.send(req('GET', 'http://net/'))).resolves.toMatchObject({ statusCode: 204 });
    expect(c.calls).toEqual([{ method: 'GET', url: 'http://net/', mock: null, outcome: 'network' }]);
  });

  it.each([
    ['{}', /expected a list/],
    ['[1]', /entry 1: expected an object/],
    ['[{"method": "GET"}]', /entry 1: 'url'/],
    ['[{"url": "*", "status": 42}]', /'status'/],
    ['[{"url": "*", "fail": "sometimes"}]', /'fail' must be connect or timeout/],
    ['[{"url": "*", "bogus": 1}]', /unknown field 'bogus'/],
    ['[{"url": "/(/"}]', /bad regular expression/],
    ['[{"url": "*"}, {"url": "*", "delay": -1}]', /entry 2: 'delay'/],
    ['- [unclosed', /not valid YAML/],
  ])('rejects %s', (text, message) => {
    expect(() => parseMocks(text, 'm.yaml')).toThrow(MockFileError);
    expect(() => parseMocks(text, 'm.yaml')).toThrow(message);
  });
});
