/**
 * The Debug Adapter Protocol's wire format: each message is `Content-Length: N\r\n\r\n` and N bytes of
 * JSON. Written here rather than taken from @vscode/debugadapter: the framing is twenty lines and the
 * adapter then has no dependency to keep up with. A malformed header ends the connection with a message
 * on `onError` instead of guessing where the next message starts.
 */
import type { Readable, Writable } from 'node:stream';

export interface DapMessage {
  seq: number;
  type: 'request' | 'response' | 'event';
  [key: string]: unknown;
}

const HEADER_END = Buffer.from('\r\n\r\n');
/** A bigger message is a client bug (or not a DAP client at all). */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export class DapConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private seq = 1;
  private closed = false;

  constructor(
    input: Readable,
    private readonly output: Writable,
    private readonly onMessage: (message: DapMessage) => void,
    private readonly onError: (message: string) => void = () => {},
  ) {
    input.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  /** Sends a message, numbering it. */
  send(message: Omit<DapMessage, 'seq'>): void {
    if (this.closed) return;
    const body = Buffer.from(JSON.stringify({ ...message, seq: this.seq++ }), 'utf8');
    this.output.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.output.write(body);
  }

  close(): void {
    this.closed = true;
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (!this.closed) {
      const end = this.buffer.indexOf(HEADER_END);
      if (end < 0) return;
      const header = this.buffer.subarray(0, end).toString('ascii');
      // DAP headers are Content-Length (and Content-Type) only: anything else, an HTTP request line from a
      // web page's POST above all, is not a debugger talking, and the connection ends.
      const stray = header.split('\r\n').find((line) => !/^Content-(Length|Type):/i.test(line));
      if (stray !== undefined) {
        this.fail(`not a DAP header: ${JSON.stringify(stray.slice(0, 80))}`);
        return;
      }
      const length = /^Content-Length:\s*(\d+)\s*$/im.exec(header)?.[1];
      if (length === undefined || Number(length) > MAX_MESSAGE_BYTES) {
        this.fail(length === undefined ? `a DAP header without Content-Length: ${JSON.stringify(header.slice(0, 80))}` : `a DAP message of ${length} bytes (at most ${MAX_MESSAGE_BYTES})`);
        return;
      }
      const start = end + HEADER_END.length;
      if (this.buffer.length < start + Number(length)) return;
      const text = this.buffer.subarray(start, start + Number(length)).toString('utf8');
      this.buffer = this.buffer.subarray(start + Number(length));
      let message: DapMessage;
      try {
        message = JSON.parse(text) as DapMessage;
      } catch (e) {
        this.fail(`a DAP message that is not JSON: ${(e as Error).message}`);
        return;
      }
      this.onMessage(message);
    }
  }

  private fail(message: string): void {
    this.closed = true;
    this.onError(message);
  }
}
