/** maskShared: the same masking as maskDeep, copying only what masking changes. */
import { describe, expect, it } from 'vitest';
import { harvestUrlCredentials, MASK, maskDeep, maskShared } from '../../src/common/mask.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZSJ9.sig_part';

class Carrier {
  constructor(readonly label: string, readonly secret: string) {}
  describe(): string {
    return this.label;
  }
}

/** A trace-like value with secrets at every depth and plenty that holds none. */
function sample(): Record<string, unknown> {
  return {
    traceId: 'abc',
    traceEntries: {
      inbound: [
        { source: 'api-inspector', data: { request: { url: 'ws://h/c?hub=chat&access_token=tok-123456789&id=conn-abcdefgh', headers: [{ name: 'Authorization', value: 'Bearer abc' }, { name: 'X-Other', value: 'visible' }] } } },
        { source: 'set-variable', data: { name: 'note', value: 'the-secret-value inside' } },
        { source: 'set-header', data: { name: 'api-key', values: ['k1', 'k2'] } },
        { source: 'plain', data: { list: [1, 2, 'three', null, true], nested: { deeper: { text: 'nothing to hide' } } } },
      ],
      backend: [{ source: 'send-request', data: { body: `{"token":"${JWT}","connectionToken":"conn-abcdefgh"}`, when: new Date(0), raw: Buffer.from('x') } }],
      outbound: [],
      'on-error': [{ source: 'carrier', data: new Carrier('visible label', 'the-secret-value') }],
    },
    decision: { kind: 'connect', backendUrl: 'ws://b/?sig=abcdefghijk&x=1', headers: [{ name: 'Cookie', value: 'a=b' }] },
  };
}

const secretsOf = (v: unknown): string[] => ['the-secret-value', ...harvestUrlCredentials(v)];

describe('maskShared', () => {
  it('gives exactly what maskDeep gives', () => {
    const value = sample();
    const shared = maskShared(value, secretsOf(value));
    expect(JSON.stringify(shared)).toBe(JSON.stringify(maskDeep(value, secretsOf(value))));
    expect(shared).toEqual(maskDeep(value, secretsOf(value)));
  });

  it('leaves no secret in the serialised result', () => {
    const value = sample();
    const text = JSON.stringify(maskShared(value, secretsOf(value)));
    for (const secret of ['tok-123456789', 'conn-abcdefgh', 'the-secret-value', JWT, 'Bearer abc', 'k1', 'a=b', 'abcdefghijk']) expect(text).not.toContain(secret);
    expect(text).toContain('visible');
    expect(text).toContain('nothing to hide');
  });

  it('does not change the original', () => {
    const value = sample();
    const before = JSON.stringify(value);
    maskShared(value, secretsOf(value));
    expect(JSON.stringify(value)).toBe(before);
  });

  it('shares what masking does not change and copies the way to what it does', () => {
    const value = sample();
    const masked = maskShared(value, secretsOf(value)) as ReturnType<typeof sample>;
    const entries = (v: Record<string, unknown>) => v.traceEntries as Record<string, Array<{ data: Record<string, unknown> }>>;
    expect(entries(masked).inbound![3]).toBe(entries(value).inbound![3]); // nothing to mask: the same object
    expect(entries(masked).outbound).toBe(entries(value).outbound);
    expect(entries(masked).inbound![0]).not.toBe(entries(value).inbound![0]);
    expect(entries(masked).inbound![0]!.data.request).toMatchObject({ headers: [{ value: 'Bearer ***' }, { value: 'visible' }] });
    expect(entries(masked).inbound![2]!.data.values).toEqual([MASK, MASK]);
  });

  it('copies a class instance into a plain object, as maskDeep does', () => {
    const value = { carrier: new Carrier('label', 'the-secret-value') };
    const masked = maskShared(value, ['the-secret-value']) as { carrier: Record<string, unknown> };
    expect(Object.getPrototypeOf(masked.carrier)).toBe(Object.prototype);
    expect(masked.carrier).toEqual({ label: 'label', secret: MASK });
  });

  it('returns strings, numbers and null as maskDeep does', () => {
    for (const v of ['plain', `a ${JWT}`, 5, null, undefined, true]) expect(maskShared(v, [])).toEqual(maskDeep(v, []));
  });
});
