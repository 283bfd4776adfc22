// Tiny DOM helpers: h('tag.class', {attrs}, ...children). Text is always set as text, never as HTML.
export function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export const $ = (id) => document.getElementById(id);

export function basename(file) {
  return String(file || '').split(/[\\/]/).pop();
}

// The server puts its per-process token in the page; every change sends it back (docs/security.md).
const token = document.querySelector('meta[name="onhandshake-token"]')?.getAttribute('content') ?? '';

export async function api(path, body) {
  const res = await fetch(`/_onhandshake${path}`, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Onhandshake-Token': token }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.message || `${res.status} ${res.statusText}`);
  return data;
}
