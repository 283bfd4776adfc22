import { describe, expect, it } from 'vitest';
import { encodeCommand, RespError, RespParser } from '../../src/store/resp.js';

describe('RESP', () => {
  it('encodes commands as arrays of bulk strings (UTF-8 lengths in bytes)', () => {
    expect(encodeCommand(['SET', 'k', 'é', 5]).toString()).toBe('*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n$1\r\n5\r\n');
  });

  it('decodes every reply type, in order, however the bytes are split', () => {
    const wire = Buffer.from('+OK\r\n-ERR wrong\r\n:42\r\n$5\r\nhello\r\n$-1\r\n*3\r\n:1\r\n$2\r\nab\r\n*1\r\n+x\r\n*-1\r\n$0\r\n\r\n');
    const expected = ['OK', new RespError('ERR wrong'), 42, Buffer.from('hello'), null, [1, Buffer.from('ab'), ['x']], null, Buffer.alloc(0)];
    for (let split = 1; split < wire.length; split++) {
      const parser = new RespParser();
      const replies = [...parser.push(wire.subarray(0, split)), ...parser.push(wire.subarray(split))];
      expect(replies, `split at ${split}`).toEqual(expected);
    }
    const byteByByte = new RespParser();
    const replies = [];
    for (const byte of wire) replies.push(...byteByByte.push(Buffer.from([byte])));
    expect(replies).toEqual(expected);
  });

  it('rejects a byte that starts no reply', () => {
    expect(() => new RespParser().push(Buffer.from('?what\r\n'))).toThrow(/unexpected RESP type/);
  });
});
