/**
 * The folders of src/ depend one way: read → compile → run → relay. This test reads every import of src/
 * (static, `export … from`, dynamic `import('…')` and type imports alike) and fails on any cycle between
 * top-level folders, naming the file → file imports that close it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

interface ImportEdge {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import of src/ as a pair of paths relative to src/ (`.js` specifiers name `.ts` files). */
function importEdges(): ImportEdge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return importedFiles
      .filter(({ fileName }) => fileName.startsWith('.'))
      .map(({ fileName }) => ({
        from: relative(SRC, file).split(sep).join('/'),
        to: relative(SRC, resolve(dirname(file), fileName)).split(sep).join('/').replace(/\.js$/, '.ts'),
      }));
  });
}

const folderOf = (path: string): string => (path.includes('/') ? path.slice(0, path.indexOf('/')) : '.');

/** Strongly connected groups of folders with more than one member (Tarjan). */
function folderCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const [a, b] = [folderOf(from), folderOf(to)];
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    if (a !== b) next.get(a)!.add(b);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (folder: string): void => {
    index.set(folder, index.size);
    low.set(folder, index.get(folder)!);
    stack.push(folder);
    for (const target of next.get(folder)!) {
      if (!index.has(target)) {
        visit(target);
        low.set(folder, Math.min(low.get(folder)!, low.get(target)!));
      } else if (stack.includes(target)) {
        low.set(folder, Math.min(low.get(folder)!, index.get(target)!));
      }
    }
    if (low.get(folder) === index.get(folder)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        group.push(member);
      } while (member !== folder);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const folder of [...next.keys()].sort()) if (!index.has(folder)) visit(folder);
  return groups;
}

function describeCycle(group: string[], edges: ImportEdge[]): string {
  const inside = edges.filter(({ from, to }) => folderOf(from) !== folderOf(to) && group.includes(folderOf(from)) && group.includes(folderOf(to)));
  const lines = inside.map(({ from, to }) => `  ${folderOf(from)} → ${folderOf(to)}: ${from} → ${to}`).sort();
  return `cycle between ${group.join(', ')}:\n${lines.join('\n')}`;
}

describe('folders of src/', () => {
  it('reads the imports it checks (static, re-exports, dynamic, type)', () => {
    const edges = importEdges();
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({ from: 'serve/host.ts', to: 'serve/console-mount.ts' });
    expect(folderCycles([
      { from: 'a/x.ts', to: 'b/y.ts' },
      { from: 'b/y.ts', to: 'c/z.ts' },
      { from: 'c/z.ts', to: 'a/w.ts' },
      { from: 'd/v.ts', to: 'a/x.ts' },
    ])).toEqual([['a', 'b', 'c']]);
  });

  it('depend on each other one way (no cycle between top-level folders)', () => {
    const edges = importEdges();
    const report = folderCycles(edges).map((group) => describeCycle(group, edges));
    expect(report.join('\n\n')).toBe('');
  });
});
