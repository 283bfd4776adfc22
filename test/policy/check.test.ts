import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles, diagnostic, type ExtraPass } from '../../src/policy/index.js';
import { fixturesDir } from './helpers.js';

const threeFaults = join(fixturesDir, 'three-faults.xml');
const includes = join(fixturesDir, 'includes-fragment.xml');
const fragmentsDir = join(fixturesDir, 'fragments');

describe('checkFiles', () => {
  it('runs extra passes on the merged sections of each document read', () => {
    const seen: string[] = [];
    const pass: ExtraPass = (sections, document) => {
      seen.push(`${document.file.split('/').pop()}:${sections.inbound.map((e) => e.name).join(',')}`);
      const first = sections.inbound[0]!;
      return [diagnostic('info', 'OH499', 'from a later stage', first.loc, first.path)];
    };
    const result = checkFiles([threeFaults, join(fixturesDir, 'fragments/set-trace-ids.xml')], { passes: [pass] });
    // <base/> is gone (merged), the fragment's policies are checked as an inbound section.
    expect(seen).toEqual(['three-faults.xml:set-header,set-variable,set-body', 'set-trace-ids.xml:set-variable,choose']);
    // In source order: the pass's finding at the <set-header> comes before the reader's at its name.
    expect(result.files[0]!.diagnostics.map((d) => d.code)).toEqual(['OH499', 'OH503', 'OH202', 'OH501']);
  });

  it('turns a failing pass into a diagnostic instead of a crash', () => {
    const result = checkFiles([threeFaults], {
      passes: [
        () => {
          throw new Error('boom');
        },
      ],
      namedValues: new Map(),
    });
    expect(result.files[0]!.diagnostics.some((d) => d.code === 'OH100' && d.message.includes('boom'))).toBe(true);
  });

  it('groups findings by the file they are in, fragments after the files given', () => {
    const result = checkFiles([includes, threeFaults], { fragmentsDir });
    expect(result.files.map((f) => f.file.split('/').pop())).toEqual(['includes-fragment.xml', 'three-faults.xml', 'holds-base.xml']);
    expect(result.sources.has(join(fragmentsDir, 'holds-base.xml'))).toBe(true);
  });

  it('reports a file that cannot be read', () => {
    const missing = join(fixturesDir, 'no-such-policy.xml');
    expect(checkFiles([missing]).files).toEqual([{ file: missing, diagnostics: [expect.objectContaining({ code: 'OH125', line: 1, column: 1 })] }]);
  });
});
