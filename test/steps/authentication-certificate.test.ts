/**
 * authentication-certificate inside send-request: the client certificate is presented on the TLS
 * connection. Certificates are made for the test with openssl (a CA, a server certificate for
 * 127.0.0.1, a client certificate) in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UndiciCalloutClient } from '../../src/graph/undici-callouts.js';
import { policy, run } from '../graph/helpers.js';

let dir: string;
let server: Server;
let url: string;
let client: UndiciCalloutClient;
const pem = (name: string) => readFileSync(join(dir, name));

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onhandshake-cert-'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca');
  for (const [name, ext] of [['server', 'subjectAltName=IP:127.0.0.1'], ['client', 'extendedKeyUsage=clientAuth']] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}-cn`);
    execFileSync('sh', ['-c', `printf '%s\\n' '${ext}' > ${name}.ext`], { cwd: dir });
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`);
  }
  openssl('pkcs12', '-export', '-in', 'client.crt', '-inkey', 'client.key', '-out', 'client.pfx', '-passout', 'pass:pfx-pass');
  // What Key Vault secrets hold: RC2-40/3DES, empty password (Node's OpenSSL 3 alone cannot open it).
  openssl('pkcs12', '-export', '-legacy', '-in', 'client.crt', '-inkey', 'client.key', '-out', 'client-legacy.pfx', '-passout', 'pass:');
  server = createServer({ key: pem('server.key'), cert: pem('server.crt'), ca: pem('ca.crt'), requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    res.end(peer && peer.subject ? `client=${peer.subject.CN}` : 'client=none');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  client = new UndiciCalloutClient({ ca: pem('ca.crt') });
});

afterAll(async () => {
  await client?.close();
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  rmSync(dir, { recursive: true, force: true });
});

const call = (children = '') => policy(`<send-request response-variable-name="r"><set-url>${url}</set-url>${children}</send-request><return-response response-variable-name="r" />`);

async function bodyOf(xml: string, options = {}): Promise<string> {
  const r = await run(xml, {}, { callouts: client }, options);
  if (r.decision.kind !== 'respond') throw new Error(`expected respond, LastError ${JSON.stringify(r.state.lastError)}`);
  return r.decision.body.toString();
}

describe('authentication-certificate', () => {
  it('without it, no client certificate is presented', async () => {
    expect(await bodyOf(call())).toBe('client=none');
  });

  it('certificate-id presents the configured PEM certificate', async () => {
    const certificates = { 'client-cert': { cert: pem('client.crt'), key: pem('client.key') } };
    expect(await bodyOf(call('<authentication-certificate certificate-id="client-cert" />'), { certificates })).toBe('client=client-cn');
  });

  it('thumbprint presents the configured PFX', async () => {
    const certificates = new Map([['ABC123', { pfx: pem('client.pfx'), passphrase: 'pfx-pass' }]]);
    expect(await bodyOf(call('<authentication-certificate thumbprint="ABC123" />'), { certificates })).toBe('client=client-cn');
  });

  it('body + password present a PFX given as base64 by an expression', async () => {
    const b64 = pem('client.pfx').toString('base64');
    const xml = call(`<authentication-certificate body="@(Convert.FromBase64String(&quot;${b64}&quot;))" password="pfx-pass" />`);
    expect(await bodyOf(xml)).toBe('client=client-cn');
  });

  it('body reads a legacy (RC2/3DES) PFX with an empty password, as Key Vault returns certificates', async () => {
    const b64 = pem('client-legacy.pfx').toString('base64');
    expect(await bodyOf(call(`<authentication-certificate body="@(Convert.FromBase64String(&quot;${b64}&quot;))" />`))).toBe('client=client-cn');
  });

  it('a body that is no certificate, or a wrong password, is an error saying why', async () => {
    const notPfx = await run(call(`<authentication-certificate body="@(new byte[] { 1, 2, 3 })" />`), {}, { callouts: client });
    expect(notPfx.state.lastError).toMatchObject({
      source: 'authentication-certificate',
      reason: 'InvalidCertificate',
      message: "The certificate in 'body' cannot be read (System.Security.Cryptography.CryptographicException: Cannot find the requested object.)",
    });
    const b64 = pem('client.pfx').toString('base64');
    const wrong = await run(call(`<authentication-certificate body="@(Convert.FromBase64String(&quot;${b64}&quot;))" password="nope" />`), {}, { callouts: client });
    expect(wrong.state.lastError?.message).toContain('The specified network password is not correct.');
  });

  it('an unknown certificate is an error naming it', async () => {
    const r = await run(call('<authentication-certificate certificate-id="nope" />'), {}, { callouts: client });
    expect(r.state.lastError).toMatchObject({ source: 'authentication-certificate', message: "Certificate 'nope' is not configured." });
  });
});
