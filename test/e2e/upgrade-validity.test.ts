/**
 * RFC 6455 opening handshakes that are not valid, against `onhandshake serve` over raw sockets: HTTP/1.0,
 * a missing or repeated Host, and a Host that is no host[:port] get 400 before any policy runs (they got
 * 101, or 500 for `Host: a@b:c:d/[]`). One served gateway for all cases (program.ts stops it after the test).
 */
import { afterEach, expect, it } from 'vitest';
import { echoServer } from '../gateway/helpers.js';
import { KEY, rawStatus, serveConfig } from './served-gateway.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const upgrade = (requestLine: string, hosts: string[]): string =>
  [requestLine, ...hosts.map((h) => `Host: ${h}`), 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${KEY}`, '', ''].join('\r\n');

const invalid: Array<[string, string, RegExp]> = [
  ['HTTP/1.0', upgrade('GET /chat HTTP/1.0', ['127.0.0.1']), /needs HTTP\/1\.1, not HTTP\/1\.0/],
  ['no Host', upgrade('GET /chat HTTP/1.1', []), /needs a Host header/],
  ['two Host headers', upgrade('GET /chat HTTP/1.1', ['127.0.0.1', 'example.com']), /one Host header/],
  ['Host: a@b:c:d/[]', upgrade('GET /chat HTTP/1.1', ['a@b:c:d/[]']), /host name or address/],
  ['a Host with a path', upgrade('GET /chat HTTP/1.1', ['example.com/x']), /host name or address/],
  ['a Host whose port is no number', upgrade('GET /chat HTTP/1.1', ['example.com:http']), /host name or address/],
  ['a Host whose port is out of range', upgrade('GET /chat HTTP/1.1', ['example.com:70000']), /host name or address/],
  ['a Host with a bad percent-escape', upgrade('GET /chat HTTP/1.1', ['a%zz']), /host name or address/],
  ['a Host with a bracketed IPv4', upgrade('GET /chat HTTP/1.1', ['[1.2.3.4]']), /host name or address/],
];

it('invalid opening handshakes get 400 naming the problem; valid Hosts still get 101', async () => {
  const echo = await echoServer();
  cleanups.push(() => echo.close());
  const gateway = await serveConfig({
    'gateway.yaml': `listen: { port: 0 }\nconsole: { enabled: false }\napis:\n  - name: chat\n    path: /chat\n    serviceUrl: ${echo.url}\n`,
  });
  for (const [name, request, message] of invalid) {
    const answer = await rawStatus(gateway.port, request);
    expect(answer.status, name).toBe(400);
    expect(answer.text, name).toMatch(message);
  }
  for (const host of ['127.0.0.1', 'localhost:8080', '[::1]:443', 'chat.contoso.example', 'a!b:1']) {
    expect((await rawStatus(gateway.port, upgrade('GET /chat HTTP/1.1', [host]))).status, host).toBe(101);
  }
  expect(gateway.program.stderr()).toMatch(/HandshakeRejected .*status=400 error: A WebSocket handshake needs HTTP\/1\.1, not HTTP\/1\.0\./);
});
