/**
 * A small Debug Adapter Protocol client for tests: frames requests with Content-Length over a real
 * socket (or a child's stdio), matches responses to requests and keeps every event for waitFor.
 */
import { connect, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { DapConnection, type DapMessage } from '../../src/debug/dap-connection.js';

export interface DapResponse {
  success: boolean;
  message?: string;
  body?: any;
}

export interface DapEvent {
  event: string;
  body?: any;
}

export class DapClient {
  readonly events: DapEvent[] = [];
  private readonly pending = new Map<number, (r: DapResponse) => void>();
  private readonly waiters: Array<{ match: (e: DapEvent) => boolean; resolve: (e: DapEvent) => void }> = [];
  private readonly connection: DapConnection;
  private seq = 0;
  private seen = 0;

  constructor(input: Readable, output: Writable) {
    this.connection = new DapConnection(input, output, (m) => this.receive(m));
  }

  static async overSocket(port: number): Promise<{ client: DapClient; socket: Socket }> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return { client: new DapClient(socket, socket), socket };
  }

  /** Sends a request; resolves with its response (failures too: tests look at `success`). */
  request(command: string, args?: unknown): Promise<DapResponse> {
    // DapConnection numbers outgoing messages 1, 2, 3 …: the response's request_seq is that number.
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.connection.send({ type: 'request', command, ...(args !== undefined ? { arguments: args } : {}) });
    });
  }

  /** Like request, but a failure throws with the adapter's message. */
  async ok(command: string, args?: unknown): Promise<any> {
    const r = await this.request(command, args);
    if (!r.success) throw new Error(`${command} failed: ${r.message}`);
    return r.body;
  }

  /** The next event (after those already waited for) with this name that matches. */
  waitFor(event: string, match: (e: DapEvent) => boolean = () => true, timeoutMs = 10_000): Promise<DapEvent> {
    const test = (e: DapEvent) => e.event === event && match(e);
    const index = this.events.findIndex((e, i) => i >= this.seen && test(e));
    if (index >= 0) {
      this.seen = index + 1;
      return Promise.resolve(this.events[index]!);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${event}' event within ${timeoutMs} ms; events: ${this.events.map((e) => e.event).join(', ')}`)), timeoutMs);
      this.waiters.push({
        match: test,
        resolve: (e) => {
          clearTimeout(timer);
          this.seen = this.events.indexOf(e) + 1;
          resolve(e);
        },
      });
    });
  }

  /** The text of every output event so far. */
  output(): string {
    return this.events.filter((e) => e.event === 'output').map((e) => e.body.output).join('');
  }

  private receive(message: DapMessage): void {
    if (message.type === 'response') {
      const resolve = this.pending.get(message.request_seq as number);
      this.pending.delete(message.request_seq as number);
      resolve?.(message as unknown as DapResponse);
    } else if (message.type === 'event') {
      const e = message as unknown as DapEvent;
      this.events.push(e);
      const i = this.waiters.findIndex((w) => w.match(e));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(e);
    }
  }
}
