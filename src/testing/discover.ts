/**
 * Finds test files: a file given by name is taken as is; a folder is searched for `*.test.yaml`
 * (and `*.test.yml`), skipping node_modules and hidden folders. Results are sorted and unique.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const TEST_FILE = /\.test\.ya?ml$/;

export interface Discovery {
  files: string[];
  /** Paths that do not exist. */
  missing: string[];
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && TEST_FILE.test(entry.name)) out.push(full);
  }
}

export function discoverTestFiles(paths: readonly string[], cwd = process.cwd()): Discovery {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths.length ? paths : ['.']) {
    const full = resolve(cwd, p);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      missing.push(p);
      continue;
    }
    if (stat.isDirectory()) walk(full, files);
    else files.push(full);
  }
  return { files: [...new Set(files)].sort(), missing };
}
