/**
 * The shape of a policy handler: what the element may contain (validated by the compiler from this
 * declaration, so `check`, the compiler and `onhandshake policies` share one source of truth) and how
 * it compiles into a Step.
 */
import type { Diagnostic, SourceLocation } from '../policy/diagnostics.js';
import type { PolicyElement, SectionName } from '../policy/tree.js';
import type { GraphCompileOptions } from './runtime/options.js';
import type { CompiledValue, Step } from './runtime/step.js';

export interface AttributeSpec {
  readonly name: string;
  readonly required?: boolean;
  /** APIM's default when the attribute is absent. */
  readonly default?: string;
  /** Allowed literal values (compared case-insensitively, as APIM does). */
  readonly values?: readonly string[];
  /** Literal form checked at compile time. */
  readonly type?: 'string' | 'integer' | 'boolean';
  /** May the value be a policy expression? */
  readonly expression: boolean;
}

export interface TextSpec {
  readonly required?: boolean;
  readonly expression: boolean;
}

export interface ChildSpec {
  readonly element: ElementSpec;
  readonly required?: boolean;
  readonly repeatable?: boolean;
}

export interface ElementSpec {
  readonly name: string;
  readonly attributes: readonly AttributeSpec[];
  /** Element text; absent means none allowed. */
  readonly text?: TextSpec;
  /** Allowed child elements, or 'policies' for a nested policy list (choose/when, retry, wait). */
  readonly children?: readonly ChildSpec[] | 'policies';
  /** Exactly one of these attributes must be present. */
  readonly oneOf?: readonly string[];
}

/**
 * supported: compiled and run. unsupported: a real APIM policy this version does not run yet
 * (an error wherever it appears). not-in-onhandshake: APIM refuses it on onHandshake (error when
 * written at operation scope, skipped with a warning when inherited). ignored: `<base/>` leftovers.
 */
export type SupportStatus = 'supported' | 'unsupported' | 'not-in-onhandshake' | 'ignored';

export interface PolicyHandler extends ElementSpec {
  readonly status: SupportStatus;
  /** One line for the support matrix. */
  readonly summary: string;
  /** Sections where APIM allows the policy (default: all four). */
  readonly sections?: readonly SectionName[];
  compile?(element: PolicyElement, ctx: CompileContext): Step;
}

export interface CompileContext {
  readonly options: GraphCompileOptions;
  readonly section: SectionName;
  /** The compiled attribute (APIM's default applied when absent), or undefined. */
  attr(element: PolicyElement, name: string): CompiledValue | undefined;
  /** The compiled element text, or undefined. */
  text(element: PolicyElement, label?: string): CompiledValue | undefined;
  /** Compiles a nested policy list (choose branches, retry and wait bodies). */
  policies(elements: readonly PolicyElement[]): Step[];
  report(severity: Diagnostic['severity'], code: string, message: string, at: SourceLocation, path?: string): void;
}

/** Every policy accepts `id` (LastError.PolicyId). */
export const ID_ATTRIBUTE: AttributeSpec = { name: 'id', expression: false };

/** The attribute's literal text, or undefined when absent or an expression. */
export function literalOf(element: PolicyElement, name: string): string | undefined {
  const a = element.attributes.find((x) => x.name === name);
  return a && a.value.kind === 'literal' ? a.value.text : undefined;
}

export function policyIdOf(element: PolicyElement): string {
  return literalOf(element, 'id') ?? '';
}

/**
 * True when `text` parses as an absolute URL with one of the schemes (e.g. `['http:', 'https:']`), or
 * when it still holds an unresolved `{{named value}}` (check without named values: nothing to judge).
 */
export function isAbsoluteUrl(text: string, schemes: readonly string[]): boolean {
  if (text.includes('{{')) return true;
  try {
    return schemes.includes(new URL(text.trim()).protocol);
  } catch {
    return false;
  }
}
