/**
 * A one-shot SignalR JSON-protocol client for tests, built on the example's hub-protocol module: connect,
 * do the handshake, send one SendMessage, and resolve with the first ReceiveMessage broadcast.
 */
import { WebSocket } from 'ws';
import { record, splitRecords, type HubMessage } from '../../examples/signalr-chat/hub-protocol.js';

export function chatOnce(url: string, user: string, text: string): Promise<{ user: unknown; text: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let buffered = '';
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('open', () => ws.send(record({ protocol: 'json', version: 1 })));
    ws.on('message', (data) => {
      const { records, rest } = splitRecords(buffered + data.toString());
      buffered = rest;
      for (const r of records) {
        const m = JSON.parse(r) as HubMessage;
        if (m.type === undefined) ws.send(record({ type: 1, target: 'SendMessage', arguments: [user, text] }));
        if (m.type === 1 && m.target === 'ReceiveMessage') {
          ws.close(1000);
          resolve({ user: m.arguments?.[0], text: m.arguments?.[1] });
        }
      }
    });
  });
}
