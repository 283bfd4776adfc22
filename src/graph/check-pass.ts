/**
 * The compiler as a `check` pass: attributes, children, expressions and unsupported policies,
 * reported with their locations. onHandshake rules (OH5xx) are the reader's and are left to it.
 */
import type { PolicyDocument } from '../policy/contract.js';
import type { Diagnostic } from '../policy/diagnostics.js';
import type { PolicySections } from '../policy/tree.js';
import { compileSections } from './compile.js';

export function compilerCheckPass(sections: PolicySections, document: PolicyDocument): Diagnostic[] {
  const { diagnostics } = compileSections(sections, { secrets: document.secrets });
  return diagnostics.filter((d) => !d.code.startsWith('OH5'));
}
