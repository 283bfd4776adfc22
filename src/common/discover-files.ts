/**
 * Which files a command's path arguments name, as tsc, eslint and vitest users expect: a file is taken
 * as is; a folder is searched for the files the command reads (skipping node_modules and hidden
 * folders); a glob (`*`, `**`, `?`, `{a,b}` — quoted, so the shell leaves it alone) selects the files it
 * matches. Results are absolute, sorted and unique; arguments that name nothing are listed as missing.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

export interface Discovery {
  files: string[];
  /** Arguments naming no file, folder or matching file. */
  missing: string[];
}

const GLOB_CHARACTERS = /[*?{[]/;

function walk(dir: string, keep: (file: string) => boolean, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // an unreadable folder holds nothing we can read
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, keep, out);
    else if (entry.isFile() && keep(full)) out.push(full);
  }
}

/** A glob as a regular expression over '/'-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches any number of folders (none included); a trailing `**` anything below.
      if (glob[i + 2] === '/') {
        out += '(?:[^/]*/)*';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, end).split(',').map((part) => part.replace(/[.+^$()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*').replaceAll('?', '[^/]')).join('|')})`;
        i = end;
      }
    } else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\\]}]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The folder a glob starts from: its leading segments without glob characters. */
function globBase(glob: string): string {
  const segments = glob.split('/');
  const fixed: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (GLOB_CHARACTERS.test(s)) break;
    fixed.push(s);
  }
  return fixed.join('/') || (glob.startsWith('/') ? '/' : '.');
}

/**
 * The files `paths` name (default: the current folder); in folders, those `wanted` accepts (by name).
 */
export function discoverFiles(paths: readonly string[], wanted: RegExp, cwd = process.cwd()): Discovery {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths.length ? paths : ['.']) {
    const full = resolve(cwd, p);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) walk(full, (f) => wanted.test(f), files);
    else if (stat) files.push(full);
    else if (GLOB_CHARACTERS.test(p)) {
      const pattern = p.split(sep).join('/');
      const base = resolve(cwd, globBase(pattern));
      const absolutePattern = globToRegExp(isAbsolute(pattern) ? pattern : `${resolve(cwd).split(sep).join('/')}/${pattern.replace(/^\.\//, '')}`);
      const matched: string[] = [];
      walk(base, (f) => absolutePattern.test(f.split(sep).join('/')), matched);
      if (matched.length) files.push(...matched);
      else missing.push(p);
    } else missing.push(p);
  }
  return { files: [...new Set(files)].sort(), missing };
}

