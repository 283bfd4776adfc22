/**
 * Where the page's static files are: src/console/assets/ next to this module when run from the sources
 * (tsx), or the same folder found from the project root when run from dist/src/console/ (the build copies
 * nothing: the files are served from the source tree).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function assetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'assets');
  if (existsSync(join(beside, 'index.html'))) return beside;
  for (let dir = here; ; dir = dirname(dir)) {
    const candidate = join(dir, 'src', 'console', 'assets');
    if (existsSync(join(dir, 'package.json')) && existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`console assets not found (looked beside ${here} and in the project's src/console/assets/)`);
  }
}

const TYPES: Record<string, string> = { html: 'text/html', css: 'text/css', js: 'text/javascript', svg: 'image/svg+xml' };

/** The files the console serves, by name: nothing else under the folder can be asked for. */
export function assetTable(dir: string): Map<string, { file: string; type: string }> {
  const table = new Map<string, { file: string; type: string }>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[name.split('.').pop() ?? ''];
    if (type) table.set(name, { file: join(dir, name), type: `${type}; charset=utf-8` });
  }
  return table;
}
