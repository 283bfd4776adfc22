/**
 * Opens the backend WebSocket: an HTTP/1.1 upgrade request to the URL the policy decided, with the
 * forwarded headers and the client's subprotocol/extension offers. Three outcomes:
 *  - upgraded: the backend answered 101 with a valid Sec-WebSocket-Accept; we get its socket;
 *  - refused: the backend answered another status; we keep its status, headers and (capped) body;
 *  - failed: no connection, TLS failure, timeout or a broken 101 (APIM: BackendConnectionFailure).
 * The request is written and the answer read on a plain net/tls socket (response-head.ts): the socket
 * becomes a raw tunnel right after, so a full HTTP client would be pure per-handshake overhead.
 */
import net, { isIP, type Socket } from 'node:net';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import { HeaderBag } from '../common/headers.js';
import type { BackendClientCertificate } from '../steps/runtime/contract.js';
import { acceptKey } from './upgrade-request.js';
import { BodyCollector, parseResponseHead, type ResponseHead } from './response-head.js';

export interface BackendConnectOptions {
  url: string;
  headers: HeaderBag;
  timeoutMs: number;
  /** Largest body of a refusal kept and relayed to the client. */
  maxRefusalBodyBytes: number;
  /** Extra trusted CA certificates (PEM) for wss:// backends. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** The policy's authentication-certificate: presented to a wss:// backend that asks for one. */
  clientCertificate?: BackendClientCertificate;
  /** Stop connecting when this is aborted (the client went away). */
  signal?: AbortSignal;
  /** Stop connecting when this socket closes (cheaper than an AbortSignal per handshake). */
  client?: Socket;
  /**
   * The Sec-WebSocket-Key to send and its accept value, when the caller has them (the client's own key,
   * as nginx forwards it: one SHA-1 per handshake instead of two); default: a fresh random key.
   */
  key?: { key: string; accept: string };
}

export type BackendOutcome =
  | { kind: 'upgraded'; socket: Socket; head: Buffer; protocol?: string; extensions?: string; headers: HeaderBag }
  | { kind: 'refused'; statusCode: number; statusReason: string; headers: HeaderBag; body: Buffer }
  | { kind: 'failed'; message: string; /** The client went away first. */ abandoned?: boolean };

