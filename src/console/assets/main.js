// The console page: APIs and their policies, the test connection, traces, the live list of handshakes.
import { $, h, api, basename } from './dom.js';
import { renderCode } from './xml-view.js';
import { renderGraph } from './graph-svg.js';
import { renderConnection, renderTrace } from './timeline.js';

const state = { apis: [], current: null, sources: new Map(), traces: new Map(), openTrace: null, connected: false };
// randomUUID exists only in secure contexts (loopback is one; a remote console over http is not).
const session = crypto.randomUUID ? crypto.randomUUID() : [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

// ---- tabs (arrow keys move between them, as WAI-ARIA tabs do)
function setupTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  const select = (tab) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    }
  };
  tabs.forEach((t, i) => {
    t.addEventListener('click', () => select(t));
    t.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!d) return;
      const next = tabs[(i + d + tabs.length) % tabs.length];
      select(next);
      next.focus();
    });
  });
}

// ---- APIs and policies
async function loadApis(keepEditor = false) {
  const data = await api('/apis');
  state.apis = data.apis;
  $('gateway-line').textContent = `gateway ${data.gateway} · ${data.apis.length} API(s)`;
  for (const a of data.apis) for (const l of a.layers) state.sources.set(l.file, l.text);
  const names = data.apis.map((a) => a.name);
  for (const sel of [$('api-select'), $('connect-api')]) {
    const prev = sel.value;
    sel.replaceChildren(...data.apis.map((a) => h('option', { value: a.name, text: `${a.name}  ${a.path}` })));
    if (names.includes(prev)) sel.value = prev;
  }
  showApi($('api-select').value, keepEditor);
}

function showApi(name, keepEditor) {
  const a = state.apis.find((x) => x.name === name);
  state.current = a;
  if (!a) return;
  $('api-meta').textContent = `${a.path} → ${a.serviceUrl}${a.trying ? '  · trying edited policy' : ''}`;
  renderCode($('merged-policy'), a.merged.length ? a.merged : [{ text: '(the policy does not compile; see Edit & re-run for the diagnostics)' }]);
  renderGraph($('graph'), a.graph);
  $('edit-file').textContent = a.policyFile ? `file: ${a.policyFile}` : 'this API has no onHandshake policy file';
  if (!keepEditor) {
    const op = a.layers.find((l) => l.scope === 'operation');
    $('editor').value = op ? op.text : '';
    showDiagnostics(a.diagnostics, null);
    updateGutter();
  }
  for (const b of ['check-btn', 'try-btn', 'save-btn']) $(b).disabled = !a.policyFile;
}

function updateGutter(bad = new Map()) {
  const n = $('editor').value.split('\n').length;
  const spans = [];
  for (let i = 1; i <= n; i++) spans.push(h(bad.has(i) ? 'span.bad' : 'span', { 'data-line': i, title: bad.get(i) || undefined, text: String(i) }));
  $('editor-gutter').replaceChildren(...spans);
  $('editor-gutter').scrollTop = $('editor').scrollTop;
}

function goToLine(line, column) {
  const ed = $('editor');
  const lines = ed.value.split('\n');
  let pos = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
  pos += Math.max(0, (column || 1) - 1);
  ed.focus();
  ed.setSelectionRange(pos, pos);
  ed.scrollTop = Math.max(0, (line - 5) * 18);
  updateGutter(currentBad);
}

let currentBad = new Map();
function showDiagnostics(diagnostics, message) {
  const file = state.current && state.current.policyFile;
  currentBad = new Map();
  const items = diagnostics.map((d) => {
    if (d.file === file && d.severity === 'error') currentBad.set(d.line, `${d.code}: ${d.message}`);
    return h('li', { class: d.severity, 'data-line': d.line, 'data-code': d.code },
      `${basename(d.file)}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}${d.path ? `\n    at ${d.path}` : ''}`,
      d.file === file ? h('button.quiet', { type: 'button', onclick: () => goToLine(d.line, d.column), text: `go to line ${d.line}` }) : null);
  });
  if (message) items.unshift(h('li.ok', { text: message }));
  $('diagnostics').replaceChildren(...items);
  updateGutter(currentBad);
}

async function editAction(kind) {
  const a = state.current;
  if (!a) return;
  $('edit-status').textContent = `${kind}…`;
  try {
    const text = $('editor').value;
    if (kind === 'revert') {
      const r = await api('/apis/revert', {});
      await loadApis(false);
      $('edit-status').textContent = r.applied ? 'serving the files on disk again' : 'the files on disk have errors';
      return;
    }
    const r = await api(`/apis/${encodeURIComponent(a.name)}/${kind}`, { text });
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    const outcome =
      kind === 'check' ? (errors ? null : 'no errors') :
      kind === 'try' ? (r.applied ? 'new handshakes now use this text (the file is unchanged)' : null) :
      r.applied ? `saved to ${basename(a.policyFile)} and served` : `saved to ${basename(a.policyFile)}; it has errors, the gateway keeps the last good version`;
    showDiagnostics(r.diagnostics, outcome);
    $('edit-status').textContent = errors ? `${errors} error(s)` : outcome || '';
    if (kind !== 'check' && (r.applied || kind === 'save')) await loadApis(true);
  } catch (err) {
    $('edit-status').textContent = err.message;
  }
}

