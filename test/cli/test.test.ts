import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { testCommand, type TestCommandIo } from '../../src/cli/test.js';
import { validateJunit } from '../testing/junit-schema.js';
import { projectRoot } from '../policy/helpers.js';
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

/** `onhandshake test ARGS` as a user runs it (the real engine, no synthetic target), in `cwd`. */
function spawnTest(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      // tsx by its path: the test folder has no node_modules to resolve it from.
      ['--import', pathToFileURL(join(projectRoot, 'node_modules/tsx/dist/loader.mjs')).href, join(projectRoot, 'src/cli/main.ts'), 'test', ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
      (error, out, err) => resolvePromise({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err }),
    );
  });
}

/** An HS256 token for audience `chat` that expires at 2026-01-01T01:00:00Z, and its key (base64). */
function signedToken(): { token: string; key: string } {
  const key = Buffer.from('0123456789abcdef0123456789abcdef');
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'alice', aud: 'chat', exp: Date.parse('2026-01-01T01:00:00Z') / 1000 })}`;
  return { token: `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`, key: key.toString('base64') };
}

describe('onhandshake test, spawned', { timeout: 120_000 }, () => {
  const { token, key } = signedToken();
  const policy = `<policies>
  <inbound>
    <validate-jwt header-name="Authorization" require-scheme="Bearer" failed-validation-httpcode="401">
      <issuer-signing-keys><key>${key}</key></issuer-signing-keys>
      <audiences><audience>chat</audience></audiences>
    </validate-jwt>
    <set-variable name="now" value="@(DateTime.UtcNow.ToString(&quot;o&quot;))" />
    <set-variable name="stamp" value="@(context.Timestamp.ToString(&quot;o&quot;))" />
    <rate-limit-by-key calls="1" renewal-period="60" counter-key="@(context.Request.IpAddress)" remaining-calls-variable-name="left" />
    <set-backend-service base-url="wss://svc.test/" />
  </inbound>
</policies>
`;

  it('now: fixes the clock for validate-jwt, DateTime.UtcNow and context.Timestamp; without it the token has expired', async () => {
    const dir = workspace({
      'p.xml': policy,
      'p.test.yaml': `policy: p.xml
defaults:
  handshake: { headers: { Authorization: "Bearer ${token}" } }
