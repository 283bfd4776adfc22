/** Coverage on the real SignalR chat policy: with the happy path alone, both `when`s are reported by line. */
import { describe, expect, it } from 'vitest';
import { computeCoverage, formatCoverage } from '../../src/testing/coverage.js';
import { prepareTarget } from '../../src/testing/prepare.js';
import { runFiles } from '../../src/testing/runner.js';

describe('coverage of policies/signalr-chat.xml', () => {
  it('marks the when branches no case took, by file and line', async () => {
    const only = await runFiles(['policies/signalr-chat.test.yaml'], { prepare: prepareTarget, filter: 'happy path' });
    const text = formatCoverage(computeCoverage(only), process.cwd());
    expect(text).toContain('policies/signalr-chat.xml: steps 18/20, branches 0/2, fall-through 2/2');
    expect(text).toContain('policies/signalr-chat.xml:23:13 <when> inbound/choose[1]/when[1]: branch never taken');
    expect(text).toContain('policies/signalr-chat.xml:24:17 <return-response> inbound/choose[1]/when[1]/return-response[1]: step never ran');
    expect(text).toContain('policies/signalr-chat.xml:49:13 <when> inbound/choose[2]/when[1]: branch never taken');

    const all = await runFiles(['policies/signalr-chat.test.yaml'], { prepare: prepareTarget });
    expect(formatCoverage(computeCoverage(all), process.cwd())).toBe('coverage:\n  policies/signalr-chat.xml: steps 20/20, branches 2/2, fall-through 2/2\n');
  });
});
