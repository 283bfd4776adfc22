/**
 * Launches Debian's Chromium through playwright-core (which downloads no browser) with a fresh profile.
 * Where /usr/bin/chromium is missing, the browser tests say so and pass, except under CI (CI=true),
 * which installs it: there a missing browser fails the run.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (apt-get install -y chromium)`);
  console.log('skipped: chromium not installed');
  return false;
}

/** `args` adds Chromium switches (e.g. `--host-resolver-rules=MAP evil.example 127.0.0.1`). */
export async function launchChromium(args: string[] = []): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'onhandshake-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...args],
    viewport: { width: 1400, height: 1000 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Every uncaught exception and console error of a page, from now on. `expectNone()` fails listing them;
 * `allow` names the errors a test provokes on purpose (an HTTP refusal the page reports, for instance).
 */
export function watchPageErrors(page: Page): { errors: string[]; expectNone(allow?: RegExp): void } {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()} (${message.location().url}:${message.location().lineNumber})`);
  });
  return {
    errors,
    expectNone(allow?: RegExp): void {
      const unexpected = errors.filter((e) => !allow || !allow.test(e));
      if (unexpected.length) throw new Error(`the page reported errors:\n${unexpected.join('\n')}`);
    },
  };
}
