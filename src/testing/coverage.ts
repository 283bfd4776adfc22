/**
 * `--coverage`: which steps and which `when`/`otherwise` branches no case exercised, per policy file
 * and line, plus each `choose` without `otherwise` that no case fell through. Results of several test
 * files over the same policy are merged by the element's place in its file.
 */
import { displayPath } from './display-path.js';
import type { Observed } from './observe.js';
import type { PolicyStep } from './policy-steps.js';
import type { FileResult } from './runner.js';

export interface CoverageItem {
  file: string;
  line: number;
  column: number;
  path: string;
  name: string;
  kind: 'step' | 'branch' | 'fall-through';
  covered: boolean;
}

export interface FileCoverage {
  file: string;
  items: CoverageItem[];
}

/** A path and all its ancestors: a step that ran means the branches around it were taken. */
function withAncestors(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

function ranPaths(observed: Observed): Set<string> {
  const out = new Set<string>();
  for (const s of observed.steps) for (const p of withAncestors(s.path)) out.add(p);
  return out;
}

export function computeCoverage(results: readonly FileResult[]): FileCoverage[] {
  const items = new Map<string, CoverageItem>();
  const add = (step: PolicyStep, kind: CoverageItem['kind'], covered: boolean) => {
    const { file, line, column } = step.element.loc;
    const key = `${file}:${line}:${column}:${kind}`;
    const before = items.get(key);
    if (before) before.covered ||= covered;
    else items.set(key, { file, line, column, path: step.path, name: step.element.name, kind, covered });
  };
  for (const r of results) {
    const runs = r.cases.flatMap((c) => (c.observed ? [ranPaths(c.observed)] : []));
    for (const step of r.steps) {
      add(step, step.kind, runs.some((ran) => ran.has(step.path)));
      if (step.element.name === 'choose' && !step.element.children.some((c) => c.name === 'otherwise')) {
        const branches = r.steps.filter((s) => s.kind === 'branch' && s.choose === step.element);
        const fellThrough = runs.some((ran) => ran.has(step.path) && !branches.some((b) => ran.has(b.path)));
        add(step, 'fall-through', fellThrough);
      }
    }
  }
  const byFile = new Map<string, CoverageItem[]>();
  for (const item of items.values()) {
    const list = byFile.get(item.file) ?? [];
    list.push(item);
    byFile.set(item.file, list);
  }
  return [...byFile.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, list]) => ({ file, items: list.sort((a, b) => a.line - b.line || a.column - b.column) }));
}

const WHY: Record<CoverageItem['kind'], string> = {
  step: 'step never ran',
  branch: 'branch never taken',
  'fall-through': 'no case took none of its branches',
};

export function formatCoverage(coverage: readonly FileCoverage[], cwd = process.cwd()): string {
  const lines: string[] = ['coverage:'];
  for (const f of coverage) {
    const count = (kind: CoverageItem['kind']) => {
      const of = f.items.filter((i) => i.kind === kind);
      return `${of.filter((i) => i.covered).length}/${of.length}`;
    };
    const name = displayPath(f.file, cwd);
    lines.push(`  ${name}: steps ${count('step')}, branches ${count('branch')}, fall-through ${count('fall-through')}`);
    for (const i of f.items.filter((x) => !x.covered)) {
      lines.push(`    ${name}:${i.line}:${i.column} <${i.name}> ${i.path}: ${WHY[i.kind]}`);
    }
  }
  if (coverage.length === 0) lines.push('  (no policy steps)');
  return lines.join('\n') + '\n';
}
