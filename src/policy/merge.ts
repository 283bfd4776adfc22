/**
 * Scope merging: global → workspace → product → api → operation. In each section, `<base/>` is replaced
 * by the same section of the broader scopes (already merged); a section without `<base/>` drops them, as
 * APIM does. A section the author did not write at all inherits unchanged (our choice: APIM's documents
 * always carry all four sections, and dropping a parent's section for an omitted one would surprise).
 * Fragments are inlined per document, then the onHandshake rules run on the result.
 */
import { diagnostic, type Diagnostic } from './diagnostics.js';
import type { MergeResult, NamedValues, ScopeLayer } from './contract.js';
import type { PolicyElement, PolicyScope, PolicySections } from './tree.js';
import { emptySections, type ReadDocument } from './read.js';
import { SECTION_NAMES } from './structure.js';
import { folderFragmentLoader, inlineFragments, type FragmentLoader } from './fragments.js';
import { applyOnHandshakeRules } from './onhandshake-rules.js';

export interface MergeOptions {
  /** Folder of `<fragment-id>.xml` files. */
  fragmentsDir?: string;
  /** Named values for the fragments read while merging. */
  namedValues?: NamedValues;
  /** Supplies fragments (default: read from `fragmentsDir`). */
  fragments?: FragmentLoader;
  /** Called with each fragment file read (for source lines in diagnostics). */
  onSource?: (file: string, text: string) => void;
  /** Skip the onHandshake rules (for merging policies of other operations). */
  skipOnHandshakeRules?: boolean;
}

const SCOPE_RANK: Record<PolicyScope, number> = { global: 0, workspace: 1, product: 2, api: 3, operation: 4, fragment: 5 };

/** MergeResult plus the secret values of every document merged (layers and fragments), to mask. */
export interface MergedPolicy extends MergeResult {
  secrets: string[];
}

export function mergeScopes(layers: readonly ScopeLayer[], options: MergeOptions = {}): MergedPolicy {
  const diagnostics: Diagnostic[] = [];
  const secrets = new Set<string>(layers.flatMap((l) => l.document.secrets));
  // What the documents were read with serves when the caller does not say it again.
  const read = layers.map((l) => l.document as Partial<ReadDocument>);
  const fragmentsDir = options.fragmentsDir ?? read.find((d) => d.fragmentsDir !== undefined)?.fragmentsDir;
  const namedValues = options.namedValues ?? read.find((d) => d.namedValues !== undefined)?.namedValues;
  const loader =
    options.fragments ??
    folderFragmentLoader(fragmentsDir, {
      ...(namedValues ? { namedValues } : {}),
      ...(options.onSource ? { onSource: options.onSource } : {}),
    });
  let merged = emptySections();
  let previous: ScopeLayer | undefined;
  for (const layer of layers) {
    const doc = layer.document;
    const at = { file: doc.file, line: 1, column: 1 };
    if (doc.root !== 'policies') {
      diagnostics.push(diagnostic('error', 'OH230', `a fragment cannot be a scope's policy document (${layer.scope} scope)`, at));
      continue;
    }
    if (previous && SCOPE_RANK[layer.scope] <= SCOPE_RANK[previous.scope]) {
      diagnostics.push(
        diagnostic('error', 'OH230', `scopes must go from broad to narrow (global → product → api → operation): ${layer.scope} comes after ${previous.scope}`, at),
      );
      continue;
    }
    previous = layer;
    const written = (doc as Partial<ReadDocument>).sectionsWritten ?? SECTION_NAMES;
    const next = emptySections();
    for (const section of SECTION_NAMES) {
      if (!written.includes(section)) {
        next[section] = merged[section];
        continue;
      }
      const own = inlineFragments(
        doc.sections[section].map((e) => withScope(e, layer.scope)),
        { scope: layer.scope, loader, diagnostics, secrets, ...(fragmentsDir !== undefined ? { fragmentsDir } : {}) },
      );
      next[section] = replaceBase(own, merged[section]);
    }
    merged = next;
  }
  let sections: PolicySections = merged;
  const narrowest = previous?.scope;
  if (!options.skipOnHandshakeRules && narrowest) {
    const ruled = applyOnHandshakeRules(merged, narrowest);
    sections = ruled.sections;
    for (const item of ruled.diagnostics) diagnostics.push(item);
  }
  return { sections, diagnostics: uniqueDiagnostics(diagnostics), secrets: [...secrets] };
}

/** The section's statements with the first `<base/>` replaced by the parent's; extra ones were reported. */
function replaceBase(own: readonly PolicyElement[], parent: readonly PolicyElement[]): PolicyElement[] {
  const out: PolicyElement[] = [];
  let used = false;
  for (const statement of own) {
    if (statement.name === 'base') {
      if (!used) for (const item of parent) out.push(item);
      used = true;
    } else out.push(statement);
  }
  return out;
}

/** Elements carry the scope of the layer they are merged at (a file may be read at another scope). */
function withScope(element: PolicyElement, scope: PolicyScope): PolicyElement {
  if (element.scope === scope) return element;
  return { ...element, scope, children: element.children.map((c) => withScope(c, scope)) };
}

/** The same diagnostic (a fragment included twice) is reported once. */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
