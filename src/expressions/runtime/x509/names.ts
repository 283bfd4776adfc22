/**
 * X.500 distinguished names shown the way .NET on Windows shows them (CertNameToStr with
 * CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG): the most specific RDN first ("CN=x, O=y, C=z"),
 * Windows' short keys (S for state, E for e-mail), multi-valued RDNs joined by " + ", values quoted when they
 * hold a special character, unknown attributes as "OID.1.2.3=…"; plus GetNameInfo's name choices.
 */
import { type AsnNode, TAG, directoryString, oid } from './der.js';

/** Attribute OIDs → the key Windows prints. */
const KEYS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'S',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.13': 'Description',
  '2.5.4.17': 'PostalCode',
  '2.5.4.18': 'POBox',
  '2.5.4.20': 'Phone',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
  '2.5.4.46': 'dnQualifier',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

const STRING_TAGS = new Set<number>([TAG.UTF8_STRING, TAG.PRINTABLE_STRING, TAG.T61_STRING, TAG.IA5_STRING, TAG.BMP_STRING, TAG.UNIVERSAL_STRING, 0x12 /* Numeric */, 0x1a /* Visible */]);

export interface NameAttribute {
  oid: string;
  /** The text, or "#hex" of the encoding for a value that is not a string. */
  value: string;
}

/** The RDNs of a Name, in encoded order (least specific first), each a list of attributes. */
export function readName(name: AsnNode): NameAttribute[][] {
  return name.children().map((rdn) =>
    rdn.children().map((atv) => {
      const value = atv.child(1);
      return { oid: oid(atv.child(0)), value: STRING_TAGS.has(value.tag) ? directoryString(value) : '#' + Buffer.from(value.raw).toString('hex').toUpperCase() };
    }),
  );
}

/** Windows quotes a value holding , + = " < > # ; or a newline, or with leading/trailing space, or empty. */
function quote(value: string): string {
  if (value.startsWith('#') && /^#[0-9A-F]+$/.test(value)) return value;
  if (value === '' || /[,+="<>#;\n]/.test(value) || /^\s|\s$/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

export function formatName(rdns: NameAttribute[][]): string {
  return [...rdns]
    .reverse()
    .map((rdn) => rdn.map((a) => `${KEYS[a.oid] ?? `OID.${a.oid}`}=${quote(a.value)}`).join(' + '))
    .join(', ');
}

/** The value of the most specific attribute of a type ('' when absent). */
export function attribute(rdns: NameAttribute[][], attributeOid: string): string | undefined {
  for (let i = rdns.length - 1; i >= 0; i--) {
    const hit = rdns[i]!.find((a) => a.oid === attributeOid);
    if (hit) return hit.value;
  }
  return undefined;
}

export const NAME_OIDS = { cn: '2.5.4.3', ou: '2.5.4.11', o: '2.5.4.10', email: '1.2.840.113549.1.9.1' } as const;

/** GeneralNames of a subject/issuer alternative name extension that GetNameInfo reads. */
export interface AltNames {
  email: string[];
  dns: string[];
  uri: string[];
  upn: string[];
}

const UPN = '1.3.6.1.4.1.311.20.2.3';

export function readAltNames(generalNames: AsnNode): AltNames {
  const out: AltNames = { email: [], dns: [], uri: [], upn: [] };
  for (const g of generalNames.children()) {
    const text = () => Buffer.from(g.contents).toString('latin1');
    if (g.tag === 0x81) out.email.push(text());
    else if (g.tag === 0x82) out.dns.push(text());
    else if (g.tag === 0x86) out.uri.push(text());
    else if (g.tag === 0xa0 && oid(g.child(0)) === UPN) out.upn.push(directoryString(g.child(1).child(0)));
  }
  return out;
}

/** X509NameType values. */
export const NAME_TYPE = { SimpleName: 0, EmailName: 1, UpnName: 2, DnsName: 3, DnsFromAlternativeName: 4, UrlName: 5 } as const;

/** X509Certificate2.GetNameInfo: Windows' CertGetNameString choices, '' when nothing fits. */
export function nameInfo(type: number, rdns: NameAttribute[][], alt: AltNames): string {
  switch (type) {
    case NAME_TYPE.SimpleName:
      return attribute(rdns, NAME_OIDS.cn) ?? attribute(rdns, NAME_OIDS.ou) ?? attribute(rdns, NAME_OIDS.o) ?? attribute(rdns, NAME_OIDS.email) ?? alt.email[0] ?? rdns.at(-1)?.[0]?.value ?? '';
    case NAME_TYPE.EmailName:
      return alt.email[0] ?? attribute(rdns, NAME_OIDS.email) ?? '';
    case NAME_TYPE.UpnName:
      return alt.upn[0] ?? '';
    case NAME_TYPE.DnsName:
      return alt.dns[0] ?? attribute(rdns, NAME_OIDS.cn) ?? '';
    case NAME_TYPE.DnsFromAlternativeName:
      return alt.dns[0] ?? '';
    case NAME_TYPE.UrlName:
      return alt.uri[0] ?? '';
    default:
      return '';
  }
}
