/** Every signature and property type the X509/RSA modules register resolves (a typo would only show at use). */
import { describe, expect, it } from 'vitest';
import '../../../../src/expressions/core/primitives.js';
import '../../../../src/expressions/runtime/all.js';
import { allTypes, isOverloads, propertyType, signatureOf, type MemberSpec, type Overload, type TypeDef } from '../../../../src/expressions/registry.js';

const OURS = /^System\.Security\.Cryptography\.(X509Certificates\.|RSA|AsymmetricAlgorithm$|HashAlgorithmName$|Oid$|AsnEncodedData$)/;

function overloads(m: MemberSpec): Overload[] {
  return isOverloads(m) ? (Array.isArray(m) ? m : [m]) : [];
}

function problems(def: TypeDef): string[] {
  const out: string[] = [];
  const check = (what: string, fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      out.push(`${def.fullName}.${what}: ${(e as Error).message}`);
    }
  };
  for (const [name, m] of [...def.statics, ...def.members]) {
    for (const o of overloads(m)) check(name, () => signatureOf(o, def));
    if (!isOverloads(m)) check(name, () => propertyType(m, def));
  }
  for (const o of def.constructors) check('ctor', () => signatureOf(o, def));
  return out;
}

describe('X509/RSA registrations', () => {
  const defs = allTypes().filter((d) => OURS.test(d.fullName));
  it('registers the types APIM allows', () => {
    const names = defs.map((d) => d.fullName);
    for (const t of ['X509Certificates.X509Certificate', 'X509Certificates.X509Certificate2', 'X509Certificates.PublicKey', 'X509Certificates.RSACertificateExtensions', 'X509Certificates.X509ContentType', 'X509Certificates.X509NameType', 'X509Certificates.X500DistinguishedName', 'RSA', 'RSACng', 'RSAEncryptionPadding', 'RSASignaturePadding', 'AsymmetricAlgorithm', 'HashAlgorithmName', 'Oid'])
      expect(names).toContain(`System.Security.Cryptography.${t}`);
  });
  it('every signature resolves', () => {
    expect(defs.flatMap(problems)).toEqual([]);
  });
});