/** RFC 9110 token characters; Node's http.request refuses other header names too. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
const KEEP_ALIVE_DELAY_MS = 30_000;

function clientCertificateOptions(c: BackendClientCertificate | undefined): tls.ConnectionOptions {
  if (!c) return {};
  return { ...(c.pfx ? { pfx: c.pfx } : {}), ...(c.passphrase ? { passphrase: c.passphrase } : {}), ...(c.cert ? { cert: c.cert } : {}), ...(c.key ? { key: c.key } : {}) };
}

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
    const key = options.key?.key ?? randomBytes(16).toString('base64');
    const request = upgradeRequest(target, options.headers, key);
    if (request instanceof Error) {
      resolve({ kind: 'failed', message: request.message });
      return;
    }
    if (options.signal?.aborted || options.client?.destroyed) {
      resolve({ kind: 'failed', message: 'The client went away while the backend was connecting', abandoned: true });
      return;
    }
    const hostname = target.hostname.replace(/^\[|\]$/g, '');
    const port = Number(target.port) || (secure ? 443 : 80);
    const socket: Socket = secure
      ? // APIM verifies WebSocket backends' certificates and host names (reference §1.5).
        tls.connect({ host: hostname, port, ca: options.ca, rejectUnauthorized: true, servername: isIP(hostname) ? undefined : hostname, ...clientCertificateOptions(options.clientCertificate) })
      : net.connect({ host: hostname, port, noDelay: true, keepAlive: true, keepAliveInitialDelay: KEEP_ALIVE_DELAY_MS });

    let settled = false;
    let received: Buffer | undefined;
    let head: ResponseHead | undefined;
    let body: BodyCollector | undefined;
    const expectedAccept = options.key?.accept ?? acceptKey(key);

    const settle = (outcome: BackendOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      options.client?.off('close', onAbort);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      socket.off('secureConnect', onSecure);
      if (outcome.kind !== 'upgraded') {
        socket.on('error', () => undefined);
        socket.destroy();
      }
      resolve(outcome);
    };
    const fail = (message: string): void => settle({ kind: 'failed', message });
    const timer = setTimeout(() => fail(`The backend did not answer the WebSocket handshake within ${options.timeoutMs} ms`), options.timeoutMs);
    const onAbort = (): void => settle({ kind: 'failed', message: 'The client went away while the backend was connecting', abandoned: true });
    const onError = (err: NodeJS.ErrnoException): void => fail(describeError(err, target));
    const onSecure = (): void => {
      socket.setNoDelay(true);
      socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
    };
    const refused = (): void => {
      const h = head!;
      settle({ kind: 'refused', statusCode: h.statusCode, statusReason: h.statusReason, headers: HeaderBag.fromRaw(h.rawHeaders), body: body!.body() });
    };
    const onClose = (): void => {
      if (head && body) return refused(); // a body that runs to the close
      fail(`The connection to ${target.protocol}//${target.host} was reset during the WebSocket handshake`);
    };
    const onData = (chunk: Buffer): void => {
      if (body) {
        if (body.push(chunk)) refused();
        return;
      }
      received = received ? Buffer.concat([received, chunk]) : chunk;
      const parsed = parseResponseHead(received);
      if (parsed === undefined) return;
      if (parsed instanceof Error) return fail(parsed.message);
      if (parsed.statusCode >= 100 && parsed.statusCode < 200 && parsed.statusCode !== 101) {
        // An interim answer (100 Continue, 103 Early Hints): the real one follows.
        received = undefined;
        if (parsed.rest.length) onData(parsed.rest);
        return;
      }
      head = parsed;
      if (parsed.statusCode === 101) return upgraded(parsed);
      body = new BodyCollector(parsed, options.maxRefusalBodyBytes);
      if (body.push(parsed.rest)) refused();
    };
    const upgraded = (h: ResponseHead): void => {
      const headers = HeaderBag.fromRaw(h.rawHeaders);
      if ((headers.get('upgrade') ?? '').toLowerCase() !== 'websocket') return fail('The backend answered 101 without Upgrade: websocket');
      if (headers.get('sec-websocket-accept') !== expectedAccept) return fail('The backend answered 101 with a wrong Sec-WebSocket-Accept');
      const protocol = headers.get('sec-websocket-protocol');
      if (protocol !== undefined && !offered(options.headers.get('sec-websocket-protocol')).includes(protocol.trim())) {
        return fail(`The backend chose the subprotocol '${protocol}' that the client did not offer`);
      }
      const extensions = headers.get('sec-websocket-extensions');
      if (extensions !== undefined && !options.headers.has('sec-websocket-extensions')) {
        return fail(`The backend chose extensions '${extensions}' that the client did not offer`);
      }
      // The tunnel attaches its own listeners in the same tick (no I/O can run in between).
      settle({ kind: 'upgraded', socket, head: h.rest, protocol: protocol?.trim(), extensions, headers });
    };

    options.signal?.addEventListener('abort', onAbort, { once: true });
    options.client?.once('close', onAbort);
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    if (secure) socket.once('secureConnect', onSecure);
    socket.write(request, 'latin1');
  });
}

/** The upgrade request's text, or an Error naming a header that cannot be sent. */
function upgradeRequest(target: URL, headers: HeaderBag, key: string): string | Error {
  let text = `GET ${target.pathname || '/'}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n`;
  for (const [name, values] of headers) {
    if (!HEADER_NAME.test(name)) return new Error(`Invalid header name '${name}' for the backend request`);
    for (const value of values) {
      if (BAD_HEADER_VALUE.test(value)) return new Error(`Invalid character in the value of header '${name}' for the backend request`);
      text += `${name}: ${value}\r\n`;
    }
  }
  return `${text}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`;
}

function offered(header: string | undefined): string[] {
  return (header ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

function describeError(err: NodeJS.ErrnoException, target: URL): string {
  const where = `${target.protocol}//${target.host}`;
  if (err.code === 'ECONNREFUSED') return `Unable to connect to the remote server: connection refused by ${where}`;
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return `Unable to connect to the remote server: cannot resolve ${target.hostname}`;
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return `The connection to ${where} was reset during the WebSocket handshake`;
  if (err.code && /CERT|SSL|TLS|SELF_SIGNED|HOSTNAME|VERIFY|ISSUER|SIGNATURE/i.test(err.code)) return `TLS failure with ${where}: ${err.message}`;
  return `Unable to connect to ${where}: ${err.message}`;
}
