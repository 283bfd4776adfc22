import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, projectRoot } from '../policy/helpers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a user would. */
function check(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ONHANDSHAKE_NV_')));
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'src/cli/main.ts', 'check', ...args],
      { cwd: projectRoot, env: { ...cleanEnv, ...env, NO_COLOR: '1' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const threeFaults = join(fixturesDir, 'three-faults.xml');
const namedValues = join(fixturesDir, 'named-values.json');
const source = readFileSync(threeFaults, 'utf8').split('\n');
/** 1-based line and column of `needle` in the three-faults policy. */
function at(needle: string): [number, number] {
  const line = source.findIndex((l) => l.includes(needle));
  return [line + 1, source[line]!.indexOf(needle) + 1];
}

const expected = [
  { code: 'OH503', severity: 'error', place: at('Host"'), path: 'policies/inbound/set-header[1]' },
  { code: 'OH201', severity: 'error', place: at('{{Region}}'), path: 'policies/inbound/set-variable[1]' },
  { code: 'OH501', severity: 'error', place: at('<set-body>'), path: 'policies/inbound/set-body[1]' },
];

describe('onhandshake check', { timeout: 90_000 }, () => {
  it('prints three located diagnostics for a policy with three faults and exits 1', async () => {
    const run = await check([threeFaults, '--named-values', namedValues]);
    expect(run.code).toBe(1);
    const headers = run.stdout.split('\n').filter((l) => /: (error|warning|info) OH\d{3}:/.test(l));
    expect(headers).toHaveLength(3);
    expected.forEach((e, i) => {
      expect(headers[i]).toContain(`${threeFaults}:${e.place[0]}:${e.place[1]}: ${e.severity} ${e.code}: `);
    });
    expect(run.stdout).toContain(' 4 |         <set-header name="Host" exists-action="override">');
    expect(run.stdout).toContain('at policies/inbound/set-header[1]');
    expect(run.stdout).toContain('3 errors, 0 warnings in 1 file');
    expect(run.stdout).not.toContain('\x1b[');
  });

  it('prints the same diagnostics as JSON with --format json', async () => {
    const run = await check([threeFaults, '--named-values', namedValues, '--format', 'json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { files: { file: string; diagnostics: Record<string, unknown>[] }[] };
    expect(json.files).toHaveLength(1);
    expect(json.files[0]!.file).toBe(threeFaults);
    expect(json.files[0]!.diagnostics).toEqual(
      expected.map((e) => ({
        severity: e.severity,
        code: e.code,
        message: expect.any(String),
        line: e.place[0],
        column: e.place[1],
        path: e.path,
      })),
    );
  });

  it('exits 0 on a clean policy, taking named values from the environment', async () => {
    const run = await check([join(fixturesDir, 'clean.xml')], {
      'ONHANDSHAKE_NV_TenantId': 'contoso',
      ONHANDSHAKE_NV_backend__url: 'wss://b.example.test/',
    });
    expect(run.stdout).toBe('0 errors, 0 warnings in 1 file\n');
    expect(run.code).toBe(0);
  });

  it('without named values, warns once and reports findings in fragment files too', async () => {
    const run = await check(
      [join(fixturesDir, 'clean.xml'), join(fixturesDir, 'includes-fragment.xml'), '--fragments', join(fixturesDir, 'fragments'), '--format', 'json'],
    );
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { files: { file: string; diagnostics: { code: string }[] }[] };
    expect(json.files.map((f) => [f.file.split('/').pop(), f.diagnostics.map((d) => d.code)])).toEqual([
      ['clean.xml', ['OH202']],
      ['includes-fragment.xml', []],
      ['holds-base.xml', ['OH213']],
    ]);
  });

  it('exits 2 on usage errors', async () => {
    const runs = await Promise.all([check([]), check([threeFaults, '--format', 'xml']), check([threeFaults, '--frobnicate'])]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      // One line naming the command and where its help is.
      expect(run.stderr).toMatch(/^onhandshake check: .* \(see 'onhandshake check --help'\)\n$/);
    }
    expect(runs[2]!.stderr).toContain("unknown option '--frobnicate'");
  });
});
