/**
 * `store: rediss://…` behind `onhandshake serve`: a real redis-server speaking only TLS (certificates made
 * with openssl for the test, the CA given to the gateway through NODE_EXTRA_CA_CERTS) counts the
 * handshakes; with `storeFailure: closed` a failed TLS connection would answer 500 instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { echoServer } from '../gateway/helpers.js';
import { redisInstalled } from '../store/redis-server.js';
import { rawStatus, serveConfig, upgradeRequest } from './served-gateway.js';

const installed = redisInstalled();
let dir = '';
let redis: ChildProcess | undefined;
let port = 0;

async function tlsAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca: readFileSync(join(dir, 'ca.crt')) }, () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  if (!installed) return;
  dir = mkdtempSync(join(tmpdir(), 'oh-rediss-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext');
  port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  redis = spawn('redis-server', ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', join(dir, 'server.crt'), '--tls-key-file', join(dir, 'server.key'), '--tls-ca-cert-file', join(dir, 'ca.crt'), '--tls-auth-clients', 'no', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !(await tlsAnswers()); i++) await new Promise((r) => setTimeout(r, 25));
});

afterAll(async () => {
  if (redis && redis.exitCode === null) await new Promise<void>((resolve) => redis!.once('exit', () => resolve()).kill('SIGKILL'));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!installed)('rediss:// store', () => {
  it('counts handshakes in a Redis reached over TLS', async () => {
    expect(await tlsAnswers()).toBe(true);
    const echo = await echoServer();
    try {
      const gateway = await serveConfig(
        {
          'gateway.yaml': `listen: { port: 0 }\nconsole: { enabled: false }\nstore: rediss://127.0.0.1:${port}\nstoreFailure: closed\napis:\n  - name: chat\n    path: /chat\n    serviceUrl: ${echo.url}\n    policy: ./chat.xml\n`,
          'chat.xml': `<policies><inbound><base /><rate-limit-by-key calls="2" renewal-period="60" counter-key="tls-${Math.random()}" /></inbound></policies>`,
        },
        { NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt') },
      );
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await rawStatus(gateway.port, upgradeRequest('/chat', ['Host: 127.0.0.1']))).status);
      expect(statuses, gateway.program.stderr()).toEqual([101, 101, 429]);
    } finally {
      await echo.close();
    }
  });
});
