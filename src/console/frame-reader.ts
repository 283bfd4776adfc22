/**
 * Inspect mode: reports each complete message (its size), control frame and close (code, reason) of one
 * direction of a relayed byte stream. The frames are followed by the gateway's FrameBoundary, which skips
 * payloads (never copied, except a close frame's few bytes); this only assembles fragments into messages.
 */
import { FrameBoundary, Opcode, type FrameEnd } from '../gateway/frame-boundary.js';

export interface ObservedFrame {
  kind: 'text' | 'binary' | 'close' | 'ping' | 'pong';
  /** Payload bytes of the whole message (all its fragments). */
  size: number;
  closeCode?: number;
  closeReason?: string;
}

const KIND: Record<number, ObservedFrame['kind']> = { 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' };

export class FrameReader {
  private readonly boundary = new FrameBoundary();
  /** The data message being assembled from fragments. */
  private message: { kind: ObservedFrame['kind']; size: number } | null = null;

  constructor(private readonly onFrame: (frame: ObservedFrame) => void) {
    this.boundary.onFrame = (frame) => this.frameEnd(frame);
  }

  push(chunk: Buffer): void {
    this.boundary.feed(chunk);
  }

  private frameEnd({ opcode, fin, length, close }: FrameEnd): void {
    if (opcode === Opcode.Close) {
      this.onFrame({ kind: 'close', size: length, ...(close ? { closeCode: close.code, closeReason: close.reason } : {}) });
      return;
    }
    if (opcode === Opcode.Ping || opcode === Opcode.Pong) {
      this.onFrame({ kind: KIND[opcode]!, size: length });
      return;
    }
    if (opcode === Opcode.Text || opcode === Opcode.Binary) this.message = { kind: KIND[opcode]!, size: length };
    else if (opcode === Opcode.Continuation && this.message) this.message.size += length;
    if (fin && this.message) {
      this.onFrame(this.message);
      this.message = null;
    }
  }
}
