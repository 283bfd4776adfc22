import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTestFile } from '../../src/testing/load.js';
import { runFile } from '../../src/testing/runner.js';
import { updateFiles } from '../../src/testing/update.js';
import { APP_DOWN, HAPPY, SECTIONS, syntheticTarget } from './synthetic.js';
import { resolve } from 'node:path';
import { prepareTarget } from '../../src/testing/prepare.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function runAndUpdate(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'oh-update-'));
  dirs.push(dir);
  const file = join(dir, 'chat.test.yaml');
  writeFileSync(file, yaml);
  const target = syntheticTarget(SECTIONS, (input) => (input.url.includes('down') ? APP_DOWN : HAPPY));
  const prepare = async () => target;
  const before = await runFile(loadTestFile(file), { prepare });
  const summaries = updateFiles([before]);
  const after = await runFile(loadTestFile(file), { prepare });
  return { text: readFileSync(file, 'utf8'), summaries, after };
}

describe('--update', () => {
  it('records the decision of cases without expectations, keeping comments and order', async () => {
    const { text, summaries, after } = await runAndUpdate(`# Chat policy tests
policy: chat.xml # the policy
cases:
  # first the happy path
  - name: happy
    handshake: { url: /chat, headers: { X-Keep: 1 } }
  - name: down # the web app is down
    handshake: { url: /down }
`);
    expect(summaries[0]!.updated).toEqual(['happy', 'down']);
    expect(after.cases.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect(text).toContain('# Chat policy tests\npolicy: chat.xml # the policy\ncases:\n  # first the happy path\n  - name: happy');
    expect(text).toContain('- name: down # the web app is down');
    expect(text).toMatch(/expect:\n\s+connect:\n\s+backendUrl: wss:\/\/svc.test\/client\/\n\s+query:\n\s+hub: chat\n\s+asrs_request_id: a\+b\n\s+headers:\n\s+X-Added: yes/);
    expect(text).toMatch(/respond:\n\s+status: 500/);
    expect(text).toMatch(/lastError:\n\s+source: send-request\n\s+reason: BackendConnectionFailure/);
  });

  it('rewrites only the failing values and keeps passing patterns', async () => {
    const { text, after } = await runAndUpdate(`policy: chat.xml
cases:
  - name: happy
    expect:
      connect:
        backendUrl: /^wss:/   # stays a regex
        query:
          hub: lobby          # wrong
`);
    expect(after.cases[0]!.status).toBe('pass');
    // Only the wrong value changed: the comments keep their columns.
    expect(text).toContain('backendUrl: /^wss:/   # stays a regex');
    expect(text).toContain('hub: chat          # wrong');
  });

  it('replaces a decision of the wrong kind and leaves unfixable expectations alone', async () => {
    const { text, summaries, after } = await runAndUpdate(`policy: chat.xml
cases:
  - name: down
    handshake: { url: /down }
    expect:
      connect: { backendUrl: wss://x/ }
      steps: [set-variable]
`);
    expect(text).not.toContain('connect:');
    expect(text).toMatch(/respond:\n\s+status: 500/);
    expect(summaries[0]!.skipped.map((s) => s.message)).toEqual(["expected step 'set-variable' to run; it did not"]);
    expect(after.cases[0]!.failures.map((f) => f.key)).toEqual([['steps', 0]]);
  });

  it('records the SignalR chat policy happy path and rewrites a wrong status, through the real engine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oh-update-'));
    dirs.push(dir);
    const file = join(dir, 'chat.test.yaml');
    let text = readFileSync('policies/signalr-chat.test.yaml', 'utf8').replace(/^policy: signalr-chat\.xml$/m, `policy: ${resolve('policies/signalr-chat.xml')}`);
    text = text.slice(0, text.indexOf('  - name: happy path\n')) + '  - name: happy path # to record\n' + text.slice(text.indexOf('  - name: web app down'));
    text = text.replace('      respond:\n        status: 401\n', '      respond:\n        status: 404 # wrong\n');
    writeFileSync(file, text);
    const before = await runFile(loadTestFile(file), { prepare: prepareTarget });
    expect(before.cases.filter((c) => c.status !== 'pass').map((c) => c.name)).toEqual(['happy path', 'service refuses the token with 401']);
    updateFiles([before]);
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('# yaml-language-server: $schema=../schemas/policy-test.schema.json');
    expect(written).toContain('status: 401 # wrong');
    expect(written).toMatch(/- name: happy path # to record\n    expect:\n      connect:\n        backendUrl: wss:\/\/contoso.service.signalr.net\/client\/\n        query:\n          negotiateVersion: "1"\n          hub: chat\n/);
    const after = await runFile(loadTestFile(file), { prepare: prepareTarget });
    expect(after.cases.every((c) => c.status === 'pass')).toBe(true);
  });
});
