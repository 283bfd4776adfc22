/**
 * byte[] conversions: Convert Base64/hex, Encoding UTF8/ASCII/Unicode, BitConverter.
 * byte[] is a Uint8Array; messages are .NET's.
 */
import { argumentNull, argumentOutOfRange, fail } from './fail.js';
import { chargeChars, chargeProgress, checkArrayLength, checkStringLength, PROGRESS_EVERY } from '../budget.js';

const BAD_BASE64 =
  'The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters.';
const BAD_BASE64_LENGTH = 'Invalid length for a Base-64 char array or string.';

export function toBase64(bytes: Uint8Array | null, offset?: number, length?: number): string {
  if (bytes === null || bytes === undefined) argumentNull('inArray');
  const start = offset ?? 0;
  const count = length ?? bytes.length - start;
  if (start < 0 || count < 0 || start + count > bytes.length)
    argumentOutOfRange('offset', 'Offset and length must refer to a position in the string.');
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, count).toString('base64');
}

/** Convert.FromBase64String: white space is ignored, padding only at the end, length a multiple of 4. */
export function fromBase64(text: string | null): Uint8Array {
  if (text === null || text === undefined) argumentNull('s');
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (compact.length % 4 !== 0) fail('System.FormatException', BAD_BASE64_LENGTH);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) fail('System.FormatException', BAD_BASE64);
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

export function tryFromBase64(text: string | null): Uint8Array | undefined {
  try {
    return fromBase64(text);
  } catch {
    return undefined;
  }
}

/** Convert.ToHexString (.NET 5+): uppercase, no separators. */
export function toHexString(bytes: Uint8Array | null): string {
  if (bytes === null || bytes === undefined) argumentNull('inArray');
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

export function fromHexString(text: string | null): Uint8Array {
  if (text === null || text === undefined) argumentNull('s');
  if (text.length % 2 !== 0) fail('System.FormatException', 'The input is not a valid hex string as its length is not a multiple of 2.');
  if (!/^[0-9A-Fa-f]*$/.test(text)) fail('System.FormatException', 'The input is not a valid hex string as it contains a non-hex character.');
  return new Uint8Array(Buffer.from(text, 'hex'));
}

export type EncodingName = 'utf-8' | 'us-ascii' | 'utf-16' | 'utf-16BE' | 'utf-32' | 'iso-8859-1';

/** The most bytes one UTF-16 code unit can become in each encoding. */
const BYTES_PER_CHAR: Record<EncodingName, number> = { 'utf-8': 3, 'us-ascii': 1, 'iso-8859-1': 1, 'utf-16': 2, 'utf-16BE': 2, 'utf-32': 4 };

/** One byte per character below `limit`, '?' for the rest (a surrogate pair is one '?'). */
function singleBytes(text: string, limit: number): Uint8Array {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    out[n++] = c < limit ? c : 0x3f;
  }
  return out.slice(0, n);
}

/** Encoding.X.GetBytes(string). */
export function encode(encoding: EncodingName, text: string | null): Uint8Array {
  if (text === null || text === undefined) argumentNull('s');
  // The largest the result can be, refused over the byte-array cap before any work; the work is charged.
  checkArrayLength(text.length * BYTES_PER_CHAR[encoding], true);
  chargeChars(text.length * BYTES_PER_CHAR[encoding]);
  switch (encoding) {
    case 'utf-8':
      return new Uint8Array(Buffer.from(text, 'utf8'));
    case 'us-ascii':
      // non-ASCII code units become '?' (the replacement fallback); a surrogate pair is one '?'
      return singleBytes(text, 0x80);
    case 'iso-8859-1':
      return singleBytes(text, 0x100);
    case 'utf-16':
      return new Uint8Array(Buffer.from(text, 'utf16le'));
    case 'utf-16BE': {
      const b = Buffer.from(text, 'utf16le');
      b.swap16();
      return new Uint8Array(b);
    }
    case 'utf-32': {
      const cps = Array.from(text, (ch) => ch.codePointAt(0)!);
      const out = Buffer.alloc(cps.length * 4);
      cps.forEach((cp, i) => out.writeUInt32LE(cp, i * 4));
      return new Uint8Array(out);
    }
  }
}

