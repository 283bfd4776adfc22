/**
 * Follows WebSocket frame boundaries (RFC 6455 §5.2) in one direction of a relayed byte stream without
 * decoding payloads: it reads each frame header and skips the payload length, so it costs per frame, not
 * per byte. That is what lets the gateway inject its own control frames (ping, close) between frames and
 * see close frames go by, and what the console's inspect mode reads messages from (console/frame-reader.ts).
 */
import { randomBytes } from 'node:crypto';

export const Opcode = { Continuation: 0, Text: 1, Binary: 2, Close: 8, Ping: 9, Pong: 10 } as const;

/** A frame that has just gone by in full. */
export interface FrameEnd {
  opcode: number;
  fin: boolean;
  /** Payload bytes of this frame. */
  length: number;
  /** A close frame's code and reason, when its payload has them. */
  close?: { code: number; reason: string };
}

export class FrameBoundary {
  /** Complete messages seen (final frames of text/binary messages). */
  messages = 0;
  /** Called with a close frame's code (1005 when it has none) and reason. */
  onClose?: (code: number, reason: string) => void;
  /** Called at the end of every frame (data, continuation and control). */
  onFrame?: (frame: FrameEnd) => void;

  /** The current frame's header bytes so far: a plain array, not a Buffer (no backing store per tunnel side). */
  private readonly header: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  private headerLength = 0;
  private remaining = 0;
  private length = 0;
  private opcode = 0;
  private fin = false;
  /** Only a close frame's mask is kept: its payload (code, reason) is the only one read. */
  private mask: number[] | null = null;
  private closePayload: Buffer[] | null = null;

  /** True between frames: an injected frame here cannot split one of the peer's frames. */
  get atBoundary(): boolean {
    return this.headerLength === 0 && this.remaining === 0;
  }

  feed(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.closePayload?.push(chunk.subarray(offset, offset + take));
        offset += take;
        this.remaining -= take;
        if (this.remaining === 0) this.endFrame();
        continue;
      }
      this.header[this.headerLength++] = chunk[offset++]!;
      const size = this.headerSize();
      if (size === 0 || this.headerLength < size) continue;
      this.startFrame(size);
    }
  }

  /** Bytes of header needed, once the first two are known; 0 while fewer than two are. */
  private headerSize(): number {
    if (this.headerLength < 2) return 0;
    const length7 = this.header[1]! & 0x7f;
    const extended = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
    return 2 + extended + (this.header[1]! & 0x80 ? 4 : 0);
  }

  private startFrame(size: number): void {
    const b0 = this.header[0]!;
    const b1 = this.header[1]!;
    this.fin = (b0 & 0x80) !== 0;
    this.opcode = b0 & 0x0f;
    const length7 = b1 & 0x7f;
    let length = length7;
    const h = this.header;
    if (length7 === 126) length = h[2]! * 0x100 + h[3]!;
    else if (length7 === 127) length = (h[2]! * 0x1000000 + h[3]! * 0x10000 + h[4]! * 0x100 + h[5]!) * 0x100000000 + (h[6]! * 0x1000000 + h[7]! * 0x10000 + h[8]! * 0x100 + h[9]!);
    const closing = this.opcode === Opcode.Close;
    this.mask = closing && b1 & 0x80 ? h.slice(size - 4, size) : null;
    this.closePayload = closing ? [] : null;
    this.headerLength = 0;
    this.length = length;
    this.remaining = length;
    if (length === 0) this.endFrame();
  }

  private endFrame(): void {
    let close: FrameEnd['close'];
    if (this.opcode === Opcode.Close && this.closePayload) {
      const payload = Buffer.concat(this.closePayload);
      if (this.mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= this.mask[i & 3]!;
      if (payload.length >= 2) close = { code: payload.readUInt16BE(0), reason: payload.subarray(2).toString('utf8') };
      this.onClose?.(close?.code ?? 1005, close?.reason ?? '');
    } else if (this.fin && this.opcode < Opcode.Close) {
      this.messages++;
    }
    this.closePayload = null;
    this.onFrame?.({ opcode: this.opcode, fin: this.fin, length: this.length, ...(close ? { close } : {}) });
  }
}

/** A control frame the gateway writes itself; frames towards a server (the backend) must be masked. */
export function controlFrame(opcode: number, payload: Buffer, masked: boolean): Buffer {
  const body = payload.subarray(0, 125);
  const frame = Buffer.alloc(2 + (masked ? 4 : 0) + body.length);
  frame[0] = 0x80 | opcode;
  frame[1] = (masked ? 0x80 : 0) | body.length;
  if (!masked) {
    body.copy(frame, 2);
    return frame;
  }
  const key = randomBytes(4);
  key.copy(frame, 2);
  for (let i = 0; i < body.length; i++) frame[6 + i] = body[i]! ^ key[i & 3]!;
  return frame;
}

export function closePayload(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8').subarray(0, 123);
  const payload = Buffer.alloc(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return payload;
}
