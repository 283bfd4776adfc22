/**
 * Opens the backend WebSocket: an HTTP/1.1 upgrade request to the URL the policy decided, with the
 * forwarded headers and the client's subprotocol/extension offers. Three outcomes:
 *  - upgraded: the backend answered 101 with a valid Sec-WebSocket-Accept; we get its socket;
 *  - refused: the backend answered another status; we keep its status, headers and (capped) body;
 *  - failed: no connection, TLS failure, timeout or a broken 101 (APIM: BackendConnectionFailure).
 */
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { HeaderBag } from '../common/headers.js';
import { acceptKey } from './upgrade-request.js';

export interface BackendConnectOptions {
  url: string;
  headers: HeaderBag;
  timeoutMs: number;
  /** Largest body of a refusal kept and relayed to the client. */
  maxRefusalBodyBytes: number;
  /** Extra trusted CA certificates (PEM) for wss:// backends. */
  ca?: string | Buffer | Array<string | Buffer>;
  signal?: AbortSignal;
}

export type BackendOutcome =
  | { kind: 'upgraded'; socket: Socket; head: Buffer; protocol?: string; extensions?: string; headers: HeaderBag }
  | { kind: 'refused'; statusCode: number; statusReason: string; headers: HeaderBag; body: Buffer }
  | { kind: 'failed'; message: string };

export function connectBackend(options: BackendConnectOptions): Promise<BackendOutcome> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(options.url);
    } catch {
      resolve({ kind: 'failed', message: `Invalid backend URL '${options.url}'` });
      return;
    }
    const secure = target.protocol === 'wss:' || target.protocol === 'https:';
    if (!secure && target.protocol !== 'ws:' && target.protocol !== 'http:') {
      resolve({ kind: 'failed', message: `Unsupported backend URL scheme '${target.protocol}' (use ws:// or wss://)` });
      return;
    }
    const key = randomBytes(16).toString('base64');
    const headers: Record<string, string | string[]> = {};
    for (const [name, values] of options.headers) headers[name] = values.length === 1 ? values[0]! : values;
    headers['Connection'] = 'Upgrade';
    headers['Upgrade'] = 'websocket';
    headers['Sec-WebSocket-Version'] = '13';
    headers['Sec-WebSocket-Key'] = key;
    const hostname = target.hostname.replace(/^\[|\]$/g, '');
    const request = (secure ? https : http).request({
      protocol: secure ? 'https:' : 'http:',
      hostname,
      port: target.port || (secure ? 443 : 80),
      path: `${target.pathname || '/'}${target.search}`,
      method: 'GET',
      headers,
      agent: false,
      // APIM verifies WebSocket backends' certificates and host names (reference §1.5).
      ...(secure ? { rejectUnauthorized: true, ca: options.ca, servername: isIP(hostname) ? undefined : hostname } : {}),
    });
    let settled = false;
    const settle = (outcome: BackendOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      settle({ kind: 'failed', message: `The backend did not answer the WebSocket handshake within ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    const onAbort = (): void => {
      settle({ kind: 'failed', message: 'The client went away while the backend was connecting' });
      request.destroy();
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    request.on('error', (err: NodeJS.ErrnoException) => settle({ kind: 'failed', message: describeError(err, target) }));
    request.on('upgrade', (res, socket: Socket, head: Buffer) => {
      const fail = (message: string): void => {
        socket.destroy();
        settle({ kind: 'failed', message });
      };
      if ((res.headers.upgrade ?? '').toLowerCase() !== 'websocket') return fail('The backend answered 101 without Upgrade: websocket');
      if (res.headers['sec-websocket-accept'] !== acceptKey(key)) return fail('The backend answered 101 with a wrong Sec-WebSocket-Accept');
      const protocol = res.headers['sec-websocket-protocol'];
      if (protocol !== undefined && !offered(options.headers.get('sec-websocket-protocol')).includes(protocol.trim())) {
        return fail(`The backend chose the subprotocol '${protocol}' that the client did not offer`);
      }
      const extensions = res.headers['sec-websocket-extensions'];
      if (extensions !== undefined && !options.headers.has('sec-websocket-extensions')) {
        return fail(`The backend chose extensions '${extensions}' that the client did not offer`);
      }
      if (settled) return socket.destroy();
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 30_000);
      settle({ kind: 'upgraded', socket, head, protocol: protocol?.trim(), extensions, headers: HeaderBag.fromRaw(res.rawHeaders) });
    });
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size >= options.maxRefusalBodyBytes) return;
        const room = options.maxRefusalBodyBytes - size;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(chunk.length, room);
        if (size >= options.maxRefusalBodyBytes) res.destroy();
      });
      const done = (): void =>
        settle({
          kind: 'refused',
          statusCode: res.statusCode ?? 502,
          statusReason: res.statusMessage ?? '',
          headers: HeaderBag.fromRaw(res.rawHeaders),
          body: Buffer.concat(chunks),
        });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    request.end();
  });
}

function offered(header: string | undefined): string[] {
  return (header ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

function describeError(err: NodeJS.ErrnoException, target: URL): string {
  const where = `${target.protocol}//${target.host}`;
  if (err.code === 'ECONNREFUSED') return `Unable to connect to the remote server: connection refused by ${where}`;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `Unable to connect to the remote server: cannot resolve ${target.hostname}`;
  if (err.code === 'ECONNRESET') return `The connection to ${where} was reset during the WebSocket handshake`;
  if (err.code && /CERT|SSL|TLS|SELF_SIGNED|HOSTNAME|VERIFY|ISSUER|SIGNATURE/i.test(err.code)) return `TLS failure with ${where}: ${err.message}`;
  return `Unable to connect to ${where}: ${err.message}`;
}
