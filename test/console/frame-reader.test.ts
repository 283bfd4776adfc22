/** Inspect mode's frame reader: messages, fragments, control frames and close codes, however the bytes are split. */
import { describe, expect, it } from 'vitest';
import { FrameReader, type ObservedFrame } from '../../src/console/frame-reader.js';

function frame(opcode: number, payload: Buffer, { fin = true, mask }: { fin?: boolean; mask?: Buffer } = {}): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0, len]) : len < 65536 ? Buffer.from([0, 126, len >> 8, len & 255]) : Buffer.concat([Buffer.from([0, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(len)); return b; })()]);
  head[0] = (fin ? 0x80 : 0) | opcode;
  if (!mask) return Buffer.concat([head, payload]);
  head[1] = head[1]! | 0x80;
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([head, mask, masked]);
}

function closePayload(code: number, reason: string): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return Buffer.concat([b, Buffer.from(reason)]);
}

const mask = Buffer.from([1, 2, 3, 4]);
const stream = Buffer.concat([
  frame(1, Buffer.from('hello'), { mask }),
  frame(2, Buffer.alloc(300, 7)),
  frame(1, Buffer.from('frag'), { fin: false }),
  frame(9, Buffer.from('p')), // a ping between fragments
  frame(0, Buffer.from('ment'), { fin: true }),
  frame(2, Buffer.alloc(70_000, 1), { mask }),
  frame(8, closePayload(4001, 'done'), { mask }),
]);
const expected: ObservedFrame[] = [
  { kind: 'text', size: 5 },
  { kind: 'binary', size: 300 },
  { kind: 'ping', size: 1 },
  { kind: 'text', size: 8 },
  { kind: 'binary', size: 70_000 },
  { kind: 'close', size: 6, closeCode: 4001, closeReason: 'done' },
];

describe('FrameReader', () => {
  it('reads a whole stream in one chunk', () => {
    const seen: ObservedFrame[] = [];
    new FrameReader((f) => seen.push(f)).push(stream);
    expect(seen).toEqual(expected);
  });

  it('reads the same frames when the stream is split at every byte boundary of the headers', () => {
    for (const split of [1, 2, 3, 7, 11, 13, 300, 4096]) {
      const seen: ObservedFrame[] = [];
      const reader = new FrameReader((f) => seen.push(f));
      for (let i = 0; i < stream.length; i += split) reader.push(stream.subarray(i, i + split));
      expect(seen, `chunks of ${split}`).toEqual(expected);
    }
  });

  it('reports a close frame without a code', () => {
    const seen: ObservedFrame[] = [];
    new FrameReader((f) => seen.push(f)).push(frame(8, Buffer.alloc(0)));
    expect(seen).toEqual([{ kind: 'close', size: 0 }]);
  });
});
