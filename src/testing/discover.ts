/**
 * Finds test files: a file given by name is taken as is; a folder is searched for `*.test.yaml`
 * (and `*.test.yml`), skipping node_modules and hidden folders; a quoted glob selects what it matches.
 * Results are sorted and unique (the shared rules: src/common/discover-files.ts).
 */
import { discoverFiles, type Discovery } from '../common/discover-files.js';

export type { Discovery };

export const TEST_FILE = /\.test\.ya?ml$/;

export function discoverTestFiles(paths: readonly string[], cwd = process.cwd()): Discovery {
  return discoverFiles(paths, TEST_FILE, cwd);
}
