/**
 * Who may use the console (docs/security.md, "Console access"), against `onhandshake serve` run as a user
 * runs it: Host names (DNS rebinding), the page's token, the same Origin and JSON bodies for every change,
 * forwarded requests judged by trustedProxies, the security headers, saving only to the file the policy
 * was loaded from, and the start banner without a console line when the console is off.
 */
import { readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closed, open } from '../gateway/helpers.js';
import { consolePost, INJECTED, pageToken, POLICY, rawRequest, serveConsole, type ServedConsole } from './served-console.js';

const json = { 'content-type': 'application/json' };

/** A handshake as the policy on disk serves it: 101, relayed to the echo backend with the policy's header. */
async function handshakeAsWritten(gw: ServedConsole): Promise<void> {
  const ws = await open(`${gw.ws}/echo`);
  expect(gw.backend.lastRequest?.headers['x-from-policy']).toBe('as written');
  ws.close(1000);
  await closed(ws);
}

describe('console access through onhandshake serve', () => {
  let gw: ServedConsole;
  let token: string;
  let origin: string;

  beforeAll(async () => {
    gw = await serveConsole();
    token = await pageToken(gw.port);
    origin = `http://127.0.0.1:${gw.port}`;
  }, 60_000);
  afterAll(() => gw?.close());

  it('refuses a request addressed to another name (DNS rebinding) with 403 and says why, for reads too', async () => {
    for (const path of ['/_onhandshake/traces', '/_onhandshake/', '/_onhandshake/apis', '/_onhandshake/assets/main.js', '/_onhandshake/events']) {
      const rebound = await rawRequest(gw.port, 'GET', path, { host: `evil.example:${gw.port}` });
      expect(rebound.status, path).toBe(403);
      expect(JSON.parse(rebound.body).message).toMatch(/addressed to 'evil\.example:\d+' \(a guard against DNS rebinding/);
    }
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { host: 'evil.example' })).status).toBe(403);
    // The loopback names and IP addresses on the gateway's port are this machine's.
    for (const host of [`localhost:${gw.port}`, `127.0.0.1:${gw.port}`, `[::1]:${gw.port}`, `LOCALHOST:${gw.port}`]) {
      expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { host })).status, host).toBe(200);
    }
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { host: 'localhost:1' })).status).toBe(403); // another port
  });

  it('refuses reads another origin asks for, and lets the user follow a link to the page', async () => {
    const fromElsewhere = await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { origin: 'http://evil.example' });
    expect(fromElsewhere.status).toBe(403);
    expect(JSON.parse(fromElsewhere.body).message).toBe("a page from another origin (http://evil.example) cannot read the console");
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/events', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' })).status).toBe(403);
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/assets/main.js', { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' })).status).toBe(403);
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' })).status).toBe(200);
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { origin: `http://127.0.0.1:${gw.port}`, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' })).status).toBe(200);
  });

  it('changes only with the page token, the same Origin and a JSON body', async () => {
    const text = JSON.stringify({ text: INJECTED });
    const attempts: Array<[string, Record<string, string>, number, RegExp]> = [
      ['no token', { origin, ...json }, 403, /X-Onhandshake-Token header \(none was sent\)/],
      ['a wrong token', { origin, 'x-onhandshake-token': 'x'.repeat(token.length), ...json }, 403, /this one is wrong/],
      ['no Origin', { 'x-onhandshake-token': token, ...json }, 403, /Origin \(none was sent\)/],
      ['another Origin', { origin: 'http://127.0.0.1:1', 'x-onhandshake-token': token, ...json }, 403, /'http:\/\/127\.0\.0\.1:1' is another site/],
      ['Origin null', { origin: 'null', 'x-onhandshake-token': token, ...json }, 403, /another site/],
      ['text/plain', { origin, 'x-onhandshake-token': token, 'content-type': 'text/plain' }, 415, /only application\/json request bodies \(got 'text\/plain'\)/],
      ['a form', { origin, 'x-onhandshake-token': token, 'content-type': 'application/x-www-form-urlencoded' }, 415, /application\/json/],
    ];
    for (const [what, headers, status, message] of attempts) {
      for (const path of ['/apis/echo/try', '/apis/echo/save', '/apis/echo/check', '/apis/revert', '/sessions/abcdefgh12/connect']) {
        const answer = await rawRequest(gw.port, 'POST', `/_onhandshake${path}`, headers, text);
        expect(answer.status, `${what} → ${path}`).toBe(status);
        expect(JSON.parse(answer.body).message, `${what} → ${path}`).toMatch(message);
      }
    }
    expect(readFileSync(gw.policy, 'utf8')).toBe(POLICY);
    await handshakeAsWritten(gw);
    // A CORS preflight gets no permission.
    const preflight = await rawRequest(gw.port, 'OPTIONS', '/_onhandshake/apis/echo/try', { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-onhandshake-token' });
    expect(preflight.status).toBe(403);
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    // With all three, the change is made.
    const checked = await consolePost(gw.port, '/apis/echo/check', { text: POLICY }, token);
    expect(checked.status).toBe(200);
    expect(JSON.parse(checked.body).diagnostics).toEqual([]);
  });

  it('the token is per process: a page from an earlier run cannot act on a new gateway', async () => {
    const other = await serveConsole();
    try {
      const otherToken = await pageToken(other.port);
      expect(otherToken).not.toBe(token);
      expect(otherToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stale = await rawRequest(other.port, 'POST', '/_onhandshake/apis/echo/check', { origin: `http://127.0.0.1:${other.port}`, 'x-onhandshake-token': token, ...json }, '{"text":""}');
      expect(stale.status).toBe(403);
    } finally {
      await other.close();
    }
  });

  it('counts a forwarded request as remote unless a trusted proxy vouches for a loopback client', async () => {
    for (const forwarding of [{ 'x-forwarded-for': '203.0.113.9' }, { 'x-forwarded-for': '127.0.0.1' }, { forwarded: 'for=203.0.113.9;proto=http' }, { forwarded: 'for="[2001:db8::1]:4711"' }] as Array<Record<string, string>>) {
      const answer = await rawRequest(gw.port, 'GET', '/_onhandshake/traces', forwarding);
      expect(answer.status, JSON.stringify(forwarding)).toBe(404); // the gateway's own 404: no console for remote clients
      expect(JSON.parse(answer.body)).toEqual({ statusCode: 404, message: 'Resource not found' });
      const change = await rawRequest(gw.port, 'POST', '/_onhandshake/apis/echo/save', { origin, 'x-onhandshake-token': token, ...json, ...forwarding }, JSON.stringify({ text: INJECTED }));
      expect(change.status).toBe(404);
    }
    expect(readFileSync(gw.policy, 'utf8')).toBe(POLICY);
  });

  it('puts the security headers on every answer and no CORS permission', async () => {
    for (const [method, path, headers] of [['GET', '/_onhandshake/', {}], ['GET', '/_onhandshake/traces', {}], ['GET', '/_onhandshake/assets/main.js', {}], ['GET', '/_onhandshake/traces', { host: 'evil.example' }], ['POST', '/_onhandshake/apis/echo/try', {}]] as const) {
      const answer = await rawRequest(gw.port, method, path, { origin: 'http://evil.example', ...headers });
      expect(answer.headers['content-security-policy'], path).toBe("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
      expect(answer.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('saves only to the real file the policy was loaded from', async () => {
    // Swap the policy file for a link to another file: the save must not follow it.
    const elsewhere = join(gw.dir, 'elsewhere.txt');
    writeFileSync(elsewhere, 'not a policy\n');
    renameSync(gw.policy, `${gw.policy}.orig`);
    symlinkSync(elsewhere, gw.policy);
    try {
      const refused = await consolePost(gw.port, '/apis/echo/save', { text: INJECTED }, token);
      expect(refused.status).toBe(409);
      expect(JSON.parse(refused.body).message).toMatch(/no longer leads to .*echo\.xml, the file the policy was loaded from; nothing is saved/);
      expect(readFileSync(elsewhere, 'utf8')).toBe('not a policy\n');
    } finally {
      renameSync(`${gw.policy}.orig`, gw.policy);
    }
    const saved = await consolePost(gw.port, '/apis/echo/save', { text: POLICY.replace('as written', 'saved') }, token);
    expect(saved.status).toBe(200);
    expect(readFileSync(gw.policy, 'utf8')).toBe(POLICY.replace('as written', 'saved'));
    await consolePost(gw.port, '/apis/echo/save', { text: POLICY }, token);
    await handshakeAsWritten(gw);
  });
});

describe('configured names and proxies', () => {
  let gw: ServedConsole;
  beforeAll(async () => {
    gw = await serveConsole(['console:', '  allowedHosts: [gw.test, "staging.test:8443"]', 'trustedProxies: [127.0.0.1]']);
  }, 60_000);
  afterAll(() => gw?.close());

  it('answers names from console.allowedHosts (any port unless one is given)', async () => {
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { host: 'gw.test' })).status).toBe(200);
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { host: `gw.test:${gw.port}` })).status).toBe(200);
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { host: 'staging.test:8443' })).status).toBe(200);
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { host: 'staging.test:9999' })).status).toBe(403);
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { host: 'evil.example' })).status).toBe(403);
    // The Origin must still be the Host the request was sent to.
    const token = await pageToken(gw.port);
    const viaName = await rawRequest(gw.port, 'POST', '/_onhandshake/apis/echo/check', { host: 'gw.test', origin: 'http://gw.test', 'x-onhandshake-token': token, ...json }, '{"text":""}');
    expect(viaName.status).toBe(200);
  });

  it('believes a trusted proxy: a loopback client through it is local, any other client is remote', async () => {
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { 'x-forwarded-for': '127.0.0.1' })).status).toBe(200);
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(404);
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { 'x-forwarded-for': '203.0.113.9, 127.0.0.1' })).status).toBe(404); // through two trusted hops
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { forwarded: 'for=203.0.113.9' })).status).toBe(404);
    expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', { forwarded: 'for=unknown' })).status).toBe(404);
  });
});

describe('the start banner', () => {
  it('names no console URL when the configuration turns the console off', async () => {
    const gw = await serveConsole(['console: { enabled: false }']);
    try {
      expect(gw.program.stdout()).toMatch(/listening on/);
      expect(gw.program.stdout()).not.toMatch(/console:/);
      expect((await rawRequest(gw.port, 'GET', '/_onhandshake/traces', {})).status).toBe(404);
    } finally {
      await gw.close();
    }
    const on = await serveConsole();
    try {
      expect(on.program.stdout()).toContain(`console: ${on.http}/_onhandshake/ (this machine only)`);
    } finally {
      await on.close();
    }
  });

  it('does not say "this machine only" when allowRemote opens the console to others', async () => {
    const gw = await serveConsole(['console: { allowRemote: true }']);
    try {
      expect(gw.program.stdout()).toContain(`console: ${gw.http}/_onhandshake/\n`);
    } finally {
      await gw.close();
    }
  });

  it('names none with --no-console either', async () => {
    const gw = await serveConsole([], ['--no-console']);
    try {
      expect(gw.program.stdout()).not.toMatch(/console:/);
    } finally {
      await gw.close();
    }
  });
});
