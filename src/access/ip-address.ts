/**
 * IPv4/IPv6 addresses as numbers, for ip-filter's `<address>` and `<address-range>`.
 * IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`, how Node reports IPv4 clients on a dual-stack
 * socket) compare as the IPv4 address they carry.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface IpAddress {
  family: 4 | 6;
  value: bigint;
  text: string;
}

export function parseIp(input: string): IpAddress | undefined {
  let text = input.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (isIPv4(text)) return { family: 4, value: ipv4Value(text), text };
  if (!isIPv6(text)) return undefined;
  const value = ipv6Value(text);
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn, text: ipv4Text(value & 0xffffffffn) };
  return { family: 6, value, text };
}

function ipv4Value(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv4Text(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
}

function ipv6Value(text: string): bigint {
  let head = text;
  let tailWords: number[] = [];
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) stands for two 16-bit groups.
  const lastColon = head.lastIndexOf(':');
  const tail = head.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = Number(ipv4Value(tail));
    tailWords = [v4 >>> 16, v4 & 0xffff];
    head = head.slice(0, lastColon + 1) + '0';
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  let groups = parse(left);
  if (right !== undefined) {
    const r = parse(right);
    groups = [...groups, ...new Array<number>(8 - groups.length - r.length - (tailWords.length ? 1 : 0)).fill(0), ...r];
  }
  if (tailWords.length) groups = [...groups.slice(0, -1), ...tailWords];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** `<address>`: one address, or (our extension) a CIDR block `10.0.0.0/8`. */
export interface IpRange {
  from: IpAddress;
  to: IpAddress;
}

export function parseAddressOrCidr(text: string): IpRange | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) {
    const ip = parseIp(text);
    return ip && { from: ip, to: ip };
  }
  const base = parseIp(text.slice(0, slash));
  const bitsText = text.slice(slash + 1).trim();
  if (!base || !/^\d+$/.test(bitsText)) return undefined;
  const width = base.family === 4 ? 32n : 128n;
  const bits = BigInt(bitsText);
  if (bits > width) return undefined;
  const hostMask = (1n << (width - bits)) - 1n;
  const low = base.value & ~hostMask & ((1n << width) - 1n);
  return { from: { ...base, value: low }, to: { ...base, value: low | hostMask } };
}

export function parseRange(from: string, to: string): IpRange | undefined {
  const a = parseIp(from);
  const b = parseIp(to);
  if (!a || !b || a.family !== b.family) return undefined;
  return a.value <= b.value ? { from: a, to: b } : { from: b, to: a };
}

export function inRange(ip: IpAddress, range: IpRange): boolean {
  return ip.family === range.from.family && ip.value >= range.from.value && ip.value <= range.to.value;
}
