// Lays out the step graph as SVG, no library: a section is a vertical sequence; a step with branches
// (choose, retry, wait) fans out into columns side by side that join again below it.
const NS = 'http://www.w3.org/2000/svg';
const NODE_H = 40;
const GAP_Y = 26;
const GAP_X = 22;
const LABEL_H = 16;
const CHAR_W = 6.6;

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

const short = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const title = (n) => short(`${n.name}${n.summary ? ' ' + n.summary : ''}`, 44);
const sub = (n) => short(`${n.path.replace(/^policies\//, '')} · line ${n.line}`, 48);
const nodeWidth = (n) => Math.max(120, Math.min(310, Math.max(title(n).length, sub(n).length) * CHAR_W + 20));

function measureSeq(nodes) {
  const items = nodes.map(measureNode);
  const w = Math.max(0, ...items.map((i) => i.w));
  const h = items.reduce((s, i) => s + i.h, 0) + GAP_Y * Math.max(0, items.length - 1);
  return { items, w, h };
}

function measureNode(n) {
  const box = nodeWidth(n);
  if (!n.branches || !n.branches.length) return { n, box, w: box, h: NODE_H };
  const all = n.name === 'choose' && !n.branches.some((b) => !b.condition) ? [...n.branches, { label: 'no match', steps: [] }] : n.branches;
  const branches = all.map((b) => {
    const seq = measureSeq(b.steps);
    const label = short(b.condition ? `${b.label} ${b.condition}` : b.label, 40);
    return { b, seq, label, w: Math.max(seq.w, label.length * 6 + 10, 60) };
  });
  const bw = branches.reduce((s, b) => s + b.w, 0) + GAP_X * (branches.length - 1);
  const bh = Math.max(...branches.map((b) => b.seq.h));
  return { n, box, branches, w: Math.max(box, bw), h: NODE_H + GAP_Y + LABEL_H + bh + GAP_Y };
}

function edge(g, x1, y1, x2, y2, arrow = true) {
  const mid = (y1 + y2) / 2;
  const d = x1 === x2 ? `M${x1},${y1} L${x2},${y2}` : `M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2}`;
  g.append(svg('path', { d, class: 'edge', ...(arrow ? { 'marker-end': 'url(#arrow)' } : {}) }));
}

function drawBox(g, n, cx, y, extra = '') {
  const w = nodeWidth(n);
  const node = svg('g', { class: `node ${n.name === 'choose' ? 'choose' : ''} ${extra}`, 'data-path': n.path, 'data-file': n.file, 'data-line': n.line, tabindex: 0, role: 'button', 'aria-label': `${n.name} at line ${n.line}: show in the policy` });
  node.append(svg('title', {}, `${n.name}${n.summary ? ' ' + n.summary : ''}\n${n.path}\n${n.file}:${n.line}`));
  node.append(svg('rect', { x: cx - w / 2, y, width: w, height: NODE_H, rx: n.name === 'choose' ? 14 : 5 }));
  node.append(svg('text', { x: cx, y: y + 16, 'text-anchor': 'middle' }, title(n)));
  node.append(svg('text', { x: cx, y: y + 31, 'text-anchor': 'middle', class: 'sub' }, sub(n)));
  g.append(node);
}

/** Draws a sequence centred on cx from y; returns the y of its bottom (or y when empty). */
function drawSeq(g, seq, cx, y) {
  let top = y;
  seq.items.forEach((item, i) => {
    if (i > 0 && !seq.items[i - 1].n.ends) {
      edge(g, cx, top - GAP_Y, cx, top);
    }
    top = drawNode(g, item, cx, top) + GAP_Y;
  });
  return seq.items.length ? top - GAP_Y : y;
}

function drawNode(g, item, cx, y) {
  drawBox(g, item.n, cx, y);
  if (!item.branches) return y + NODE_H;
  const total = item.branches.reduce((s, b) => s + b.w, 0) + GAP_X * (item.branches.length - 1);
  let x = cx - total / 2;
  const branchTop = y + NODE_H + GAP_Y + LABEL_H;
  const joinY = y + item.h;
  for (const b of item.branches) {
    const bx = x + b.w / 2;
    g.append(svg('text', { x: bx, y: branchTop - 5, 'text-anchor': 'middle', class: 'edge-label' }, b.label));
    if (b.seq.items.length) {
      edge(g, cx, y + NODE_H, bx, branchTop);
      const bottom = drawSeq(g, b.seq, bx, branchTop);
      if (!b.seq.items.some((i) => i.n.ends)) edge(g, bx, bottom, cx, joinY, false);
    } else edge(g, cx, y + NODE_H, bx, joinY - GAP_Y / 2, false), edge(g, bx, joinY - GAP_Y / 2, cx, joinY, false);
    x += b.w + GAP_X;
  }
  return joinY;
}

function terminal(g, label, cx, y) {
  const w = Math.max(90, label.length * CHAR_W + 24);
  const node = svg('g', { class: 'node terminal' });
  node.append(svg('rect', { x: cx - w / 2, y, width: w, height: 24, rx: 12 }));
  node.append(svg('text', { x: cx, y: y + 16, 'text-anchor': 'middle' }, label));
  g.append(node);
}

/** One SVG per section: start pill, the steps, end pill. */
export function renderGraph(container, graph) {
  container.replaceChildren();
  if (!graph) {
    container.textContent = 'The policy does not compile: no graph.';
    return;
  }
  for (const section of ['inbound', 'backend', 'on-error']) {
    const seq = measureSeq(graph[section] || []);
    const width = Math.max(seq.w, 160) + 40;
    const height = 24 + GAP_Y + (seq.items.length ? seq.h + GAP_Y : 0) + 24 + 8;
    const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${section} step graph`, 'data-section': section });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z' }));
    defs.append(marker);
    root.append(defs);
    const g = svg('g');
    root.append(g);
    const cx = width / 2;
    terminal(g, section, cx, 4);
    let y = 4 + 24 + GAP_Y;
    if (seq.items.length) {
      edge(g, cx, 28, cx, y);
      y = drawSeq(g, seq, cx, y) + GAP_Y;
      if (!seq.items.some((i) => i.n.ends)) edge(g, cx, y - GAP_Y, cx, y);
    } else edge(g, cx, 28, cx, y);
    terminal(g, section === 'on-error' ? 'end of on-error' : `end of ${section}`, cx, y);
    container.append(root);
  }
}
