/**
 * PFX files with a truly empty (null) password and in BER form (pfx-builder.ts), loaded through the engine:
 * "no password" means either encoding, as in .NET; a BER file reads like its DER twin.
 */
import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { check, type Row } from '../evaluate.js';
import { buildPfx } from './pfx-builder.js';
import { makeFixtures } from './fixtures.js';

const f = makeFixtures();
const der = Buffer.from(f.leafDer, 'base64');
const pkcs8 = createPrivateKey(f.leafKeyPem).export({ format: 'der', type: 'pkcs8' });
const load = (pfx: Buffer, password: string) => `new X509Certificate2(Convert.FromBase64String("${pfx.toString('base64')}"), ${password})`;

const nullPassword = buildPfx(der, pkcs8, null);
const emptyPassword = buildPfx(der, pkcs8, '');
const berNull = buildPfx(der, pkcs8, null, { ber: true });
const berSecret = buildPfx(der, pkcs8, 'sécret', { ber: true });
const CE = 'System.Security.Cryptography.CryptographicException';
const B = 'System.Boolean';

/** [label, row]: the rows' code embeds whole PFX files, too long to name a test. */
const CASES: [string, Row][] = [
  ['null-password PFX, (string)null', [`${load(nullPassword, '(string)null')}.HasPrivateKey`, ['True', B]]],
  ['null-password PFX, ""', [`${load(nullPassword, '""')}.HasPrivateKey`, ['True', B]]],
  ['null-password PFX, no password argument', [`new X509Certificate2(Convert.FromBase64String("${nullPassword.toString('base64')}")).HasPrivateKey`, ['True', B]]],
  ['null-password PFX, "x"', [`${load(nullPassword, '"x"')}`, { throws: CE, message: 'The specified network password is not correct.' }]],
  ['""-password PFX, (string)null', [`${load(emptyPassword, '(string)null')}.HasPrivateKey`, ['True', B]]],
  ['""-password PFX, ""', [`${load(emptyPassword, '""')}.HasPrivateKey`, ['True', B]]],
  ['BER PFX (indefinite lengths, chunked OCTET STRING), null', [`${load(berNull, 'null')}.HasPrivateKey`, ['True', B]]],
  ['BER PFX reads the same certificate as DER', [`${load(berNull, 'null')}.Thumbprint == ${load(nullPassword, 'null')}.Thumbprint`, ['True', B]]],
  ['BER PFX with a non-ASCII password', [`${load(berSecret, '"sécret"')}.GetRSAPrivateKey().KeySize`, ['2048', 'System.Int32']]],
  ['BER PFX, wrong password', [`${load(berSecret, '"secret"')}`, { throws: CE, message: 'The specified network password is not correct.' }]],
];

describe('PFX passwords: null versus "", and BER encodings', () => {
  it.each(CASES)('%s', (_label, row) => {
    const { got, want } = check(row);
    expect(got).toEqual(want);
  });
});