/** From the graph: show where a statement is in the effective policy. */
function showInPolicy(file, line) {
  document.getElementById('tab-policy').click();
  const items = [...document.querySelectorAll('#merged-policy li')];
  for (const li of items) li.classList.remove('hit');
  const hit = items.find((li) => li.dataset.file === file && li.dataset.line === String(line));
  if (hit) {
    hit.classList.add('hit');
    hit.scrollIntoView({ block: 'center' });
  }
}

function setupGraphNavigation() {
  const open = (e) => {
    const node = e.target.closest && e.target.closest('g.node[data-line]');
    if (node) showInPolicy(node.dataset.file, Number(node.dataset.line));
  };
  $('graph').addEventListener('click', open);
  $('graph').addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(e); } });
}

// ---- the test connection
function pairRow(container, name = '', value = '') {
  const row = h('div.pair', {},
    h('input', { 'aria-label': 'name', placeholder: 'name', value: name }),
    h('input', { 'aria-label': 'value', placeholder: 'value', value }),
    h('button.quiet', { type: 'button', 'aria-label': 'remove', text: '×', onclick: () => row.remove() }));
  container.append(row);
  return row;
}
const pairs = (container) => [...container.querySelectorAll('.pair')].map((r) => [...r.querySelectorAll('input')].map((i) => i.value)).filter(([n]) => n.trim());

