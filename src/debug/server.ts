/**
 * Where the adapter listens: a pair of streams (stdio, as VS Code starts an adapter) or a TCP port on
 * loopback (`debugServer` in a launch configuration), one session per connection.
 */
import { createServer, type Server } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { DapConnection } from './dap-connection.js';
import { DapSession } from './dap-session.js';

/** Serves one session over the streams; resolves when the client disconnects or the input ends. */
export function serveStreams(input: Readable, output: Writable, log: (text: string) => void = () => {}): Promise<void> {
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
    session = new DapSession(connection);
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

/** Listens on host:port; each connection is its own session. */
export function listen(port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    void serveStreams(socket, socket).then(() => socket.end());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
