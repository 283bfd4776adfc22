/**
 * Red team, after issue 13's hardening: a malformed percent-escape in a console route parameter kills the
 * gateway. ConsoleServer.handle maps `decodeURIComponent` over the route's captures outside the promise
 * that catches handler errors, so `GET /_onhandshake/traces/%E0%A4%A` throws URIError on the request
 * event: "Uncaught URIError: URI malformed", exit 1, every client then gets ECONNREFUSED.
 * A GET needs no token, and a navigation (an iframe, a link, window.open) passes the read rule: any web
 * page the developer opens can stop the gateway, as the Chromium case shows.
 *
 * Fixed in src/console/console-server.ts: the captures are decoded before the route runs, and a malformed
 * escape is a 400 naming the path.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closed, open } from '../gateway/helpers.js';
import { chromiumAvailable, launchChromium } from '../console/chromium.js';
import { serveConsole, type ServedConsole } from '../console/served-console.js';

const MALFORMED = '/_onhandshake/traces/%E0%A4%A';
const hasChromium = chromiumAvailable();

let gw: ServedConsole | undefined;
let attacker: Server | undefined;
afterEach(async () => {
  await new Promise((r) => (attacker ? attacker.close(r) : r(undefined)));
  attacker = undefined;
  await gw?.close();
  gw = undefined;
});

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<number | string> {
  return new Promise((resolve) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', (e) => resolve(`error: ${e.message}`))
      .end();
  });
}

/** The gateway still runs and still lets a WebSocket client through. */
async function expectGatewayUp(served: ServedConsole): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  expect(served.program.child.exitCode, `the gateway exited: ${served.program.stderr().slice(-400)}`).toBeNull();
  const ws = await open(`${served.ws}/echo`);
  ws.close(1000);
  await closed(ws);
}

describe('red team: a malformed escape in a console URL', () => {
  it('GET /_onhandshake/traces/%E0%A4%A from loopback gets 400, and the gateway stays up', async () => {
    gw = await serveConsole();
    expect(await get(gw.port, MALFORMED)).toBe(400);
    await expectGatewayUp(gw);
  }, 60_000);

  it('an iframe on a page from another origin pointing there leaves the gateway up (Chromium)', async () => {
    if (!hasChromium) throw new Error('chromium not installed: this case needs it');
    const served = (gw = await serveConsole());
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>another origin</title><iframe src="http://127.0.0.1:${served.port}${MALFORMED}"></iframe>`);
    });
    await new Promise<void>((r) => attacker!.listen(0, '127.0.0.1', r));
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      await page.waitForTimeout(1_000);
    } finally {
      await browser.close();
    }
    await expectGatewayUp(served);
  }, 60_000);
});
