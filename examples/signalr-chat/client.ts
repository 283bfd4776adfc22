/**
 * A terminal chat client speaking the SignalR JSON hub protocol by hand over a plain WebSocket:
 * `node dist/examples/signalr-chat/client.js ws://127.0.0.1:8080/chat alice`, then type lines; the end of
 * input (Ctrl+D, or a closed pipe) closes the connection and exits 0.
 */
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { RECORD_SEPARATOR, record, splitRecords, type HubMessage } from './hub-protocol.js';

const [url = 'ws://127.0.0.1:8080/chat', user = 'me'] = process.argv.slice(2);
const socket = new WebSocket(url);
let buffered = '';
/** Lines typed before the connection opened, sent once it has. */
const pending: string[] = [];
let inputEnded = false;
socket.on('open', () => {
  socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + RECORD_SEPARATOR);
  for (const line of pending.splice(0)) sendLine(line);
  if (inputEnded) hangUp();
});
socket.on('unexpected-response', (_req, res) => {
  let body = '';
  res.on('data', (c: Buffer) => (body += c.toString()));
  res.on('end', () => {
    process.stderr.write(`handshake refused: ${res.statusCode} ${res.statusMessage ?? ''}\n${body}\n`);
    process.exit(1);
  });
});
socket.on('error', (err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
socket.on('message', (data) => {
  const { records, rest } = splitRecords(buffered + data.toString());
  buffered = rest;
  for (const text of records) {
    const m = JSON.parse(text) as HubMessage;
    if (m.type === undefined) process.stdout.write(m.error ? `refused: ${m.error}\n` : `connected as ${user}; type messages\n`);
    else if (m.type === 1 && m.target === 'ReceiveMessage') process.stdout.write(`${String(m.arguments?.[0])}: ${String(m.arguments?.[1])}\n`);
    else if (m.type === 7) process.stdout.write(`server closed the hub connection${m.error ? `: ${m.error}` : ''}\n`);
  }
});
socket.on('close', (code, reason) => {
  process.stdout.write(`closed ${code} ${reason.toString()}\n`);
  process.exit(0);
});

function sendLine(line: string): void {
  if (!line.trim()) return;
  if (socket.readyState === WebSocket.OPEN) socket.send(record({ type: 1, target: 'SendMessage', arguments: [user, line] }));
  else pending.push(line);
}

/** End of input: close the connection (its 'close' exits 0); a peer that never answers the close is not waited on. */
function hangUp(): void {
  socket.close(1000, 'end of input');
  setTimeout(() => process.exit(0), 2000).unref();
}

createInterface({ input: process.stdin })
  .on('line', sendLine)
  .on('close', () => {
    inputEnded = true;
    if (socket.readyState === WebSocket.OPEN) hangUp();
  });