cases:
  - name: a fixed clock keeps the token valid
    now: 2026-01-01T00:00:00Z
    expect:
      connect: { backendUrl: wss://svc.test/ }
      variables: { now: "2026-01-01T00:00:00.0000000Z", stamp: "2026-01-01T00:00:00.0000000Z", left: 0 }
  - name: the real clock is past its expiry
    expect:
      respond: { status: 401 }
      lastError: { reason: TokenExpired }
`,
    });
    const { code, out } = await spawnTest(['p.test.yaml'], dir);
    expect(out).toContain('2 passed');
    expect(code).toBe(0);
  });

  it('defaults.now serves every case, a case\'s own now wins, and a malformed now is located', async () => {
    const dir = workspace({
      'p.xml': policy,
      'p.test.yaml': `policy: p.xml
defaults:
  now: 2026-01-01T00:30:00+00:00
  handshake: { headers: { Authorization: "Bearer ${token}" } }
cases:
  - name: from the defaults
    expect: { variables: { now: "2026-01-01T00:30:00.0000000Z" } }
  - name: its own, after the expiry
    now: 2026-01-01T02:00:00Z
    expect: { respond: { status: 401 } }
`,
      'bad.test.yaml': `policy: p.xml
cases:
  - name: not a time
    now: next tuesday
`,
    });
    const good = await spawnTest(['p.test.yaml'], dir);
    expect(good.out).toContain('2 passed');
    expect(good.code).toBe(0);
    const bad = await spawnTest(['bad.test.yaml'], dir);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("bad.test.yaml:4:5: cases[0].now: expected a date and time with its zone, such as 2026-01-01T00:00:00Z, not 'next tuesday'");
  });

  it('null in a case unsets a default query parameter, a default header and a built-in header', async () => {
    const dir = workspace({
      'p.xml': '<policies><inbound><set-backend-service base-url="wss://svc.test/" /></inbound></policies>\n',
      'p.test.yaml': `policy: p.xml
defaults:
  handshake:
    query: { hub: chat, x: "1" }
    headers: { X-Tenant: contoso }
cases:
  - name: defaults apply
    expect:
      connect: { query: { hub: chat, x: "1" }, headers: { X-Tenant: contoso, Sec-WebSocket-Key: /./ } }
  - name: unset
    handshake: { query: { x: null }, headers: { X-Tenant: null, Sec-WebSocket-Key: null } }
    expect:
      connect: { query: { hub: chat, x: null }, headers: { X-Tenant: null, Sec-WebSocket-Key: null } }
`,
    });
    const { code, out } = await spawnTest(['p.test.yaml'], dir);
    expect(out).toContain('2 passed');
    expect(code).toBe(0);
  });
});

describe('onhandshake test --update, spawned', { timeout: 120_000 }, () => {
  it('rewrites only the values that changed and leaves every other line byte for byte', async () => {
    const policy = `<policies>
  <inbound>
    <choose>
      <when condition="@(context.Request.Headers.GetValueOrDefault(&quot;X-Deny&quot;, &quot;&quot;) == &quot;1&quot;)">
        <return-response><set-status code="401" reason="Unauthorized" /></return-response>
      </when>
    </choose>
    <set-header name="X-Added" exists-action="override"><value>yes</value></set-header>
    <set-query-parameter name="hub" exists-action="override"><value>chat</value></set-query-parameter>
    <set-backend-service base-url="wss://svc.test/client/" />
  </inbound>
</policies>
`;
    const before = `# Tests of p.xml
policy: p.xml
defaults:
  handshake: { url: /chat, headers: { 'X-Long': "a long value that stays exactly as written, quoting and all, however long the line grows: 0123456789 0123456789 0123456789" } }

cases:
  - name: a wrong value in a flow map   # this comment stays
    expect:
      connect: { backendUrl: 'wss://svc.test/client/', query: { hub: 'lobby' }, headers: { X-Added: "yes" } }

  - name: a wrong value in a block
    expect:
      connect:
        backendUrl: "wss://other.test/"     # wrong host
        query:
          hub: chat
  - name: no expectation yet
    handshake: { headers: { X-Deny: "1" } }   # refused
  - name: a decision of the wrong kind
    handshake: { headers: { X-Deny: "1" } }
    expect:
      connect: { backendUrl: wss://svc.test/client/ }
      lastError: null
  - name: passing, untouched
    expect: { connect: { backendUrl: "wss://svc.test/client/" } }
`;
    const dir = workspace({ 'p.xml': policy, 'p.test.yaml': before });
    const update = await spawnTest(['--update', 'p.test.yaml'], dir);
    expect(update.out).toContain('updated p.test.yaml: a wrong value in a flow map, a wrong value in a block, no expectation yet, a decision of the wrong kind');
    const after = readFileSync(join(dir, 'p.test.yaml'), 'utf8');
    expect(after).toBe(
      before
        .replace("query: { hub: 'lobby' }", "query: { hub: 'chat' }")
        .replace('backendUrl: "wss://other.test/"     # wrong host', 'backendUrl: "wss://svc.test/client/"     # wrong host')
        .replace('   # refused\n', '   # refused\n    expect:\n      respond:\n        status: 401\n')
        .replace('      connect: { backendUrl: wss://svc.test/client/ }\n      lastError', '      respond:\n        status: 401\n      lastError'),
    );
    const rerun = await spawnTest(['p.test.yaml'], dir);
    expect(rerun.out).toContain('5 passed');
    expect(rerun.code).toBe(0);
  });
});
