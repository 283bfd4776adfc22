/** `onhandshake trace` on a terminal: the decision, then each section's entries as a readable tree. */
import type { HandshakeTrace, TraceEntry } from '../steps/runtime/contract.js';

export interface RenderOptions {
  color: boolean;
  /** A policy file's text, to show the line of a failing expression. */
  sourceOf?: (file: string) => string | undefined;
}

const C = { dim: '\x1b[2m', bold: '\x1b[1m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', cyan: '\x1b[36m', reset: '\x1b[0m' };

type Data = Record<string, unknown>;

export function renderTrace(trace: HandshakeTrace, options: RenderOptions): string {
  const paint = (c: keyof typeof C, s: string) => (options.color ? `${C[c]}${s}${C.reset}` : s);
  const lines: string[] = [];
  const d = trace.decision as Data | undefined;
  if (d?.kind === 'connect') {
    lines.push(`${paint('bold', 'decision:')} ${paint('green', 'connect')} ${d.backendUrl as string}`);
  } else if (d?.kind === 'respond') {
    lines.push(`${paint('bold', 'decision:')} ${paint('yellow', 'respond')} ${d.statusCode as number} ${d.statusReason as string}`);
    const body = d.body as string;
    if (body) lines.push(`  body: ${clip(body, 200)}`);
  }
  for (const [name, entries] of Object.entries(trace.traceEntries) as Array<[string, TraceEntry[]]>) {
    if (entries.length === 0) continue;
    lines.push('', paint('bold', name));
    for (const e of entries) lines.push(...renderEntry(e, paint, options.sourceOf));
  }
  return lines.join('\n') + '\n';
}

function renderEntry(e: TraceEntry, paint: Paint, sourceOf: RenderOptions['sourceOf']): string[] {
  const depth = e.path ? Math.max(0, e.path.split('/').length - 3) : 0;
  const pad = '  ' + '  '.repeat(depth);
  const data = (typeof e.data === 'object' && e.data !== null ? e.data : { message: e.data }) as Data;
  const failed = data.error !== undefined;
  const mark = failed ? paint('red', '✗') : paint('green', '✓');
  const where = e.line !== undefined ? paint('dim', ` line ${e.line}`) : '';
  const time = e.durationMs !== undefined ? paint('dim', ` ${e.durationMs.toFixed(1)} ms`) : '';
  const out = [`${pad}${mark} ${paint('cyan', e.source)}${where}${time}`];
  const more = pad + '    ';
  // A callout reads in the order it happened: the request (and what built it), then the answer.
  const req = data.request as Data | undefined;
  if (req?.method && req.url) {
    out.push(`${more}${req.method as string} ${req.url as string}`);
    // The first api-inspector entry is the client's handshake: its headers are the upgrade ones.
    if (e.source !== 'api-inspector') for (const h of (req.headers as Data[] | undefined) ?? []) out.push(`${more}  ${h.name as string}: ${h.value as string}`);
    if (req.body) out.push(`${more}  ${clip(String(req.body), 120)}`);
  }
  if (data.configuration) {
    const api = (data.configuration as Data).api as Data;
    out.push(`${more}api ${api.from as string} → ${api.to as string}`);
  }
  const expressions = (data.expressions as Data[] | undefined) ?? [];
  if (e.source === 'choose') out.push(...chooseLines(data, expressions, more, paint));
  else for (const x of expressions) out.push(`${more}${paint('dim', `${x.for as string} =`)} ${clip(JSON.stringify(x.value), 160)}`);
  if (data.queryParameter) {
    const q = data.queryParameter as Data;
    out.push(`${more}query ${q.name as string} (${q.action as string}) = ${JSON.stringify(q.values)}`);
  }
  if (data.header) {
    const h = data.header as Data;
    out.push(`${more}header ${h.name as string} (${h.action as string}) = ${JSON.stringify(h.value)}`);
  }
  const res = data.response as Data | undefined;
  const status = res?.status as Data | undefined;
  if (status) out.push(`${more}→ ${status.code as number} ${status.reason as string}${res?.body ? ` ${clip(String(res.body), 120)}` : ''}`);
  if (data.variable) {
    const v = data.variable as Data;
    out.push(`${more}variable ${v.name as string}${v.value !== undefined ? ` = ${clip(JSON.stringify(v.value), 160)}` : ''}`);
  }
  if (data.backend) out.push(`${more}backend ${(data.backend as Data).baseUrl as string}`);
  if (typeof data.message === 'string' && !req) out.push(`${more}${clip(data.message, 200)}`);
  if (Array.isArray(data.message)) for (const m of data.message) out.push(`${more}${String(m)}`);
  if (data.lastError) {
    const l = data.lastError as Data;
    out.push(`${more}${paint('red', `LastError ${l.source as string} / ${l.reason as string}: ${l.message as string}`)}`);
    if (l.location) out.push(`${more}${paint('red', `at ${l.location as string}`)}`);
  }
  if (failed) out.push(...errorLines(data.error as Data, more, paint, sourceOf));
  return out;
}

type Paint = (c: keyof typeof C, s: string) => string;

/** Each `when` condition that was evaluated, by branch, and the branch taken with its condition. */
function chooseLines(data: Data, expressions: Data[], more: string, paint: Paint): string[] {
  const out: string[] = [];
  const conditions = expressions.filter((x) => x.for === 'condition');
  conditions.forEach((x, i) => out.push(`${more}${paint('dim', `when[${i + 1}] @(${clip(String(x.expression), 100)}) =`)} ${JSON.stringify(x.value)}`));
  if (!('branch' in data)) return out;
  if (data.branch === null) out.push(`${more}branch: none (no condition was true)`);
  else if (data.branch === 'otherwise') out.push(`${more}branch: otherwise (no condition was true)`);
  else {
    const taken = conditions.find((x) => x.value === true);
    out.push(`${more}branch: ${data.branch as string}${taken ? ` (${clip(`@(${String(taken.expression)})`, 120)} is true)` : ''}`);
  }
  return out;
}

/** The error, where it happened, and the failing line with a caret under the sub-expression. */
function errorLines(err: Data, more: string, paint: Paint, sourceOf: RenderOptions['sourceOf']): string[] {
  const out = [`${more}${paint('red', `${err.reason ? `${err.reason as string}: ` : ''}${err.message as string}`)}`];
  const location = err.location as string | undefined;
  if (!location) return out;
  out.push(`${more}${paint('red', `at ${location}`)}`);
  const m = /^(.*):(\d+):(\d+)$/.exec(location);
  const text = m ? sourceOf?.(m[1]!)?.split(/\r?\n/)[Number(m[2]) - 1] : undefined;
  if (text !== undefined) {
    const column = Number(m![3]);
    out.push(`${more}  ${text.replace(/\t/g, ' ')}`, `${more}  ${' '.repeat(Math.max(0, column - 1))}${paint('red', '^')}`);
  } else if (err.expression) out.push(`${more}  @(${clip(String(err.expression), 160)})`);
  return out;
}

function clip(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}
