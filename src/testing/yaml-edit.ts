/**
 * Edits of a YAML text in place, for `--update`: a changed scalar is rewritten where it stands (its
 * quoting style kept, its comment untouched), a changed collection or a new key is written as a few new
 * lines at the right indentation (or, inside a flow collection `{ … }`, that one collection is written
 * again), and every other byte of the file stays as it was: flow maps, quoting, long strings, comments,
 * blank lines. Re-serialising the whole document would reformat all of them.
 */
import { isCollection, isMap, isPair, isScalar, isSeq, parse, parseDocument, stringify, type Document, type Pair, Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

export type YamlPath = ReadonlyArray<string | number>;

export type YamlEdit =
  /** Sets the value at `path`; with `renameTo`, the entry's key changes too (a decision of another kind). */
  | { kind: 'set'; path: YamlPath; value: unknown; renameTo?: string }
  | { kind: 'delete'; path: YamlPath };

/** `source` with `edits` applied in order, or undefined when one cannot be made in place. */
export function editYaml(source: string, edits: readonly YamlEdit[]): string | undefined {
  let text = source;
  for (const edit of edits) {
    const next = edit.kind === 'set' ? setAt(text, edit.path, edit.value, edit.renameTo) : deleteAt(text, edit.path);
    if (next === undefined) return undefined;
    text = next;
  }
  return text;
}

interface Located {
  doc: Document;
  /** The collection holding the entry, and whether it (or one around it) is a flow collection. */
  parent: YAMLMap | YAMLSeq;
  inFlow: boolean;
  key: string | number;
}

function locate(text: string, path: YamlPath): Located | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length || path.length === 0) return undefined;
  let inFlow = false;
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length - 1; i++) {
    if (!isCollection(node)) return undefined;
    inFlow ||= Boolean(node.flow);
    node = node.get(path[i], true);
  }
  if (!isCollection(node)) return undefined;
  return { doc, parent: node, inFlow: inFlow || Boolean(node.flow), key: path[path.length - 1]! };
}

function setAt(text: string, path: YamlPath, value: unknown, renameTo?: string): string | undefined {
  const at = locate(text, path);
  if (!at) {
    // The parent is missing (or a scalar such as an empty `expect:`): set the parent instead.
    if (path.length < 2) return undefined;
    const parentPath = path.slice(0, -1);
    const current = parse(text) as unknown;
    const parentValue = getPlain(current, parentPath);
    const merged = { ...(parentValue && typeof parentValue === 'object' && !Array.isArray(parentValue) ? parentValue : {}), [String(path[path.length - 1])]: value };
    return setAt(text, parentPath, merged);
  }
  const { parent, inFlow, key } = at;
  const old = parent.get(key, true);
  // A scalar for a scalar: rewrite just its characters.
  if (!renameTo && isScalar(old) && old.range && !isObject(value)) {
    // A block scalar (| or >) runs to its last line's end: the text after it starts on the next line.
    const block = old.type === Scalar.BLOCK_LITERAL || old.type === Scalar.BLOCK_FOLDED;
    const end = block ? endOfLine(text, contentEnd(text, old.range[1])) : old.range[1];
    return splice(text, old.range[0], end, renderScalar(value, old.type, inFlow));
  }
  if (inFlow) return rewriteFlow(text, at, value, renameTo);
  if (isSeq(parent)) {
    if (!isScalar(old) && !isCollection(old)) return undefined;
    return replaceLines(text, old.range![0], old.range![1], lineEnds(text, blockItem(value, columnOf(text, old.range![0]))));
  }
  const pair = pairOf(parent as YAMLMap, key);
  const name = renameTo ?? String(key);
  const indent = columnOf(text, (parent.items[0] as Pair<Scalar>).key.range![0]);
  if (pair) {
    const start = (pair.key as Scalar).range![0];
    const end = isScalar(pair.value) || isCollection(pair.value) ? pair.value.range![1] : (pair.key as Scalar).range![1];
    return replaceLines(text, start, end, lineEnds(text, blockPair(name, value, indent)));
  }
  const last = parent.items[parent.items.length - 1] as Pair<Scalar, Scalar>;
  const lastEnd = last.value?.range?.[1] ?? last.key.range![1];
  const lineEnd = endOfLine(text, contentEnd(text, lastEnd));
  return splice(text, lineEnd, lineEnd, lineEnds(text, `\n${' '.repeat(indent)}${blockPair(name, value, indent)}`));
}

function deleteAt(text: string, path: YamlPath): string | undefined {
  const at = locate(text, path);
  if (!at) return text; // nothing to delete
  const { parent, inFlow, key } = at;
  if (inFlow) return rewriteFlow(text, at, undefined);
  if (!isMap(parent)) return undefined;
  const pair = pairOf(parent, key);
  if (!pair) return text;
  if (parent.items.length === 1) return undefined; // would leave an empty map: not an in-place edit
  const start = startOfLine(text, (pair.key as Scalar).range![0]);
  const end = isScalar(pair.value) || isCollection(pair.value) ? pair.value.range![1] : (pair.key as Scalar).range![1];
  const lineEnd = endOfLine(text, contentEnd(text, end));
  return splice(text, start, Math.min(text.length, lineEnd + 1), '');
}

