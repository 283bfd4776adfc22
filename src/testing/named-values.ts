/**
 * A test file's named values: its `namedValuesFile`, then its own `namedValues` (which win), over a base (a
 * configuration's). Only from the test file, never from the environment, so a test runs the same everywhere.
 */
import { resolve } from 'node:path';
import { loadNamedValues, type Diagnostic, type NamedValues } from '../policy/index.js';
import type { TestFileSpec } from './format.js';

export function namedValuesOf(spec: TestFileSpec, baseDir: string, diagnostics: Diagnostic[], base?: NamedValues): NamedValues {
  const values: NamedValues = new Map(base ?? []);
  if (spec.namedValuesFile) {
    const loaded = loadNamedValues(resolve(baseDir, spec.namedValuesFile));
    for (const d of loaded.diagnostics) diagnostics.push(d);
    for (const [k, v] of loaded.values) values.set(k, v);
  }
  for (const [name, v] of Object.entries(spec.namedValues ?? {})) {
    const entry = typeof v === 'object' ? { value: String(v.value), secret: v.secret ?? false } : { value: String(v), secret: false };
    values.set(name.toLowerCase(), entry);
  }
  return values;
}
