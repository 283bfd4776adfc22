/**
 * A gateway run as `onhandshake serve --config` in its own process, from a configuration written to a
 * temporary folder; and the small servers and raw-socket clients the hardening tests aim at it.
 */
import { afterEach } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram, until, type RunningProgram } from './program.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export interface ServedGateway {
  program: RunningProgram;
  /** ws://127.0.0.1:port */
  url: string;
  port: number;
  pid: number;
  /** The folder the configuration was written to. */
  configDir: string;
}

/** Writes `files` (name → text; `gateway.yaml` among them) and serves it; resolves once it listens. */
export async function serveConfig(files: Record<string, string>, env: Record<string, string> = {}): Promise<ServedGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'oh-hardening-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const program = runProgram('src/cli/main.ts', ['serve', '--config', join(dir, 'gateway.yaml')], env);
  const [, url, port] = await until(() => program.stdout().match(/listening on (ws:\/\/127\.0\.0\.1:(\d+))/), `the listening line (stderr: ${program.stderr()})`);
  return { program, url: url!, port: Number(port), pid: program.child.pid!, configDir: dir };
}

export const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** A complete upgrade request's text. */
export function upgradeRequest(path: string, headers: string[] = [], requestLine = `GET ${path} HTTP/1.1`): string {
  return [requestLine, ...headers, 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${KEY}`, '', ''].join('\r\n');
}

/** Sends `text` on a raw socket and resolves with the status of the answer (0 when the socket closed without one). */
export function rawStatus(port: number, text: string, timeoutMs = 10_000): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(text.slice(0, 60))}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(guard);
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1] ?? 0), text: received });
    };
    socket.on('error', () => undefined);
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      if (received.includes('\r\n\r\n')) done();
    });
    socket.on('close', done);
    socket.on('connect', () => socket.write(text));
  });
}

/** Opens a raw socket and sends `text`, without waiting for anything. */
export function rawSend(port: number, text: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(text);
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

export interface SlowServer {
  url: string;
  /** Requests received so far, and how many of them the gateway has given up (closed). */
  received: number;
  abandoned: number;
  close(): Promise<void>;
}

/** An HTTP server that never answers: a callout to it lasts until its timeout or until it is aborted. */
export async function slowServer(): Promise<SlowServer> {
  const server = http.createServer((req) => {
    state.received++;
    req.socket.once('close', () => state.abandoned++);
  });
  server.keepAliveTimeout = 0;
  const state: SlowServer = {
    url: '',
    received: 0,
    abandoned: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** The resident set size of process `pid` in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}
