/**
 * The console in a real browser (Debian's Chromium via playwright-core): the SignalR chat example and its
 * gateway in process, the page connects through the gateway, speaks the SignalR JSON hub protocol with
 * 0x1E record separators, sees the broadcast, reads the handshake trace, then breaks the policy in the
 * editor and sees the diagnostic at the right line. Screenshots go to test-artifacts/console/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { projectRoot, startChat, type Chat } from '../../examples/signalr-chat/start.js';
import { chromiumAvailable, launchChromium, watchPageErrors } from './chromium.js';

const artifacts = join(projectRoot(), 'test-artifacts', 'console');
const hasChromium = chromiumAvailable();
const quiet = { event: () => undefined, info: () => undefined, warn: () => undefined };

describe('console in Chromium', () => {
  let chat: Chat | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let page: Page;
  let pageErrors: ReturnType<typeof watchPageErrors>;

  beforeAll(async () => {
    if (!hasChromium) return;
    mkdirSync(artifacts, { recursive: true });
    chat = await startChat({ gatewayPort: 0, webAppPort: 0, servicePort: 0, watch: false, logger: quiet });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    pageErrors = watchPageErrors(page);
  }, 60_000);

  // Every step of the tour leaves the page without an uncaught exception or console error.
  afterEach(() => {
    if (hasChromium) pageErrors.expectNone();
  });

  afterAll(async () => {
    await browser?.close();
    await chat?.close();
  });

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(artifacts, name), fullPage: true });

  it('shows the API, its merged policy and its step graph', async () => {
    if (!hasChromium) return;
    await page.goto(`${chat!.host.address.url.replace(/^ws/, 'http')}/_onhandshake/`);
    await expect.poll(() => page.locator('#api-select option').allTextContents()).toEqual([expect.stringContaining('chat')]);
    await page.locator('#merged-policy li').first().waitFor();
    expect(await page.locator('#merged-policy li .x-tag').count()).toBeGreaterThan(10); // coloured
    expect(await page.locator('#merged-policy li[data-file$="signalr-chat.xml"]').count()).toBeGreaterThan(10);
    await page.locator('#apis').screenshot({ path: join(artifacts, 'policy.png') });
    await page.getByRole('tab', { name: 'Step graph' }).click();
    const inbound = page.locator('#graph svg[data-section="inbound"]');
    await inbound.waitFor();
    expect(await inbound.locator('g.node[data-path$="send-request[1]"]').count()).toBe(1);
    expect(await inbound.locator('g.node[data-path$="send-request[2]"]').count()).toBe(1);
    expect(await inbound.locator('g.node.choose').count()).toBe(2);
    await page.locator('#apis').screenshot({ path: join(artifacts, 'graph.png') });
    // A graph node, by keyboard, shows its statement in the effective policy.
    await inbound.locator('g.node[data-path$="send-request[2]"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab', { name: 'Effective policy' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#merged-policy li.hit').getAttribute('data-line')).toBe('34');
  });

  it('connects through the gateway, sends SignalR records with 0x1E and sees the broadcast', async () => {
    if (!hasChromium) return;
    await page.locator('#connect-btn').click();
    await expect.poll(() => page.locator('#conn-state').textContent()).toBe('connected');
    await page.locator('#send-text').fill('{"protocol":"json","version":1}');
    await page.locator('#append-rs').check();
    await page.locator('#send-btn').click();
    // The hub's handshake answer is an empty JSON object and its record separator, shown as an RS mark.
    await page.locator('#log tr.received', { hasText: '{}RS' }).waitFor();
    expect(await page.locator('#log tr.sent .rs').first().getAttribute('title')).toBe('0x1e');
    await page.locator('#send-text').fill('{"type":1,"target":"SendMessage","arguments":["alice","hello from the console"]}');
    await page.locator('#send-text').press('Control+Enter');
    const broadcast = page.locator('#log tr.received', { hasText: 'ReceiveMessage' });
    await broadcast.waitFor();
    expect(await broadcast.textContent()).toContain('hello from the console');
    expect(await page.locator('#log tr.sent').count()).toBe(2);
    expect(await page.locator('#log tr.sent').first().locator('td').nth(3).textContent()).toBe(`${'{"protocol":"json","version":1}'.length + 1} B`);
    await shot('connected.png');
  });

  it('shows the handshake trace: two send-request steps with their responses and the backend URL', async () => {
    if (!hasChromium) return;
    const callouts = page.locator('#trace-view details[data-source="send-request"]');
    await expect.poll(() => callouts.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      const step = callouts.nth(i);
      await step.locator('summary').click();
      expect(await step.locator('[data-field="response-line"]').textContent()).toMatch(/^200 /);
      // The response variable is summarised by its status, not shown as "undefined".
      expect(await step.locator('[data-field="variable"]').textContent()).toMatch(/^\w+ = response 200 OK \(IResponse\)$/);
    }
    expect(await page.locator('#trace-view .variables').textContent()).not.toContain('undefined');
    expect(await callouts.nth(0).locator('[data-field="request-line"]').textContent()).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/chat\/negotiate\?negotiateVersion=1$/);
    expect(await callouts.nth(1).locator('[data-field="request-line"]').textContent()).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/client\/negotiate\?hub=chat/);
    const backendUrl = await page.locator('#trace-view [data-field="backend-url"]').textContent();
    expect(backendUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/client\/\?hub=chat&/);
    expect(backendUrl).toContain('access_token=***'); // the SignalR token is masked
    expect(await page.locator('#recent li button .status.ok').count()).toBeGreaterThanOrEqual(1); // the live list
    await shot('trace.png');
    await page.locator('#trace').screenshot({ path: join(artifacts, 'trace-detail.png') });
  });

  it('disconnects with a close code', async () => {
    if (!hasChromium) return;
    await page.locator('#close-code').fill('4000');
    await page.locator('#close-reason').fill('bye');
    await page.locator('#disconnect-btn').click();
    await expect.poll(() => page.locator('#conn-state').textContent()).toBe('closed 4000');
    // The open trace follows the connection live (inspect mode): messages both ways and the close code.
    await expect.poll(() => page.locator('#trace-connection').textContent()).toContain('4000 bye');
    expect(await page.locator('#trace-connection').textContent()).toContain('2 messages');
  });

  it('shows a diagnostic at the line of a policy broken in the editor', async () => {
    if (!hasChromium) return;
    await page.getByRole('tab', { name: 'Edit & re-run' }).click();
    const text = await page.locator('#editor').inputValue();
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes('<set-variable name="hub"'));
    expect(at).toBeGreaterThan(0);
    lines.splice(at + 1, 0, '        <set-varaible name="oops" value="1" />');
    await page.locator('#editor').fill(lines.join('\n'));
    await page.locator('#check-btn').click();
    const line = at + 2;
    const diagnostic = page.locator(`#diagnostics li.error[data-line="${line}"]`);
    await diagnostic.waitFor();
    expect(await diagnostic.textContent()).toContain(`signalr-chat.xml:${line}:`);
    expect(await diagnostic.textContent()).toContain('set-varaible');
    expect(await page.locator(`#editor-gutter span.bad[data-line="${line}"]`).count()).toBe(1);
    await diagnostic.getByRole('button', { name: `go to line ${line}` }).click();
    await page.locator('#apis').screenshot({ path: join(artifacts, 'diagnostic.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(18, 22, 28)');
    await shot('dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
    // Trying a broken policy changes nothing for the next handshake.
    await page.locator('#try-btn').click();
    await expect.poll(() => page.locator('#edit-status').textContent()).toMatch(/error/);
  });

  it('tries a policy that fails at run time: the client gets 500 and the trace marks the failing step with its source line', async () => {
    if (!hasChromium) return;
    await page.locator('#revert-btn').click();
    await expect.poll(() => page.locator('#edit-status').textContent()).toContain('files on disk');
    const lines = (await page.locator('#editor').inputValue()).split('\n');
    const at = lines.findIndex((l) => l.includes('<set-variable name="hub"'));
    lines.splice(at + 1, 0, '        <set-variable name="boom" value="@(int.Parse(&quot;not a number&quot;))" />');
    await page.locator('#editor').fill(lines.join('\n'));
    await page.locator('#try-btn').click();
    await expect.poll(() => page.locator('#edit-status').textContent()).toContain('new handshakes now use this text');
    await page.locator('#connect-btn').click();
    await expect.poll(() => page.locator('#conn-state').textContent()).toBe('refused 500');
    const failed = page.locator('#trace-view details.step.failed[data-source="set-variable"]');
    await failed.waitFor();
    expect(await failed.locator('.error').first().textContent()).toMatch(/FormatException|not a number|format/i);
    const source = failed.locator('.source-line');
    expect(await source.getAttribute('data-line')).toBe(String(at + 2));
    expect(await source.textContent()).toContain('int.Parse');
    await page.locator('#trace').screenshot({ path: join(artifacts, 'runtime-error.png') });
    await page.locator('#revert-btn').click();
    await expect.poll(() => page.locator('#edit-status').textContent()).toContain('files on disk');
  });
});
