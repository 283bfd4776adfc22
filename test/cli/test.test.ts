import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testCommand, type TestCommandIo } from '../../src/cli/test.js';
import { validateJunit } from '../testing/junit-schema.js';
import { APP_DOWN, HAPPY, SECTIONS, syntheticTarget } from '../testing/synthetic.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'oh-cli-test-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function run(argv: string[], cwd: string) {
  let out = '';
  let err = '';
  const target = syntheticTarget(SECTIONS, (input) => (input.url.includes('down') ? APP_DOWN : HAPPY));
  const io: TestCommandIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, cwd, prepare: async () => target };
  const code = await testCommand(argv, io);
  return { code, out, err };
}

const PASSING = `policy: p.xml
cases:
  - name: connects
    expect: { connect: { backendUrl: wss://svc.test/client/ } }
`;
const FAILING = `policy: p.xml
cases:
  - name: expects 401
    handshake: { url: /down }
    expect: { respond: { status: 401 } }
`;

describe('onhandshake test', () => {
  it('finds *.test.yaml files in folders and exits 0 when every case passes', async () => {
    const dir = workspace({ 'a/one.test.yaml': PASSING, 'a/b/two.test.yml': PASSING, 'a/notes.yaml': 'x: [' });
    const { code, out } = await run(['a'], dir);
    expect(code).toBe(0);
    expect(out).toContain('a/one.test.yaml\n  ✓ connects');
    expect(out).toContain('a/b/two.test.yml');
    expect(out).toMatch(/2 passed \(2 case\(s\) in 2 file\(s\)\)/);
  });

  it('exits 1 on a failure and shows the diff and the policy line', async () => {
    const dir = workspace({ 'x.test.yaml': FAILING });
    const { code, out } = await run([], dir);
    expect(code).toBe(1);
    expect(out).toContain('✗ expects 401');
    expect(out).toContain('- 401\n');
    expect(out).toContain('+ 500\n');
    expect(out).toContain('run ended at: /virtual/policy.xml:18:9 inbound/send-request[1]');
  });

  it('writes JUnit XML valid against the common schema with --reporter junit -o', async () => {
    const dir = workspace({ 'x.test.yaml': FAILING, 'y.test.yaml': PASSING });
    const { code, out } = await run(['--reporter', 'junit', '-o', 'reports/junit.xml'], dir);
    expect(code).toBe(1);
    expect(out).toContain('1 passed, 1 failed');
    const xml = readFileSync(join(dir, 'reports/junit.xml'), 'utf8');
    expect(validateJunit(xml)).toEqual([]);
    expect(xml).toContain('<failure message="expected 401, got 500" type="ExpectationFailed">');
  });

  it('prints JUnit to stdout without -o, and JSON with --reporter json', async () => {
    const dir = workspace({ 'y.test.yaml': PASSING });
    const junit = await run(['--reporter', 'junit'], dir);
    expect(junit.out.startsWith('<?xml')).toBe(true);
    const json = await run(['--reporter', 'json'], dir);
    expect(JSON.parse(json.out)[0].cases[0]).toMatchObject({ name: 'connects', status: 'pass', decision: { kind: 'connect' } });
  });

  it('--update writes the decision and the next run passes', async () => {
    const dir = workspace({ 'x.test.yaml': FAILING });
    const first = await run(['--update'], dir);
    expect(first.code).toBe(0);
    expect(first.out).toContain('updated x.test.yaml: expects 401');
    expect(readFileSync(join(dir, 'x.test.yaml'), 'utf8')).toContain('status: 500');
    expect((await run([], dir)).code).toBe(0);
  });

  it('--coverage lists the when branch no case took', async () => {
    const dir = workspace({ 'y.test.yaml': PASSING });
    const { out } = await run(['--coverage'], dir);
    expect(out).toContain('/virtual/policy.xml:23:9 <when> inbound/choose[1]/when[1]: branch never taken');
  });

  it('--filter runs matching cases only', async () => {
    const dir = workspace({ 'x.test.yaml': FAILING, 'y.test.yaml': PASSING });
    const { code, out } = await run(['-t', '/^conn/'], dir);
    expect(code).toBe(0);
    expect(out).not.toContain('expects 401');
  });

  it('usage errors exit 2', async () => {
    const dir = workspace({ 'y.test.yaml': PASSING });
    expect((await run(['missing-folder'], dir)).err).toContain('missing-folder: no such file or folder');
    expect((await run(['missing-folder'], dir)).code).toBe(2);
    expect((await run(['--reporter', 'tap'], dir)).code).toBe(2);
    expect((await run(['--concurrency', '0'], dir)).code).toBe(2);
    expect((await run(['--timeout', 'soon'], dir)).code).toBe(2);
    expect((await run(['--bogus'], dir)).code).toBe(2);
    const empty = workspace({ 'readme.md': '' });
    const none = await run([], empty);
    expect([none.code, none.err]).toEqual([2, expect.stringContaining('no *.test.yaml files')]);
  });

  it('a broken test file fails the run with its location', async () => {
    const dir = workspace({ 'z.test.yaml': 'policy: p.xml\ncases:\n  - name: a\n    expect: { respond: { statuss: 1 } }\n' });
    const { code, out } = await run([], dir);
    expect(code).toBe(1);
    expect(out).toContain("z.test.yaml:4:26: cases[0].expect.respond.statuss: unknown key 'statuss'");
  });
});
