/**
 * The debug adapter driven over a real socket by a DAP client, on the SignalR chat policy and its
 * test cases (policies/signalr-chat.xml, policies/signalr-chat.test.yaml).
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listen, type DebugServer } from '../../src/debug/server.js';
import { DapClient } from './dap-client.js';

const root = resolve(import.meta.dirname, '../..');
const policyFile = join(root, 'policies', 'signalr-chat.xml');
const policyLines = readFileSync(policyFile, 'utf8').split('\n');
/** The 1-based line of the nth (1-based) line containing `text`. */
function lineOf(text: string, nth = 1): number {
  let seen = 0;
  const i = policyLines.findIndex((l) => l.includes(text) && ++seen === nth);
  if (i < 0) throw new Error(`no ${nth}th line with ${text}`);
  return i + 1;
}

/** The output block of docs/debugging.md marked as checked by this file. */
function documentedOutput(): string {
  const doc = readFileSync(join(root, 'docs', 'debugging.md'), 'utf8');
  const block = /<!-- checked by test\/debug\/adapter\.test\.ts -->\n```text\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/debugging.md: the checked output block is missing');
  return block[1]!;
}

let server: DebugServer;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await listen(0);
  port = server.address.port;
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
});
afterAll(() => server.close());

/** Connects, initializes and launches a case of the SignalR chat tests; breakpoints are set before the run starts. */
async function launchCase(name: string, breakpoints: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): Promise<DapClient> {
  const { client, socket } = await DapClient.overSocket(port);
  sockets.push(socket);
  const caps = await client.ok('initialize', { adapterID: 'onhandshake', linesStartAt1: true, columnsStartAt1: true });
  expect(caps.supportsConditionalBreakpoints).toBe(true);
  await client.ok('launch', { test: 'policies/signalr-chat.test.yaml', case: name, cwd: root, ...extra });
  await client.waitFor('initialized');
  const set = await client.ok('setBreakpoints', { source: { path: policyFile }, breakpoints });
  expect(set.breakpoints.every((b: { verified: boolean }) => b.verified)).toBe(true);
  await client.ok('configurationDone');
  return client;
}

async function variablesOf(client: DapClient, scopeName: string): Promise<Array<{ name: string; value: string; type?: string; variablesReference: number }>> {
  const { scopes } = await client.ok('scopes', { frameId: 1 });
  const scope = scopes.find((s: { name: string }) => s.name === scopeName);
  if (!scope) throw new Error(`no scope ${scopeName} in ${scopes.map((s: { name: string }) => s.name).join(', ')}`);
  return (await client.ok('variables', { variablesReference: scope.variablesReference })).variables;
}

describe('onhandshake debug: a test case of the SignalR chat policy', () => {
  it('stops at the second send-request, shows and changes context.Variables, evaluates C#, and continues to the backend URL', async () => {
    const second = lineOf('<send-request', 2);
    const client = await launchCase('happy path', [{ line: second }]);
    const stopped = await client.waitFor('stopped');
    expect(stopped.body).toMatchObject({ reason: 'breakpoint', threadId: 1 });

    const { stackFrames } = await client.ok('stackTrace', { threadId: 1 });
    expect(stackFrames[0]).toMatchObject({ name: 'send-request', line: second, source: { path: policyFile } });
    expect(stackFrames.at(-1)).toMatchObject({ name: 'onHandshake · inbound', line: lineOf('<inbound>') });

    const variables = await variablesOf(client, 'context.Variables');
    // A JWT is masked as everywhere else; its parts can still be read (or launch with revealSecrets).
    const token = variables.find((v) => v.name === 'serviceAccessToken')!;
    expect(token).toMatchObject({ value: '"***"', type: 'System.String', evaluateName: 'context.Variables["serviceAccessToken"]' });
    const header = await client.ok('evaluate', { expression: '((string)context.Variables["serviceAccessToken"]).Split(\'.\')[0]', frameId: 1, context: 'hover' });
    expect(header.result).toBe('"eyJhbGciOiJIUzI1NiJ9"');
    expect(variables.map((v) => v.name)).toEqual(['appNegotiate', 'serviceUrl', 'serviceAccessToken', 'hub', 'asrsOp', 'asrsRequestId']);
    // The IResponse expands (through its JSON rendering).
    const response = variables.find((v) => v.name === 'appNegotiate')!;
    expect(response.type).toMatch(/IResponse/);
    const fields = (await client.ok('variables', { variablesReference: response.variablesReference })).variables;
    expect(fields.length).toBeGreaterThan(0);

    const status = await client.ok('evaluate', { expression: '((IResponse)context.Variables["appNegotiate"]).StatusCode', frameId: 1, context: 'watch' });
    expect(status).toMatchObject({ result: '200', type: 'System.Int32' });
    const failed = await client.request('evaluate', { expression: '((string)context.Variables["nope"]).Length', frameId: 1, context: 'repl' });
    expect(failed).toMatchObject({ success: false, message: "System.Collections.Generic.KeyNotFoundException: The given key 'nope' was not present in the dictionary." });

    // A Jwt expands through its JSON rendering, as JObject and IResponse do.
    const jwt = await client.ok('evaluate', { expression: '((string)context.Variables["serviceAccessToken"]).AsJwt()', frameId: 1, context: 'watch' });
    expect(jwt.type).toMatch(/\.Jwt$/);
    const jwtFields = (await client.ok('variables', { variablesReference: jwt.variablesReference })).variables;
    expect(jwtFields.map((f: { name: string }) => f.name)).toEqual(['header', 'payload']);
    const payload = (await client.ok('variables', { variablesReference: jwtFields[1].variablesReference })).variables;
    expect(payload).toEqual([expect.objectContaining({ name: 'aud', value: '"https://contoso.service.signalr.net/client/?hub=chat"' })]);
    // jsonata too, over the same context.
    const jsonata = await client.ok('evaluate', { expression: '@jsonata($count($keys(variables)))', frameId: 1, context: 'repl' });
    expect(jsonata.result).toBe('6');

    const contextRef = (await client.ok('scopes', { frameId: 1 })).scopes[0].variablesReference;
    const changed = await client.ok('setVariable', { variablesReference: contextRef, name: 'hub', value: '"lobby"' });
    expect(changed.value).toBe('"lobby"');

    const request = await variablesOf(client, 'Request');
    expect(request.find((v) => v.name === 'Url')!.value).toBe('wss://contoso.azure-api.net/chat?negotiateVersion=1');
    const backend = await variablesOf(client, 'Backend');
    expect(backend.find((v) => v.name === 'BaseUrl')!.value).toBe('wss://placeholder.invalid/client/');

    await client.ok('continue', { threadId: 1 });
    const decision = await client.waitFor('output', (e) => e.body.data?.decision !== undefined);
    expect(decision.body.data.decision.kind).toBe('connect');
    // The changed variable reached the backend URL the policy built (credential query values are masked).
    expect(decision.body.data.decision.backendUrl).toMatch(/^wss:\/\/contoso\.service\.signalr\.net\/client\/\?negotiateVersion=1&hub=lobby&asrs\.op=%2Fchat&asrs_request_id=7f3c9a&id=\*\*\*&access_token=\*\*\*$/);
    expect((await client.waitFor('exited')).body.exitCode).toBe(0);
    await client.waitFor('terminated');
    // docs/debugging.md shows this Debug Console output.
    expect(client.output()).toBe(documentedOutput());
  });

  it('stops only where a C# condition holds, honours hit counts and prints logpoints without stopping', async () => {
    const client = await launchCase('happy path', [
      { line: lineOf('name="serviceUrl"'), logMessage: 'hub known yet: {context.Variables.ContainsKey("hub")}, {{literal}}' },
      { line: lineOf('name="hub"'), condition: '((IResponse)context.Variables["appNegotiate"]).StatusCode == 500' },
      { line: lineOf('name="asrsOp"'), condition: '(string)context.Variables["hub"] == "chat"' },
      { line: lineOf('<set-query-parameter', 1), hitCondition: '2' },
    ]);
    const stopped = await client.waitFor('stopped');
    expect(stopped.body.reason).toBe('breakpoint');
    expect((await client.ok('stackTrace', { threadId: 1 })).stackFrames[0].line).toBe(lineOf('name="asrsOp"'));
    expect(client.output()).toContain('hub known yet: False, {literal}\n');
    // The hit count of 2 on a step that runs once never stops: the run ends.
    await client.ok('continue', { threadId: 1 });
    await client.waitFor('terminated');
    expect(client.events.filter((e) => e.event === 'stopped')).toHaveLength(1);
  });

  it('stops on an error where it is raised, before on-error, pointing at the failing sub-expression', async () => {
    const client = await launchCase('service answer without a connection token', []);
    const stopped = await client.waitFor('stopped');
    expect(stopped.body).toMatchObject({ reason: 'exception', text: expect.stringMatching(/^System.NullReferenceException: Expression evaluation failed\. /) });
    const info = await client.ok('exceptionInfo', { threadId: 1 });
    expect(info).toMatchObject({ exceptionId: 'System.NullReferenceException', details: { typeName: 'System.NullReferenceException', source: 'set-variable' } });
    const line = lineOf('name="connectionToken"');
    const { stackFrames } = await client.ok('stackTrace', { threadId: 1 });
    const column = policyLines[line - 1]!.indexOf('.ToString()') + 1;
    expect(stackFrames[0]).toMatchObject({ name: 'set-variable', line, column });
    expect(info.details.stackTrace).toBe(`   at set-variable in ${policyFile}:line ${line}, column ${column}`);
    // LastError is not set yet: on-error has not started.
    const scopes = (await client.ok('scopes', { frameId: 1 })).scopes.map((s: { name: string }) => s.name);
    expect(scopes).not.toContain('LastError');
    await client.ok('continue', { threadId: 1 });
    const decision = await client.waitFor('output', (e) => e.body.data?.decision !== undefined);
    expect(decision.body.data.decision).toMatchObject({ kind: 'respond', statusCode: 500 });
    expect((await client.waitFor('exited')).body.exitCode).toBe(1);
  });

  it('stops on entry and steps over, into a choose branch, and out of it', async () => {
    const client = await launchCase('web app answers 500', [], { stopOnEntry: true });
    expect((await client.waitFor('stopped')).body.reason).toBe('entry');
    const top = async () => (await client.ok('stackTrace', { threadId: 1 })).stackFrames;
    expect((await top())[0]).toMatchObject({ name: 'send-request', line: lineOf('<send-request', 1) });
    await client.ok('next', { threadId: 1 });
    await client.waitFor('stopped', (e) => e.body.reason === 'step');
    expect((await top())[0]).toMatchObject({ name: 'choose', line: lineOf('<choose>', 1) });
    await client.ok('stepIn', { threadId: 1 });
    await client.waitFor('stopped', (e) => e.body.reason === 'step');
    const frames = await top();
    expect(frames.map((f: { name: string }) => f.name)).toEqual(['return-response', 'choose › when[1]', 'onHandshake · inbound']);
    expect(frames[0].line).toBe(lineOf('<return-response', 1));
    await client.ok('stepOut', { threadId: 1 });
    // return-response ends the pipeline: nothing runs after it.
    const decision = await client.waitFor('output', (e) => e.body.data?.decision !== undefined);
    expect(decision.body.data.decision).toMatchObject({ kind: 'respond', statusCode: 500, body: 'negotiate failed' });
  });

  it('shows secrets unmasked when the launch configuration asks for it', async () => {
    const client = await launchCase('happy path', [{ line: lineOf('<send-request', 2) }], { revealSecrets: true });
    await client.waitFor('stopped');
    const token = (await variablesOf(client, 'context.Variables')).find((v) => v.name === 'serviceAccessToken')!;
    expect(token.value).toMatch(/^"eyJhbGciOiJIUzI1NiJ9\.eyJ/);
    await client.ok('disconnect', {});
    expect((await client.waitFor('exited')).body.exitCode).toBe(0);
  });

  it('verifies a breakpoint to the nearest step', async () => {
    const { client, socket } = await DapClient.overSocket(port);
    sockets.push(socket);
    await client.ok('initialize', { adapterID: 'onhandshake' });
    await client.ok('launch', { test: 'policies/signalr-chat.test.yaml', case: 'happy path', cwd: root });
    const requested = [
      lineOf('<when condition', 1), // a branch: the first step in it
      lineOf('<!-- 2. Negotiate'), // a comment: the step after it
      lineOf('<set-url>@{'), // inside a send-request: that send-request
      lineOf('<set-method>POST'),
      policyLines.length, // past the last step: the last step
    ];
    const { breakpoints } = await client.ok('setBreakpoints', { source: { path: policyFile }, breakpoints: requested.map((line) => ({ line })) });
    expect(breakpoints.map((b: { line: number }) => b.line)).toEqual([
      lineOf('<return-response', 1),
      lineOf('<send-request', 2),
      lineOf('<send-request', 2),
      lineOf('<send-request', 2),
      lineOf('<set-query-parameter name="access_token"'),
    ]);
  });

  it('answers a bad launch with a message naming what is wrong', async () => {
    const { client, socket } = await DapClient.overSocket(port);
    sockets.push(socket);
    await client.ok('initialize', { adapterID: 'onhandshake' });
    const r = await client.request('launch', { test: 'policies/signalr-chat.test.yaml', case: 'no such case', cwd: root });
    expect(r.success).toBe(false);
    expect(r.message).toMatch(/no case named 'no such case'; its cases are 'happy path', /);
    const bad = await client.request('setBreakpoints', { source: { path: policyFile }, breakpoints: [{ line: 20, condition: '((' }] });
    expect(bad.success).toBe(true);
    expect(bad.body.breakpoints[0].verified).toBe(false);
  });
});
