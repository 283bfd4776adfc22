// Syntax colouring for policy XML, line by line (comments may span lines), into spans with classes.
import { h } from './dom.js';

const TOKEN = /(<!--.*?(?:-->|$))|(<\/?[\w:.-]+)|(\/?>)|([\w:.-]+)(?==)|("[^"]*"?|'[^']*'?)|(@\(|@\{|@jsonata\()/g;

export function highlightLine(text, state) {
  const parts = [];
  let rest = text;
  if (state.comment) {
    const end = rest.indexOf('-->');
    if (end < 0) return [h('span.x-comment', { text: rest })];
    parts.push(h('span.x-comment', { text: rest.slice(0, end + 3) }));
    rest = rest.slice(end + 3);
    state.comment = false;
  }
  let last = 0;
  for (const m of rest.matchAll(TOKEN)) {
    if (m.index > last) parts.push(document.createTextNode(rest.slice(last, m.index)));
    const [all, comment, tag, close, attr, str, expr] = m;
    if (comment !== undefined) {
      parts.push(h('span.x-comment', { text: comment }));
      if (!comment.endsWith('-->')) state.comment = true;
    } else if (tag !== undefined || close !== undefined) parts.push(h('span.x-tag', { text: all }));
    else if (attr !== undefined) parts.push(h('span.x-attr', { text: attr }));
    else if (str !== undefined) parts.push(h(str.startsWith('"@') || str.startsWith("'@") ? 'span.x-expr' : 'span.x-str', { text: str }));
    else if (expr !== undefined) parts.push(h('span.x-expr', { text: expr }));
    last = m.index + all.length;
  }
  if (last < rest.length) parts.push(document.createTextNode(rest.slice(last)));
  return parts;
}

/** Fills an <ol class="code"> with lines: [{text, file?, line?, scope?}]. */
export function renderCode(ol, lines) {
  const state = { comment: false };
  ol.replaceChildren(
    ...lines.map((l) =>
      h('li', { 'data-file': l.file, 'data-line': l.line }, h('span.src', { title: l.file ? `${l.file}:${l.line}` : undefined, text: l.file ? `${l.scope ? l.scope + ' · ' : ''}${l.file.split(/[\\/]/).pop()}:${l.line}` : '' }), h('span', {}, ...highlightLine(l.text, state))),
    ),
  );
}
