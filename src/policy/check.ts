/**
 * `check` without the command line: read each file, merge it (as the operation's own document, with
 * its fragments), apply the onHandshake rules, then run the extra passes the later stages plug in
 * (the step compiler's expression and attribute checks). Diagnostics come back grouped per file.
 */
import { diagnostic, type Diagnostic } from './diagnostics.js';
import type { NamedValues, PolicyDocument } from './contract.js';
import type { PolicyScope, PolicySections } from './tree.js';
import { emptySections, readPolicyFile, sortDiagnostics } from './read.js';
import { mergeScopes, uniqueDiagnostics } from './merge.js';
import { folderFragmentLoader } from './fragments.js';
import { applyOnHandshakeRules } from './onhandshake-rules.js';
import type { FileDiagnostics } from './format.js';

/** A later stage's checks on the merged sections of one document. */
export type ExtraPass = (sections: PolicySections, document: PolicyDocument) => Diagnostic[];

export interface CheckOptions {
  /** Absent: named value uses get one warning and placeholders. */
  namedValues?: NamedValues;
  fragmentsDir?: string;
  /** Run after reading and merging, on documents that were read (even with findings). */
  passes?: readonly ExtraPass[];
  /** The scope the files are read at (default `operation`: each file is an onHandshake policy). */
  scope?: PolicyScope;
  /** Apply the onHandshake rules (default true); false for the policies of HTTP APIs and broader scopes. */
  onHandshakeRules?: boolean;
}

export interface CheckResult {
  /** The files given, in order, then any fragment file that has findings. */
  files: FileDiagnostics[];
  /** Text of every file read, for showing source lines. */
  sources: Map<string, string>;
}

export function checkFiles(files: readonly string[], options: CheckOptions = {}): CheckResult {
  const sources = new Map<string, string>();
  const fragments = folderFragmentLoader(options.fragmentsDir, {
    ...(options.namedValues ? { namedValues: options.namedValues } : {}),
    onSource: (file, text) => sources.set(file, text),
  });
  const all: Diagnostic[] = [];
  // Appended one by one: a policy can yield 100,000 findings, too many for a spread's call arguments.
  for (const file of files) {
    for (const d of checkOne(file, options, sources, fragments)) all.push(d);
  }

  const byFile = new Map<string, Diagnostic[]>(files.map((f) => [f, []]));
  for (const d of uniqueDiagnostics(all)) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  return {
    files: [...byFile].map(([file, diagnostics]) => ({ file, diagnostics: sortDiagnostics(diagnostics) })),
    sources,
  };
}

function checkOne(
  file: string,
  options: CheckOptions,
  sources: Map<string, string>,
  fragments: ReturnType<typeof folderFragmentLoader>,
): Diagnostic[] {
  const scope = options.scope ?? 'operation';
  const read = readPolicyFile(file, {
    ...(options.namedValues ? { namedValues: options.namedValues } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
  });
  if (read.text !== undefined) sources.set(file, read.text);
  const diagnostics = [...read.diagnostics];
  const document = read.document;
  if (!document) return diagnostics;

  let sections: PolicySections;
  if (document.root === 'fragment' && options.onHandshakeRules === false) {
    sections = { ...emptySections(), inbound: document.elements };
  } else if (document.root === 'fragment') {
    // A fragment checked on its own: its policies are judged as if written in an onHandshake policy.
    const ruled = applyOnHandshakeRules({ ...emptySections(), inbound: document.elements }, 'fragment');
    sections = ruled.sections;
    for (const item of ruled.diagnostics) diagnostics.push(item);
  } else {
    const merged = mergeScopes([{ scope, document }], {
      fragments,
      ...(options.fragmentsDir !== undefined ? { fragmentsDir: options.fragmentsDir } : {}),
      ...(options.onHandshakeRules === false ? { skipOnHandshakeRules: true } : {}),
    });
    sections = merged.sections;
    for (const item of merged.diagnostics) diagnostics.push(item);
  }
  for (const pass of options.passes ?? []) {
    try {
      for (const item of pass(sections, document)) diagnostics.push(item);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      diagnostics.push(diagnostic('error', 'OH100', `internal error in a check pass: ${message}`, { file, line: 1, column: 1 }));
    }
  }
  return diagnostics;
}
