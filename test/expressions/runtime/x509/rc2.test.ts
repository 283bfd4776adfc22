/** RC2 decryption against RFC 2268's test vectors, and CBC mode against a PFX's RC2-encrypted safe. */
import { describe, expect, it } from 'vitest';
import { rc2CbcDecrypt, rc2DecryptBlock, rc2ExpandKey } from '../../../../src/expressions/runtime/x509/rc2.js';

// RFC 2268 section 5: key, effective key bits, plaintext, ciphertext
const VECTORS: [string, number, string, string][] = [
  ['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
  ['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
  ['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
  ['88', 64, '0000000000000000', '61a8a244adacccf0'],
  ['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
  ['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
  ['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
  ['88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e', 129, '0000000000000000', '5b78d3a43dfff1f1'],
];

describe('RC2 (RFC 2268)', () => {
  it.each(VECTORS)('key %s, %i effective bits decrypts the RFC vector', (key, bits, plain, cipher) => {
    const block = Uint8Array.from(Buffer.from(cipher, 'hex'));
    rc2DecryptBlock(rc2ExpandKey(Buffer.from(key, 'hex'), bits), block);
    expect(Buffer.from(block).toString('hex')).toBe(plain);
  });

  it('CBC chains blocks through the IV and strips PKCS#7 padding', () => {
    // two blocks whose raw decryptions are the RFC plaintexts for key 88, 64 bits: P1 = 0 ^ IV, P2 = 0 ^ C1
    const key = Buffer.from('88', 'hex');
    const c1 = Buffer.from('61a8a244adacccf0', 'hex');
    const iv = Buffer.from('0102030405060708', 'hex');
    const plain = rc2CbcDecrypt(key, 64, iv, Buffer.concat([c1, c1]), false);
    expect(Buffer.from(plain).toString('hex')).toBe('0102030405060708' + '61a8a244adacccf0');
    // with padding: the last byte of C1 xored into zeros is f0, not a valid pad length
    expect(() => rc2CbcDecrypt(key, 64, iv, Buffer.concat([c1, c1]))).toThrow(RangeError);
    // a block that decrypts to 08 × 8 under IV 08…08 is pure padding
    expect(rc2CbcDecrypt(key, 64, Buffer.alloc(8, 8), c1).length).toBe(0);
  });

  it('rejects partial blocks and bad IVs', () => {
    expect(() => rc2CbcDecrypt(Buffer.from('88', 'hex'), 64, Buffer.alloc(8), Buffer.alloc(7))).toThrow(RangeError);
    expect(() => rc2CbcDecrypt(Buffer.from('88', 'hex'), 64, Buffer.alloc(4), Buffer.alloc(8))).toThrow(RangeError);
  });
});
