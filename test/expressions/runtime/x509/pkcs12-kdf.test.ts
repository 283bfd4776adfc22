/** The PKCS#12 KDF against a published vector and against OpenSSL 3's PKCS12KDF (`openssl kdf`). */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bmpPassword, type KdfHash, pkcs12Kdf } from '../../../../src/expressions/runtime/x509/pkcs12-kdf.js';

function opensslKdf(hash: string, password: Uint8Array, salt: string, iterations: number, id: number, length: number): string {
  const out = execFileSync(
    'openssl',
    ['kdf', '-keylen', String(length), '-kdfopt', `digest:${hash}`, '-kdfopt', `hexpass:${Buffer.from(password).toString('hex')}`, '-kdfopt', `hexsalt:${salt}`, '-kdfopt', `iter:${iterations}`, '-kdfopt', `id:${id}`, 'PKCS12KDF'],
    { encoding: 'utf8' },
  );
  return out.trim().replace(/:/g, '').toLowerCase();
}

describe('PKCS#12 KDF (RFC 7292 appendix B)', () => {
  it('matches the published vector (password "smeg", key, 1 iteration)', () => {
    const key = pkcs12Kdf('sha1', bmpPassword('smeg'), Buffer.from('0A58CF64530D823F', 'hex'), 1, 1, 24);
    expect(Buffer.from(key).toString('hex')).toBe('8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3');
  });

  const CASES: [KdfHash, string, string | null, string, number, number, number][] = [
    ['sha1', 'SHA1', 'pw', '0102030405060708', 2048, 1, 24],
    ['sha1', 'SHA1', 'pw', '0102030405060708', 2048, 2, 8],
    ['sha1', 'SHA1', '', 'a1a2a3a4a5a6a7a8', 100, 3, 20],
    ['sha1', 'SHA1', null, 'a1a2a3a4a5a6a7a8', 100, 1, 5],
    ['sha256', 'SHA256', 'päss wörd', 'ffeeddccbbaa9988776655', 1000, 3, 70],
    ['sha512', 'SHA512', 'long password '.repeat(12), '00', 3, 1, 150],
  ];
  it.each(CASES)('%s, password %j, salt %s, %i iterations, id %i, %i bytes equals openssl', (hash, name, password, salt, iterations, id, length) => {
    const bmp = bmpPassword(password);
    const ours = Buffer.from(pkcs12Kdf(hash, bmp, Buffer.from(salt, 'hex'), iterations, id, length)).toString('hex');
    expect(ours).toBe(opensslKdf(name, bmp, salt, iterations, id, length));
  });

  it('encodes passwords as PKCS#12 BMPStrings: null is empty, "" is a lone terminator', () => {
    expect(Buffer.from(bmpPassword(null)).toString('hex')).toBe('');
    expect(Buffer.from(bmpPassword('')).toString('hex')).toBe('0000');
    expect(Buffer.from(bmpPassword('Aé')).toString('hex')).toBe('004100e90000');
  });
});
