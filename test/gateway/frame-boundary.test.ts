import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { FrameBoundary, Opcode, closePayload, controlFrame } from '../../src/gateway/frame-boundary.js';

/** An RFC 6455 frame, masked or not, with 7-, 16- or 64-bit length as the payload needs. */
function frame(opcode: number, payload: Buffer, { fin = true, masked = false } = {}): Buffer {
  const length = payload.length;
  const extended = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + extended + (masked ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | opcode;
  header[1] = (masked ? 0x80 : 0) | (extended === 0 ? length : extended === 2 ? 126 : 127);
  if (extended === 2) header.writeUInt16BE(length, 2);
  if (extended === 8) header.writeBigUInt64BE(BigInt(length), 2);
  if (!masked) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  key.copy(header, 2 + extended);
  return Buffer.concat([header, Buffer.from(payload.map((b, i) => b ^ key[i & 3]!))]);
}

function stream(masked: boolean): Buffer {
  return Buffer.concat([
    frame(Opcode.Text, Buffer.from('hello'), { masked }),
    frame(Opcode.Binary, randomBytes(300), { masked }),
    frame(Opcode.Text, Buffer.from('frag-'), { fin: false, masked }),
    frame(Opcode.Ping, Buffer.from('in between'), { masked }),
    frame(Opcode.Continuation, Buffer.from('ment'), { masked }),
    frame(Opcode.Binary, randomBytes(70_000), { masked }),
    frame(Opcode.Close, closePayload(4001, 'bye now'), { masked }),
  ]);
}

describe('FrameBoundary', () => {
  it.each([false, true])('follows frames split at every possible byte (masked: %s)', (masked) => {
    const bytes = stream(masked);
    // every split point in the first 400 bytes, and a spread over the rest
    const splits = [...Array.from({ length: 400 }, (_, i) => i + 1), ...Array.from({ length: 50 }, (_, i) => Math.floor((bytes.length * (i + 1)) / 51))];
    for (const at of splits) {
      const tracker = new FrameBoundary();
      const closes: Array<[number, string]> = [];
      tracker.onClose = (code, reason) => closes.push([code, reason]);
      tracker.feed(bytes.subarray(0, at));
      tracker.feed(bytes.subarray(at));
      expect(tracker.messages).toBe(4);
      expect(closes).toEqual([[4001, 'bye now']]);
      expect(tracker.atBoundary).toBe(true);
    }
  });

  it('knows when it is between frames', () => {
    const tracker = new FrameBoundary();
    const text = frame(Opcode.Text, Buffer.from('0123456789'));
    tracker.feed(text.subarray(0, 1));
    expect(tracker.atBoundary).toBe(false);
    tracker.feed(text.subarray(1, 5));
    expect(tracker.atBoundary).toBe(false);
    tracker.feed(text.subarray(5));
    expect(tracker.atBoundary).toBe(true);
  });

  it('reports a close frame without a code as 1005', () => {
    const tracker = new FrameBoundary();
    let code = 0;
    tracker.onClose = (c) => (code = c);
    tracker.feed(frame(Opcode.Close, Buffer.alloc(0), { masked: true }));
    expect(code).toBe(1005);
  });

  it('writes control frames a peer can read: unmasked to clients, masked to servers', () => {
    for (const masked of [false, true]) {
      const tracker = new FrameBoundary();
      const closes: Array<[number, string]> = [];
      tracker.onClose = (c, r) => closes.push([c, r]);
      const bytes = controlFrame(Opcode.Close, closePayload(1001, 'Gateway shutting down'), masked);
      expect((bytes[1]! & 0x80) !== 0).toBe(masked);
      tracker.feed(bytes);
      expect(closes).toEqual([[1001, 'Gateway shutting down']]);
    }
  });
});
