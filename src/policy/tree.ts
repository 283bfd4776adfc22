/**
 * The policy tree handed from the reader to the compiler. Every node knows where it came from
 * (file, line, column) and its APIM path, so diagnostics, traces and LastError.Path survive
 * scope merging and fragment inlining.
 */
import type { SourceLocation } from './diagnostics.js';

/** The scope a statement was written at; `fragment` statements also carry the including scope. */
export type PolicyScope = 'global' | 'workspace' | 'product' | 'api' | 'operation' | 'fragment';

/**
 * An expression written by the author: the text inside `@( … )`, `@{ … }` or `@jsonata( … )`,
 * exactly as written (XML entities decoded, named values substituted).
 */
export interface ExpressionSource {
  kind: 'expression' | 'block' | 'jsonata';
  code: string;
  file: string;
  /** 1-based line/column in `file` of the character at `offset` in `code` (offset may equal code.length). */
  position(offset: number): { line: number; column: number };
}

/** An attribute value or element text: a literal, or one expression. */
export type PolicyValue =
  | { kind: 'literal'; text: string; loc: SourceLocation }
  | { kind: 'expression'; expression: ExpressionSource; loc: SourceLocation };

export interface PolicyAttribute {
  name: string;
  value: PolicyValue;
  /** Location of the attribute name. */
  loc: SourceLocation;
  /** True when the value contains a substituted secret named value (mask it in traces and logs). */
  secret?: boolean;
}

export interface PolicyElement {
  name: string;
  /** Attributes in document order. */
  attributes: PolicyAttribute[];
  /** Child elements in document order (comments dropped). */
  children: PolicyElement[];
  /** Element text (concatenated text and CDATA), when the element has any non-blank text. */
  text?: PolicyValue;
  /** Location of the `<` that opens the element. */
  loc: SourceLocation;
  /** APIM path, indices counted per element name among siblings: `policies/inbound/choose[1]/when[2]`. */
  path: string;
  /** The scope whose document this element was written in. */
  scope: PolicyScope;
  /** For elements inlined from a fragment: the fragment id. */
  fragment?: string;
  /** True when the element contains a substituted secret named value. */
  secret?: boolean;
}

/** The four sections of a policy document after merging; absent sections are empty lists. */
export interface PolicySections {
  inbound: PolicyElement[];
  backend: PolicyElement[];
  outbound: PolicyElement[];
  'on-error': PolicyElement[];
}

export type SectionName = keyof PolicySections;
