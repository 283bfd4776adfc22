/**
 * System.Guid: NewGuid, Parse/TryParse (N D B P and the {0x…} X form), ParseExact, ToString(N D B P X),
 * Empty, ToByteArray, equality and ordering.
 */
import { randomUUID } from 'node:crypto';
import { ctor, field, method, registerType } from '../registry.js';
import { GuidValue } from '../values.js';
import { fail } from './fail.js';

/** The 32 hex digits of a Guid's text in any of the accepted forms, or undefined. */
function digitsOf(text: string, only?: string): string | undefined {
  const t = text.trim().toLowerCase();
  const forms: Record<string, RegExp> = {
    n: /^([0-9a-f]{32})$/,
    d: /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/,
    b: /^\{([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}$/,
    p: /^\(([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\)$/,
    x: /^\{0x([0-9a-f]{1,8}),0x([0-9a-f]{1,4}),0x([0-9a-f]{1,4}),\{((?:0x[0-9a-f]{1,2},){7}0x[0-9a-f]{1,2})\}\}$/,
  };
  for (const [name, re] of Object.entries(forms)) {
    if (only && only !== name) continue;
    const m = re.exec(name === 'x' ? t.replace(/\s/g, '') : t);
    if (!m) continue;
    if (name === 'x') {
      const bytes = m[4]!.split(',').map((b) => b.slice(2).padStart(2, '0'));
      return m[1]!.padStart(8, '0') + m[2]!.padStart(4, '0') + m[3]!.padStart(4, '0') + bytes.join('');
    }
    return m.slice(1).join('');
  }
  return undefined;
}

function fromDigits(d: string): GuidValue {
  return new GuidValue(`${d.slice(0, 8)}-${d.slice(8, 12)}-${d.slice(12, 16)}-${d.slice(16, 20)}-${d.slice(20)}`);
}

export function parseGuid(text: string | null): GuidValue {
  if (text === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'input')");
  const d = digitsOf(text);
  if (d === undefined) fail('System.FormatException', `Unrecognized Guid format.`);
  return fromDigits(d);
}

export function parseExactGuid(text: string | null, format: string | null): GuidValue {
  if (text === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'input')");
  if (format === null || !/^[NnDdBbPpXx]$/.test(format))
    fail('System.FormatException', 'Format string can be only "D", "d", "N", "n", "P", "p", "B", "b", "X" or "x".');
  const d = digitsOf(text, format.toLowerCase());
  if (d === undefined) fail('System.FormatException', `Unrecognized Guid format.`);
  return fromDigits(d);
}

export function formatGuid(g: GuidValue, format?: string | null): string {
  const d = g.text.replace(/-/g, '');
  switch (format ?? 'D') {
    case '':
    case 'D':
    case 'd':
      return g.text;
    case 'N':
    case 'n':
      return d;
    case 'B':
    case 'b':
      return `{${g.text}}`;
    case 'P':
    case 'p':
      return `(${g.text})`;
    case 'X':
    case 'x': {
      const bytes = d.slice(16).match(/../g)!.map((b) => '0x' + b);
      return `{0x${d.slice(0, 8)},0x${d.slice(8, 12)},0x${d.slice(12, 16)},{${bytes.join(',')}}}`;
    }
    default:
      return fail('System.FormatException', 'Format string can be only "D", "d", "N", "n", "P", "p", "B", "b", "X" or "x".');
  }
}

/** Guid.ToByteArray: the first three fields little-endian, as .NET lays them out. */
export function guidBytes(g: GuidValue): Uint8Array {
  const d = g.text.replace(/-/g, '');
  const b = Buffer.from(d, 'hex');
  const out = Buffer.alloc(16);
  out.writeUInt32LE(b.readUInt32BE(0), 0);
  out.writeUInt16LE(b.readUInt16BE(4), 4);
  out.writeUInt16LE(b.readUInt16BE(6), 6);
  b.copy(out, 8, 8);
  return new Uint8Array(out);
}

function guidFromBytes(bytes: Uint8Array | null): GuidValue {
  if (bytes === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'b')");
  if (bytes.length !== 16) fail('System.ArgumentException', "Byte array for Guid must be exactly 16 bytes long. (Parameter 'b')");
  const b = Buffer.from(bytes);
  const out = Buffer.alloc(16);
  out.writeUInt32BE(b.readUInt32LE(0), 0);
  out.writeUInt16BE(b.readUInt16LE(4), 4);
  out.writeUInt16BE(b.readUInt16LE(6), 6);
  b.copy(out, 8, 8);
  return fromDigits(out.toString('hex'));
}

function compareGuids(a: GuidValue, b: GuidValue): number {
  // .NET compares field by field as unsigned numbers: the hex text order is the same
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

registerType({
  name: 'System.Guid',
  defaultValue: GuidValue.EMPTY,
  constructors: [ctor('(string g)', parseGuid), ctor('(byte[] b)', guidFromBytes)],
  statics: {
    Empty: field('System.Guid', GuidValue.EMPTY),
    NewGuid: method('() => System.Guid', () => new GuidValue(randomUUID())),
    Parse: method('(string input) => System.Guid', parseGuid),
    ParseExact: method('(string input, string format) => System.Guid', parseExactGuid),
    TryParse: method('(string input, out System.Guid result) => bool', (s: string | null, result: { value: GuidValue }) => {
      const d = s === null ? undefined : digitsOf(s);
      result.value = d === undefined ? GuidValue.EMPTY : fromDigits(d);
      return d !== undefined;
    }),
    TryParseExact: method('(string input, string format, out System.Guid result) => bool', (s: string | null, f: string | null, result: { value: GuidValue }) => {
      const d = s === null || f === null || !/^[NnDdBbPpXx]$/.test(f) ? undefined : digitsOf(s, f.toLowerCase());
      result.value = d === undefined ? GuidValue.EMPTY : fromDigits(d);
      return d !== undefined;
    }),
  },
  members: {
    ToString: [method('() => string', (g: GuidValue) => g.text), method('(string format) => string', formatGuid)],
    ToByteArray: method('() => byte[]', guidBytes),
    CompareTo: method('(System.Guid value) => int', compareGuids),
  },
  toString: (g: GuidValue) => g.text,
  format: formatGuid,
  equals: (a: GuidValue, b: GuidValue) => a.text === b.text,
  hash: (g: GuidValue) => g.text,
  compare: compareGuids,
  toJson: (g: GuidValue) => g.text,
});

