/**
 * Deterministic benchmark messages: each one names its connection and sequence number in a header and
 * carries filler derived from both, so a byte changed anywhere, a message from another connection, or a
 * message out of order is detected on receipt.
 */
export type MessageKind = 'text64' | 'bin64k';

export const MESSAGE_BYTES: Record<MessageKind, number> = { text64: 64, bin64k: 65536 };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Text filler: the alphabet twice, so any 64-character window starting in the first copy exists. */
const TEXT_FILLER = Buffer.from(ALPHABET.repeat(3), 'latin1');

const BINARY_HEADER = 16;
const BINARY_MAGIC = 0x0b0e0c4b;
/** Binary filler: pseudo-random bytes from a fixed seed (xorshift32), with 256 bytes of slack for offsets. */
const BINARY_FILLER = (() => {
  const buffer = Buffer.allocUnsafe(MESSAGE_BYTES.bin64k + 256);
  let x = 0x9e3779b9;
  for (let i = 0; i < buffer.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buffer[i] = x & 0xff;
  }
  return buffer;
})();

function textHeader(connection: number, sequence: number): string {
  // 's' + 10 digits + 'c' + 6 digits + '|' = 19 ASCII bytes
  return `s${String(sequence).padStart(10, '0')}c${String(connection).padStart(6, '0')}|`;
}
const TEXT_HEADER_BYTES = 19;

function fillerOffset(connection: number, sequence: number, modulo: number): number {
  return (sequence * 7 + connection * 13) % modulo;
}

export function makeMessage(kind: MessageKind, connection: number, sequence: number): Buffer {
  if (kind === 'text64') {
    const message = Buffer.allocUnsafe(MESSAGE_BYTES.text64);
    message.write(textHeader(connection, sequence), 0, 'latin1');
    const offset = fillerOffset(connection, sequence, ALPHABET.length);
    TEXT_FILLER.copy(message, TEXT_HEADER_BYTES, offset, offset + MESSAGE_BYTES.text64 - TEXT_HEADER_BYTES);
    return message;
  }
  const message = Buffer.allocUnsafe(MESSAGE_BYTES.bin64k);
  message.writeUInt32BE(BINARY_MAGIC, 0);
  message.writeUInt32BE(connection, 4);
  message.writeUInt32BE(sequence >>> 0, 8);
  message.writeUInt32BE(Math.floor(sequence / 2 ** 32), 12);
  const offset = fillerOffset(connection, sequence, 256);
  BINARY_FILLER.copy(message, BINARY_HEADER, offset, offset + MESSAGE_BYTES.bin64k - BINARY_HEADER);
  return message;
}

/** The sequence number a message claims, or -1 if its header is not one of ours for this connection. */
function claimedSequence(kind: MessageKind, connection: number, data: Buffer): number {
  if (kind === 'text64') {
    if (data.length !== MESSAGE_BYTES.text64 || data[0] !== 0x73 /* s */) return -1;
    const header = data.toString('latin1', 0, TEXT_HEADER_BYTES);
    const match = /^s(\d{10})c(\d{6})\|$/.exec(header);
    if (!match || Number(match[2]) !== connection) return -1;
    return Number(match[1]);
  }
  if (data.length !== MESSAGE_BYTES.bin64k || data.readUInt32BE(0) !== BINARY_MAGIC) return -1;
  if (data.readUInt32BE(4) !== connection) return -1;
  return data.readUInt32BE(8) + data.readUInt32BE(12) * 2 ** 32;
}

function bodyMatches(kind: MessageKind, connection: number, sequence: number, data: Buffer): boolean {
  if (kind === 'text64') {
    const offset = fillerOffset(connection, sequence, ALPHABET.length);
    return TEXT_FILLER.compare(data, TEXT_HEADER_BYTES, data.length, offset, offset + data.length - TEXT_HEADER_BYTES) === 0;
  }
  const offset = fillerOffset(connection, sequence, 256);
  return BINARY_FILLER.compare(data, BINARY_HEADER, data.length, offset, offset + data.length - BINARY_HEADER) === 0;
}

export interface CheckCounts {
  ok: number;
  corrupted: number;
  outOfOrder: number;
  wrongType: number;
}

/** Checks one connection's echoes: every byte, and strictly increasing sequence from 0. */
export class EchoChecker {
  private next = 0;
  readonly counts: CheckCounts = { ok: 0, corrupted: 0, outOfOrder: 0, wrongType: 0 };

  constructor(
    private readonly kind: MessageKind,
    private readonly connection: number,
  ) {}

  /** Records one received message; returns true when it is exactly the next one expected. */
  receive(data: Buffer, isBinary: boolean): boolean {
    if (isBinary !== (this.kind === 'bin64k')) {
      this.counts.wrongType++;
      return false;
    }
    const sequence = claimedSequence(this.kind, this.connection, data);
    if (sequence < 0 || !bodyMatches(this.kind, this.connection, sequence, data)) {
      this.counts.corrupted++;
      return false;
    }
    if (sequence !== this.next) {
      this.counts.outOfOrder++;
      // Resynchronise so one reordering is counted once, not for every message after it.
      this.next = sequence + 1;
      return false;
    }
    this.next++;
    this.counts.ok++;
    return true;
  }

  get expected(): number {
    return this.next;
  }
}
