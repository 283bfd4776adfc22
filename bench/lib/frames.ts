/**
 * Just enough of RFC 6455 framing for a server that echoes: read (and unmask) client frames,
 * and write unmasked server frames. No extensions, no UTF-8 validation: the load generator checks bytes.
 */
import { createHash } from 'node:crypto';

export const Opcode = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function acceptKey(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

export interface Frame {
  fin: boolean;
  opcode: number;
  /** Unmasked payload; a view into the reader's buffer, valid until the next push. */
  payload: Buffer;
}

export class FrameError extends Error {
  constructor(
    message: string,
    readonly closeCode: number,
  ) {
    super(message);
  }
}

function unmask(payload: Buffer, mask: Buffer): void {
  if ((mask[0]! | mask[1]! | mask[2]! | mask[3]!) === 0) return;
  for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
}

/** Incremental reader: push socket chunks, get the complete frames they finish. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes needed before parsing is worth trying again. */
  private need = 2;

  constructor(
    private readonly maxPayload = 16 * 1024 * 1024,
    private readonly expectMasked = true,
  ) {}

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size < this.need) return [];
    const buffer = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    const frames: Frame[] = [];
    let offset = 0;
    for (;;) {
      const parsed = this.parseAt(buffer, offset);
      if (typeof parsed === 'number') {
        this.need = parsed;
        break;
      }
      frames.push(parsed.frame);
      offset = parsed.next;
    }
    const rest = offset === buffer.length ? undefined : buffer.subarray(offset);
    this.chunks = rest ? [rest] : [];
    this.size = rest ? rest.length : 0;
    return frames;
  }

  /** A frame and where the next starts, or the number of buffered bytes needed to finish it. */
  private parseAt(buffer: Buffer, offset: number): { frame: Frame; next: number } | number {
    const available = buffer.length - offset;
    if (available < 2) return 2;
    const b0 = buffer[offset]!;
    const b1 = buffer[offset + 1]!;
    if (b0 & 0x70) throw new FrameError('reserved bits set (no extension negotiated)', 1002);
    const masked = (b1 & 0x80) !== 0;
    if (masked !== this.expectMasked) throw new FrameError(masked ? 'masked server frame' : 'unmasked client frame', 1002);
    let length = b1 & 0x7f;
    let header = 2;
    if (length === 126) {
      if (available < 4) return 4;
      length = buffer.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (available < 10) return 10;
      const high = buffer.readUInt32BE(offset + 2);
      if (high !== 0) throw new FrameError('frame too large', 1009);
      length = buffer.readUInt32BE(offset + 6);
      header = 10;
    }
    if (length > this.maxPayload) throw new FrameError('frame too large', 1009);
    const maskBytes = masked ? 4 : 0;
    const total = header + maskBytes + length;
    if (available < total) return total;
    const start = offset + header + maskBytes;
    const payload = buffer.subarray(start, start + length);
    if (masked) unmask(payload, buffer.subarray(offset + header, start));
    return { frame: { fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload }, next: offset + total };
  }
}

/** Header of an unmasked (server-to-client) frame. */
export function serverFrameHeader(fin: boolean, opcode: number, length: number): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  if (length < 126) return Buffer.from([first, length]);
  if (length < 65536) {
    const header = Buffer.allocUnsafe(4);
    header[0] = first;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.allocUnsafe(10);
  header[0] = first;
  header[1] = 127;
  header.writeUInt32BE(0, 2);
  header.writeUInt32BE(length, 6);
  return header;
}
