/** A file as reports show it: relative to the working folder when inside it, else absolute. */
import { isAbsolute, relative } from 'node:path';

export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