/** Encoding.X.GetString(byte[] [, index, count]). Invalid sequences decode to U+FFFD / '?'. */
export function decode(encoding: EncodingName, bytes: Uint8Array | null, index?: number, count?: number): string {
  if (bytes === null || bytes === undefined) argumentNull('bytes');
  const start = index ?? 0;
  const n = count ?? bytes.length - start;
  if (start < 0) argumentOutOfRange('index', 'Non-negative number required.');
  if (n < 0) argumentOutOfRange('count', 'Non-negative number required.');
  if (start + n > bytes.length) argumentOutOfRange('bytes', 'Index and count must refer to a location within the buffer.');
  const slice = Buffer.from(bytes.buffer, bytes.byteOffset + start, n);
  switch (encoding) {
    case 'utf-8':
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(slice);
    case 'us-ascii':
      return Array.from(slice, (b) => (b < 0x80 ? String.fromCharCode(b) : '?')).join('');
    case 'iso-8859-1':
      return slice.toString('latin1');
    case 'utf-16':
      return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(slice);
    case 'utf-16BE': {
      const b = Buffer.from(slice);
      if (b.length % 2 === 0) b.swap16();
      return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(b);
    }
    case 'utf-32': {
      let out = '';
      for (let i = 0; i + 3 < slice.length; i += 4) {
        const cp = slice.readUInt32LE(i);
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return out;
    }
  }
}

/** Encoding.X.GetByteCount(string). */
export function byteCount(encoding: EncodingName, text: string | null): number {
  return encode(encoding, text).length;
}

/** BitConverter.ToString(byte[] [, start [, length]]): "01-AB-FF". */
export function bitConverterToString(bytes: Uint8Array | null, start = 0, length?: number): string {
  if (bytes === null || bytes === undefined) argumentNull('value');
  const n = length ?? bytes.length - start;
  if (start < 0 || (start >= bytes.length && bytes.length > 0)) argumentOutOfRange('startIndex', 'StartIndex cannot be less than zero.');
  if (n < 0 || start + n > bytes.length)
    fail('System.ArgumentException', 'Destination array is not long enough to copy all the items in the collection. Check array index and length.');
  checkStringLength(Math.max(0, 3 * n - 1));
  const parts: string[] = [];
  for (let i = start; i < start + n; i++) {
    if ((i - start) % PROGRESS_EVERY === PROGRESS_EVERY - 1) chargeProgress(PROGRESS_EVERY, 0);
    parts.push(bytes[i]!.toString(16).toUpperCase().padStart(2, '0'));
  }
  return parts.join('-');
}

function checkRead(bytes: Uint8Array | null, start: number, size: number): Buffer {
  if (bytes === null || bytes === undefined) argumentNull('value');
  if (start < 0 || start >= bytes.length) argumentOutOfRange('startIndex', 'Index was out of range. Must be non-negative and less than the size of the collection.');
  if (start + size > bytes.length)
    fail('System.ArgumentException', 'Destination array is not long enough to copy all the items in the collection. Check array index and length. (Parameter \'value\')');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** BitConverter readers (little-endian, as on every .NET platform APIM runs on). */
export const bitConverterRead = {
  ToInt16: (b: Uint8Array | null, i: number) => checkRead(b, i, 2).readInt16LE(i),
  ToUInt16: (b: Uint8Array | null, i: number) => checkRead(b, i, 2).readUInt16LE(i),
  ToInt32: (b: Uint8Array | null, i: number) => checkRead(b, i, 4).readInt32LE(i),
  ToUInt32: (b: Uint8Array | null, i: number) => checkRead(b, i, 4).readUInt32LE(i),
  ToInt64: (b: Uint8Array | null, i: number) => checkRead(b, i, 8).readBigInt64LE(i),
  ToUInt64: (b: Uint8Array | null, i: number) => checkRead(b, i, 8).readBigUInt64LE(i),
  ToDouble: (b: Uint8Array | null, i: number) => checkRead(b, i, 8).readDoubleLE(i),
  ToSingle: (b: Uint8Array | null, i: number) => checkRead(b, i, 4).readFloatLE(i),
  ToBoolean: (b: Uint8Array | null, i: number) => checkRead(b, i, 1)[i] !== 0,
};

/** BitConverter.GetBytes for the integral and floating types. */
export function bitConverterGetBytes(value: number | bigint | boolean, type: string): Uint8Array {
  const sizes: Record<string, number> = {
    'System.Boolean': 1,
    'System.Char': 2,
    'System.Int16': 2,
    'System.UInt16': 2,
    'System.Int32': 4,
    'System.UInt32': 4,
    'System.Int64': 8,
    'System.UInt64': 8,
    'System.Single': 4,
    'System.Double': 8,
  };
  const size = sizes[type];
  if (size === undefined) fail('System.ArgumentException', `BitConverter.GetBytes does not take a ${type}.`);
  const b = Buffer.alloc(size);
  switch (type) {
    case 'System.Boolean':
      b[0] = value ? 1 : 0;
      break;
    case 'System.Single':
      b.writeFloatLE(Number(value));
      break;
    case 'System.Double':
      b.writeDoubleLE(Number(value));
      break;
    case 'System.Int64':
    case 'System.UInt64':
      b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(value as number | bigint)));
      break;
    default:
      b.writeUIntLE(Number(BigInt.asUintN(size * 8, BigInt(Math.trunc(Number(value))))), 0, size);
  }
  return new Uint8Array(b);
}
