/**
 * Structural rules the reader can check without knowing the policy table: which sections exist,
 * where `<base/>` may stand, what a fragment may hold, and which elements hold policy statements.
 */
import { diagnostic, type Diagnostic } from './diagnostics.js';
import type { PolicyElement, SectionName } from './tree.js';

export const SECTION_NAMES: readonly SectionName[] = ['inbound', 'backend', 'outbound', 'on-error'];

export function isSectionName(name: string): name is SectionName {
  return (SECTION_NAMES as readonly string[]).includes(name);
}

/**
 * Elements whose children are policy statements (as opposed to parameters such as send-request's
 * `<set-header>`): `choose` through its `when`/`otherwise`, and the policies that wrap others.
 */
const STATEMENT_CONTAINERS = new Set(['retry', 'wait', 'limit-concurrency', 'when', 'otherwise']);

/** The statements nested directly inside a statement (choose → its branches' statements). */
export function nestedStatements(element: PolicyElement): PolicyElement[] {
  if (element.name === 'choose') {
    return element.children.filter((c) => c.name === 'when' || c.name === 'otherwise').flatMap((c) => c.children);
  }
  return STATEMENT_CONTAINERS.has(element.name) ? element.children : [];
}

/** Visits every statement of a list, depth first, in document order. */
export function forEachStatement(statements: readonly PolicyElement[], visit: (s: PolicyElement) => void): void {
  for (const statement of statements) {
    visit(statement);
    forEachStatement(nestedStatements(statement), visit);
  }
}

/** `<base/>` rules for one section of a `<policies>` document. */
export function checkSectionBase(statements: readonly PolicyElement[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  let seen = false;
  for (const statement of statements) {
    if (statement.name === 'base') {
      if (seen) out.push(diagnostic('error', 'OH211', 'a section may hold only one <base/>', statement.loc, statement.path));
      seen = true;
      if (statement.attributes.length > 0 || statement.children.length > 0 || statement.text) {
        out.push(diagnostic('error', 'OH212', '<base/> takes no attributes and no content', statement.loc, statement.path));
      }
    }
    for (const child of statement.children) walk(child, (e) => {
      if (e.name === 'base') {
        out.push(diagnostic('error', 'OH210', '<base/> may only stand directly in a section (inbound, backend, outbound, on-error)', e.loc, e.path));
      }
    });
  }
  return out;
}

/** Fragment rules: no `<base/>`, no nested include-fragment. */
export function checkFragmentContent(elements: readonly PolicyElement[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const element of elements) {
    walk(element, (e) => {
      if (e.name === 'base') out.push(diagnostic('error', 'OH213', 'a fragment may not hold <base/>', e.loc, e.path));
      if (e.name === 'include-fragment') {
        out.push(diagnostic('error', 'OH222', 'a fragment may not include another fragment (APIM does not nest fragments)', e.loc, e.path));
      }
    });
  }
  return out;
}

function walk(element: PolicyElement, visit: (e: PolicyElement) => void): void {
  visit(element);
  for (const child of element.children) walk(child, visit);
}
