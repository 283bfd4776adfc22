import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/policy/index.js';
import { projectRoot } from './helpers.js';

const sourceDir = join(projectRoot, 'src/policy');
const emitted = new Set(
  readdirSync(sourceDir)
    .filter((f) => f.endsWith('.ts') && f !== 'codes.ts')
    .flatMap((f) => [...readFileSync(join(sourceDir, f), 'utf8').matchAll(/'(OH\d{3})'/g)].map((m) => m[1]!)),
);
const documented = new Map(
  [...readFileSync(join(projectRoot, 'docs/diagnostics.md'), 'utf8').matchAll(/^\| (OH\d{3}) \| (error|warning|info) \|/gm)].map((m) => [m[1]!, m[2]!]),
);

/** Every OH code written as a literal anywhere in src/, by stage folder. */
function emittedUnder(folder: string): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/'(OH\d{3})'/g)) out.add(m[1]!);
    }
  };
  walk(join(projectRoot, folder));
  return out;
}

describe('diagnostic codes', () => {
  it('docs/diagnostics.md documents exactly the codes the whole engine emits', () => {
    const all = new Set<string>();
    for (const folder of ['src/policy', 'src/expressions', 'src/graph', 'src/steps', 'src/access', 'src/config', 'src/testing', 'src/gateway']) {
      for (const code of emittedUnder(folder)) all.add(code);
    }
    all.delete('OH100'); // the reader's internal-error code is emitted through a constant
    const documentedAll = new Set([...documented.keys()].filter((c) => c !== 'OH100'));
    expect([...documentedAll].sort()).toEqual([...all].sort());
  });

  it('every code the reader emits is in the table', () => {
    for (const code of emitted) expect(Object.keys(DIAGNOSTIC_CODES), code).toContain(code);
  });

  it('every code in the table is emitted somewhere', () => {
    for (const code of Object.keys(DIAGNOSTIC_CODES)) expect([...emitted], code).toContain(code);
  });

  it('docs/diagnostics.md documents every reader code', () => {
    for (const code of Object.keys(DIAGNOSTIC_CODES)) expect([...documented.keys()], code).toContain(code);
  });

  it('stay in the reader ranges (OH1xx, OH2xx, OH5xx)', () => {
    for (const code of Object.keys(DIAGNOSTIC_CODES)) expect(code).toMatch(/^OH[125]\d\d$/);
  });
});
