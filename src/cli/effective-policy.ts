/**
 * `policies --effective --apiops DIR`: the merged onHandshake policy of each WebSocket API of an estate
 * (per product when it has products), as the gateway merges it (console/api-policy.ts over
 * config/policy-layers.ts), every line followed by the file and line it came from; `--diff F2` shows
 * what changes between two environments' override files.
 */
import { relative } from 'node:path';
import type { GatewayConfig } from '../config/types.js';
import { compileApiPolicy } from '../console/api-policy.js';
import { mergedXml } from '../console/merged-xml.js';
import { maskText } from '../common/mask.js';
import { diffLines } from '../testing/diff.js';
import type { Diagnostic } from '../policy/diagnostics.js';

export interface EffectivePolicy {
  /** `API chat (/chat → ws://…), revision 2, product starter` */
  title: string;
  lines: string[];
}

/** Where annotations start, so that they line up for policies of ordinary width. */
const ANNOTATION_COLUMN = 72;

export function effectivePolicies(config: GatewayConfig, apiName?: string): { policies: EffectivePolicy[]; diagnostics: Diagnostic[] } {
  const root = config.file ?? process.cwd();
  const policies: EffectivePolicy[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const api of config.apis.filter((a) => apiName === undefined || a.name.toLowerCase() === apiName.toLowerCase())) {
    for (const product of api.products.length ? api.products : [null]) {
      const compiled = compileApiPolicy(config, api, product);
      diagnostics.push(...compiled.diagnostics);
      const title = `API ${api.name} (/${api.path.replace(/^\/+/, '')} → ${api.serviceUrl}), revision ${api.revision ?? '1'}${product ? `, product ${product}` : ''}`;
      if (!compiled.sections) {
        policies.push({ title, lines: ['(not merged: see the errors above)'] });
        continue;
      }
      const lines = mergedXml(compiled.sections, (text) => maskText(text, compiled.secrets)).map((line) => {
        if (!line.file) return line.text;
        const where = `${relative(root, line.file)}:${line.line}${line.scope ? ` ${line.scope}` : ''}`;
        return `${line.text.padEnd(ANNOTATION_COLUMN)}  <!-- ${where} -->`;
      });
      policies.push({ title, lines });
    }
  }
  return { policies, diagnostics };
}

export function renderEffective(policies: readonly EffectivePolicy[]): string {
  return policies.map((p) => `<!-- ${p.title} -->\n${p.lines.join('\n')}\n`).join('\n');
}

/** Lines kept around a change so that it can be placed. */
const CONTEXT = 2;

/** Per API: the lines that differ between the two environments, with a little context; `…` between hunks. */
export function renderEffectiveDiff(before: readonly EffectivePolicy[], after: readonly EffectivePolicy[], names: { before: string; after: string }): string {
  const out: string[] = [`--- ${names.before}`, `+++ ${names.after}`];
  const titles = [...new Set([...before, ...after].map((p) => p.title.replace(/ \(.*?\)/, '')))];
  for (const title of titles) {
    const a = before.find((p) => p.title.replace(/ \(.*?\)/, '') === title);
    const b = after.find((p) => p.title.replace(/ \(.*?\)/, '') === title);
    const diff = diffLines(a ? [`<!-- ${a.title} -->`, ...a.lines] : [], b ? [`<!-- ${b.title} -->`, ...b.lines] : []);
    const changed = diff.map((d, i) => (d.op !== ' ' ? i : -1)).filter((i) => i >= 0);
    out.push('', `${title}: ${changed.length === 0 ? 'no change' : `${changed.length} line${changed.length === 1 ? '' : 's'} differ`}`);
    let last = -1;
    diff.forEach((d, i) => {
      if (!changed.some((c) => Math.abs(c - i) <= CONTEXT)) return;
      if (last >= 0 && i > last + 1) out.push('…');
      out.push(`${d.op} ${d.text}`.trimEnd());
      last = i;
    });
  }
  return out.join('\n') + '\n';
}
