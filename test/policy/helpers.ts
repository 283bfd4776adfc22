import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir } from '../corpus.js';
import type { PolicyElement, PolicyValue, ExpressionSource } from '../../src/policy/tree.js';

export const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const fixturesDir = join(projectRoot, 'test/fixtures/policy');

export const BROKEN_UPSTREAM = [
  'Call out to an HTTP endpoint and cache the response.policy.xml',
  'Filter response content based on product name.policy.xml',
];

/** Every policy file of the corpus (the .xml files; README/LICENSE are not policies); none where it is absent. */
export function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.xml')) files.push(path);
    }
  };
  if (corpusDir) walk(corpusDir);
  return files;
}

export function walkElements(elements: readonly PolicyElement[], visit: (e: PolicyElement) => void): void {
  for (const e of elements) {
    visit(e);
    walkElements(e.children, visit);
  }
}

/** Every value (attributes then text) of every element. */
export function values(elements: readonly PolicyElement[]): { element: PolicyElement; value: PolicyValue }[] {
  const out: { element: PolicyElement; value: PolicyValue }[] = [];
  walkElements(elements, (element) => {
    for (const a of element.attributes) out.push({ element, value: a.value });
    if (element.text) out.push({ element, value: element.text });
  });
  return out;
}

export function expressions(elements: readonly PolicyElement[]): ExpressionSource[] {
  return values(elements).flatMap(({ value }) => (value.kind === 'expression' ? [value.expression] : []));
}

/** Looks up the character of `text` at a 1-based line/column (lines end at \n, \r\n or \r). */
export function charLookup(text: string): (line: number, column: number) => string {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  return (line, column) => text.charAt(starts[line - 1]! + column - 1);
}
