/** `onhandshake graph`: the compiled step graph as an indented tree or as a Mermaid flowchart. */
import type { SectionName } from '../policy/tree.js';
import type { CompiledSections } from './execute.js';
import { relative } from 'node:path';
import { endsFlow } from './flow-ends.js';
import type { CompiledValue, Step } from '../steps/runtime/step.js';

const SECTIONS: readonly SectionName[] = ['inbound', 'backend', 'outbound', 'on-error'];

function valueText(v: CompiledValue | undefined): string {
  if (!v) return '';
  if (v.evaluator) return `@(${oneLine(v.evaluator.source.code)})`;
  return v.literal ?? '';
}

function oneLine(code: string, max = 80): string {
  const flat = code.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export interface TreeOptions {
  /**
   * The policy file, named once in a header line (relative to `cwd`); steps from it show only their line.
   * Absent (a merged estate chain): no header, every step names its file.
   */
  file?: string;
  cwd?: string;
}

export function renderTree(sections: CompiledSections, options: TreeOptions): string {
  const cwd = options.cwd ?? process.cwd();
  const shown = (file: string) => relative(cwd, file) || file;
  // Steps written in another file (an inlined fragment) name it, relative too.
  const where = (step: Step) => `${step.element.path} (${step.element.loc.file === options.file ? 'line ' : `${shown(step.element.loc.file)}:`}${step.element.loc.line})`;
  const lines: string[] = options.file !== undefined ? [`policy ${shown(options.file)}`, ''] : [];
  const walk = (steps: readonly Step[], depth: number) => {
    for (const step of steps) {
      if (step.silent) continue;
      const pad = '  '.repeat(depth);
      lines.push(`${pad}${step.name}${step.summary ? ` ${step.summary}` : ''}  ${where(step)}${endsFlow(step) ? '  (ends the flow)' : ''}`);
      for (const b of step.branches ?? []) {
        if (step.name === 'wait' || step.name === 'retry') {
          walk(b.steps, depth + 1);
          continue;
        }
        lines.push(`${pad}  ${b.label}${b.condition ? ` ${valueText(b.condition)}` : ''}`);
        walk(b.steps, depth + 2);
      }
    }
  };
  for (const section of SECTIONS) {
    const steps = sections[section];
    lines.push(`${section}${steps.length === 0 ? ' (empty)' : ''}`);
    walk(steps, 1);
  }
  return lines.join('\n') + '\n';
}

/** A Mermaid flowchart: sequences as arrows, choose as a decision with labelled branches; return-response has no way out. */
export function renderMermaid(sections: CompiledSections): string {
  const out: string[] = ['flowchart TD'];
  let n = 0;
  const id = () => `n${++n}`;
  const label = (s: string) => s.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
  /** Emits the steps in order; returns the entry node id and the exit node ids. */
  const chain = (steps: readonly Step[], from: string[], edge = ''): string[] => {
    let exits = from;
    let pendingLabel = edge;
    for (const step of steps) {
      if (step.silent) continue;
      const me = id();
      const text = `${label(`${step.name}${step.summary ? ` ${step.summary}` : ''}`)}<br/>${label(`${step.element.path}:${step.element.loc.line}`)}`;
      out.push(step.name === 'choose' ? `  ${me}{"${text}"}` : `  ${me}["${text}"]`);
      for (const e of exits) out.push(pendingLabel ? `  ${e} -->|"${label(pendingLabel)}"| ${me}` : `  ${e} --> ${me}`);
      pendingLabel = '';
      if (step.branches && step.branches.length > 0) {
        const ends: string[] = [];
        for (const b of step.branches) {
          const text = b.condition ? `${b.label} ${valueText(b.condition)}` : b.label;
          const branchExits = b.steps.length > 0 ? chain(b.steps, [me], text) : [me];
          ends.push(...branchExits);
        }
        if (step.name === 'choose' && !step.branches.some((b) => !b.condition)) ends.push(me);
        exits = [...new Set(ends)];
      } else exits = [me];
      // return-response answers the client: nothing after it runs, so no edge leaves it.
      if (endsFlow(step)) exits = [];
    }
    return exits;
  };
  for (const section of SECTIONS) {
    const start = id();
    out.push(`  ${start}(["${section}"])`);
    const exits = chain(sections[section], [start]);
    const end = id();
    out.push(`  ${end}(["end of ${section}"])`);
    for (const e of exits) out.push(`  ${e} --> ${end}`);
  }
  return out.join('\n') + '\n';
}
