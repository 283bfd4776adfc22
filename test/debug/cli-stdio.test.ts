/**
 * `onhandshake debug` as an editor starts it: the spawned CLI speaking DAP on stdin/stdout, launched
 * on a trace input (policy, handshake, mock file) rather than a test case.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliEnvironment, cliEntry, repositoryRoot, tsxLoader } from '../cli/run-cli.js';
import { DapClient } from './dap-client.js';

describe('onhandshake debug over stdio', () => {
  it('runs a trace input with its mocks, stops at a breakpoint and exits when the client disconnects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onhandshake-debug-'));
    const policy = join(dir, 'policy.xml');
    writeFileSync(policy, [
      '<policies>',
      '  <inbound>',
      '    <send-request mode="new" response-variable-name="who" timeout="5" ignore-error="false">',
      '      <set-url>https://auth.test/whoami</set-url>',
      '    </send-request>',
      '    <set-variable name="user" value="@(((IResponse)context.Variables["who"]).Body.As<JObject>()["name"].ToString())" />',
      '    <set-header name="X-User" exists-action="override"><value>@((string)context.Variables["user"])</value></set-header>',
      '  </inbound>',
      '  <backend><base /></backend><outbound><base /></outbound><on-error><base /></on-error>',
      '</policies>',
    ].join('\n'));
    const mock = join(dir, 'mock.yaml');
    writeFileSync(mock, '- url: https://auth.test/whoami\n  body: { name: ada }\n');

    const child = spawn(process.execPath, ['--import', tsxLoader, cliEntry, 'debug'], { cwd: repositoryRoot, env: cliEnvironment(), stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const client = new DapClient(child.stdout, child.stdin);
    await client.ok('initialize', { adapterID: 'onhandshake' });
    await client.ok('launch', { policy: 'policy.xml', cwd: dir, mock: 'mock.yaml', handshake: { url: 'ws://localhost/chat?room=1', headers: { 'X-Client': 'c' } } });
    await client.waitFor('initialized');
    // Line 4 is <set-url>, inside send-request: the breakpoint stops before the send-request.
    const { breakpoints } = await client.ok('setBreakpoints', { source: { path: policy }, breakpoints: [{ line: 4 }, { line: 7 }] });
    expect(breakpoints.map((b: { line: number }) => b.line)).toEqual([3, 7]);
    await client.ok('configurationDone');
    await client.waitFor('stopped');
    expect((await client.ok('stackTrace', { threadId: 1 })).stackFrames[0]).toMatchObject({ name: 'send-request', line: 3 });
    await client.ok('continue', { threadId: 1 });
    await client.waitFor('stopped');
    expect((await client.ok('evaluate', { expression: '(string)context.Variables["user"]', frameId: 1 })).result).toBe('"ada"');
    await client.ok('disconnect', {});
    const decision = await client.waitFor('output', (e) => e.body.data?.decision !== undefined);
    expect(decision.body.data.decision).toEqual({ kind: 'connect', backendUrl: 'ws://backend.invalid/?room=1' });
    expect(await exited).toBe(0);
  });

  it('refuses a bad port with a usage error', async () => {
    const r = await cli(['debug', '--port', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("onhandshake debug: --port must be 0..65535, not 'x' (see 'onhandshake debug --help')\n");
  });
});
