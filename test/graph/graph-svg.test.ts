/**
 * The console's step graph in Chromium: the page's own graph-svg.js draws the data the server gives
 * (graphView), served from 127.0.0.1. A return-response ends the flow: no edge leaves it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { graphView, type GraphNode, type GraphView } from '../../src/console/graph-view.js';
import { loadPolicy } from '../../src/graph/load-policy.js';
import { chromiumAvailable, launchChromium } from '../console/chromium.js';

const root = join(import.meta.dirname, '..', '..');
const hasChromium = chromiumAvailable();

/** The same graph with every `ends` mark removed: how the page drew it before. */
function withoutEnds(nodes: GraphNode[]): GraphNode[] {
  return nodes.map(({ ends: _ends, ...n }) => (n.branches ? { ...n, branches: n.branches.map((b) => ({ ...b, steps: withoutEnds(b.steps) })) } : n));
}

describe('console step graph (Chromium)', () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let page: Page;
  const view = (): GraphView => {
    const loaded = loadPolicy(join(root, 'policies', 'signalr-chat.xml'), { namedValuesFile: join(root, 'test', 'fixtures', 'graph', 'signalr-named-values.yaml') });
    return graphView(loaded.compiled!.graph!.sections);
  };

  beforeAll(async () => {
    if (!hasChromium) return;
    const script = readFileSync(join(root, 'src', 'console', 'assets', 'graph-svg.js'), 'utf8');
    server = createServer((req, res) => {
      if (req.url === '/graph-svg.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><div id="graph"></div><script type="module">import { renderGraph } from "/graph-svg.js"; window.renderGraph = renderGraph;</script>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    browser = await launchChromium();
    page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction('"renderGraph" in window');
    expect(errors).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  const edgesDrawn = async (graph: GraphView): Promise<number> =>
    page.evaluate((g) => {
      // Runs in the page (this project's lib has no DOM types).
      const page = globalThis as unknown as { document: { getElementById(id: string): { querySelectorAll(s: string): { length: number } } }; renderGraph(c: unknown, g: unknown): void };
      const container = page.document.getElementById('graph');
      page.renderGraph(container, g);
      return container.querySelectorAll('svg[data-section="inbound"] path.edge').length;
    }, graph);

  it('the server marks return-response as ending the flow', () => {
    const inbound = view().inbound;
    const ends = inbound.flatMap((n) => (n.branches ?? []).flatMap((b) => b.steps)).filter((n) => n.ends);
    expect(ends.map((n) => n.path)).toEqual(['policies/inbound/choose[1]/when[1]/return-response[1]', 'policies/inbound/choose[2]/when[1]/return-response[1]']);
    expect(inbound.filter((n) => n.ends)).toEqual([]);
  });

  it('draws no edge out of a return-response (one join edge fewer for each)', async () => {
    if (!hasChromium) return;
    const graph = view();
    const before = await edgesDrawn({ ...graph, inbound: withoutEnds(graph.inbound) });
    const now = await edgesDrawn(graph);
    expect(before - now).toBe(2);
    // The node itself is still drawn, with the edge that leads into it.
    expect(await page.locator('svg[data-section="inbound"] g.node[data-path$="return-response[1]"]').count()).toBe(2);
  });
});
