/** The ASN.1 reader: DER, the BER forms PFX files use, and malformed input. */
import { describe, expect, it } from 'vitest';
import { AsnError, TAG, directoryString, octets, oid, parseAsn, smallInt, time } from '../../../../src/expressions/runtime/x509/der.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));

describe('ASN.1 reader', () => {
  it('reads a DER sequence with long-form lengths', () => {
    const content = '04 81 80 ' + 'ab'.repeat(128);
    const root = parseAsn(hex(`30 81 83 ${content}`));
    expect(root.tag).toBe(TAG.SEQUENCE);
    expect(octets(root.child(0)).length).toBe(128);
  });

  it('reads BER indefinite lengths and constructed OCTET STRINGs (Windows/Java PFX files)', () => {
    const root = parseAsn(hex('30 80 24 80 04 02 01 02 04 01 03 00 00 02 01 05 00 00'));
    expect(Buffer.from(octets(root.child(0))).toString('hex')).toBe('010203');
    expect(smallInt(root.child(1))).toBe(5);
  });

  it('decodes object identifiers', () => {
    expect(oid(parseAsn(hex('06 09 2a 86 48 86 f7 0d 01 01 0b')))).toBe('1.2.840.113549.1.1.11');
    expect(oid(parseAsn(hex('06 03 55 04 03')))).toBe('2.5.4.3');
    expect(oid(parseAsn(hex('06 0a 09 92 26 89 93 f2 2c 64 01 19')))).toBe('0.9.2342.19200300.100.1.25');
  });

  it('decodes UTCTime (two-digit years split at 50) and GeneralizedTime', () => {
    expect(new Date(time(parseAsn(hex('17 0d ' + Buffer.from('491231235959Z').toString('hex'))))).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(new Date(time(parseAsn(hex('17 0d ' + Buffer.from('500101000000Z').toString('hex'))))).toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(new Date(time(parseAsn(hex('18 0f ' + Buffer.from('20510102030405Z').toString('hex'))))).toISOString()).toBe('2051-01-02T03:04:05.000Z');
  });

  it('reads directory strings in their encodings', () => {
    expect(directoryString(parseAsn(hex('1e 04 00 41 00 e9')))).toBe('Aé');
    expect(directoryString(parseAsn(hex('0c 03 41 c3 a9')))).toBe('Aé');
    expect(directoryString(parseAsn(hex('13 02 41 42')))).toBe('AB');
  });

  it.each([
    ['truncated content', '30 05 02 01 01'],
    ['trailing bytes', '02 01 01 00'],
    ['unterminated indefinite length', '30 80 02 01 01'],
    ['indefinite primitive', '04 80 00 00'],
    ['huge length', '30 85 01 00 00 00 00'],
    ['empty input', ''],
  ])('rejects %s with AsnError', (_what, bytes) => {
    expect(() => parseAsn(hex(bytes)).children()).toThrow(AsnError);
  });
});
