/**
 * authentication-certificate at the top of inbound: the gateway presents a client certificate to a
 * wss:// backend that requires one (mutual TLS), chosen by certificate-id, by thumbprint, or from a PFX
 * in `body` (a Key Vault-style legacy PFX). Without it the backend refuses the TLS handshake and the
 * client gets APIM's 500. Certificates are made with openssl for the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { startHost, type GatewayHost } from '../../src/serve/host.js';
import { firstMessage, refusal } from '../gateway/helpers.js';

let dir: string;
let https: Server;
let wss: WebSocketServer;
let host: GatewayHost;
let thumbprint: string;
const traces: unknown[] = [];

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();
const doc = (inbound: string) => `<policies><inbound>${inbound}</inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oh-mtls-'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca');
  for (const [name, ext] of [['server', 'subjectAltName=IP:127.0.0.1'], ['client', 'extendedKeyUsage=clientAuth']] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}-cn`);
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
  }
  openssl('pkcs12', '-export', '-in', 'client.crt', '-inkey', 'client.key', '-out', 'client.pfx', '-passout', 'pass:pw');
  openssl('pkcs12', '-export', '-legacy', '-in', 'client.crt', '-inkey', 'client.key', '-out', 'client-legacy.pfx', '-passout', 'pass:');
  thumbprint = openssl('x509', '-in', 'client.crt', '-noout', '-fingerprint', '-sha1').replace(/^.*=/, '').replace(/:/g, '').trim();

  // The backend: wss:// that requires a client certificate signed by the test CA.
  https = createServer({ key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.crt')), ca: readFileSync(join(dir, 'ca.crt')), requestCert: true, rejectUnauthorized: true });
  wss = new WebSocketServer({ server: https });
  wss.on('connection', (socket, req) => socket.send(`client=${(req.socket as TLSSocket).getPeerCertificate().subject.CN}`));
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
  const backend = `wss://127.0.0.1:${(https.address() as AddressInfo).port}/`;

  const legacy = readFileSync(join(dir, 'client-legacy.pfx')).toString('base64');
  writeFileSync(join(dir, 'by-id.xml'), doc('<authentication-certificate certificate-id="client" />'));
  writeFileSync(join(dir, 'by-thumbprint.xml'), doc(`<authentication-certificate thumbprint="${thumbprint.toLowerCase()}" />`));
  writeFileSync(join(dir, 'by-body.xml'), doc('<authentication-certificate body="@(Convert.FromBase64String(&quot;{{legacy-pfx}}&quot;))" />'));
  writeFileSync(join(dir, 'none.xml'), doc('<base />'));
  writeFileSync(
    join(dir, 'gateway.yaml'),
    [
      'listen: { port: 0 }',
      'trace: true',
      'backendTls: { ca: ca.crt }',
      'namedValues:',
      `  legacy-pfx: { value: "${legacy}", secret: true }`,
      'certificates:',
      '  client: { file: client.pfx, password: pw }',
      'apis:',
      ...['by-id', 'by-thumbprint', 'by-body', 'none'].map((n) => `  - { name: ${n}, path: /${n}, serviceUrl: "${backend}", policy: ${n}.xml }`),
    ].join('\n'),
  );
  host = await startHost({
    configFile: join(dir, 'gateway.yaml'),
    watch: false,
    console: false,
    gatewayOptions: { onHandshake: (r) => traces.push(r.trace) },
    logger: { event: () => undefined, info: () => undefined, warn: () => undefined },
  });
});

afterAll(async () => {
  await host?.close(0);
  for (const c of wss?.clients ?? []) c.terminate();
  https?.closeAllConnections();
  await new Promise<void>((r) => (https ? https.close(() => r()) : r()));
  rmSync(dir, { recursive: true, force: true });
});

const messageFrom = (path: string) => firstMessage(`${host.address.url}${path}`);

describe('authentication-certificate for the backend WebSocket', () => {
  it.each(['by-id', 'by-thumbprint', 'by-body'])('%s: the backend sees the client certificate', async (api) => {
    expect(await messageFrom(`/${api}`)).toBe('client=client-cn');
  });

  it('the trace names the certificate by thumbprint in forward-request', async () => {
    traces.length = 0;
    await messageFrom('/by-id');
    const text = JSON.stringify(traces);
    expect(text).toContain(`"clientCertificate":"${thumbprint}"`);
    expect(text).not.toContain('BEGIN PRIVATE KEY');
  });

  it('without it, the backend refuses the TLS handshake and the client gets 500', async () => {
    const r = await refusal(`${host.address.url}/none`);
    expect(r.status).toBe(500);
  });
});
