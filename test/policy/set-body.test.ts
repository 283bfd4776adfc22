/**
 * `<set-body>` holding markup, through the real CLI: APIM takes the inner XML as the body's text, so a
 * Liquid template writing XML is the Liquid finding (OH408), never "<message3> is not allowed" (OH406),
 * and an XML body is answered as written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from './cli.js';
import { corpusDir, describeWithCorpus } from '../corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'onhandshake-set-body-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWithCorpus('set-body holding markup in the corpus, through the CLI', () => {
  it('a Liquid template writing XML (the corpus example) is OH408, not OH406', { timeout: 120_000 }, async () => {
    const file = join(corpusDir!, 'examples/Extracting multiple values from xml documents.policy.xml');
    const run = await spawnCli(['check', '--format', 'json', file]);
    const codes = (JSON.parse(run.stdout).files[0].diagnostics as { code: string; line: number; column: number }[]).filter((d) => d.code !== 'OH202');
    expect(codes).toEqual([expect.objectContaining({ code: 'OH408', line: 68, column: 33 })]);
  });
});

describe('set-body holding markup, through the CLI', { timeout: 120_000 }, () => {
  it('an XML body in return-response is answered as written', async () => {
    const file = join(dir, 'xml-body.xml');
    writeFileSync(
      file,
      '<policies><inbound>\n<return-response>\n<set-status code="403" reason="Forbidden"/>\n<set-body><error code="denied">no &amp; never</error></set-body>\n</return-response>\n</inbound></policies>\n',
    );
    const run = await spawnCli(['trace', '--format', 'json', file]);
    expect(run.stderr).toBe('');
    const trace = JSON.parse(run.stdout) as { decision: unknown };
    expect(trace.decision).toMatchObject({ kind: 'respond', statusCode: 403, body: '<error code="denied">no &amp; never</error>' });
  });
});
