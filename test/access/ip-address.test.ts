import { describe, expect, it } from 'vitest';
import { inRange, parseAddressOrCidr, parseIp, parseRange } from '../../src/access/ip-address.js';

describe('ip addresses', () => {
  it('parses IPv4 and IPv6, and treats IPv4-mapped IPv6 as IPv4', () => {
    expect(parseIp('10.0.0.1')).toMatchObject({ family: 4, value: 0x0a000001n });
    expect(parseIp('::1')).toMatchObject({ family: 6, value: 1n });
    expect(parseIp('2001:db8::1')).toMatchObject({ family: 6, value: (0x20010db8n << 96n) | 1n });
    expect(parseIp('::ffff:127.0.0.1')).toMatchObject({ family: 4, value: 0x7f000001n, text: '127.0.0.1' });
    expect(parseIp('[fe80::1%eth0]')).toMatchObject({ family: 6 });
    expect(parseIp('1:2:3:4:5:6:7:8')!.value).toBe(0x00010002000300040005000600070008n);
    expect(parseIp('64:ff9b::1.2.3.4')!.value).toBe((0x64ff9bn << 96n) | 0x01020304n);
  });

  it('rejects what is not an address', () => {
    for (const bad of ['', 'localhost', '10.0.0', '10.0.0.256', '1::2::3', 'abc']) expect(parseIp(bad), bad).toBeUndefined();
  });

  it('matches ranges inclusively, in either order, per family', () => {
    const range = parseRange('10.0.0.10', '10.0.0.1')!;
    expect(inRange(parseIp('10.0.0.1')!, range)).toBe(true);
    expect(inRange(parseIp('10.0.0.10')!, range)).toBe(true);
    expect(inRange(parseIp('10.0.0.11')!, range)).toBe(false);
    expect(inRange(parseIp('::ffff:10.0.0.5')!, range)).toBe(true);
    expect(inRange(parseIp('::a00:5')!, range)).toBe(false);
    const v6 = parseRange('2001:db8::', '2001:db8::ffff')!;
    expect(inRange(parseIp('2001:db8::abcd')!, v6)).toBe(true);
    expect(inRange(parseIp('2001:db9::')!, v6)).toBe(false);
    expect(parseRange('10.0.0.1', '::1')).toBeUndefined();
  });

  it('reads single addresses and CIDR blocks', () => {
    const block = parseAddressOrCidr('192.168.4.0/22')!;
    expect(inRange(parseIp('192.168.7.255')!, block)).toBe(true);
    expect(inRange(parseIp('192.168.8.0')!, block)).toBe(false);
    const one = parseAddressOrCidr('127.0.0.1')!;
    expect(inRange(parseIp('127.0.0.1')!, one)).toBe(true);
    expect(inRange(parseIp('127.0.0.2')!, one)).toBe(false);
    expect(inRange(parseIp('fd00::1')!, parseAddressOrCidr('fd00::/8')!)).toBe(true);
    expect(parseAddressOrCidr('10.0.0.0/33')).toBeUndefined();
  });
});
