/**
 * The corpus snippet that signs an AAD client assertion with a Key Vault certificate, end to end: its
 * set-variable expression runs against a PFX made by openssl (as Key Vault hands it out: base64, no
 * password), and the JWT it returns is checked with node:crypto against the certificate's public key.
 * `onhandshake check` on the file reports no unsupported construct (OH301).
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, verify } from 'node:crypto';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compileExpression, dotnet } from '../../../src/expressions/index.js';
import { readPolicyFile } from '../../../src/policy/index.js';
import type { PolicyElement } from '../../../src/policy/tree.js';
import { freshState } from './evaluate.js';
import { makeFixtures } from './x509/fixtures.js';
import { corpusDir, describeWithCorpus } from '../../corpus.js';

const FILE = join(corpusDir ?? '', 'examples/Get OAuth2 access token from AAD using client id and certificate using key vault manage identity.xml');
const f = makeFixtures();
const certificate = new X509Certificate(Buffer.from(f.leafDer, 'base64'));

function findSetVariable(elements: PolicyElement[], name: string): PolicyElement | undefined {
  for (const el of elements) {
    if (el.name === 'set-variable' && el.attributes.some((a) => a.name === 'name' && a.value.kind === 'literal' && a.value.text === name)) return el;
    const inner = findSetVariable(el.children, name);
    if (inner) return inner;
  }
  return undefined;
}

function assertionExpression() {
  const doc = readPolicyFile(FILE).document;
  if (!doc) throw new Error(`cannot read ${FILE}`);
  const el = findSetVariable(doc.sections.inbound, 'signedClientAssertion');
  const value = el?.attributes.find((a) => a.name === 'value')?.value;
  if (value?.kind !== 'expression') throw new Error('the snippet has no signedClientAssertion expression');
  return value.expression;
}

/** Runs the snippet's expression with the PFX as keyVaultCertBase64; returns the JWT. */
function signedAssertion(pfxBase64: string): string {
  const compiled = compileExpression(assertionExpression());
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const state = freshState();
  state.variables.set('authorizationServer', 'https://login.microsoftonline.com/tenant/oauth2/token');
  state.variables.set('clientId', '00000000-1111-2222-3333-444444444444');
  state.variables.set('keyVaultCertBase64', pfxBase64);
  return dotnet.toString(compiled.evaluator!.evaluate(state));
}

const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, string>;

describeWithCorpus('corpus: client assertion signed with a Key Vault certificate', () => {
  it.each([
    ['Key Vault/Windows style PFX (3DES key, RC2-40 certificates, empty password)', f.pfxLegacyEmpty],
    ['OpenSSL 3 default PFX (PBES2 AES-256, empty password)', f.pfxAesEmpty],
  ])('%s: the JWT verifies with the certificate and kid is the SHA-1 thumbprint', (_flavour, pfx) => {
    const jwt = signedAssertion(pfx);
    const [header, claims, signature] = jwt.split('.');
    expect(signature).toMatch(/^[A-Za-z0-9_-]+$/);
    const kid = Buffer.from(certificate.fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
    expect(json(header!)).toEqual({ alg: 'RS256', kid });
    const body = json(claims!);
    expect(body.aud).toBe('https://login.microsoftonline.com/tenant/oauth2/token');
    expect(body.iss).toBe('00000000-1111-2222-3333-444444444444');
    expect(body.sub).toBe(body.iss);
    expect(Number(body.exp) - Number(body.nbf)).toBe(1200);
    expect(verify('sha256', Buffer.from(`${header}.${claims}`), certificate.publicKey, Buffer.from(signature!, 'base64url'))).toBe(true);
    expect(verify('sha256', Buffer.from(`${header}.${claims}x`), certificate.publicKey, Buffer.from(signature!, 'base64url'))).toBe(false);
  });

  it('a certificate without its key makes the snippet fail as in APIM (rsa is null)', () => {
    expect(() => signedAssertion(f.leafDer)).toThrow(/NullReferenceException|Object reference/);
  });

  it('onhandshake check reports no unsupported construct for the file', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'check', FILE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out + '').not.toMatch(/OH301/);
    expect(out).toMatch(/0 errors/);
  });
});
