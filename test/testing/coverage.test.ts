import { describe, expect, it } from 'vitest';
import { computeCoverage, formatCoverage } from '../../src/testing/coverage.js';
import { loadTestFile } from '../../src/testing/load.js';
import { runFile } from '../../src/testing/runner.js';
import { APP_DOWN, HAPPY, SECTIONS, respond, syntheticTarget } from './synthetic.js';

const EARLY_RETURN = {
  decision: respond(403, 'Forbidden', ''),
  ran: ['inbound/send-request[1]', 'inbound/choose[1]', 'inbound/choose[1]/when[1]/return-response[1]'],
};

async function coverageOf(urls: string[]) {
  const yaml = `policy: p.xml\ncases:\n${urls.map((u, i) => `  - name: c${i}\n    handshake: { url: "${u}" }\n    expect: {}\n`).join('')}`;
  const target = syntheticTarget(SECTIONS, (input) => (input.url.includes('down') ? APP_DOWN : input.url.includes('early') ? EARLY_RETURN : HAPPY));
  const result = await runFile(loadTestFile('/virtual/p.test.yaml', yaml), { prepare: async () => target });
  return computeCoverage([result]);
}

describe('coverage', () => {
  it('marks the when branch no case took, by policy file and line', async () => {
    const coverage = await coverageOf(['/chat', '/down']);
    expect(coverage).toHaveLength(1);
    const missing = coverage[0]!.items.filter((i) => !i.covered).map((i) => `${i.line} ${i.kind} ${i.path}`);
    expect(missing).toEqual(['23 branch inbound/choose[1]/when[1]', '24 step inbound/choose[1]/when[1]/return-response[1]']);
    const text = formatCoverage(coverage, '/virtual');
    expect(text).toContain('policy.xml: steps 5/6, branches 0/1, fall-through 1/1');
    expect(text).toContain('policy.xml:23:9 <when> inbound/choose[1]/when[1]: branch never taken');
  });

  it('counts a branch taken in any case, and reports a choose no case fell through', async () => {
    const coverage = await coverageOf(['/early']);
    const items = coverage[0]!.items;
    expect(items.find((i) => i.kind === 'branch')!.covered).toBe(true);
    expect(items.find((i) => i.kind === 'fall-through')).toMatchObject({ line: 22, covered: false });
    expect(formatCoverage(coverage, '/virtual')).toContain('policy.xml:22:9 <choose> inbound/choose[1]: no case took none of its branches');
  });
});
