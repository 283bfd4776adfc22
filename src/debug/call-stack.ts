/**
 * The call stack of a paused step, innermost first: the step, the steps it is nested in (choose and
 * its branch, retry, wait …), the fragment it was inlined from, then the scope chain that led there —
 * the step's own scope section, then each narrower scope's `<base/>` (global → product → API →
 * onHandshake), each with its file and line.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { PolicyElement, SectionName, PolicyScope } from '../policy/tree.js';
import type { Step } from '../steps/runtime/step.js';

export interface StackFrame {
  id: number;
  name: string;
  source?: { name: string; path: string };
  line: number;
  column: number;
  presentationHint?: 'normal' | 'label' | 'subtle';
}

const SCOPE_LABEL: Record<PolicyScope, string> = { global: 'global', workspace: 'workspace', product: 'product', api: 'API', operation: 'onHandshake', fragment: 'fragment' };

export interface StackInput {
  step: Step;
  /** Each step's enclosing step, as the executor ran them. */
  parentOf(step: Step): Step | null | undefined;
  section: SectionName;
  /** The scope documents, broadest first (see scopeLayers). */
  layers: ReadonlyArray<{ scope: PolicyScope; file: string }>;
  /** Where an expression failed inside the top step (the top frame points there). */
  failedAt?: { line: number; column: number };
}

export function callStack(input: StackInput): StackFrame[] {
  const frames: StackFrame[] = [];
  const push = (frame: Omit<StackFrame, 'id'>) => frames.push({ id: frames.length + 1, ...frame });
  let outermost = input.step;
  for (let step: Step | null | undefined = input.step; step; step = input.parentOf(step)) {
    const el = step.element;
    const at = step === input.step && input.failedAt ? input.failedAt : el.loc;
    push({ name: frameName(step, frames.length === 0 ? undefined : outermostChild(input, step)), source: sourceOf(el.loc.file), line: at.line, column: at.column });
    const parent = input.parentOf(step);
    if (el.fragment && parent?.element.fragment !== el.fragment) push({ name: `include-fragment '${el.fragment}'`, line: 0, column: 0, presentationHint: 'label' });
    outermost = step;
  }
  const scope = outermost.element.scope;
  const layers = withLayer(input.layers, outermost);
  const from = layers.findIndex((l) => l.scope === scope);
  layers.forEach((layer, i) => {
    if (from < 0 || i < from) return;
    const own = i === from;
    const line = own ? tagLine(layer.file, input.section, `<${input.section}`) : tagLine(layer.file, input.section, '<base');
    push({ name: own ? `${SCOPE_LABEL[layer.scope]} · ${input.section}` : `<base/> · ${SCOPE_LABEL[layer.scope]} · ${input.section}`, source: sourceOf(layer.file), line, column: 1, presentationHint: 'subtle' });
  });
  // The innermost scope is listed last: DAP stacks go from the top frame down to the entry point.
  return frames;
}

/** The layers, with the outermost step's own document added when it is not among them (a product's policy). */
function withLayer(layers: StackInput['layers'], outermost: Step): StackInput['layers'] {
  const el = outermost.element;
  if (el.fragment || layers.some((l) => l.scope === el.scope)) return layers;
  return [...layers, { scope: el.scope, file: el.loc.file }].sort((a, b) => SCOPE_RANK[a.scope] - SCOPE_RANK[b.scope]);
}

/** `choose › when[2]` for an enclosing choose: which branch the inner frame is in. */
function frameName(step: Step, child: Step | undefined): string {
  const id = step.policyId ? ` id=${step.policyId}` : '';
  if (!child) return `${step.name}${id}`;
  const rest = child.element.path.startsWith(step.element.path + '/') ? child.element.path.slice(step.element.path.length + 1).split('/')[0] : undefined;
  return rest && rest !== child.element.path.split('/').at(-1) ? `${step.name}${id} › ${rest}` : `${step.name}${id}`;
}

/** The step directly inside `outer` on the way to the paused step. */
function outermostChild(input: StackInput, outer: Step): Step | undefined {
  let child: Step | undefined;
  for (let s: Step | null | undefined = input.step; s && s !== outer; s = input.parentOf(s)) child = s;
  return child;
}

function sourceOf(path: string): { name: string; path: string } {
  return { name: basename(path), path };
}

/** The line of `tag` inside the section's element of a scope document (1 when it cannot be found). */
function tagLine(file: string, section: SectionName, tag: string): number {
  // Read on each request: the file may have been edited since the run started, and it is small.
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split('\n');
  } catch {
    return 1;
  }
  const start = lines.findIndex((l) => new RegExp(`<${section}[\\s>/]`).test(l + ' '));
  if (start < 0) return 1;
  if (tag === `<${section}`) return start + 1;
  const found = lines.findIndex((l, i) => i >= start && l.includes(tag));
  return found < 0 ? start + 1 : found + 1;
}

const SCOPE_RANK: Record<PolicyScope, number> = { global: 0, workspace: 1, product: 2, api: 3, operation: 4, fragment: 5 };

/** The scope documents a merged policy came from, broadest first, found from where its statements are written. */
export function scopeLayers(statements: Iterable<PolicyElement>): Array<{ scope: PolicyScope; file: string }> {
  const byScope = new Map<PolicyScope, string>();
  for (const el of statements) {
    // Fragment steps carry the including document's scope but the fragment's file.
    if (!el.fragment && !byScope.has(el.scope)) byScope.set(el.scope, el.loc.file);
  }
  return [...byScope].map(([scope, file]) => ({ scope, file })).sort((a, b) => SCOPE_RANK[a.scope] - SCOPE_RANK[b.scope]);
}
