/**
 * The console against web pages in the same browser (Debian's Chromium), on `onhandshake serve` run as a
 * user runs it: a page from another origin (a second local server on another port) fires the requests
 * that once rewrote the policy — `text/plain` fetches to /try and /save, a JSON fetch, a form POST — and
 * nothing changes (the file's bytes, the policy served); a DNS-rebound name cannot read traces; and the
 * console's own page still edits, checks, tries and saves, shows the test client's credentials masked and
 * keeps a long URL inside its card, without a single page error.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { projectRoot } from '../../examples/signalr-chat/start.js';
import { closed, open } from '../gateway/helpers.js';
import { chromiumAvailable, launchChromium, watchPageErrors } from './chromium.js';
import { INJECTED, POLICY, serveConsole, type ServedConsole } from './served-console.js';

const hasChromium = chromiumAvailable();
const artifacts = join(projectRoot(), 'test-artifacts', 'console');

/** The attacker's page: everything a page may do without CORS permission, aimed at the console. */
function attackPage(gatewayPort: number): string {
  const script = `
    const target = 'http://127.0.0.1:${gatewayPort}/_onhandshake';
    const body = JSON.stringify({ text: ${JSON.stringify(INJECTED)} });
    const results = {};
    for (const path of ['/apis/echo/try', '/apis/echo/save']) {
      // A "simple" request: no preflight, the browser sends it and hides the answer.
      results[path] = await fetch(target + path, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body }).then(() => 'sent', (e) => String(e));
    }
    results.json = await fetch(target + '/apis/echo/save', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }).then((r) => r.status, () => 'blocked');
    results.read = await fetch(target + '/traces').then((r) => r.status, () => 'blocked');
    // A form cannot send JSON, but text/plain "name=value" can be made to look like it.
    const form = Object.assign(document.createElement('form'), { method: 'POST', action: target + '/apis/echo/save', enctype: 'text/plain', target: 'sink' });
    form.append(Object.assign(document.createElement('input'), { name: body.slice(0, -1) + ',"x":"', value: '"}' }));
    document.body.append(form);
    document.querySelector('iframe').addEventListener('load', () => { window.attack = results; });
    form.submit();`;
  return `<!doctype html><html><head><title>a page on another origin</title></head><body><iframe name="sink"></iframe><script type="module">${script}</script></body></html>`;
}

/** A handshake as the policy on disk says, or as `header` says the served policy sets X-From-Policy. */
async function backendHeaderOfHandshake(gw: ServedConsole): Promise<string | undefined> {
  const ws = await open(`${gw.ws}/echo`);
  const header = gw.backend.lastRequest?.headers['x-from-policy'] as string | undefined;
  ws.close(1000);
  await closed(ws);
  return header;
}

