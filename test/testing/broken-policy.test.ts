/**
 * The shipped SignalR chat tests against a deliberately broken copy of the policy
 * (test/fixtures/testing/signalr-chat-broken.xml: line 49 returns only 5xx negotiate answers, line 74
 * sends the connection id as `id`): exactly the cases those bugs affect fail, and the report points at
 * the broken lines.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadTestFile } from '../../src/testing/load.js';
import { prepareTarget } from '../../src/testing/prepare.js';
import { runFile } from '../../src/testing/runner.js';
import { formatConsoleReport } from '../../src/testing/report-console.js';

describe('a broken copy of the SignalR chat policy', () => {
  it('fails the right cases with a diff pointing at the policy lines', async () => {
    const shipped = readFileSync('policies/signalr-chat.test.yaml', 'utf8');
    const text = shipped.replace(/^policy: signalr-chat\.xml$/m, 'policy: signalr-chat-broken.xml');
    expect(text).not.toBe(shipped);
    const file = resolve('test/fixtures/testing/signalr-chat-broken.test.yaml');
    const result = await runFile(loadTestFile(file, text), { prepare: prepareTarget });
    expect(result.problems).toEqual([]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    const failing = result.cases.filter((c) => c.status !== 'pass').map((c) => c.name);
    expect(failing).toEqual(['happy path', 'service refuses the token with 401']);

    const report = formatConsoleReport([result], { cwd: process.cwd() });
    const happy = report.slice(report.indexOf('✗ happy path'), report.indexOf('✓ web app down'));
    expect(happy).toContain('expect.connect.query.id  test/fixtures/testing/signalr-chat-broken.test.yaml:');
    expect(happy).toContain('- "T0ken-1"');
    expect(happy).toContain('+ "C0nnId-1"');
    expect(happy).toContain('policy: test/fixtures/testing/signalr-chat-broken.xml:73:9 inbound/set-query-parameter[5]');

    const refused = report.slice(report.indexOf('✗ service refuses the token with 401'));
    expect(refused).toContain('expect.respond.status');
    expect(refused).toContain('- 401');
    expect(refused).toContain('+ 500');
    // The return-response that should have answered sits in the when whose condition (line 49) was false.
    expect(refused).toContain('policy: test/fixtures/testing/signalr-chat-broken.xml:49:13 inbound/choose[2]/when[1] (branch not taken)');
  });
});
