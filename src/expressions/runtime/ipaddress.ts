/**
 * System.Net.IPAddress (the members APIM allows: Parse, TryParse, GetAddressBytes, AddressFamily,
 * IsLoopback, Equals, ToString) and System.Net.Sockets.AddressFamily.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { enumValue } from '../compiler/conversions.js';
import { field, method, prop, registerType, typeByFullName } from '../registry.js';
import { fail } from './fail.js';

export class IPAddressValue {
  /** 4 bytes for IPv4, 16 for IPv6 */
  constructor(readonly bytes: Uint8Array) {}
  get isV6(): boolean {
    return this.bytes.length === 16;
  }
}

function parseV6(text: string): Uint8Array {
  let t = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  // an embedded IPv4 tail becomes two groups
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    t = t.slice(0, -v4[1]!.length) + ((b[0]! << 8) | b[1]!).toString(16) + ':' + ((b[2]! << 8) | b[3]!).toString(16);
  }
  const [head, tail] = t.includes('::') ? t.split('::') : [t, undefined];
  const h = head ? head.split(':') : [];
  const tl = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - tl.length).fill('0'), ...tl];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  return out;
}

export function tryParseIp(text: string | null): IPAddressValue | undefined {
  if (text === null) return undefined;
  const t = text.trim();
  if (isIPv4(t)) return new IPAddressValue(Uint8Array.from(t.split('.').map(Number)));
  const bare = t.replace(/^\[|\]$/g, '').replace(/%[^%]*$/, '');
  if (isIPv6(bare)) return new IPAddressValue(parseV6(bare));
  return undefined;
}

/** IPv6 text as .NET prints it: lower-case hex, the longest run of two or more zero groups as '::'. */
export function ipToString(ip: IPAddressValue): string {
  if (!ip.isV6) return Array.from(ip.bytes).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
  // IPv4-mapped addresses keep their dotted tail
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${Array.from(ip.bytes.slice(12)).join('.')}`;
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function parseIp(text: string | null): IPAddressValue {
  if (text === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'ipString')");
  const ip = tryParseIp(text);
  if (!ip) fail('System.FormatException', 'An invalid IP address was specified.');
  return ip;
}

const family = (ip: IPAddressValue) => enumValue(typeByFullName('System.Net.Sockets.AddressFamily')!, ip.isV6 ? 23 : 2);
const same = (a: IPAddressValue, b: IPAddressValue | null) => b !== null && a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]);

registerType({ name: 'System.Net.Sockets.AddressFamily', kind: 'enum', enumMembers: { Unspecified: 0, InterNetwork: 2, InterNetworkV6: 23 } });

const IP = 'System.Net.IPAddress';

registerType({
  name: IP,
  jsClass: IPAddressValue,
  statics: {
    Parse: method(`(string ipString) => ${IP}`, parseIp),
    TryParse: method(`(string ipString, out ${IP} address) => bool`, (s: string | null, out: { value: unknown }) => {
      out.value = tryParseIp(s) ?? null;
      return out.value !== null;
    }),
    IsLoopback: method(`(${IP} address) => bool`, (ip: IPAddressValue | null) => {
      if (ip === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'address')");
      return ip.isV6 ? ipToString(ip) === '::1' : ip.bytes[0] === 127;
    }),
    Any: field(IP, new IPAddressValue(Uint8Array.of(0, 0, 0, 0))),
    Loopback: field(IP, new IPAddressValue(Uint8Array.of(127, 0, 0, 1))),
    Broadcast: field(IP, new IPAddressValue(Uint8Array.of(255, 255, 255, 255))),
    None: field(IP, new IPAddressValue(Uint8Array.of(255, 255, 255, 255))),
    IPv6Loopback: field(IP, new IPAddressValue(parseV6('::1'))),
    IPv6Any: field(IP, new IPAddressValue(new Uint8Array(16))),
  },
  members: {
    AddressFamily: prop('System.Net.Sockets.AddressFamily', family),
    GetAddressBytes: method('() => byte[]', (ip: IPAddressValue) => new Uint8Array(ip.bytes)),
    IsIPv4MappedToIPv6: prop('bool', (ip: IPAddressValue) => ip.isV6 && ip.bytes.slice(0, 10).every((b) => b === 0) && ip.bytes[10] === 0xff && ip.bytes[11] === 0xff),
    MapToIPv4: method(`() => ${IP}`, (ip: IPAddressValue) => (ip.isV6 ? new IPAddressValue(ip.bytes.slice(12)) : ip)),
    MapToIPv6: method(`() => ${IP}`, (ip: IPAddressValue) => {
      if (ip.isV6) return ip;
      const b = new Uint8Array(16);
      b[10] = 0xff;
      b[11] = 0xff;
      b.set(ip.bytes, 12);
      return new IPAddressValue(b);
    }),
    Equals: method('(object comparand) => bool', (a: IPAddressValue, b: unknown) => b instanceof IPAddressValue && same(a, b)),
    ToString: method('() => string', ipToString),
  },
  toString: ipToString,
  equals: (a: IPAddressValue, b: IPAddressValue) => same(a, b),
  hash: ipToString,
  toJson: ipToString,
});
