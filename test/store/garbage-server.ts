/** A TCP server on 127.0.0.1 that answers every command with the same nonsense (a Redis stand-in gone wrong). */
import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface GarbageServer {
  port: number;
  url: string;
  /** Commands (data chunks) it has answered. */
  answered: number;
  close(): Promise<void>;
}

/** Kinds of nonsense: each starts like RESP or is not RESP at all. */
export const GARBAGE: Record<string, Buffer> = {
  'an array with a count that is no number': Buffer.from('*hello\r\n'),
  'an integer that is no number': Buffer.from(':nonsense\r\n'),
  'an empty array': Buffer.from('*0\r\n'),
  'a status instead of the script result': Buffer.from('+OK\r\n'),
  'an HTTP answer': Buffer.from('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'),
  'random bytes': Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x80, 0x81]),
};

export async function garbageServer(reply: Buffer): Promise<GarbageServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', () => {
      state.answered++;
      socket.write(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const state: GarbageServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    answered: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return state;
}
