/**
 * An unknown member gets "did you mean" as an unknown element does, through `onhandshake check`: the
 * nearest member name of the type (instance or static, along its base chain), or no hint when none is close.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../policy/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'onhandshake-members-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('unknown members', () => {
  it('suggest the nearest member of the type', { timeout: 120_000 }, async () => {
    const file = join(dir, 'members.xml');
    writeFileSync(
      file,
      [
        '<policies><inbound>',
        '<set-variable name="a" value="@(context.Request.Headers.GetValueOrDefualt(&quot;x&quot;, &quot;&quot;))" />',
        '<set-variable name="b" value="@(context.Request.Url.Pth)" />',
        '<set-variable name="c" value="@(DateTime.UtcNw.ToString())" />',
        '<set-variable name="d" value="@(&quot;abc&quot;.ToUpperr())" />',
        '<set-variable name="e" value="@(&quot;abc&quot;.Frobnicate())" />',
        '</inbound></policies>',
      ].join('\n'),
    );
    const run = await spawnCli(['check', '--format', 'json', file]);
    const found = (JSON.parse(run.stdout).files[0].diagnostics as { code: string; line: number; message: string }[]).map((d) => `${d.line} ${d.code} ${d.message}`);
    expect(found).toEqual([
      "2 OH301 'HeaderDictionary' does not contain a supported member 'GetValueOrDefualt'; did you mean 'GetValueOrDefault'?",
      "3 OH301 'IUrl' does not contain a supported member 'Pth'; did you mean 'Path'?",
      "4 OH301 'DateTime' does not contain a supported member 'UtcNw'; did you mean 'UtcNow'?",
      "5 OH301 'string' does not contain a supported member 'ToUpperr'; did you mean 'ToUpper'?",
      "6 OH301 'string' does not contain a supported member 'Frobnicate'",
    ]);
  });
});
