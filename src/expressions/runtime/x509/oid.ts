/**
 * System.Security.Cryptography.Oid (Value, FriendlyName with Windows' names; `new Oid("sha256")` looks a
 * friendly name up) and AsnEncodedData (RawData, Oid, Format), as certificates hand them out.
 */
import { ctor, method, prop, registerType } from '../../registry.js';
import { NSC } from './hash-name.js';

export class OidValue {
  constructor(
    readonly value: string | null,
    readonly friendlyName: string | null,
  ) {}
}

export class AsnEncodedDataValue {
  constructor(
    readonly oid: OidValue | null,
    readonly raw: Uint8Array,
  ) {}
}

/** Windows' friendly names of the OIDs a certificate shows. */
const OID_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.10045.2.1': 'ECC',
  '1.2.840.10040.4.1': 'DSA',
  '1.2.840.113549.1.1.4': 'md5RSA',
  '1.2.840.113549.1.1.5': 'sha1RSA',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256RSA',
  '1.2.840.113549.1.1.12': 'sha384RSA',
  '1.2.840.113549.1.1.13': 'sha512RSA',
  '1.2.840.10045.4.3.2': 'sha256ECDSA',
  '1.2.840.10045.4.3.3': 'sha384ECDSA',
  '1.2.840.10045.4.3.4': 'sha512ECDSA',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.2.840.113549.2.5': 'md5',
};

export function oidOf(value: string): OidValue {
  return new OidValue(value, OID_NAMES[value] ?? null);
}

/** new Oid(text): a dotted value, or a friendly name that is looked up (unknown text stays the Value). */
function newOid(text: string | null): OidValue {
  if (text === null) return new OidValue(null, null);
  if (/^\d+(\.\d+)+$/.test(text)) return oidOf(text);
  const value = Object.keys(OID_NAMES).find((k) => OID_NAMES[k]!.toLowerCase() === text.toLowerCase());
  return value ? oidOf(value) : new OidValue(text, null);
}

registerType({
  name: `${NSC}.Oid`,
  jsClass: OidValue,
  constructors: [ctor('(string oid)', newOid), ctor('(string value, string friendlyName)', (v: string | null, f: string | null) => new OidValue(v, f))],
  members: {
    Value: prop('string', (o: OidValue) => o.value),
    FriendlyName: prop('string', (o: OidValue) => o.friendlyName),
  },
});

registerType({
  name: `${NSC}.AsnEncodedData`,
  jsClass: AsnEncodedDataValue,
  members: {
    RawData: prop('byte[]', (a: AsnEncodedDataValue) => new Uint8Array(a.raw)),
    Oid: prop(`${NSC}.Oid`, (a: AsnEncodedDataValue) => a.oid),
    // the hex dump .NET falls back to for data it has no formatter for
    Format: method('(bool multiLine) => string', (a: AsnEncodedDataValue) => Buffer.from(a.raw).toString('hex').replace(/(..)(?!$)/g, '$1 ')),
  },
});
