/**
 * The console's client connection: the page asks, the console's server side opens the WebSocket through
 * the gateway (so any header works, as from any client), and every frame either way goes back to the
 * page as an event: text as text, binary as hex, with time and size. What the page is shown is masked as
 * traces are (src/common/mask.ts): the API's secrets, the credentials this connection sent (credential
 * headers, credential query values such as `access_token`) wherever they reappear, and JWTs.
 */
import { WebSocket, type RawData } from 'ws';
import type { IncomingMessage } from 'node:http';
import { maskHeaderValue, requestCredentials, textMasker } from '../common/mask.js';
import { BadRequest } from './http-io.js';

export type SessionEmit = (event: string, data: unknown) => void;

export interface ConnectRequest {
  /** ws://127.0.0.1:port/path?query */
  url: string;
  headers: Array<[string, string]>;
  protocols: string[];
  /** The API's secret named values. */
  secrets: readonly string[];
}

const MAX_SHOWN_BYTES = 64 * 1024;

export class ConsoleSession {
  private socket: WebSocket | undefined;
  private mask: (text: string) => string = textMasker([]);

  constructor(private readonly emit: SessionEmit) {}

  connect(request: ConnectRequest): void {
    this.socket?.terminate();
    const headers: Record<string, string> = {};
    for (const [name, value] of request.headers) if (name.trim()) headers[name.trim()] = headers[name.trim()] ? `${headers[name.trim()]}, ${value}` : value;
    let socket: WebSocket;
    try {
      socket = new WebSocket(request.url, request.protocols, { headers, perMessageDeflate: false, rejectUnauthorized: false, handshakeTimeout: 60_000 });
    } catch (err) {
      throw new BadRequest(`cannot connect: ${(err as Error).message}`);
    }
    this.socket = socket;
    const mask = (this.mask = connectionMasker(request));
    const at = (): string => new Date().toISOString();
    this.emit('connecting', { url: mask(request.url), at: at() });
    socket.on('upgrade', (res: IncomingMessage) => {
      this.emit('open', { at: at(), status: res.statusCode, traceId: res.headers['apim-trace-id'] ?? null, requestId: res.headers['apim-request-id'] ?? null, protocol: res.headers['sec-websocket-protocol'] ?? '' });
    });
    let refused = false;
    socket.on('unexpected-response', (_req, res: IncomingMessage) => {
      refused = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers = Object.fromEntries(Object.entries(res.headers).map(([name, v]) => [name, Array.isArray(v) ? v.map((x) => mask(maskHeaderValue(name, x))) : v === undefined ? v : mask(maskHeaderValue(name, v))]));
        this.emit('refused', { at: at(), status: res.statusCode, reason: mask(res.statusMessage ?? ''), traceId: res.headers['apim-trace-id'] ?? null, headers, body: mask(Buffer.concat(chunks).toString('utf8').slice(0, MAX_SHOWN_BYTES)) });
        socket.terminate();
      });
    });
    socket.on('message', (data: RawData, isBinary: boolean) => this.emit('message', { direction: 'received', at: at(), ...payloadView(toBuffer(data), isBinary, mask) }));
    socket.on('close', (code: number, reason: Buffer) => {
      if (this.socket === socket) this.socket = undefined;
      if (refused) return; // the refusal was the answer; no WebSocket was ever open
      this.emit('close', { at: at(), code, reason: mask(reason.toString('utf8')) });
    });
    socket.on('error', (err: Error) => this.emit('error', { at: at(), message: mask(err.message) }));
  }

  send(data: string, encoding: 'text' | 'hex', appendRecordSeparator: boolean): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) throw new BadRequest('not connected', 409);
    let payload: Buffer;
    if (encoding === 'hex') {
      const hex = data.replace(/[\s,]|0x/gi, '');
      if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new BadRequest('hex data must be pairs of hex digits');
      payload = Buffer.from(hex + (appendRecordSeparator ? '1e' : ''), 'hex');
    } else payload = Buffer.from(data + (appendRecordSeparator ? '\x1e' : ''), 'utf8');
    socket.send(payload, { binary: encoding === 'hex' });
    this.emit('message', { direction: 'sent', at: new Date().toISOString(), ...payloadView(payload, encoding === 'hex', this.mask) });
  }

  close(code: number, reason: string): void {
    const socket = this.socket;
    if (!socket) throw new BadRequest('not connected', 409);
    if (!(code === 1000 || (code >= 3000 && code <= 4999))) throw new BadRequest('close code must be 1000 or 3000–4999 (the codes a client may send)');
    if (Buffer.byteLength(reason) > 123) throw new BadRequest('close reason must be at most 123 bytes');
    socket.close(code, reason);
  }

  dispose(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }
}

function toBuffer(data: RawData): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/** The masker for one connection: what it was told is secret and what it sent as credentials (as a trace finds them). */
function connectionMasker(request: ConnectRequest): (text: string) => string {
  const headers = request.headers.map(([name, value]): [string, string[]] => [name.trim(), [value]]);
  return textMasker([...request.secrets, ...requestCredentials(headers, request.url)]);
}

function payloadView(payload: Buffer, binary: boolean, mask: (text: string) => string): { kind: 'text' | 'binary'; size: number; text?: string; hex?: string; truncated?: boolean } {
  const shown = payload.subarray(0, MAX_SHOWN_BYTES);
  const truncated = payload.length > MAX_SHOWN_BYTES ? { truncated: true } : {};
  return binary
    ? { kind: 'binary', size: payload.length, hex: shown.toString('hex').replace(/(..)(?!$)/g, '$1 '), ...truncated }
    : { kind: 'text', size: payload.length, text: mask(shown.toString('utf8')), ...truncated };
}
