/**
 * `onhandshake eval`: the real CLI in a child process, text and JSON output, context files, errors.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'onhandshake-eval-'));
  writeFileSync(
    join(dir, 'ctx.json'),
    JSON.stringify({
      request: { url: 'wss://h.example/chat?id=7', headers: { Authorization: 'Bearer abc' } },
      variables: { negotiate: { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: { url: 'https://signalr/hub', accessToken: 'tok' } }, n: 2 },
    }),
  );
  writeFileSync(join(dir, 'bad.json'), '{ nope');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'eval', ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('onhandshake eval', { timeout: 90_000 }, () => {
  it('prints ToString() and the .NET type of the SignalR body read', async () => {
    const r = await cli('@(((IResponse)context.Variables["negotiate"]).Body.As<JObject>()["url"].ToString())', '--context', join(dir, 'ctx.json'));
    expect(r).toMatchObject({ code: 0, stdout: 'https://signalr/hub\n(System.String)\n' });
  });

  it('prints JSON with type, text and value', async () => {
    const r = await cli('context.Variables.GetValueOrDefault<int>("n") + 40', '--context', join(dir, 'ctx.json'), '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ type: 'System.Int32', text: '42', value: 42 });
  });

  it('evaluates a block given as bare statements or as @{ }', async () => {
    expect((await cli('var s = "a"; return s + s;', '--format', 'json')).stdout).toBe('{"type":"System.String","text":"aa","value":"aa"}\n');
    expect(JSON.parse((await cli('@{ return new JObject(); }', '--format', 'json')).stdout)).toEqual({ type: 'Newtonsoft.Json.Linq.JObject', text: '{}', value: {} });
  });

  it('reports a .NET exception with its location', async () => {
    const r = await cli('((string)null).Length', '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ error: { type: 'System.NullReferenceException', message: 'Object reference not set to an instance of an object.', line: 1, column: 15 } });
  });

  it('reports compile diagnostics', async () => {
    const r = await cli('"a".Nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/<eval>:1:5: error OH301/);
  });

  it('exits 2 on usage errors', async () => {
    const [none, badContext, badFormat] = await Promise.all([cli(), cli('1', '--context', join(dir, 'bad.json')), cli('1', '--format', 'xml')]);
    expect([none.code, badContext.code, badFormat.code]).toEqual([2, 2, 2]);
    expect(badContext.stderr).toMatch(/cannot read context file/);
  });

  it('evaluates @jsonata( … ) against the JSON view', async () => {
    const r = await cli('@jsonata(variables.negotiate.body.accessToken)', '--context', join(dir, 'ctx.json'), '--format', 'json');
    expect(JSON.parse(r.stdout)).toEqual({ type: 'System.String', text: 'tok', value: 'tok' });
  });
});
