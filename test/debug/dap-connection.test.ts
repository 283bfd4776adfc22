import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DapConnection, type DapMessage } from '../../src/debug/dap-connection.js';

function frame(message: object): Buffer {
  const body = Buffer.from(JSON.stringify(message));
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

function open() {
  const input = new PassThrough();
  const output = new PassThrough();
  const received: DapMessage[] = [];
  const errors: string[] = [];
  const connection = new DapConnection(input, output, (m) => received.push(m), (e) => errors.push(e));
  return { input, output, received, errors, connection };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('DAP framing', () => {
  it('reassembles a message cut across chunks and splits two sent in one chunk', async () => {
    const { input, received } = open();
    const one = frame({ seq: 1, type: 'request', command: 'initialize', arguments: { clientName: 'é' } });
    input.write(one.subarray(0, 10));
    input.write(one.subarray(10, 30));
    await tick();
    expect(received).toEqual([]);
    input.write(Buffer.concat([one.subarray(30), frame({ seq: 2, type: 'request', command: 'threads' })]));
    await tick();
    expect(received.map((m) => m.command)).toEqual(['initialize', 'threads']);
    expect((received[0]!.arguments as { clientName: string }).clientName).toBe('é');
  });

  it('numbers what it sends and frames it with the byte length', async () => {
    const { output, connection } = open();
    const chunks: Buffer[] = [];
    output.on('data', (c: Buffer) => chunks.push(c));
    connection.send({ type: 'event', event: 'output', body: { output: 'é' } });
    connection.send({ type: 'event', event: 'terminated' });
    await tick();
    const text = Buffer.concat(chunks).toString('utf8');
    const first = '{"type":"event","event":"output","body":{"output":"é"},"seq":1}';
    const second = '{"type":"event","event":"terminated","seq":2}';
    // The length counts bytes: é is two.
    expect(Buffer.byteLength(first)).toBe(first.length + 1);
    expect(text).toBe(`Content-Length: ${Buffer.byteLength(first)}\r\n\r\n${first}Content-Length: ${second.length}\r\n\r\n${second}`);
  });

  it('ends the connection on an HTTP request (a web page POSTing to the debug port), reading none of it', async () => {
    const { input, received, errors } = open();
    const body = JSON.stringify({ seq: 1, type: 'request', command: 'attach', arguments: {} });
    input.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:9229\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    await tick();
    expect(received).toEqual([]);
    expect(errors).toEqual(['not a DAP header: "POST / HTTP/1.1"']);
  });

  it('ends the connection, saying why, on a header without Content-Length or a body that is not JSON', async () => {
    const a = open();
    a.input.write('Content-Type: application/json\r\n\r\n{}');
    await tick();
    expect(a.errors).toEqual(['a DAP header without Content-Length: "Content-Type: application/json"']);
    const b = open();
    b.input.write('Content-Length: 3\r\n\r\n{x}');
    await tick();
    expect(b.errors[0]).toMatch(/^a DAP message that is not JSON: /);
    expect(b.received).toEqual([]);
  });
});