describe('the console against other pages in Chromium', () => {
  let gw: ServedConsole;
  let attacker: Server;
  let attackerUrl: string;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;

  beforeAll(async () => {
    if (!hasChromium) return;
    gw = await serveConsole();
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(attackPage(gw.port));
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    browser = await launchChromium([`--host-resolver-rules=MAP evil.example 127.0.0.1`]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => attacker?.close(r));
    await gw?.close();
  });

  it('a page on another origin cannot change the policy or the file', async () => {
    if (!hasChromium) return;
    const page = await browser!.context.newPage();
    const answers: Array<{ url: string; status: number }> = [];
    page.on('response', (r: Response) => {
      if (r.url().includes('/_onhandshake/')) answers.push({ url: r.url().replace(/^.*\/_onhandshake/, ''), status: r.status() });
    });
    const failures: Array<{ url: string; method: string; error: string }> = [];
    page.on('requestfailed', (r) => failures.push({ url: r.url().replace(/^.*\/_onhandshake/, ''), method: r.method(), error: r.failure()?.errorText ?? '' }));
    await page.goto(attackerUrl);
    const results = await page.waitForFunction('window.attack', undefined, { timeout: 15_000 }).then((h) => h.jsonValue());
    // The no-cors requests left the browser; their answers carry Cross-Origin-Resource-Policy: same-origin, so the
    // page gets a network error instead of even an opaque answer. The JSON one and the read stop at CORS …
    expect(results).toEqual({ '/apis/echo/try': 'TypeError: Failed to fetch', '/apis/echo/save': 'TypeError: Failed to fetch', json: 'blocked', read: 'blocked' });
    // … and the console answered each one (its answers' Cross-Origin-Resource-Policy and frame-ancestors are
    // what blocked them in the page): 403 for want of Origin and token, before any handler ran.
    expect(failures).toEqual([
      { url: '/apis/echo/try', method: 'POST', error: 'net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin' },
      { url: '/apis/echo/save', method: 'POST', error: 'net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin' },
      { url: '/apis/echo/save', method: 'POST', error: 'net::ERR_FAILED' }, // the preflight got no CORS permission
      { url: '/traces', method: 'GET', error: 'net::ERR_FAILED' },
      { url: '/apis/echo/save', method: 'POST', error: 'net::ERR_BLOCKED_BY_RESPONSE' }, // the form's answer may not be framed
    ]);
    expect(answers).toEqual([{ url: '/apis/echo/save', status: 403 }]); // the form's answer, seen before it was blocked
    expect(readFileSync(gw.policy, 'utf8')).toBe(POLICY);
    expect(await backendHeaderOfHandshake(gw)).toBe('as written');
    await page.close();
  });

  it('a DNS-rebound name cannot read traces or load the page', async () => {
    if (!hasChromium) return;
    const page = await browser!.context.newPage();
    for (const path of ['/_onhandshake/traces', '/_onhandshake/']) {
      const answer = await page.goto(`http://evil.example:${gw.port}${path}`);
      expect(answer!.status()).toBe(403);
      expect(await answer!.text()).toContain('a guard against DNS rebinding');
    }
    await page.close();
  });

  it("the console's own page edits, checks, tries and saves with its token, without a page error", async () => {
    if (!hasChromium) return;
    const page: Page = await browser!.context.newPage();
    page.setDefaultTimeout(15_000);
    const pageErrors = watchPageErrors(page);
    await page.goto(`${gw.http}/_onhandshake/`);
    await expect.poll(() => page.locator('#live').textContent()).toBe('live');
    await page.locator('#merged-policy li').first().waitFor();
    await page.getByRole('tab', { name: 'Edit & re-run' }).click();
    const edited = (await page.locator('#editor').inputValue()).replace('as written', 'tried in the console');
    await page.locator('#editor').fill(edited);
    await page.locator('#check-btn').click();
    await expect.poll(() => page.locator('#edit-status').textContent()).toBe('no errors');
    await page.locator('#try-btn').click();
    await expect.poll(() => page.locator('#edit-status').textContent()).toContain('new handshakes now use this text');
    expect(await backendHeaderOfHandshake(gw)).toBe('tried in the console');
    expect(readFileSync(gw.policy, 'utf8')).toBe(POLICY);
    await page.locator('#editor').fill(edited.replace('tried in the console', 'saved from the console'));
    await page.locator('#save-btn').click();
    await expect.poll(() => page.locator('#edit-status').textContent()).toBe('saved to echo.xml and served');
    expect(readFileSync(gw.policy, 'utf8')).toBe(POLICY.replace('as written', 'saved from the console'));
    expect(await backendHeaderOfHandshake(gw)).toBe('saved from the console');
    pageErrors.expectNone();
    await page.close();
  });

  it('the test client shows credentials masked and keeps a long URL inside its card', async () => {
    if (!hasChromium) return;
    const page: Page = await browser!.context.newPage();
    page.setDefaultTimeout(15_000);
    const pageErrors = watchPageErrors(page);
    await page.goto(`${gw.http}/_onhandshake/`);
    await expect.poll(() => page.locator('#live').textContent()).toBe('live');
    await page.locator('#connect-api option').first().waitFor({ state: 'attached' });
    const token = 'query-token-5f1d2c9a8b7e';
    const bearer = 'header-bearer-3e4f5a6b7c8d';
    const long = 'x'.repeat(900);
    for (const [container, add, name, value] of [['#query-rows', '#add-query', 'access_token', token], ['#query-rows', '#add-query', 'q', long], ['#header-rows', '#add-header', 'Authorization', `Bearer ${bearer}`]] as const) {
      await page.locator(add).click();
      const row = page.locator(`${container} .pair`).last();
      await row.locator('input').nth(0).fill(name);
      await row.locator('input').nth(1).fill(value);
    }
    await page.locator('#connect-btn').click();
    await expect.poll(() => page.locator('#conn-state').textContent()).toBe('connected');
    expect(gw.backend.lastRequest?.url).toContain(token); // the backend got the real value
    await page.locator('#send-text').fill(`echo of ${token} and ${bearer}`);
    await page.locator('#send-btn').click();
    await page.locator('#log tr.received').waitFor();
    const shown = `${await page.locator('#connect-url').textContent()}\n${await page.locator('#log').textContent()}`;
    expect(shown).toContain('access_token=***');
    expect(shown).toContain('echo of *** and ***');
    expect(shown).not.toContain(token);
    expect(shown).not.toContain(bearer);
    // The trace the connection opened: without variables, it shows no stray "null" where they would be.
    await page.locator('#trace-view .decision').waitFor();
    expect(await page.evaluate(`[...document.getElementById('trace-view').childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent)`)).toEqual([]);
    // The long URL wraps inside the card: nothing sticks out of it.
    const overflow = (await page.evaluate(`({
      cardRight: document.getElementById('connect').getBoundingClientRect().right,
      urlRight: document.getElementById('connect-url').getBoundingClientRect().right,
      scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    })`)) as { cardRight: number; urlRight: number; scroll: number };
    expect(overflow.urlRight).toBeLessThanOrEqual(overflow.cardRight);
    expect(overflow.scroll).toBe(0);
    await page.screenshot({ path: join(artifacts, 'masked-client.png'), fullPage: true });
    await page.locator('#disconnect-btn').click();
    await expect.poll(() => page.locator('#conn-state').textContent()).toBe('closed 1000');
    pageErrors.expectNone();
    await page.close();
  });
});