function showText(text) {
  // The SignalR record separator and other control characters made visible.
  const parts = [];
  let last = 0;
  text.replace(/[\x00-\x08\x0b-\x1f]/g, (c, i) => {
    parts.push(text.slice(last, i), h('span.rs', { title: `0x${c.charCodeAt(0).toString(16).padStart(2, '0')}`, text: c === '\x1e' ? 'RS' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` }));
    last = i + 1;
    return c;
  });
  parts.push(text.slice(last));
  return parts;
}

function logRow(kind, cells) {
  const tbody = $('log');
  tbody.append(h('tr', { class: kind }, cells));
  tbody.parentElement.parentElement.scrollTop = 1e9;
}

function logEvent(at, text, cls = 'event') {
  logRow(cls, [h('td', { text: new Date(at).toLocaleTimeString(undefined, { hour12: false }) + '.' + String(new Date(at).getMilliseconds()).padStart(3, '0') }), h('td.dir', { text: '•' }), h('td', { text: cls === 'error' ? 'error' : 'event' }), h('td'), h('td.content', {}, text)]);
}

function setConnected(on, label) {
  state.connected = on;
  const badge = $('conn-state');
  badge.textContent = label;
  badge.className = `badge ${on ? 'on' : label.startsWith('refused') || label.startsWith('error') ? 'bad' : ''}`;
  $('send-btn').disabled = !on;
  $('disconnect-btn').disabled = !on;
}

const sessionHandlers = {
  connecting: (d) => {
    $('connect-url').textContent = d.url;
    logEvent(d.at, `connecting to ${d.url}`);
    setConnected(false, 'connecting…');
  },
  open: (d) => {
    logEvent(d.at, `connected (101)${d.protocol ? `, subprotocol ${d.protocol}` : ''}${d.traceId ? `, trace ${d.traceId}` : ''}`);
    setConnected(true, 'connected');
    if (d.traceId) openTrace(d.traceId);
  },
  refused: (d) => {
    logEvent(d.at, `refused: ${d.status} ${d.reason}\n${d.body}`, 'error');
    setConnected(false, `refused ${d.status}`);
    if (d.traceId) openTrace(d.traceId);
  },
  message: (d) => {
    const time = new Date(d.at);
    logRow(d.direction, [
      h('td', { text: time.toLocaleTimeString(undefined, { hour12: false }) + '.' + String(time.getMilliseconds()).padStart(3, '0') }),
      h('td.dir', { text: d.direction === 'sent' ? '↑ sent' : '↓ received' }),
      h('td', { text: d.kind }),
      h('td', { text: `${d.size} B` }),
      h('td.content', {}, d.kind === 'binary' ? d.hex : showText(d.text), d.truncated ? ' …' : ''),
    ]);
  },
  close: (d) => {
    logEvent(d.at, `closed ${d.code}${d.reason ? ' ' + d.reason : ''}`);
    setConnected(false, `closed ${d.code}`);
  },
  error: (d) => logEvent(d.at, d.message, 'error'),
};

async function connect(e) {
  e.preventDefault();
  try {
    await api(`/sessions/${session}/connect`, { api: $('connect-api').value, query: pairs($('query-rows')), headers: pairs($('header-rows')), protocol: $('subprotocol').value });
  } catch (err) {
    logEvent(new Date().toISOString(), err.message, 'error');
  }
}

async function send(e) {
  e && e.preventDefault();
  try {
    await api(`/sessions/${session}/send`, { data: $('send-text').value, encoding: $('send-hex').checked ? 'hex' : 'text', recordSeparator: $('append-rs').checked });
  } catch (err) {
    logEvent(new Date().toISOString(), err.message, 'error');
  }
}

async function disconnect(e) {
  e.preventDefault();
  try {
    await api(`/sessions/${session}/close`, { code: Number($('close-code').value), reason: $('close-reason').value });
  } catch (err) {
    logEvent(new Date().toISOString(), err.message, 'error');
  }
}

// ---- traces
async function openTrace(id) {
  state.openTrace = id;
  try {
    const record = await api(`/traces/${encodeURIComponent(id)}`);
    $('trace-id').textContent = id;
    renderTrace($('trace-view'), record, state.sources);
    for (const b of document.querySelectorAll('#recent button')) b.setAttribute('aria-current', String(b.dataset.id === id));
  } catch (err) {
    $('trace-view').replaceChildren(h('p.error', { text: err.message }));
  }
}

function recentItem(t) {
  const ok = t.status === 101;
  const conn = t.connection ? ` · ${t.connection.open ? 'open' : `closed ${t.connection.closeCode ?? ''}`} · ${t.connection.messagesToBackend}↑ ${t.connection.messagesToClient}↓` : '';
  return h('li', { 'data-id': t.id }, h('button', { 'data-id': t.id, 'aria-current': String(state.openTrace === t.id), onclick: () => openTrace(t.id) },
    h('span', { class: `status ${ok ? 'ok' : 'bad'}`, text: String(t.status) }),
    h('span', { text: `${t.api ?? '(no API)'} · ${t.decision}` }),
    h('span.muted', { text: `${t.durationMs} ms` }),
    h('span.sub', { text: `${new Date(t.at).toLocaleTimeString(undefined, { hour12: false })} · ${t.client}${conn}${t.error ? ' · ' + t.error : ''}` })));
}

let refreshTimer = null;
function refreshConnection(id) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    const box = $('trace-connection');
    if (!box || state.openTrace !== id) return;
    renderConnection(box, await api(`/traces/${encodeURIComponent(id)}`).catch(() => ({})));
  }, 250);
}

function upsertTrace(t) {
  if (t.id === state.openTrace && state.traces.has(t.id)) refreshConnection(t.id);
  state.traces.set(t.id, t);
  const list = $('recent');
  const existing = list.querySelector(`li[data-id="${CSS.escape(t.id)}"]`);
  const item = recentItem(t);
  if (existing) existing.replaceWith(item);
  else list.prepend(item);
  while (list.children.length > 200) list.lastElementChild.remove();
}

async function loadTraces() {
  const { traces } = await api('/traces');
  for (const t of traces.reverse()) upsertTrace(t);
}

function listen() {
  const events = new EventSource(`/_onhandshake/events?session=${session}`);
  events.addEventListener('trace', (e) => upsertTrace(JSON.parse(e.data)));
  for (const [name, handler] of Object.entries(sessionHandlers)) events.addEventListener(`session-${name}`, (e) => handler(JSON.parse(e.data)));
  events.addEventListener('hello', () => { $('live').className = 'badge on'; $('live').textContent = 'live'; });
  events.onerror = () => { $('live').className = 'badge bad'; $('live').textContent = 'reconnecting…'; };
}

// ---- wiring
setupTabs();
setupGraphNavigation();
$('api-select').addEventListener('change', () => showApi($('api-select').value, false));
$('editor').addEventListener('input', () => updateGutter(currentBad));
$('editor').addEventListener('scroll', () => ($('editor-gutter').scrollTop = $('editor').scrollTop));
$('check-btn').addEventListener('click', () => editAction('check'));
$('try-btn').addEventListener('click', () => editAction('try'));
$('save-btn').addEventListener('click', () => editAction('save'));
$('revert-btn').addEventListener('click', () => editAction('revert'));
$('add-query').addEventListener('click', () => pairRow($('query-rows')).querySelector('input').focus());
$('add-header').addEventListener('click', () => pairRow($('header-rows')).querySelector('input').focus());
$('connect-form').addEventListener('submit', connect);
$('send-form').addEventListener('submit', send);
$('send-text').addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(e); });
$('close-form').addEventListener('submit', disconnect);
setConnected(false, 'disconnected');
listen();
loadApis().catch((err) => ($('gateway-line').textContent = err.message));
loadTraces().catch(() => undefined);
