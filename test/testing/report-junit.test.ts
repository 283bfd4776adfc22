import { describe, expect, it } from 'vitest';
import { loadTestFile } from '../../src/testing/load.js';
import { runFile } from '../../src/testing/runner.js';
import { formatJunit } from '../../src/testing/report-junit.js';
import { validateJunit } from './junit-schema.js';
import { APP_DOWN, HAPPY, SECTIONS, syntheticTarget } from './synthetic.js';

const YAML = `
policy: chat.xml
cases:
  - name: passes
    expect: { connect: { backendUrl: wss://svc.test/client/ } }
  - name: "fails <with> \\"odd\\" & characters \\u0001"
    expect: { connect: { query: { hub: lobby } } }
  - name: errors
    handshake: { url: "ws://[::1" }
    expect: { connect: {} }
  - name: down
    handshake: { url: /down }
    expect: { respond: { status: 500 } }
`;

describe('JUnit XML', () => {
  it('is valid against the common JUnit schema and counts failures and errors', async () => {
    const target = syntheticTarget(SECTIONS, (input) => (input.url.includes('down') ? APP_DOWN : HAPPY));
    const file = await runFile(loadTestFile('/virtual/chat.test.yaml', YAML), { prepare: async () => target });
    const broken = await runFile(loadTestFile('/virtual/broken.test.yaml', 'policy: x\ncases: 3\n'), { prepare: async () => target });
    const xml = formatJunit([file, broken], { cwd: '/virtual', timestamp: new Date('2026-01-02T03:04:05.678Z'), hostname: 'ci' });

    expect(validateJunit(xml)).toEqual([]);
    expect(xml).toContain('<testsuite package="onhandshake" id="0" name="chat.test.yaml" timestamp="2026-01-02T03:04:05" hostname="ci" tests="4" failures="1" errors="1"');
    expect(xml).toContain('name="fails &lt;with&gt; &quot;odd&quot; &amp; characters \uFFFD"');
    expect(xml).toContain('<failure message="expected &quot;lobby&quot;, got &quot;chat&quot;" type="ExpectationFailed">');
    expect(xml).toContain('policy: policy.xml:61:9 inbound/set-query-parameter[1]');
    expect(xml).toContain('<error message="handshake: ');
    expect(xml).toContain('name="(test file)"');
    expect(xml).toContain('<property name="policy" value="chat.xml"/>');
  });

  it('puts the diagnostics of a policy that did not compile in system-err', async () => {
    const target = { ...syntheticTarget(SECTIONS, () => HAPPY), graph: undefined };
    target.diagnostics = [{ severity: 'error', code: 'OH401', message: 'unknown policy <set-foo> & more', file: '/virtual/policy.xml', line: 3, column: 5 }];
    const file = await runFile(loadTestFile('/virtual/chat.test.yaml', 'policy: p.xml\ncases:\n  - name: a\n'), { prepare: async () => target });
    const xml = formatJunit([file], { cwd: '/virtual' });
    expect(validateJunit(xml)).toEqual([]);
    expect(xml).toContain('<system-err>policy.xml:3:5: error OH401 unknown policy &lt;set-foo&gt; &amp; more</system-err>');
    expect(xml).toContain('<error message="the policy did not compile (1 error(s), the first at /virtual/policy.xml:3:5: OH401 unknown policy &lt;set-foo&gt; &amp; more)" type="CaseError">');
  });

  it('the validator itself rejects what the schema rejects', () => {
    const ok = '<testsuites><testsuite package="p" id="0" name="n" timestamp="2026-01-01T00:00:00" hostname="h" tests="1" failures="0" errors="0" time="0.1"><properties/><testcase name="a" classname="c" time="0"/><system-out/><system-err/></testsuite></testsuites>';
    expect(validateJunit(ok)).toEqual([]);
    expect(validateJunit(ok.replace('<testsuites>', '<testsuites tests="1">'))).toEqual(['testsuites: <testsuites> has no attribute @tests']);
    expect(validateJunit(ok.replace('<properties/>', ''))[0]).toMatch(/children must be properties/);
    expect(validateJunit(ok.replace('2026-01-01T00:00:00', '2026-01-01T00:00:00Z'))[0]).toMatch(/@timestamp/);
    expect(validateJunit(ok.replace(' time="0"/>', '/>'))[0]).toMatch(/<testcase> needs @time/);
    expect(validateJunit(ok.replace('<testcase name="a" classname="c" time="0"/>', '<testcase name="a" classname="c" time="0"><failure message="m">x</failure></testcase>'))[0]).toMatch(/<failure> needs @type/);
    expect(validateJunit(ok.replace('</testsuites>', '')).join()).toMatch(/not well-formed/);
  });
});
