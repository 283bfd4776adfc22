/**
 * The reader's limits (src/policy/limits.ts): huge inputs end in one located diagnostic, not in an
 * internal error, a stall or a heap exhausted. The files go through the real CLI (`onhandshake check`)
 * with its heap capped far below what reading them whole would take (the 200,000-element file alone
 * used to take half a gigabyte and end in "Maximum call stack size exceeded").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPolicyText } from '../../src/policy/index.js';
import { READER_LIMITS } from '../../src/policy/limits.js';
import { spawnCli } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'onhandshake-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Finding {
  code: string;
  message: string;
  line: number;
  column: number;
}

/** `onhandshake check --format json` on `files`, with the heap capped at `heapMb`. */
async function checkCapped(files: string[], heapMb: number): Promise<{ code: number; byFile: Map<string, Finding[]>; stderr: string }> {
  const { code, stdout, stderr } = await spawnCli(['check', '--format', 'json', ...files], heapMb);
  const byFile = new Map<string, Finding[]>();
  if (stdout.trim()) for (const f of JSON.parse(stdout).files as { file: string; diagnostics: Finding[] }[]) byFile.set(f.file, f.diagnostics);
  return { code, byFile, stderr };
}

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const attributes = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `a${from + i}="1"`).join(' ');

describe('reader limits, through the CLI with a 96 MB heap', () => {
  it('a 50 MB policy, 1M attributes, 200k elements and 100k-deep nesting each get one located diagnostic', { timeout: 180_000 }, async () => {
    const statement = `    <set-variable name="v" value="@(context.Request.Headers.GetValueOrDefault(&quot;h&quot;, &quot;&quot;) + &quot;${'x'.repeat(60)}&quot;)" />\n`;
    const fiftyMb = write('fifty-mb.xml', `<policies>\n  <inbound>\n${statement.repeat(Math.ceil((50 * 1024 * 1024) / statement.length))}  </inbound>\n</policies>\n`);
    const millionAttributes = write('million-attributes.xml', `<policies><inbound><x ${attributes(1_000_000)}/></inbound></policies>`);
    // 800 KB: well inside the size limit, so the element count is what stops it.
    const manyElements = write('many-elements.xml', `<policies>\n<inbound>\n${'<x/>'.repeat(200_000)}\n</inbound>\n</policies>`);
    const deep = write('deep.xml', `<policies>\n${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}\n</policies>`);
    const wideElement = write('wide-element.xml', `<policies>\n<inbound>\n<x ${attributes(300)}/>\n</inbound>\n</policies>`);
    // 1,001 lines of 100 attributes: the 100,001st attribute is the first of the last line.
    const manyAttributes = write('many-attributes.xml', `<policies>\n${`<x ${attributes(100)}/>\n`.repeat(1001)}</policies>`);

    const run = await checkCapped([fiftyMb, millionAttributes, manyElements, deep, wideElement, manyAttributes], 96);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const only = (file: string) => {
      const found = run.byFile.get(file)!;
      expect(found, file).toHaveLength(1);
      return found[0]!;
    };

    expect(only(fiftyMb)).toMatchObject({ code: 'OH126', line: 1, column: 1 });
    expect(only(fiftyMb).message).toContain('the file is 50.0 MiB, more than the reader\'s limit of 4.0 MiB (APIM itself accepts policy documents up to 512 KiB)');
    // A million attributes cannot fit in 4 MiB: the size check refuses the file before it is read.
    expect(only(millionAttributes)).toMatchObject({ code: 'OH126', line: 1, column: 1 });
    expect(only(millionAttributes).message).toContain('11.3 MiB');

    expect(only(manyElements)).toMatchObject({ code: 'OH127', line: 3, column: 4 * 99_998 + 1 });
    expect(only(manyElements).message).toContain('more than 100,000 elements and CDATA sections in one file');
    // <policies> is element 1, <inbound> 2: the 99,999th <x/> is number 100,001.
    expect(only(manyElements).message).toContain('number 100,001');

    expect(only(deep)).toMatchObject({ code: 'OH124', line: 2, column: 3 * 199 + 1 });
    expect(only(wideElement)).toMatchObject({ code: 'OH128', line: 3, column: `<x ${attributes(256)} `.length + 1 });
    expect(only(wideElement).message).toBe('<x> has more than 256 attributes (the reader\'s limit)');
    expect(only(manyAttributes)).toMatchObject({ code: 'OH128', line: 1002, column: 4 });
    expect(only(manyAttributes).message).toContain('more than 100,000 attributes in one file');
  });

  it('a policy just inside the limits gets all its 150,000 findings, from check and from trace', { timeout: 180_000 }, async () => {
    // 49,990 <set-header> with two unknown attributes and no name: three findings each. A spread of that many
    // findings overflowed the call stack (OH100 / internal error) and counting errors per element was quadratic.
    const file = write('many-findings.xml', `<policies>\n<inbound>\n${'<set-header a="1" b="1"/>\n'.repeat(49_990)}</inbound>\n</policies>\n`);
    const run = await checkCapped([file], 1024);
    expect(run.stderr).toBe('');
    const found = run.byFile.get(file)!;
    expect(found.filter((d) => d.code === 'OH100')).toEqual([]);
    expect(found.filter((d) => d.code === 'OH402')).toHaveLength(2 * 49_990);
    expect(found.filter((d) => d.code === 'OH403')).toHaveLength(49_990);

    const trace = await spawnCli(['trace', file]);
    expect(trace.stderr).not.toContain('internal error');
    expect(trace.stderr).toContain('at policies/inbound/set-header[49990]');
    expect(trace.code).toBe(1);
  });
});

describe('reader limits on text given directly (the console hands edited text to the reader)', () => {
  it('refuses text over the size limit before reading it', () => {
    const result = readPolicyText(`<policies>${' '.repeat(READER_LIMITS.fileBytes)}</policies>`, 'edited.xml');
    expect(result.document).toBeUndefined();
    expect(result.diagnostics).toMatchObject([{ code: 'OH126', line: 1, column: 1 }]);
    expect(result.diagnostics[0]!.message).toContain('the file is 4.0 MiB, more than the reader\'s limit of 4.0 MiB');
  });

  it('counts the size in UTF-8 bytes, as on disk', () => {
    // 1.5 Mi characters of 3 bytes each are 4.5 MiB.
    const result = readPolicyText(`<policies><inbound><set-body>${'€'.repeat(1.5 * 1024 * 1024)}</set-body></inbound></policies>`, 'euro.xml');
    expect(result.diagnostics).toMatchObject([{ code: 'OH126' }]);
    expect(result.diagnostics[0]!.message).toContain('4.5 MiB');
  });

  it('counts CDATA sections as nodes', () => {
    const result = readPolicyText(`<policies><inbound><set-body>${'<![CDATA[x]]>'.repeat(100_000)}</set-body></inbound></policies>`, 'cdata.xml');
    expect(result.diagnostics).toMatchObject([{ code: 'OH127', line: 1, column: 30 + 13 * (100_000 - 3) }]);
    expect(result.diagnostics[0]!.message).toContain('this CDATA section is number 100,001');
  });
});
