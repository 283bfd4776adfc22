/**
 * `--update`: writes what the policy did into the test file as the new expectation. Only what failed
 * is rewritten (a passing /regex/ stays a regex); a case without a decision expectation gets the whole
 * decision. The file is edited in place (yaml-edit.ts): every line not rewritten stays byte for byte.
 * The yaml Document is edited too, as the reference the edited text must read back as.
 */
import { isDeepStrictEqual } from 'node:util';
import { writeFileSync } from 'node:fs';
import { isNode, parse, type Document } from 'yaml';
import { editYaml, type YamlEdit } from './yaml-edit.js';
import { headerValue, type Observed } from './observe.js';
import type { CaseResult, FileResult } from './runner.js';

export interface UpdateSummary {
  file: string;
  /** Names of the cases whose expectations were rewritten. */
  updated: string[];
  /** Failures `--update` cannot fix from a run (steps, callouts, unmatched callouts …). */
  skipped: Array<{ case: string; message: string }>;
}

/** The decision as a test file would state it: only what the policy changed, nothing noisy. */
export function suggestDecision(observed: Observed, inputHeaders: Record<string, string[]> = {}): Record<string, unknown> {
  const d = observed.decision;
  if (d.kind === 'connect') {
    const out: Record<string, unknown> = { backendUrl: d.backendUrl };
    if (Object.keys(d.query).length) out.query = { ...d.query };
    const changed: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(d.headers)) {
      const before = headerValue(inputHeaders, name);
      if (JSON.stringify(before === undefined ? undefined : [before].flat()) !== JSON.stringify([value].flat())) changed[name] = value;
    }
    for (const name of Object.keys(inputHeaders)) if (headerValue(d.headers, name) === undefined) changed[name] = null;
    if (Object.keys(changed).length) out.headers = changed;
    return { connect: out };
  }
  const out: Record<string, unknown> = { status: d.status };
  if (Object.keys(d.headers).length) out.headers = { ...d.headers };
  if (d.body !== '') out.body = d.bodyJson !== undefined && typeof d.bodyJson === 'object' ? d.bodyJson : d.body;
  return { respond: out };
}

/** The document and the in-place edits of its text, changed together. */
interface Editing {
  document: Document;
  edits: YamlEdit[];
}

/** Sets a value; the replaced node's comments move to the new one. */
function setIn(editing: Editing, path: Array<string | number>, value: unknown, renameFrom?: string): void {
  const { document } = editing;
  if (renameFrom !== undefined) {
    const at = [...path.slice(0, -1), renameFrom];
    editing.edits.push({ kind: 'set', path: at, value, renameTo: String(path[path.length - 1]) });
    document.deleteIn(at);
  } else editing.edits.push({ kind: 'set', path, value });
  const node = document.createNode(value);
  const old = document.getIn(path, true);
  if (isNode(old)) {
    if (old.comment) node.comment = old.comment;
    if (old.commentBefore) node.commentBefore = old.commentBefore;
  }
  document.setIn(path, node);
}

/** Applies one case's result to the document; returns false when nothing could be written. */
function updateCase(editing: Editing, c: CaseResult, summary: UpdateSummary): boolean {
  if (c.status !== 'fail' || !c.observed) return false;
  const { document } = editing;
  const base: Array<string | number> = ['cases', c.index, 'expect'];
  const expect = document.getIn(base) as unknown;
  let changed = false;
  const hasDecision = document.hasIn([...base, 'connect']) || document.hasIn([...base, 'respond']);
  if (expect === undefined || expect === null || !hasDecision) {
    const [kind, value] = Object.entries(suggestDecision(c.observed, c.inputHeaders))[0]!;
    const lastError = c.observed.lastError && !document.hasIn([...base, 'lastError']) ? { source: c.observed.lastError.source, reason: c.observed.lastError.reason } : undefined;
    if (expect === undefined || expect === null) {
      setIn(editing, base, { [kind]: value, ...(lastError ? { lastError } : {}) });
    } else {
      setIn(editing, [...base, kind], value);
      if (lastError) setIn(editing, [...base, 'lastError'], lastError);
    }
    changed = true;
  }
  for (const f of c.failures) {
    if (f.key.length === 0) {
      if (!f.message.includes('no expectations')) summary.skipped.push({ case: c.name, message: f.message });
      continue;
    }
    if (f.hint.kind === 'decision' && f.key.length === 1 && (f.key[0] === 'connect' || f.key[0] === 'respond')) {
      // The decision of the other kind takes the place of the one written.
      const [kind, value] = Object.entries(suggestDecision(c.observed, c.inputHeaders))[0]!;
      setIn(editing, [...base, kind], value, kind === f.key[0] ? undefined : String(f.key[0]));
      changed = true;
      continue;
    }
    if (!f.update) {
      summary.skipped.push({ case: c.name, message: f.message });
      continue;
    }
    setIn(editing, [...base, ...f.key], f.update.value);
    changed = true;
  }
  return changed;
}

/** Rewrites the document of each file with failing cases; writes the file unless `dryRun`. */
export function updateFiles(results: readonly FileResult[], options: { dryRun?: boolean } = {}): UpdateSummary[] {
  const summaries: UpdateSummary[] = [];
  for (const r of results) {
    if (!r.loaded.spec) continue;
    const summary: UpdateSummary = { file: r.file, updated: [], skipped: [] };
    const editing: Editing = { document: r.loaded.document, edits: [] };
    for (const c of r.cases) if (updateCase(editing, c, summary)) summary.updated.push(c.name);
    if (summary.updated.length && !options.dryRun) writeFileSync(r.file, updatedText(r.loaded.source, editing));
    if (summary.updated.length || summary.skipped.length) summaries.push(summary);
  }
  return summaries;
}

/** The source edited in place; the whole document written again only if an edit could not be made in place. */
function updatedText(source: string, editing: Editing): string {
  const edited = editYaml(source, editing.edits);
  if (edited !== undefined && isDeepStrictEqual(parse(edited), editing.document.toJS())) return edited;
  return String(editing.document);
}
