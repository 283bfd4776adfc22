import { describe, expect, it } from 'vitest';
import { HeaderBag } from '../../src/common/headers.js';
import { caseCallouts } from '../../src/testing/callouts.js';

function request(method: string, url: string, timeoutMs = 5000) {
  return { method, url, headers: new HeaderBag([['Authorization', 'Bearer t']]), body: Buffer.from('{"a":1}'), timeoutMs, maxBodyBytes: 1 << 20 };
}

describe("a case's mocked callouts", () => {
  it('answers from the first matching mock and records which one, by name or index', async () => {
    const { client, calls, unmatched } = caseCallouts([
      { name: 'negotiate', method: 'GET', url: 'http://app.test/chat/negotiate*', body: { url: 'x' } },
      { url: '/svc\\.test/', status: 401, headers: { 'X-Count': 2 } },
    ]);
    const a = await client.send(request('GET', 'http://app.test/chat/negotiate?negotiateVersion=1'));
    expect([a.statusCode, a.body.toString(), a.headers.get('content-type')]).toEqual([200, '{"url":"x"}', 'application/json']);
    const b = await client.send(request('POST', 'https://svc.test/client/negotiate'));
    expect([b.statusCode, b.headers.get('x-count')]).toEqual([401, '2']);
    expect(calls).toEqual([
      { method: 'GET', url: 'http://app.test/chat/negotiate?negotiateVersion=1', headers: { Authorization: 'Bearer t' }, body: '{"a":1}', mock: 'negotiate', status: 200 },
      { method: 'POST', url: 'https://svc.test/client/negotiate', headers: { Authorization: 'Bearer t' }, body: '{"a":1}', mock: 'mocks[1]', status: 401 },
    ]);
    expect(unmatched).toEqual([]);
  });

  it('keeps the calls no mock matched, and mocked failures say which mock failed them', async () => {
    const { client, calls, unmatched } = caseCallouts([{ url: 'http://down.test/*', fail: 'connect' }, { url: 'http://slow.test/*', delay: 50 }]);
    await expect(client.send(request('GET', 'http://other.test/x'))).rejects.toMatchObject({ reason: 'BackendConnectionFailure' });
    await expect(client.send(request('GET', 'http://down.test/x'))).rejects.toMatchObject({ reason: 'BackendConnectionFailure' });
    await expect(client.send(request('GET', 'http://slow.test/x', 10))).rejects.toMatchObject({ reason: 'Timeout' });
    expect(unmatched.map((r) => r.url)).toEqual(['http://other.test/x']);
    expect(calls.map((c) => [c.mock, c.error])).toEqual([
      [undefined, 'unmatched'],
      ['mocks[0]', 'BackendConnectionFailure'],
      ['mocks[1]', 'Timeout'],
    ]);
  });
});
