/**
 * What the compiler, the gateway and the CLI may rely on from src/policy (implemented in ./index.ts):
 *   loadNamedValues(file) / namedValuesFromEnv(env)  → NamedValues
 *   readPolicyText(text, file, options) / readPolicyFile(file, options) → ReadResult
 *   mergeScopes(layers, options) → MergeResult   (global → product → api → operation, via <base/>)
 */
import type { Diagnostic } from './diagnostics.js';
import type { PolicyElement, PolicyScope, PolicySections } from './tree.js';

export interface NamedValue {
  value: string;
  secret: boolean;
}

/** Keyed by lower-cased name (named values are case-insensitive). */
export type NamedValues = Map<string, NamedValue>;

export interface ReadOptions {
  /** Absent: `{{name}}` uses are listed as one warning and replaced by well-formed placeholders. */
  namedValues?: NamedValues;
  /** Folder holding `<fragment-id>.xml` files for include-fragment. */
  fragmentsDir?: string;
  /** The scope this document is read at (default `operation`). */
  scope?: PolicyScope;
}

export interface PolicyDocument {
  file: string;
  root: 'policies' | 'fragment';
  /** For `<policies>`: its sections as written (with `<base/>` elements still in place). */
  sections: PolicySections;
  /** For `<fragment>`: its policies. */
  elements: PolicyElement[];
  /** Substituted secret values, to mask in traces. */
  secrets: string[];
}

export interface ReadResult {
  document?: PolicyDocument;
  diagnostics: Diagnostic[];
}

export interface ScopeLayer {
  scope: PolicyScope;
  document: PolicyDocument;
}

export interface MergeResult {
  sections: PolicySections;
  diagnostics: Diagnostic[];
}
