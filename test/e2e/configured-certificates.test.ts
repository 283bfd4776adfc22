/**
 * The configuration's `certificates:` section, served for real: PFX files (OpenSSL 3 AES with a password,
 * legacy RC2/3DES with an empty one, as Key Vault returns them) and a PEM certificate are read at start;
 * context.Deployment.Certificates shows them by thumbprint; validate-jwt verifies with certificate-id;
 * send-request presents one by certificate-id or thumbprint; bad files and passwords are located errors;
 * the password never reaches a trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { loadConfigText } from '../../src/config/load.js';
import { startHost, type GatewayHost } from '../../src/serve/host.js';
import { firstMessage, refusal } from '../gateway/helpers.js';

let dir: string;
let backend: WebSocketServer;
let tlsServer: Server;
let host: GatewayHost;
let thumbprint: string;
const traces: unknown[] = [];

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }).toString();
const doc = (inbound: string): string => `<policies><inbound>${inbound}</inbound><backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error></policies>`;
const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oh-certs-'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca');
  for (const [name, ext] of [['server', 'subjectAltName=IP:127.0.0.1'], ['client', 'extendedKeyUsage=clientAuth']] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/O=Contoso/CN=${name}-cn`);
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
  }
  openssl('pkcs12', '-export', '-in', 'client.crt', '-inkey', 'client.key', '-out', 'client.pfx', '-passout', 'pass:pfx-secret-pw');
  openssl('pkcs12', '-export', '-legacy', '-in', 'client.crt', '-inkey', 'client.key', '-out', 'client-legacy.pfx', '-passout', 'pass:');
  thumbprint = openssl('x509', '-in', 'client.crt', '-noout', '-fingerprint', '-sha1').replace(/^.*=/, '').replace(/:/g, '').trim();

  backend = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  backend.on('connection', (socket, req) => socket.send(req.url ?? ''));
  await new Promise((r) => backend.once('listening', r));
  const backendUrl = `ws://127.0.0.1:${(backend.address() as AddressInfo).port}`;

  tlsServer = createServer({ key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.crt')), ca: readFileSync(join(dir, 'ca.crt')), requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    res.end(peer && peer.subject ? `${peer.subject.CN}` : 'none');
  });
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  const tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}/`;

  const query = (name: string, value: string) => `<set-query-parameter name="${name}" exists-action="override"><value>${value}</value></set-query-parameter>`;
  const callout = (variable: string, auth: string) =>
    `<send-request response-variable-name="${variable}" timeout="10"><set-url>${tlsUrl}</set-url><set-method>GET</set-method>${auth}</send-request>` +
    query(variable, `@(((IResponse)context.Variables["${variable}"]).Body.As&lt;string&gt;())`);
  writeFileSync(
    join(dir, 'inspect.xml'),
    doc(
      query('count', '@(context.Deployment.Certificates.Count.ToString())') +
        query('subject', `@(context.Deployment.Certificates["${thumbprint}"].Subject)`) +
        query('haskey', `@(context.Deployment.Certificates["${thumbprint}"].HasPrivateKey.ToString())`) +
        callout('byId', '<authentication-certificate certificate-id="client-legacy" />') +
        callout('byThumbprint', `<authentication-certificate thumbprint="${thumbprint}" />`),
    ),
  );
  writeFileSync(
    join(dir, 'jwt.xml'),
    doc(
      '<validate-jwt query-parameter-name="token" failed-validation-httpcode="401"><issuer-signing-keys><key certificate-id="client-public" /></issuer-signing-keys></validate-jwt>',
    ),
  );
  writeFileSync(
    join(dir, 'gateway.yaml'),
    [
      'listen: { port: 0 }',
      'trace: true',
      'backendTls: { ca: ca.crt }',
      'certificates:',
      '  client: { file: client.pfx, password: "${PFX_PASSWORD}" }',
      '  client-legacy: { file: client-legacy.pfx }',
      '  client-public: { file: client.crt }',
      'apis:',
      `  - { name: inspect, path: /inspect, serviceUrl: "${backendUrl}/", policy: inspect.xml }`,
      `  - { name: jwt, path: /jwt, serviceUrl: "${backendUrl}/", policy: jwt.xml }`,
    ].join('\n'),
  );
  host = await startHost({ configFile: join(dir, 'gateway.yaml'), env: { PFX_PASSWORD: 'pfx-secret-pw' }, watch: false, console: false, gatewayOptions: { onHandshake: (r) => traces.push(r.trace) }, logger: { event: () => undefined, info: () => undefined, warn: () => undefined } });
});

afterAll(async () => {
  await host?.close(0);
  await new Promise((r) => (backend ? backend.close(r) : r(undefined)));
  tlsServer?.closeAllConnections();
  await new Promise<void>((r) => (tlsServer ? tlsServer.close(() => r()) : r()));
  rmSync(dir, { recursive: true, force: true });
});

const backendSees = async (path: string): Promise<URL> => new URL(await firstMessage(`${host.address.url}${path}`), 'ws://backend');

describe('configured certificates', () => {
  it('context.Deployment.Certificates holds them by thumbprint; send-request presents them by certificate-id and thumbprint', async () => {
    const q = (await backendSees('/inspect')).searchParams;
    // The two PFX files and the PEM are one certificate: one thumbprint.
    expect(q.get('count')).toBe('1');
    expect(q.get('subject')).toBe('CN=client-cn, O=Contoso');
    expect(q.get('haskey')).toBe('True');
    expect(q.get('byId')).toBe('client-cn');
    expect(q.get('byThumbprint')).toBe('client-cn');
  });

  it('validate-jwt verifies an RS256 token with the certificate named by certificate-id', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: 'ada', exp: now + 600 }))}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(readFileSync(join(dir, 'client.key')));
    const good = `${unsigned}.${b64url(signature)}`;
    expect((await backendSees(`/jwt?token=${good}`)).pathname).toBe('/');
    const forged = `${unsigned}.${b64url(Buffer.alloc(256, 1))}`;
    expect((await refusal(`${host.address.url}/jwt?token=${forged}`)).status).toBe(401);
  });

  it('the PFX password never reaches a trace', async () => {
    traces.length = 0;
    await backendSees('/inspect');
    expect(traces).toHaveLength(1);
    const text = JSON.stringify(traces);
    expect(text).toContain(`"clientCertificate":"${thumbprint}"`);
    expect(text).not.toContain('pfx-secret-pw');
  });
});

describe('certificates: configuration errors are located', () => {
  const load = (lines: string[]) =>
    loadConfigText(['listen: { port: 0 }', ...lines, 'apis: [{ name: a, path: /a, serviceUrl: "ws://127.0.0.1:1/" }]'].join('\n'), join(dir, 'gateway.yaml'), {});
  const errors = (lines: string[]) => load(lines).diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);

  it('a wrong password names the entry and .NET reason at the file key', () => {
    expect(errors(['certificates:', '  c: { file: client.pfx, password: wrong }'])).toEqual([
      `3:14 OH608 certificates.c: cannot read ${join(dir, 'client.pfx')} as a certificate (CryptographicException: The specified network password is not correct.)`,
    ]);
  });

  it('a file that is no certificate, a missing file, and a missing file: key', () => {
    expect(errors(['certificates:', '  c: { file: server.ext }'])).toEqual([
      `3:14 OH608 certificates.c: cannot read ${join(dir, 'server.ext')} as a certificate (CryptographicException: Cannot find the requested object.)`,
    ]);
    expect(errors(['certificates:', '  c: { file: nope.pfx }'])[0]).toMatch(/^3:14 OH606 certificates\.c\.file: file not found: /);
    expect(errors(['certificates:', '  c: { password: x }'])).toEqual(['3:6 OH604 certificates.c needs file: (a .pfx, .cer or .pem file)']);
  });

  it('an unknown key inside an entry is reported with the nearest known one', () => {
    expect(errors(['certificates:', '  c: { file: client.crt, pasword: x }'])[0]).toMatch(/^3:\d+ OH602 .*pasword.*password/);
  });
});
