/**
 * A small ASN.1 reader for certificates and PKCS#12 files: DER, plus the two BER liberties real PFX files
 * take (indefinite lengths and constructed OCTET STRINGs, as Windows and Java write them). Malformed input
 * throws AsnError, which the loaders turn into .NET's CryptographicException.
 */

export class AsnError extends Error {}

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** One element: its identifier octet, its content octets and (when constructed) its children. */
export class AsnNode {
  private kids?: AsnNode[];
  constructor(
    /** The identifier octet (class, constructed bit and tag number; multi-byte tags are not used here). */
    readonly tag: number,
    /** Content octets (for an indefinite length: up to, not including, the end-of-contents marker). */
    readonly contents: Uint8Array,
    /** The whole encoding, header included. */
    readonly raw: Uint8Array,
  ) {}

  get constructed(): boolean {
    return (this.tag & 0x20) !== 0;
  }

  /** Context-specific tag number ([0] → 0), or -1 for other classes. */
  get contextNumber(): number {
    return (this.tag & 0xc0) === 0x80 ? this.tag & 0x1f : -1;
  }

  children(): AsnNode[] {
    if (!this.constructed) throw new AsnError(`element with tag 0x${this.tag.toString(16)} is not constructed`);
    if (!this.kids) this.kids = readAll(this.contents);
    return this.kids;
  }

  child(i: number, tag?: number): AsnNode {
    const c = this.children()[i];
    if (!c) throw new AsnError(`missing element ${i}`);
    if (tag !== undefined && c.tag !== tag) throw new AsnError(`element ${i} has tag 0x${c.tag.toString(16)}, expected 0x${tag.toString(16)}`);
    return c;
  }
}

/** Indefinite-length elements nested deeper than this are refused (the reader recurses through them). */
const MAX_INDEFINITE_NESTING = 32;

/** Reads one element at `offset`; returns it and the offset after it. */
export function readNode(buf: Uint8Array, offset = 0, depth = 0): { node: AsnNode; next: number } {
  const start = offset;
  if (offset >= buf.length) throw new AsnError('unexpected end of data');
  const tag = buf[offset++]!;
  if ((tag & 0x1f) === 0x1f) throw new AsnError('multi-byte tags are not supported');
  if (offset >= buf.length) throw new AsnError('unexpected end of data');
  const first = buf[offset++]!;
  if (first === 0x80) {
    // indefinite length (BER): children until the 00 00 end-of-contents marker
    if ((tag & 0x20) === 0) throw new AsnError('indefinite length on a primitive element');
    if (depth >= MAX_INDEFINITE_NESTING) throw new AsnError('indefinite lengths nested too deeply');
    const bodyStart = offset;
    for (;;) {
      if (offset + 1 >= buf.length) throw new AsnError('unterminated indefinite-length element');
      if (buf[offset] === 0 && buf[offset + 1] === 0) break;
      offset = readNode(buf, offset, depth + 1).next;
    }
    return { node: new AsnNode(tag, buf.subarray(bodyStart, offset), buf.subarray(start, offset + 2)), next: offset + 2 };
  }
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n > 4) throw new AsnError('length too large');
    length = 0;
    for (let i = 0; i < n; i++) {
      if (offset >= buf.length) throw new AsnError('unexpected end of data');
      length = length * 256 + buf[offset++]!;
    }
  }
  if (offset + length > buf.length) throw new AsnError('element extends past the end of the data');
  return { node: new AsnNode(tag, buf.subarray(offset, offset + length), buf.subarray(start, offset + length)), next: offset + length };
}

/** The single element that makes up `buf` (trailing bytes are an error). */
export function parseAsn(buf: Uint8Array): AsnNode {
  const { node, next } = readNode(buf);
  if (next !== buf.length) throw new AsnError('trailing data after the element');
  return node;
}

function readAll(buf: Uint8Array): AsnNode[] {
  const out: AsnNode[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const { node, next } = readNode(buf, offset);
    out.push(node);
    offset = next;
  }
  return out;
}

/** An OCTET STRING's value (a constructed one is the concatenation of its parts, nested at most 8 deep). */
export function octets(node: AsnNode, depth = 0): Uint8Array {
  if (!node.constructed) return node.contents;
  if (depth > 8) throw new AsnError('constructed OCTET STRING nested too deeply');
  const parts = node.children().map((c) => octets(c, depth + 1));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The value of an OCTET STRING element, primitive (DER) or constructed (BER). */
export function octetString(node: AsnNode, what: string): Uint8Array {
  if (node.tag !== TAG.OCTET_STRING && node.tag !== (TAG.OCTET_STRING | 0x20)) throw new AsnError(`${what}: tag 0x${node.tag.toString(16)}, expected an OCTET STRING`);
  return octets(node);
}

export function expectTag(node: AsnNode, tag: number, what: string): AsnNode {
  if (node.tag !== tag) throw new AsnError(`${what}: tag 0x${node.tag.toString(16)}, expected 0x${tag.toString(16)}`);
  return node;
}

export function oid(node: AsnNode): string {
  expectTag(node, TAG.OID, 'object identifier');
  const b = node.contents;
  if (b.length === 0) throw new AsnError('empty object identifier');
  const arcs: string[] = [];
  let value = 0n;
  for (let i = 0; i < b.length; i++) {
    value = (value << 7n) | BigInt(b[i]! & 0x7f);
    if ((b[i]! & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 40n ? 0n : value < 80n ? 1n : 2n;
        arcs.push(String(first), String(value - first * 40n));
      } else arcs.push(String(value));
      value = 0n;
    }
  }
  return arcs.join('.');
}

/** A non-negative INTEGER as a JS number (iteration counts, versions). */
export function smallInt(node: AsnNode): number {
  expectTag(node, TAG.INTEGER, 'integer');
  const b = node.contents;
  if (b.length === 0 || b.length > 6 || (b[0]! & 0x80) !== 0) throw new AsnError('integer out of range');
  let n = 0;
  for (const x of b) n = n * 256 + x;
  return n;
}

/** UTCTime / GeneralizedTime → milliseconds since the Unix epoch (UTC). */
export function time(node: AsnNode): number {
  const text = Buffer.from(node.contents).toString('latin1');
  const m =
    node.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text)
      : node.tag === TAG.GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(text)
        : null;
  if (!m) throw new AsnError(`bad time '${text}'`);
  let year = Number(m[1]);
  if (node.tag === TAG.UTC_TIME) year += year >= 50 ? 1900 : 2000; // RFC 5280 4.1.2.5.1
  return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
}

/** The text of a directory string (PrintableString, UTF8String, BMPString, …). */
export function directoryString(node: AsnNode): string {
  const b = Buffer.from(node.contents);
  switch (node.tag) {
    case TAG.BMP_STRING: {
      if (b.length % 2 !== 0) throw new AsnError('BMPString of odd length');
      const swapped = Buffer.from(b);
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case TAG.UNIVERSAL_STRING: {
      let s = '';
      for (let i = 0; i + 3 < b.length; i += 4) s += String.fromCodePoint(b.readUInt32BE(i));
      return s;
    }
    case TAG.UTF8_STRING:
      return b.toString('utf8');
    default:
      // PrintableString, IA5String, T61String, VisibleString, NumericString: byte per character
      return b.toString('latin1');
  }
}
