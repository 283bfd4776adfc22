/**
 * The steps and branches written in a policy, from the reader's tree: what coverage counts and
 * what blame points at. `choose` holds branches (`when`, `otherwise`); branches, `retry` and `wait`
 * hold steps; any other element is one step whose children are its configuration.
 */
import type { PolicyElement, PolicySections } from '../policy/tree.js';
import { normalizePath } from './observe.js';

export interface PolicyStep {
  element: PolicyElement;
  section: string;
  /** The element's path without `policies/`. */
  path: string;
  kind: 'step' | 'branch';
  /** For branches: the `choose` they belong to. */
  choose?: PolicyElement;
}

const BRANCHES_OF: Record<string, ReadonlySet<string>> = { choose: new Set(['when', 'otherwise']) };
const HOLDS_STEPS = new Set(['when', 'otherwise', 'retry', 'wait']);
const SECTIONS = ['inbound', 'backend', 'outbound', 'on-error'] as const;

export function policySteps(sections: PolicySections): PolicyStep[] {
  const out: PolicyStep[] = [];
  const visit = (element: PolicyElement, section: string, choose?: PolicyElement): void => {
    if (element.name === 'base') return;
    const isBranch = choose !== undefined;
    out.push({ element, section, path: normalizePath(element.path), kind: isBranch ? 'branch' : 'step', ...(choose ? { choose } : {}) });
    const branches = BRANCHES_OF[element.name];
    if (branches) {
      for (const child of element.children) if (branches.has(child.name)) visit(child, section, element);
    } else if (HOLDS_STEPS.has(element.name)) {
      for (const child of element.children) visit(child, section);
    }
  };
  for (const section of SECTIONS) for (const element of sections[section]) visit(element, section);
  return out;
}

/** An attribute's literal text, or undefined (expressions and absent attributes). */
export function literalAttribute(element: PolicyElement, name: string): string | undefined {
  const attr = element.attributes.find((a) => a.name === name);
  return attr?.value.kind === 'literal' ? attr.value.text : undefined;
}
