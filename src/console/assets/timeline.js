// The handshake trace as a timeline: one row per step with its duration bar on a shared time axis, the
// step's details (expressions, variables, callouts, branch, edits) folded below, errors at the failing
// step with the policy line they come from, then the decision and the connection's activity.
import { h, basename } from './dom.js';

const SECTIONS = ['inbound', 'backend', 'outbound', 'on-error'];

function elapsedMs(text) {
  const m = /^(\d+):(\d+):(\d+)\.(\d+)$/.exec(text || '');
  if (!m) return 0;
  return ((+m[1] * 60 + +m[2]) * 60 + +m[3]) * 1000 + Number(`0.${m[4]}`) * 1000;
}

const fmtMs = (ms) => (ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(ms >= 10 ? 1 : 2)} ms`);
const json = (v) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** A variable a step set: its value and .NET type; a send-request's IResponse (whose value the trace does
 *  not repeat) is summarised by the response's status line. */
function variableText(d) {
  const v = d.variable;
  const status = d.response && d.response.status;
  const value = v.value !== undefined ? json(v.value) : status ? `response ${status.code} ${status.reason || ''}`.trimEnd() : '(not recorded)';
  return `${value}${v.type ? ` (${v.type})` : ''}`;
}

function headersTable(headers) {
  if (!headers || !headers.length) return null;
  return h('table', {}, h('tbody', {}, headers.map((x) => h('tr', {}, h('td', { text: x.name }), h('td', { text: x.value ?? (x.values || []).join(', ') })))));
}

function httpBlock(title, r) {
  if (!r) return null;
  const line = r.status ? `${r.status.code} ${r.status.reason || ''}` : `${r.method || ''} ${r.url || ''}`;
  return h('div', { class: `http ${title}` }, h('b', { text: `${title}: ` }), h('span.mono', { text: line, 'data-field': `${title}-line` }), headersTable(r.headers), r.body !== undefined && r.body !== null && r.body !== '' ? h('pre', { text: json(r.body) }) : null);
}

function sourceLine(sources, file, line) {
  const text = sources.get(file);
  if (!text || !line) return null;
  const lines = text.split('\n');
  const shown = [line - 1, line, line + 1].filter((n) => n >= 1 && n <= lines.length);
  return h('pre', { class: 'source-line', 'data-line': line }, shown.map((n) => `${String(n).padStart(4)}${n === line ? ' ▶ ' : '   '}${lines[n - 1]}`).join('\n'));
}

function details(entry, sources) {
  const d = entry.data || {};
  const parts = [];
  if (entry.file) parts.push(h('div.muted', { text: `${entry.path || ''}  —  ${basename(entry.file)}:${entry.line}:${entry.column ?? 1}${d.fragment ? `  (fragment ${d.fragment})` : ''}` }));
  if (d.error) {
    parts.push(h('div', { class: 'error', role: 'alert' }, h('b', { text: `${d.error.reason || 'Error'}: ` }), d.error.message || ''));
    parts.push(sourceLine(sources, entry.file, entry.line));
  }
  if (d.lastError) parts.push(h('dl.kv', {}, Object.entries(d.lastError).flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: json(v) })])));
  if (d.message) parts.push(h('div', { text: Array.isArray(d.message) ? d.message.join(' · ') : String(d.message) }));
  if (d.messages) parts.push(h('div', { text: d.messages.join(' · ') }));
  if (d.branch !== undefined) parts.push(h('div', {}, h('b', { text: 'branch taken: ' }), h('span.mono', { 'data-field': 'branch', text: d.branch === null ? 'none' : d.branch })));
  if (d.expressions && d.expressions.length) {
    parts.push(h('table.expressions', {}, h('thead', {}, h('tr', {}, ['for', 'expression', 'value', 'type'].map((t) => h('th', { text: t })))), h('tbody', {}, d.expressions.map((e) => h('tr', {}, h('td', { text: e.for }), h('td', { text: e.expression }), h('td', { text: json(e.value) }), h('td', { text: e.type ?? '' }))))));
  }
  if (d.variable) parts.push(h('div', {}, h('b', { text: 'variable ' }), h('span.mono', { 'data-field': 'variable', text: `${d.variable.name} = ${variableText(d)}` })));
  parts.push(httpBlock('request', d.request), httpBlock('response', d.response));
  for (const key of ['header', 'queryParameter', 'backend', 'rewrite', 'configuration', 'completed', 'cancelled', 'attempts', 'severity', 'metadata']) {
    if (d[key] !== undefined) parts.push(h('div', {}, h('b', { text: `${key}: ` }), h('span.mono', { text: json(d[key]) })));
  }
  return h('div.detail', {}, parts);
}

function decisionView(decision) {
  if (!decision) return null;
  if (decision.kind === 'connect') {
    return h('div', { class: 'decision connect', 'data-kind': 'connect' }, h('b', { text: 'decision: connect  ' }), h('span.mono', { 'data-field': 'backend-url', text: decision.backendUrl }), headersTable(decision.headers));
  }
  return h('div', { class: 'decision respond', 'data-kind': 'respond' }, h('b', { text: `decision: respond ${decision.statusCode ?? ''} ${decision.statusReason ?? ''}` }), headersTable(decision.headers), decision.body ? h('pre', { text: json(decision.body) }) : null);
}

function connectionView(c) {
  if (!c) return null;
  return h('div', { class: 'connection' }, h('h3', { text: 'connection' }), h('dl.kv', {},
    h('dt', { text: 'state' }), h('dd', { text: c.open ? 'open' : `closed${c.closedBy ? ' by ' + c.closedBy : ''}` }),
    h('dt', { text: 'to backend' }), h('dd', { text: `${c.messagesToBackend} messages, ${c.bytesToBackend} bytes` }),
    h('dt', { text: 'to client' }), h('dd', { text: `${c.messagesToClient} messages, ${c.bytesToClient} bytes` }),
    c.closeCode !== undefined ? [h('dt', { text: 'close' }), h('dd', { text: `${c.closeCode} ${c.closeReason || ''}` })] : null));
}

/** record: GET /traces/{id}; sources: Map(file → text) for the policy lines of errors. */
export function renderTrace(container, record, sources) {
  container.replaceChildren();
  const summary = h('p', {}, h('b', { text: `${record.api ?? '(no API)'}  ` }), `${record.status} ${record.decision} · ${record.client} · ${fmtMs(record.durationMs)} · ${new Date(record.at).toLocaleTimeString()}`, record.error ? h('span', { class: 'error', text: `  ${record.error}` }) : null);
  container.append(summary);
  const trace = record.trace;
  if (!trace) {
    container.append(h('p.muted', { text: 'No policy ran for this handshake (it was refused before: no API, not an upgrade, no subscription, or the limit).' }));
    return;
  }
  const all = SECTIONS.flatMap((s) => trace.traceEntries[s] || []);
  const total = Math.max(1, ...all.map((e) => elapsedMs(e.elapsed) + (e.durationMs || 0)));
  const list = h('div', { class: 'timeline' });
  for (const section of SECTIONS) {
    const entries = trace.traceEntries[section] || [];
    if (!entries.length) continue;
    list.append(h('h3', { text: section }));
    for (const e of entries) {
      const start = elapsedMs(e.elapsed);
      const dur = e.durationMs || 0;
      const failed = Boolean(e.data && e.data.error) || e.source === 'error';
      const bar = h('span', { class: 'bar-track', title: `starts at ${fmtMs(start)}, takes ${fmtMs(dur)}` }, barAt(start / total, dur / total));
      const item = h('details', { class: `step${failed ? ' failed' : ''}`, 'data-source': e.source, 'data-section': section, open: failed || undefined },
        h('summary', {}, h('span', {}, h('span.name', { text: e.source }), ' ', h('span.bar-ms', { text: fmtMs(dur) })), h('span.where', { text: e.path ? `${e.path.replace(/^policies\//, '')} · line ${e.line}` : `+${fmtMs(start)}` }), bar),
        details(e, sources));
      list.append(item);
    }
  }
  const setters = all.filter((e) => e.data && e.data.variable).map((e) => e.data);
  const variablesView = setters.length
    ? h('div.variables', {}, h('h3', { text: 'variables' }), h('dl.kv', {}, setters.flatMap((d) => [h('dt', { text: d.variable.name }), h('dd', { text: variableText(d) })])))
    : null;
  // append() would show a missing part as the text "null".
  container.append(...[list, variablesView, decisionView(trace.decision), h('div', { id: 'trace-connection' }, connectionView(record.connection))].filter(Boolean));
}

/** A step's bar: placed through the CSSOM, which the page's CSP allows (a style attribute it does not). */
function barAt(startShare, durationShare) {
  const bar = h('span', { class: 'bar' });
  bar.style.left = `${startShare * 100}%`;
  bar.style.width = `${Math.max(0.4, durationShare * 100)}%`;
  return bar;
}

/** Live updates of an open trace touch only its connection part (the step details stay as they are). */
export function renderConnection(container, record) {
  container.replaceChildren(...[connectionView(record.connection)].filter(Boolean));
}
