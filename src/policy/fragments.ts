/**
 * Policy fragments: `<include-fragment fragment-id="x"/>` is replaced, where it stands, by the policies
 * of the fragment document `x` (read from a folder as `<dir>/x.xml`, or `<dir>/x/policy.xml` as APIOps
 * extracts `policy fragments/`). Inlined elements keep their own file
 * and line (the fragment file) and carry the fragment id; their path continues the include's path:
 * `policies/inbound/include-fragment[1]/set-header[1]`, so it is unique in the merged policy and says
 * both where the fragment was included and which of its elements is meant.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import type { NamedValues, PolicyDocument } from './contract.js';
import type { PolicyElement, PolicyScope } from './tree.js';
import { readPolicyFile } from './read.js';
import { nestedStatements } from './structure.js';

/** APIM fragment ids: letters, digits, '-', '_' and '.' (no path separators). */
const FRAGMENT_ID = /^[A-Za-z0-9._-]+$/;

export interface FragmentLoader {
  /** The fragment document for `id`, or the diagnostics explaining why there is none. */
  load(id: string): { document?: PolicyDocument; diagnostics: Diagnostic[]; file?: string };
}

export interface FragmentLoaderOptions {
  namedValues?: NamedValues;
  /** Called once per fragment file read, with its text (to show source lines in diagnostics). */
  onSource?: (file: string, text: string) => void;
}

/** Reads fragments from `dir`, each at most once. */
export function folderFragmentLoader(dir: string | undefined, options: FragmentLoaderOptions = {}): FragmentLoader {
  const cache = new Map<string, { document?: PolicyDocument; diagnostics: Diagnostic[]; file?: string }>();
  return {
    load(id) {
      const cached = cache.get(id);
      if (cached) return cached;
      let result: { document?: PolicyDocument; diagnostics: Diagnostic[]; file?: string };
      const file = dir === undefined ? undefined : fragmentFile(dir, id);
      if (file === undefined) {
        result = { diagnostics: [] };
      } else {
        const read = readPolicyFile(file, { scope: 'fragment', ...(options.namedValues ? { namedValues: options.namedValues } : {}) });
        if (read.text !== undefined) options.onSource?.(file, read.text);
        result = { ...(read.document ? { document: read.document } : {}), diagnostics: read.diagnostics, file };
      }
      cache.set(id, result);
      return result;
    },
  };
}

/** `<dir>/<id>.xml`, else APIOps' `<dir>/<id>/policy.xml`; undefined when neither exists. */
function fragmentFile(dir: string, id: string): string | undefined {
  return [join(dir, `${id}.xml`), join(dir, id, 'policy.xml')].find((f) => existsSync(f));
}

export interface InlineContext {
  /** The scope of the including document: inlined statements count as written there. */
  scope: PolicyScope;
  loader: FragmentLoader | undefined;
  diagnostics: Diagnostic[];
  /** For the "not found" message. */
  fragmentsDir?: string;
  /** Secret values substituted in the fragments inlined. */
  secrets?: Set<string>;
}

/** Replaces include-fragment statements (at any statement depth) by the fragment's policies. */
export function inlineFragments(statements: readonly PolicyElement[], ctx: InlineContext): PolicyElement[] {
  const out: PolicyElement[] = [];
  for (const statement of statements) {
    if (statement.name === 'include-fragment' && statement.fragment === undefined) {
      for (const item of expand(statement, ctx)) out.push(item);
      continue;
    }
    out.push(withInlinedChildren(statement, ctx));
  }
  return out;
}

function withInlinedChildren(statement: PolicyElement, ctx: InlineContext): PolicyElement {
  if (nestedStatements(statement).length === 0) return statement;
  const inline = (list: PolicyElement[]) => inlineFragments(list, ctx);
  if (statement.name === 'choose') {
    return {
      ...statement,
      children: statement.children.map((branch) =>
        branch.name === 'when' || branch.name === 'otherwise' ? { ...branch, children: inline(branch.children) } : branch,
      ),
    };
  }
  return { ...statement, children: inline(statement.children) };
}

function expand(include: PolicyElement, ctx: InlineContext): PolicyElement[] {
  const { diagnostics, fragmentsDir } = ctx;
  const idAttribute = include.attributes.find((a) => a.name === 'fragment-id');
  if (!idAttribute) {
    diagnostics.push(diagnostic('error', 'OH220', '<include-fragment> needs a fragment-id attribute', include.loc, include.path));
    return [];
  }
  if (idAttribute.value.kind !== 'literal') {
    diagnostics.push(diagnostic('error', 'OH220', 'fragment-id cannot be an expression', idAttribute.value.loc, include.path));
    return [];
  }
  const id = idAttribute.value.text.trim();
  if (!FRAGMENT_ID.test(id)) {
    diagnostics.push(diagnostic('error', 'OH220', `'${id}' is not a fragment id (letters, digits, '.', '-', '_')`, idAttribute.value.loc, include.path));
    return [];
  }
  const loaded = ctx.loader?.load(id);
  if (!loaded?.document) {
    if (loaded) for (const item of loaded.diagnostics) diagnostics.push(item);
    if (!loaded?.file) {
      const where = fragmentsDir === undefined ? 'no fragments folder was given (--fragments DIR)' : `no file ${join(fragmentsDir, `${id}.xml`)} or ${join(fragmentsDir, id, 'policy.xml')}`;
      diagnostics.push(diagnostic('error', 'OH221', `fragment '${id}' not found: ${where}`, idAttribute.value.loc, include.path));
    }
    return [];
  }
  for (const item of loaded.diagnostics) diagnostics.push(item);
  if (loaded.document.root !== 'fragment') {
    diagnostics.push(
      diagnostic('error', 'OH223', `${loaded.file ?? id} is not a fragment: its root must be <fragment>`, idAttribute.value.loc, include.path),
    );
    return [];
  }
  for (const secret of loaded.document.secrets) ctx.secrets?.add(secret);
  return loaded.document.elements
    .filter((e) => e.name !== 'base' && e.name !== 'include-fragment')
    .map((e) => relocate(e, 'fragment', include.path, ctx.scope, id));
}

/** A copy of a fragment element as it stands in the including document. */
function relocate(element: PolicyElement, fromPrefix: string, toPrefix: string, scope: PolicyScope, id: string): PolicyElement {
  return {
    ...element,
    path: toPrefix + element.path.slice(fromPrefix.length),
    scope,
    fragment: id,
    children: element.children.map((c) => relocate(c, fromPrefix, toPrefix, scope, id)),
  };
}
