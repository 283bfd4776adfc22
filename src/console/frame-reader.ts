/**
 * Inspect mode: reads WebSocket frame headers from one direction of a relayed byte stream (RFC 6455 §5.2)
 * and reports each complete message (its size) and close frames (code, reason). Payloads are skipped,
 * never copied, except a close frame's few bytes.
 */
export interface ObservedFrame {
  kind: 'text' | 'binary' | 'close' | 'ping' | 'pong';
  /** Payload bytes of the whole message (all its fragments). */
  size: number;
  closeCode?: number;
  closeReason?: string;
}

const KIND: Record<number, ObservedFrame['kind']> = { 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' };

export class FrameReader {
  private header = Buffer.alloc(0);
  private remaining = 0;
  private opcode = 0;
  private fin = false;
  private mask: Buffer | null = null;
  private closePayload: Buffer[] | null = null;
  /** The data message being assembled from fragments. */
  private message: { kind: ObservedFrame['kind']; size: number } | null = null;
  private broken = false;

  constructor(private readonly onFrame: (frame: ObservedFrame) => void) {}

  push(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0 && !this.broken) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, rest.length);
        if (this.closePayload) this.closePayload.push(rest.subarray(0, n));
        this.remaining -= n;
        rest = rest.subarray(n);
        if (this.remaining === 0) this.frameEnd();
        continue;
      }
      const need = this.headerLength(Buffer.concat([this.header, rest.subarray(0, 14)]));
      const have = this.header.length;
      if (need === undefined || have + rest.length < need) {
        this.header = Buffer.concat([this.header, rest]);
        if (this.header.length > 14) this.broken = true;
        return;
      }
      const header = Buffer.concat([this.header, rest.subarray(0, need - have)]);
      rest = rest.subarray(need - have);
      this.header = Buffer.alloc(0);
      this.frameStart(header);
      if (this.remaining === 0) this.frameEnd();
    }
  }

  private headerLength(bytes: Buffer): number | undefined {
    if (bytes.length < 2) return undefined;
    const len7 = bytes[1]! & 0x7f;
    const masked = (bytes[1]! & 0x80) !== 0;
    return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (masked ? 4 : 0);
  }

  private frameStart(header: Buffer): void {
    this.fin = (header[0]! & 0x80) !== 0;
    this.opcode = header[0]! & 0x0f;
    const len7 = header[1]! & 0x7f;
    let offset = 2;
    let length = len7;
    if (len7 === 126) {
      length = header.readUInt16BE(2);
      offset = 4;
    } else if (len7 === 127) {
      length = Number(header.readBigUInt64BE(2));
      offset = 10;
    }
    this.mask = (header[1]! & 0x80) !== 0 ? header.subarray(offset, offset + 4) : null;
    this.remaining = length;
    this.closePayload = this.opcode === 8 ? [] : null;
    if (this.opcode === 1 || this.opcode === 2) this.message = { kind: KIND[this.opcode]!, size: length };
    else if (this.opcode === 0 && this.message) this.message.size += length;
    else if (this.opcode >= 8) this.pendingControlSize = length;
  }

  private pendingControlSize = 0;

  private frameEnd(): void {
    if (this.opcode === 8) {
      const payload = Buffer.concat(this.closePayload ?? []);
      if (this.mask) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ this.mask[i % 4]!;
      this.closePayload = null;
      this.onFrame({
        kind: 'close',
        size: payload.length,
        ...(payload.length >= 2 ? { closeCode: payload.readUInt16BE(0), closeReason: payload.subarray(2).toString('utf8') } : {}),
      });
      return;
    }
    if (this.opcode === 9 || this.opcode === 10) {
      this.onFrame({ kind: KIND[this.opcode]!, size: this.pendingControlSize });
      return;
    }
    if (this.fin && this.message) {
      this.onFrame(this.message);
      this.message = null;
    }
  }
}
