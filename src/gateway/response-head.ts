/**
 * The backend's answer to our upgrade request, read straight off the socket: a status line and
 * headers, and for a refusal its body (Content-Length, chunked, or up to the close). A full HTTP
 * client (http.request) cost more per handshake than the rest of the gateway's own work together,
 * and only this much of HTTP is needed before the socket becomes a raw byte tunnel.
 */

/** Largest response head accepted from a backend (Node's default header limit). */
export const MAX_HEAD_BYTES = 16 * 1024;

export interface ResponseHead {
  statusCode: number;
  statusReason: string;
  /** Alternating names and values, as Node's `rawHeaders`. */
  rawHeaders: string[];
  /** Bytes after the head (the start of the body, or the first frames after a 101). */
  rest: Buffer;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** The head when `data` holds all of it; undefined while incomplete; an Error when malformed. */
export function parseResponseHead(data: Buffer): ResponseHead | undefined | Error {
  const end = data.indexOf(CRLFCRLF);
  if (end < 0) return data.length > MAX_HEAD_BYTES ? new Error('The backend sent a response head larger than 16 KiB') : undefined;
  const lines = data.toString('latin1', 0, end).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!status) return new Error(`The backend did not answer with HTTP/1.1: '${(lines[0] ?? '').slice(0, 60)}'`);
  const rawHeaders: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return new Error(`The backend sent a malformed header line: '${line.slice(0, 60)}'`);
    rawHeaders.push(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return { statusCode: Number(status[1]), statusReason: status[2] ?? '', rawHeaders, rest: data.subarray(end + 4) };
}

/** The first value of a header in raw form, case-insensitively. */
export function rawHeader(rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) return rawHeaders[i + 1];
  return undefined;
}

/**
 * Collects a response body up to `limit` bytes. `push` takes each chunk and returns true once the
 * body is complete (or the limit reached); `body()` gives what was kept.
 */
export class BodyCollector {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private remaining: number | undefined;
  private readonly chunked: boolean;
  private pendingChunked: Buffer = Buffer.alloc(0);
  private chunkLeft = 0;
  private finished = false;

  constructor(head: ResponseHead, private readonly limit: number) {
    const encoding = rawHeader(head.rawHeaders, 'transfer-encoding');
    this.chunked = encoding !== undefined && /(^|,)\s*chunked\s*$/i.test(encoding);
    const length = rawHeader(head.rawHeaders, 'content-length');
    const noBody = head.statusCode === 204 || head.statusCode === 304 || (head.statusCode >= 100 && head.statusCode < 200);
    if (noBody) this.remaining = 0;
    else if (!this.chunked && length !== undefined && /^\d+$/.test(length.trim())) this.remaining = Number(length.trim());
    this.finished = this.remaining === 0;
  }

  get done(): boolean {
    return this.finished || this.kept >= this.limit;
  }

  push(chunk: Buffer): boolean {
    if (this.done) return true;
    if (this.chunked) this.pushChunked(chunk);
    else if (this.remaining !== undefined) {
      const take = chunk.subarray(0, this.remaining);
      this.remaining -= take.length;
      this.keep(take);
      if (this.remaining === 0) this.finished = true;
    } else this.keep(chunk);
    return this.done;
  }

  body(): Buffer {
    return Buffer.concat(this.chunks);
  }

  private keep(data: Buffer): void {
    const room = this.limit - this.kept;
    if (room <= 0 || data.length === 0) return;
    const part = data.length > room ? data.subarray(0, room) : data;
    this.chunks.push(part);
    this.kept += part.length;
  }

  /** Chunked transfer coding: size line, data, CRLF; a zero size ends it (trailers are ignored). */
  private pushChunked(chunk: Buffer): void {
    let data: Buffer = this.pendingChunked.length ? Buffer.concat([this.pendingChunked, chunk]) : chunk;
    this.pendingChunked = Buffer.alloc(0);
    while (data.length && !this.finished) {
      if (this.chunkLeft > 0) {
        const take = data.subarray(0, this.chunkLeft);
        this.keep(take);
        this.chunkLeft -= take.length;
        data = data.subarray(take.length);
        continue;
      }
      const eol = data.indexOf('\r\n');
      if (eol < 0) {
        this.pendingChunked = data;
        return;
      }
      const line = data.toString('latin1', 0, eol).trim();
      data = data.subarray(eol + 2);
      if (line === '') continue; // the CRLF after a chunk's data
      const size = parseInt(line.split(';')[0]!, 16);
      if (!Number.isFinite(size) || size === 0) this.finished = true;
      else this.chunkLeft = size;
    }
  }
}
