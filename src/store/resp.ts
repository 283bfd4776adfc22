/**
 * RESP2 (the Redis protocol): encoding commands and decoding replies incrementally.
 * Kept apart from the connection so the parser can be tested on split buffers.
 */

export type RespReply = string | number | Buffer | null | RespError | RespReply[];

/** An error reply (`-ERR …`): a value, not a thrown exception, so pipelines stay aligned. */
export class RespError {
  constructor(readonly message: string) {}
}

export function encodeCommand(args: ReadonlyArray<string | number | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const data = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8');
    parts.push(Buffer.from(`$${data.length}\r\n`), data, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Redis's own limit on a bulk string. */
const MAX_BULK_BYTES = 512 * 1024 * 1024;
/** Longer than any status, error or length line a Redis server sends: past it, the peer is not speaking RESP. */
const MAX_LINE_BYTES = 64 * 1024;
const INTEGER = /^-?\d{1,19}$/;

/** The peer sent something that is not RESP (a garbage-speaking server): the connection is unusable. */
export class RespProtocolError extends Error {}

/** Accumulates bytes and yields complete replies in order; throws RespProtocolError on what is not RESP. */
export class RespParser {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): RespReply[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const replies: RespReply[] = [];
    let offset = 0;
    for (;;) {
      const parsed = parseReply(this.buffer, offset);
      if (!parsed) break;
      replies.push(parsed.value);
      offset = parsed.next;
    }
    this.buffer = this.buffer.subarray(offset);
    return replies;
  }
}

interface Parsed {
  value: RespReply;
  next: number;
}

function parseReply(buf: Buffer, offset: number): Parsed | undefined {
  if (offset >= buf.length) return undefined;
  const end = buf.indexOf('\r\n', offset);
  if (end < 0) {
    if (buf.length - offset > MAX_LINE_BYTES) throw new RespProtocolError(`a reply line longer than ${MAX_LINE_BYTES} bytes`);
    return undefined;
  }
  const type = String.fromCharCode(buf[offset]!);
  const line = buf.toString('utf8', offset + 1, end);
  const next = end + 2;
  switch (type) {
    case '+':
      return { value: line, next };
    case '-':
      return { value: new RespError(line), next };
    case ':':
      return { value: integer(line), next };
    case '$': {
      const length = integer(line);
      if (length > MAX_BULK_BYTES) throw new RespProtocolError(`a bulk string of ${length} bytes`);
      if (length < 0) return { value: null, next };
      if (buf.length < next + length + 2) return undefined;
      if (buf[next + length] !== 0x0d || buf[next + length + 1] !== 0x0a) throw new RespProtocolError('a bulk string not followed by CRLF');
      return { value: buf.subarray(next, next + length), next: next + length + 2 };
    }
    case '*': {
      const count = integer(line);
      if (count < 0) return { value: null, next };
      const items: RespReply[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, at);
        if (!item) return undefined;
        items.push(item.value);
        at = item.next;
      }
      return { value: items, next: at };
    }
    default:
      throw new RespProtocolError(`unexpected RESP type byte 0x${buf[offset]!.toString(16)}`);
  }
}

function integer(line: string): number {
  if (!INTEGER.test(line)) throw new RespProtocolError(`'${line.slice(0, 40)}' is not an integer`);
  return Number(line);
}
