/**
 * The compiled step graph as plain JSON for the page, which lays it out as SVG itself: each step with its
 * name, summary, APIM path and source line; choose/retry/wait with their branches.
 */
import type { CompiledSections } from '../graph/execute.js';
import { endsFlow } from '../graph/flow-ends.js';
import type { CompiledValue, Step } from '../steps/runtime/step.js';
import type { SectionName } from '../policy/tree.js';

export interface GraphNode {
  name: string;
  summary?: string;
  path: string;
  file: string;
  line: number;
  branches?: Array<{ label: string; condition?: string; steps: GraphNode[] }>;
  /** The flow stops here (return-response, or a choose all of whose branches stop): no edge leaves it. */
  ends?: true;
}

export type GraphView = Record<SectionName, GraphNode[]>;

function valueText(v: CompiledValue | undefined): string | undefined {
  if (!v) return undefined;
  return v.evaluator ? `@(${v.evaluator.source.code.replace(/\s+/g, ' ').trim()})` : v.literal;
}

function nodes(steps: readonly Step[]): GraphNode[] {
  return steps
    .filter((s) => !s.silent)
    .map((s) => ({
      name: s.name,
      ...(s.summary ? { summary: s.summary } : {}),
      path: s.element.path,
      file: s.element.loc.file,
      line: s.element.loc.line,
      ...(s.branches?.length
        ? { branches: s.branches.map((b) => ({ label: b.label, ...(b.condition ? { condition: valueText(b.condition) } : {}), steps: nodes(b.steps) })) }
        : {}),
      ...(endsFlow(s) ? { ends: true as const } : {}),
    }));
}

export function graphView(sections: CompiledSections): GraphView {
  return { inbound: nodes(sections.inbound), backend: nodes(sections.backend), outbound: nodes(sections.outbound), 'on-error': nodes(sections['on-error']) };
}
