/**
 * The call stack a paused step shows: a gateway configuration's scopes (product → onHandshake through
 * `<base/>`), and a fragment inlined into a policy, each frame with its file and line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type DebugServer } from '../../src/debug/server.js';
import { DapClient } from './dap-client.js';

const root = resolve(import.meta.dirname, '../..');
const configDir = join(root, 'test', 'fixtures', 'testing', 'config');
let server: DebugServer;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await listen(0);
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await server.close();
});

async function start(launch: Record<string, unknown>, breakpoints: Record<string, number[]> = {}): Promise<DapClient> {
  const { client, socket } = await DapClient.overSocket(server.address.port);
  sockets.push(socket);
  await client.ok('initialize', { adapterID: 'onhandshake' });
  await client.ok('launch', launch);
  await client.waitFor('initialized');
  for (const [path, lines] of Object.entries(breakpoints)) {
    const set = await client.ok('setBreakpoints', { source: { path }, breakpoints: lines.map((line) => ({ line })) });
    expect(set.breakpoints.map((b: { verified: boolean; line: number }) => [b.verified, b.line])).toEqual(lines.map((l) => [true, l]));
  }
  await client.ok('configurationDone');
  return client;
}

async function frames(client: DapClient): Promise<string[]> {
  const { stackFrames } = await client.ok('stackTrace', { threadId: 1 });
  return stackFrames.map((f: { name: string; source?: { name: string }; line: number }) => `${f.name} @ ${f.source ? `${f.source.name}:${f.line}` : '-'}`);
}

describe('the call stack', () => {
  it('follows a gateway configuration from the product policy through <base/> to onHandshake', async () => {
    const client = await start(
      { test: join(configDir, 'echo.test.yaml'), case: "gold subscriber runs the product's policy too", stopOnEntry: true },
      { [join(configDir, 'echo.xml')]: [4] },
    );
    await client.waitFor('stopped', (e) => e.body.reason === 'entry');
    expect(await frames(client)).toEqual(['set-header @ gold.xml:4', 'product · inbound @ gold.xml:2', '<base/> · onHandshake · inbound @ echo.xml:3']);
    await client.ok('continue', { threadId: 1 });
    await client.waitFor('stopped', (e) => e.body.reason === 'breakpoint');
    expect(await frames(client)).toEqual(['set-query-parameter @ echo.xml:4', 'onHandshake · inbound @ echo.xml:2']);
    await client.ok('continue', { threadId: 1 });
    const decision = await client.waitFor('output', (e) => e.body.data?.decision !== undefined);
    expect(decision.body.data.decision).toEqual({ kind: 'connect', backendUrl: 'ws://echo.test/ws?room=lobby' });
  });

  it('shows a fragment frame between the fragment step and the policy that includes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oh-debug-fragment-'));
    writeFileSync(join(dir, 'policy.xml'), '<policies>\n  <inbound>\n    <choose>\n      <when condition="@(true)">\n        <include-fragment fragment-id="tag" />\n      </when>\n    </choose>\n  </inbound>\n</policies>\n');
    writeFileSync(join(dir, 'tag.xml'), '<fragment>\n  <set-header name="X-Tag" exists-action="override">\n    <value>t</value>\n  </set-header>\n</fragment>\n');
    const client = await start({ policy: join(dir, 'policy.xml'), fragments: dir }, { [join(dir, 'tag.xml')]: [2] });
    await client.waitFor('stopped');
    expect(await frames(client)).toEqual(["set-header @ tag.xml:2", "include-fragment 'tag' @ -", 'choose › when[1] @ policy.xml:3', 'onHandshake · inbound @ policy.xml:2']);
  });
});
