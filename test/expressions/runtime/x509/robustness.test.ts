/**
 * Malformed input never escapes as anything but .NET's exceptions: every PFX flavour and a DER certificate
 * with bytes flipped at many (seeded) positions, or cut short, either loads or throws CryptographicException.
 */
import { describe, expect, it } from 'vitest';
import { DotnetException } from '../../../../src/expressions/errors.js';
import { loadCertificate } from '../../../../src/expressions/runtime/x509/load.js';
import { makeFixtures } from './fixtures.js';
import { seededRandom as random } from '../../../seeded-random.js';

const f = makeFixtures();


/** 'ok', or the .NET exception type; anything else (a JS error) is returned as 'crash: …'. */
function outcome(bytes: Uint8Array, password: string | null): string {
  try {
    loadCertificate(bytes, password);
    return 'ok';
  } catch (e) {
    return e instanceof DotnetException ? e.dotnetType : `crash: ${String(e)}`;
  }
}

const INPUTS: [string, string, string | null][] = [
  ['OpenSSL 3 AES PFX', f.pfxAesPassword, 's3cret'],
  ['legacy 3DES/RC2 PFX', f.pfxLegacy, 'pw'],
  ['unencrypted PFX', f.pfxNone, null],
  ['DER certificate', f.leafDer, null],
];

describe('loading malformed certificates and PFX files', () => {
  it.each(INPUTS)('%s: 300 single-byte corruptions and 60 truncations end in CryptographicException or load', (_name, b64, password) => {
    const original = Uint8Array.from(Buffer.from(b64, 'base64'));
    const next = random(original.length);
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from(original);
      const at = Math.floor(next() * bytes.length);
      bytes[at] = bytes[at]! ^ (1 + Math.floor(next() * 255));
      seen.add(outcome(bytes, password));
    }
    for (let i = 0; i < 60; i++) seen.add(outcome(original.subarray(0, Math.floor(next() * original.length)), password));
    expect([...seen].filter((o) => o !== 'ok' && o !== 'System.Security.Cryptography.CryptographicException')).toEqual([]);
    expect(seen.has('System.Security.Cryptography.CryptographicException')).toBe(true);
  });

  it('deeply nested indefinite lengths are refused, not recursed into', () => {
    const deep = Buffer.concat([Buffer.from('3080'.repeat(5000), 'hex'), Buffer.alloc(10000)]);
    expect(outcome(deep, null)).toBe('System.Security.Cryptography.CryptographicException');
  });
});
