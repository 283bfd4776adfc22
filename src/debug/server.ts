/**
 * Where the adapter listens: a pair of streams (stdio, as VS Code starts an adapter) or a TCP port on
 * loopback (`debugServer` in a launch configuration), one session per connection.
 */
import { createServer, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import type { AttachRegistry } from './attach.js';
import { DapConnection } from './dap-connection.js';
import { DapSession } from './dap-session.js';

/** Serves one session over the streams; resolves when the client disconnects or the input ends. */
export function serveStreams(input: Readable, output: Writable, log: (text: string) => void = () => {}, registry?: AttachRegistry): Promise<void> {
  return new Promise((resolve) => {
    let session: DapSession | undefined = undefined;
    const connection = new DapConnection(
      input,
      output,
      (message) => {
        void session!.receive(message).then(() => {
          if (message.command === 'disconnect') finish();
        });
      },
      (problem) => {
        log(`onhandshake debug: ${problem}\n`);
        finish();
      },
    );
    session = new DapSession(connection, registry);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      connection.close();
      void session!.disconnect().then(resolve);
    };
    input.on('end', finish);
    input.on('close', finish);
  });
}

export interface DebugServer {
  readonly address: { address: string; port: number };
  /** Stops listening and ends the sessions still connected (their paused runs go on). */
  close(): Promise<void>;
}

/** Listens on host:port; each connection is its own session (attaching to `registry`'s gateway, if given). */
export function listen(port: number, host = '127.0.0.1', registry?: AttachRegistry): Promise<DebugServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    void serveStreams(socket, socket, () => {}, registry).then(() => socket.end());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve({
        address: server.address() as { address: string; port: number },
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
          }),
      }),
    );
  });
}
