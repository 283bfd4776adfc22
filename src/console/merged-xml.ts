/**
 * The effective policy after scope merging, written back as XML for reading: one line per element
 * (longer for multi-line expressions), each tagged with the file and line it came from, so the page can
 * show the merged policy next to where every statement was written.
 */
import type { PolicyElement, PolicySections, PolicyValue } from '../policy/tree.js';

export interface MergedLine {
  text: string;
  file?: string;
  line?: number;
  scope?: string;
}

const SECTIONS = ['inbound', 'backend', 'outbound', 'on-error'] as const;

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function valueText(value: PolicyValue, attribute: boolean): string {
  if (value.kind === 'literal') return attribute ? escapeAttr(value.text) : value.text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const e = value.expression;
  return e.kind === 'block' ? `@{${e.code}}` : e.kind === 'jsonata' ? `@jsonata(${e.code})` : `@(${e.code})`;
}

export function mergedXml(sections: PolicySections, mask: (text: string) => string): MergedLine[] {
  const out: MergedLine[] = [{ text: '<policies>' }];
  const push = (text: string, at?: PolicyElement): void => {
    text.split('\n').forEach((part, i) => out.push(i === 0 && at ? { text: part, file: at.loc.file, line: at.loc.line, scope: at.fragment ? `fragment ${at.fragment}` : at.scope } : { text: part }));
  };
  const element = (e: PolicyElement, depth: number): void => {
    const pad = '    '.repeat(depth);
    const attrs = e.attributes.map((a) => ` ${a.name}="${a.secret ? '***' : mask(valueText(a.value, true))}"`).join('');
    const text = e.text ? (e.secret ? '***' : mask(valueText(e.text, false))) : undefined;
    if (!e.children.length && text === undefined) return push(`${pad}<${e.name}${attrs} />`, e);
    if (!e.children.length) return push(`${pad}<${e.name}${attrs}>${text}</${e.name}>`, e);
    push(`${pad}<${e.name}${attrs}>`, e);
    if (text !== undefined) push(`${pad}    ${text}`);
    for (const child of e.children) element(child, depth + 1);
    push(`${pad}</${e.name}>`);
  };
  for (const section of SECTIONS) {
    const statements = sections[section] ?? [];
    if (!statements.length) {
      out.push({ text: `    <${section} />` });
      continue;
    }
    out.push({ text: `    <${section}>` });
    for (const s of statements) element(s, 2);
    out.push({ text: `    </${section}>` });
  }
  out.push({ text: '</policies>' });
  return out;
}
