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

describe('diagnostic codes', () => {
  it('every code the reader emits is in the table', () => {
    for (const code of emitted) expect(Object.keys(DIAGNOSTIC_CODES), code).toContain(code);
  });

  it('every code in the table is emitted somewhere', () => {
    for (const code of Object.keys(DIAGNOSTIC_CODES)) expect([...emitted], code).toContain(code);
  });

  it('docs/diagnostics.md documents exactly the table', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
  });

  it('stay in the reader ranges (OH1xx, OH2xx, OH5xx)', () => {
    for (const code of Object.keys(DIAGNOSTIC_CODES)) expect(code).toMatch(/^OH[125]\d\d$/);
  });
});
