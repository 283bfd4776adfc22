/** The policy support matrix, generated from the handler table (for `onhandshake policies` and docs/policies.md). */
import { CODE_MEANINGS } from './runtime/codes.js';
import { POLICY_HANDLERS } from './index.js';
import type { AttributeSpec, ElementSpec, PolicyHandler, SupportStatus } from './handler.js';

const STATUS_TEXT: Record<SupportStatus, string> = {
  supported: 'supported',
  unsupported: 'not yet supported',
  'not-in-onhandshake': 'refused on onHandshake',
  ignored: 'ignored',
};

const ORDER: SupportStatus[] = ['supported', 'ignored', 'unsupported', 'not-in-onhandshake'];

function sorted(): PolicyHandler[] {
  return [...POLICY_HANDLERS.values()].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || a.name.localeCompare(b.name));
}

function attributeText(a: AttributeSpec): string {
  const bits: string[] = [];
  if (a.required) bits.push('required');
  if (a.default !== undefined) bits.push(`default ${a.default}`);
  if (a.values) bits.push(a.values.join('|'));
  bits.push(a.expression ? 'expr' : 'no expr');
  return `\`${a.name}\` (${bits.join(', ')})`;
}

function childrenText(spec: ElementSpec): string {
  if (spec.children === 'policies') return 'policies';
  return (spec.children ?? []).map((c) => `\`<${c.element.name}>\`${c.required ? ' (required)' : ''}${c.repeatable ? ' …' : ''}`).join(', ');
}

export function supportMatrixMarkdown(): string {
  const lines = [
    '# Policy support matrix',
    '',
    '<!-- Generated from src/steps/index.ts by `onhandshake policies --format markdown`; test/steps/support-matrix.test.ts keeps it in step. Do not edit by hand. -->',
    '',
    'Every policy element the compiler knows. *supported*: compiled and run with APIM\'s semantics; *not yet supported*:',
    'reported as an error (OH408) wherever it appears; *refused on onHandshake*: APIM\'s deny-list (an error at operation',
    'scope, skipped with a warning when inherited); *ignored*: `<base/>` left after merging. Any other element is an',
    'unknown policy (OH401). Every policy also accepts `id` (LastError.PolicyId).',
    '',
    '| Policy | Status | Sections | Attributes | Children | Notes |',
    '|---|---|---|---|---|---|',
  ];
  for (const h of sorted()) {
    const attrs = h.status === 'supported' ? h.attributes.map(attributeText).join('<br>') : '';
    const children = h.status === 'supported' ? childrenText(h) : '';
    const sections = h.status === 'supported' ? (h.sections ?? ['all']).join(', ') : '';
    lines.push(`| \`${h.name}\` | ${STATUS_TEXT[h.status]} | ${sections} | ${attrs} | ${children} | ${h.summary.replace(/\|/g, '\\|')} |`);
  }
  lines.push('', '## Compiler diagnostics', '', '| Code | Meaning |', '|---|---|');
  for (const [code, meaning] of Object.entries(CODE_MEANINGS)) lines.push(`| ${code} | ${meaning} |`);
  return lines.join('\n') + '\n';
}

export function supportMatrixText(): string {
  const rows = sorted().map((h) => [h.name, STATUS_TEXT[h.status], h.summary]);
  const w0 = Math.max(...rows.map((r) => r[0]!.length));
  const w1 = Math.max(...rows.map((r) => r[1]!.length));
  return rows.map(([a, b, c]) => `${a!.padEnd(w0)}  ${b!.padEnd(w1)}  ${c}`).join('\n') + '\n';
}

export function supportMatrixJson(): unknown {
  return sorted().map((h) => ({
    name: h.name,
    status: h.status,
    summary: h.summary,
    sections: h.sections ?? ['inbound', 'backend', 'outbound', 'on-error'],
    attributes: h.attributes,
    children: h.children === 'policies' ? 'policies' : (h.children ?? []).map((c) => ({ name: c.element.name, required: c.required === true, repeatable: c.repeatable === true })),
  }));
}