/** Writes the flow collection holding the entry again, with the entry changed (or removed). */
function rewriteFlow(text: string, at: Located, value: unknown, renameTo?: string): string | undefined {
  // The outermost flow collection around the entry is the one written again.
  let node: YAMLMap | YAMLSeq = at.parent;
  const outer = outermostFlow(at.doc, node);
  if (outer) node = outer;
  if (!node.range) return undefined;
  const plain = at.doc.toJS() as unknown;
  const path = pathTo(at.doc, at.parent);
  if (!path) return undefined;
  const parentValue = getPlain(plain, path) as Record<string, unknown> | unknown[];
  if (Array.isArray(parentValue)) {
    if (value === undefined) parentValue.splice(Number(at.key), 1);
    else parentValue[Number(at.key)] = value;
  } else {
    const entries = Object.entries(parentValue).flatMap(([k, v]): Array<[string, unknown]> => {
      if (k !== String(at.key)) return [[k, v]];
      return value === undefined ? [] : [[renameTo ?? k, value]];
    });
    if (!entries.some(([k]) => k === (renameTo ?? String(at.key))) && value !== undefined) entries.push([renameTo ?? String(at.key), value]);
    replaceIn(plain, path, Object.fromEntries(entries));
  }
  const outerPath = pathTo(at.doc, node);
  if (!outerPath) return undefined;
  return splice(text, node.range[0], node.range[1], renderFlow(getPlain(plain, outerPath)));
}

function outermostFlow(doc: Document, target: YAMLMap | YAMLSeq): YAMLMap | YAMLSeq | undefined {
  let found: YAMLMap | YAMLSeq | undefined;
  const walk = (node: unknown, outer: YAMLMap | YAMLSeq | undefined): boolean => {
    if (!isCollection(node)) return false;
    const flowOuter = outer ?? (node.flow ? node : undefined);
    if (node === target) {
      found = flowOuter;
      return true;
    }
    for (const item of node.items) if (walk(isPair(item) ? item.value : item, flowOuter)) return true;
    return false;
  };
  walk(doc.contents, undefined);
  return found;
}

/** The keys and indices from the document's root to `target`. */
function pathTo(doc: Document, target: unknown): Array<string | number> | undefined {
  const walk = (node: unknown, path: Array<string | number>): Array<string | number> | undefined => {
    if (node === target) return path;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        const found = walk(pair.value, [...path, String(key)]);
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const found = walk(node.items[i], [...path, i]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(doc.contents, []);
}

function getPlain(value: unknown, path: YamlPath): unknown {
  let v = value;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

function replaceIn(root: unknown, path: YamlPath, value: unknown): void {
  const parent = getPlain(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
}

function pairOf(map: YAMLMap, key: string | number): Pair | undefined {
  return map.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object';
}

/** A scalar in the style it had, when that style can hold it; plain only when it reads back the same. */
function renderScalar(value: unknown, style: Scalar['type'], inFlow: boolean): string {
  if (typeof value !== 'string') return value === null || value === undefined ? 'null' : String(value);
  if (style === Scalar.QUOTE_SINGLE && !/[\n\r]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  if (style === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  return readsBackAs(value, value, inFlow) ? value : JSON.stringify(value);
}

function readsBackAs(text: string, value: unknown, inFlow: boolean): boolean {
  try {
    if (text === '' || /^\s|\s$|[\n\r]/.test(text)) return false;
    if ((parse(`k: ${text}`) as { k: unknown }).k !== value) return false;
    return !inFlow || (parse(`[${text}]`) as unknown[])[0] === value;
  } catch {
    return false;
  }
}

/** `{ a: 1, b: [x, y] }`, as people write flow collections. */
function renderFlow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length ? `{ ${entries.map(([k, v]) => `${renderScalar(k, Scalar.PLAIN, true)}: ${renderFlow(v)}`).join(', ')} }` : '{}';
  }
  return renderScalar(value, Scalar.PLAIN, true);
}

/** `key: value` as block YAML, its continuation lines indented under `indent`. */
function blockPair(key: string, value: unknown, indent: number): string {
  return indentLines(stringify({ [key]: value }, { lineWidth: 0 }).replace(/\n$/, ''), indent);
}

function blockItem(value: unknown, indent: number): string {
  return indentLines(stringify(value, { lineWidth: 0 }).replace(/\n$/, ''), indent);
}

/** New lines end as the file's do (`\r\n` in a Windows file). */
function lineEnds(file: string, lines: string): string {
  return file.includes('\r\n') ? lines.replace(/\n/g, '\r\n') : lines;
}

function indentLines(text: string, indent: number): string {
  return text.split('\n').map((line, i) => (i === 0 || line === '' ? line : ' '.repeat(indent) + line)).join('\n');
}

/** Replaces from `start` to the end of the line holding the last character before `end`. */
function replaceLines(text: string, start: number, end: number, replacement: string): string {
  return splice(text, start, endOfLine(text, contentEnd(text, end)), replacement);
}

/** The offset after the last non-blank character before `end`. */
function contentEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1]!)) e--;
  return e;
}

function endOfLine(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : text[nl - 1] === '\r' ? nl - 1 : nl;
}

function startOfLine(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function columnOf(text: string, at: number): number {
  return at - startOfLine(text, at);
}

function splice(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}
