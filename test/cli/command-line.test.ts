/**
 * The command line as tsc, eslint and vitest users expect it, through the spawned CLI: help (`help X` is
 * `X --help`, exit codes listed, --version), one clean line with "did you mean" for a misspelt option,
 * one --format vocabulary with the older names as aliases, --named-value / --named-values on every
 * command that reads a policy, and `check` taking folders and quoted globs as `test` does.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, repositoryRoot } from './run-cli.js';

const COMMANDS = ['serve', 'check', 'trace', 'graph', 'eval', 'policies', 'test', 'token'];
const fixtures = join(repositoryRoot, 'test', 'fixtures');
const POLICY = 'policies/signalr-chat.xml';

describe('help', { timeout: 120_000 }, () => {
  it('`help COMMAND` and `COMMAND --help` print the same text, ending with the exit codes', async () => {
    const runs = await Promise.all(COMMANDS.map(async (c) => [await cli(['help', c]), await cli([c, '--help']), await cli([c, '-h'])] as const));
    runs.forEach(([help, flag, short], i) => {
      expect(help.code, COMMANDS[i]).toBe(0);
      expect(help.stdout, COMMANDS[i]).toMatch(new RegExp(`^usage: onhandshake ${COMMANDS[i]}`));
      expect(flag).toEqual(help);
      expect(short).toEqual(help);
      expect(help.stdout, COMMANDS[i]).toMatch(/\nexit codes:\n(  \d  .+\n)+$/);
      expect(help.stdout, COMMANDS[i]).toContain('  2  usage error');
    });
  });

  it.each(['serve', 'check', 'graph', 'eval', 'policies'])('%s --help: the usage line and the option descriptions name the same options', async (command) => {
    const { stdout } = await cli([command, '--help']);
    const [usage, ...rest] = stdout.split('\n\n');
    const descriptions = rest.join('\n\n').split('\nexit codes:')[0]!;
    const flags = (text: string) => new Set([...text.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]));
    const described = new Set([...descriptions.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!));
    for (const flag of flags(usage!)) expect(flags(descriptions), `${flag} is in the usage line but not described`).toContain(flag);
    for (const flag of described) if (flag !== '--help') expect(flags(usage!), `${flag} is described but not in the usage line`).toContain(flag);
  });

  it('the overview lists every command, -h/--help and -v/--version; -v prints the package version', async () => {
    const [overview, short, long] = await Promise.all([cli(['--help']), cli(['-v']), cli(['--version'])]);
    expect(overview.code).toBe(0);
    for (const c of COMMANDS) expect(overview.stdout).toMatch(new RegExp(`^  ${c} +\\S`, 'm'));
    expect(overview.stdout).toContain('  -v, --version');
    expect(overview.stdout).toContain('  -h, --help');
    const version = (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string }).version;
    expect(short).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(long).toEqual(short);
  });
});

describe('usage errors', { timeout: 120_000 }, () => {
  it.each([
    ['check', [POLICY, '--formt', 'json'], "unknown option '--formt' (did you mean '--format'?)"],
    ['trace', [POLICY, '--heder', 'a: b'], "unknown option '--heder' (did you mean '--header'?)"],
    ['graph', [POLICY, '--named-valeu', 'a=b'], "unknown option '--named-valeu' (did you mean '--named-value'?)"],
    ['serve', ['--polcy', 'p.xml'], "unknown option '--polcy' (did you mean '--policy'?)"],
    ['test', ['--reportr', 'junit'], "unknown option '--reportr' (did you mean '--reporter'?)"],
    ['eval', ['1', '--contxt', 'c.json'], "unknown option '--contxt' (did you mean '--context'?)"],
    ['policies', ['--frmat', 'json'], "unknown option '--frmat' (did you mean '--format'?)"],
    ['token', ['--clam', 'a=1'], "unknown option '--clam' (did you mean '--claim'?)"],
    ['check', [POLICY, '--zzzzzzzz'], "unknown option '--zzzzzzzz'"],
    ['trace', [POLICY, '--named-value', 'no-equals'], "--named-value expects NAME=VALUE, not 'no-equals'"],
    ['check', [POLICY, '--format', 'xml'], "--format must be text or json, not 'xml'"],
    ['graph', [POLICY, '--format'], '--format needs a value'],
  ])('%s %j: one line on stderr, exit 2', async (command, args, message) => {
    const run = await cli([command, ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`onhandshake ${command}: ${message} (see 'onhandshake ${command} --help')\n`);
  });

  it('a misspelt command is one line with "did you mean"', async () => {
    const run = await cli(['chek', POLICY]);
    expect(run).toEqual({ code: 2, stdout: '', stderr: "onhandshake: unknown command 'chek' (did you mean 'check'?) (see 'onhandshake --help')\n" });
  });
});

describe('--format: one vocabulary, the older names as aliases', { timeout: 120_000 }, () => {
  it('check: text (human), json', async () => {
    const file = join(fixtures, 'policy', 'three-faults.xml');
    const [text, human, json] = await Promise.all([cli(['check', file, '--format', 'text']), cli(['check', file, '--format', 'human']), cli(['check', file, '--format', 'json'])]);
    expect(text.code).toBe(1);
    expect(human).toEqual(text);
    expect(text.stdout).toMatch(/\d+ errors?, \d+ warnings? in 1 file\n$/);
    expect(() => JSON.parse(json.stdout) as unknown).not.toThrow();
  });

  it('graph: text (tree), mermaid', async () => {
    const [text, tree, mermaid] = await Promise.all([cli(['graph', POLICY, '--format', 'text']), cli(['graph', POLICY, '--format', 'tree']), cli(['graph', POLICY, '--format', 'mermaid'])]);
    expect(text.code).toBe(0);
    expect(tree).toEqual(text);
    expect(text.stdout).toMatch(/^policy policies\/signalr-chat.xml\n\ninbound\n/);
    expect(mermaid.stdout).toMatch(/^flowchart/);
  });

  it('test: text (console), json, junit (also as --reporter)', async () => {
    const runs = await Promise.all([
      cli(['test', 'policies', '--format', 'text']),
      cli(['test', 'policies', '--reporter', 'console']),
      cli(['test', 'policies', '--format', 'junit']),
      cli(['test', 'policies', '--reporter', 'junit']),
      cli(['test', 'policies', '--format', 'json']),
    ]);
    const [text, console, junit, reporterJunit, json] = runs.map((r) => ({ ...r, stdout: r.stdout.replace(/ \(?(in )?\d+ ms\)?/g, '').replace(/(time|timestamp)="[^"]*"/g, '') }));
    for (const r of runs) expect(r.code).toBe(0);
    expect(console).toEqual(text);
    expect(text.stdout).toMatch(/9 passed/);
    expect(junit.stdout).toMatch(/^<\?xml/);
    expect(reporterJunit).toEqual(junit);
    expect(JSON.parse(json!.stdout)).toHaveLength(1);
  });
});

describe('named values on the command line', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'oh-cli-nv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const policy = join(dir, 'greet.xml');
  writeFileSync(policy, '<policies><inbound><base /><set-header name="X-Greeting" exists-action="override"><value>{{greeting}}</value></set-header></inbound></policies>\n');
  const valuesFile = join(dir, 'values.yaml');
  writeFileSync(valuesFile, 'greeting: from-the-file\n');
  const otherValues = join(dir, 'other.yaml');
  writeFileSync(otherValues, 'other: x\n');

  it('check: --named-value wins over --named-values; a missing one is an error', async () => {
    const [none, file, both] = await Promise.all([
      cli(['check', policy, '--named-values', otherValues]),
      cli(['check', policy, '--named-values', valuesFile]),
      cli(['check', policy, '--named-values', valuesFile, '--named-value', 'greeting=hi']),
    ]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('OH201');
    expect(file.code).toBe(0);
    expect(both.code).toBe(0);
    const only = await cli(['check', join(fixtures, 'policy', 'three-faults.xml'), '--named-value', 'Region=1', '--named-value', 'TenantId=t']);
    expect(only.stdout).not.toContain('OH201');
  });

  it('trace: the header the backend gets comes from --named-value', async () => {
    const [file, both] = await Promise.all([
      cli(['trace', policy, '--named-values', valuesFile, '--format', 'json']),
      cli(['trace', policy, '--named-values', valuesFile, '--named-value', 'greeting=hi', '--format', 'json']),
    ]);
    expect(file.code).toBe(0);
    expect(both.code).toBe(0);
    expect(file.stdout).toContain('from-the-file');
    expect(both.stdout).toContain('"hi"');
    expect(both.stdout).not.toContain('from-the-file');
  });

  it('graph takes them too', async () => {
    const run = await cli(['graph', policy, '--named-value', 'greeting=hi']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('OH202');
  });

  it('test: the command line wins over the test file', async () => {
    writeFileSync(
      join(dir, 'greet.test.yaml'),
      ['policy: greet.xml', 'namedValues:', '  greeting: from-the-test-file', 'cases:', '  - name: greets', '    expect:', '      connect:', '        headers: { X-Greeting: hi }', ''].join('\n'),
    );
    const [own, given, fromFile] = await Promise.all([
      cli(['test', dir]),
      cli(['test', dir, '--named-value', 'greeting=hi']),
      cli(['test', dir, '--named-values', valuesFile]),
    ]);
    expect(own.code).toBe(1);
    expect(given.code).toBe(0);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stdout).toContain('from-the-file');
  });
});

describe('check takes folders and quoted globs, as test does', { timeout: 120_000 }, () => {
  it('a folder: every *.xml below it; a glob: what it matches, paths shown from the working folder', async () => {
    const [folder, glob, one] = await Promise.all([
      cli(['check', 'test/fixtures/policy']),
      cli(['check', 'test/fixtures/policy/**/*.xml']),
      cli(['check', 'test/fixtures/policy/clean.xml']),
    ]);
    const count = (r: { stdout: string }) => Number(/in (\d+) files?\n$/.exec(r.stdout)?.[1]);
    expect(count(one)).toBe(1);
    expect(count(folder)).toBeGreaterThan(4);
    expect(glob).toEqual(folder);
    expect(folder.stdout).toContain('test/fixtures/policy/three-faults.xml:');
    expect(folder.stdout).not.toContain(repositoryRoot);
    const fragmentsOnly = await cli(['check', 'test/fixtures/policy/fragments/*.xml']);
    expect(count(fragmentsOnly)).toBeLessThan(count(folder));
  });

  it('a glob that matches nothing is a usage error', async () => {
    const run = await cli(['check', 'test/fixtures/policy/**/*.nothing']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no file matches 'test/fixtures/policy/**/*.nothing'");
  });
});
