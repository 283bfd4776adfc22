/**
 * Reading one policy file: text → pre-pass → XML → policy tree with locations and paths, named values
 * substituted, structure checked. Never throws: every problem is a located diagnostic.
 */
import { readFileSync, statSync } from 'node:fs';
import { diagnostic, type Diagnostic, type SourceLocation } from './diagnostics.js';
import type { NamedValues, PolicyDocument, ReadOptions, ReadResult } from './contract.js';
import type { PolicyAttribute, PolicyElement, PolicyScope, PolicySections, SectionName } from './tree.js';
import { LineIndex } from './positions.js';
import { prepass } from './scan-expressions.js';
import { parseXml, type RawElement } from './xml.js';
import { buildValue, decodePieces, isBlank, type ValueContext } from './values.js';
import { checkFragmentContent, checkSectionBase, isSectionName, SECTION_NAMES } from './structure.js';
import { nearestName } from './nearest-name.js';
import { fileTooLargeMessage, READER_LIMITS, textTooLarge } from './limits.js';

/** What the reader returns beyond the contract (see merge.ts). */
export interface ReadDocument extends PolicyDocument {
  /** The sections the author wrote (a section not written inherits when merging). */
  sectionsWritten: SectionName[];
  /** `ReadOptions.fragmentsDir`, remembered so mergeScopes finds fragments without being told again. */
  fragmentsDir?: string;
  /** `ReadOptions.namedValues`, remembered (not enumerable: it may hold secrets) for reading fragments. */
  readonly namedValues?: NamedValues;
}

export interface ReadFileResult extends ReadResult {
  /** The file's text (BOM removed), for showing source lines in diagnostics. */
  text?: string;
}

export function emptySections(): PolicySections {
  return { inbound: [], backend: [], outbound: [], 'on-error': [] };
}

export function readPolicyText(text: string, file: string, options: ReadOptions = {}): ReadResult {
  const tooLarge = textTooLarge(text);
  if (tooLarge !== undefined) return { diagnostics: [diagnostic('error', 'OH126', fileTooLargeMessage(tooLarge), { file, line: 1, column: 1 })] };
  try {
    return readUnsafe(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file, options);
  } catch (e) {
    // A bug of ours must still come out as a diagnostic, never as a stack trace.
    const message = e instanceof Error ? e.message : String(e);
    return { diagnostics: [diagnostic('error', 'OH100', `internal reader error: ${message}`, { file, line: 1, column: 1 })] };
  }
}

export function readPolicyFile(file: string, options: ReadOptions = {}): ReadFileResult {
  const text = readTextFile(file);
  if (typeof text !== 'string') return { diagnostics: [text] };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return { ...readPolicyText(body, file, options), text: body };
}

/** Reads a text file (UTF-8, or UTF-16 with a BOM); a problem comes back as a diagnostic. */
export function readTextFile(file: string): string | Diagnostic {
  const at: SourceLocation = { file, line: 1, column: 1 };
  let bytes: Buffer;
  try {
    // Refused before it is read: a huge file costs nothing.
    const size = statSync(file).size;
    if (size > READER_LIMITS.fileBytes) return diagnostic('error', 'OH126', fileTooLargeMessage(size), at);
    bytes = readFileSync(file);
  } catch (e) {
    return diagnostic('error', 'OH125', `cannot read file: ${(e as Error).message}`, at);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const bad = lossy.indexOf('\uFFFD');
    const lines = new LineIndex(file, lossy);
    return diagnostic('error', 'OH107', 'the file is not valid UTF-8 text: is this a policy file?', lines.location(Math.max(0, bad)));
  }
}

function readUnsafe(text: string, file: string, options: ReadOptions): ReadResult {
  const lines = new LineIndex(file, text);
  const pre = prepass(text, lines);
  if (pre.diagnostics.length > 0) return { diagnostics: pre.diagnostics };
  const xml = parseXml(pre.protectedText, lines, pre.tags);
  if (!xml.root) return { diagnostics: xml.diagnostics };
  const root = xml.root;

  const diagnostics: Diagnostic[] = [];
  const secrets = new Set<string>();
  const ctx: ValueContext = {
    lines,
    unresolved: new Map(),
    secrets,
    locate: (offset) => lines.location(offset),
    report: (d) => diagnostics.push(d),
    path: root.name,
    ...(options.namedValues ? { namedValues: options.namedValues } : {}),
  };
  const builder = new ElementBuilder(text, lines, ctx);

  let document: ReadDocument;
  if (root.name === 'policies') {
    const scope = options.scope ?? 'operation';
    const sections = emptySections();
    const written: SectionName[] = [];
    builder.checkNoText(root, 'policies');
    for (const child of root.children) {
      if (!isSectionName(child.name)) {
        const hint = nearestName(child.name, SECTION_NAMES);
        diagnostics.push(
          diagnostic(
            'error',
            'OH121',
            `<${child.name}> cannot stand in <policies>: expected inbound, backend, outbound or on-error${hint ? ` (did you mean <${hint}>?)` : ''}`,
            lines.location(child.tag.start),
            `policies/${child.name}`,
          ),
        );
        continue;
      }
      if (written.includes(child.name)) {
        diagnostics.push(diagnostic('error', 'OH122', `section <${child.name}> appears twice`, lines.location(child.tag.start), `policies/${child.name}`));
        continue;
      }
      written.push(child.name);
      const path = `policies/${child.name}`;
      builder.checkNoText(child, path);
      sections[child.name] = builder.children(child, path, scope);
      for (const item of checkSectionBase(sections[child.name])) diagnostics.push(item);
    }
    document = { file, root: 'policies', sections, elements: [], secrets: [], sectionsWritten: written };
  } else if (root.name === 'fragment') {
    const scope = options.scope ?? 'fragment';
    builder.checkNoText(root, 'fragment');
    const elements = builder.children(root, 'fragment', scope);
    for (const item of checkFragmentContent(elements)) diagnostics.push(item);
    document = { file, root: 'fragment', sections: emptySections(), elements, secrets: [], sectionsWritten: [] };
  } else {
    return {
      diagnostics: [
        diagnostic('error', 'OH120', `the root element must be <policies> or <fragment>, not <${root.name}>`, lines.location(root.tag.start), root.name),
      ],
    };
  }

  if (ctx.unresolved.size > 0) {
    const uses = [...ctx.unresolved.values()];
    diagnostics.push(
      diagnostic(
        'warning',
        'OH202',
        `no named values were given (--named-values FILE or ${'ONHANDSHAKE_NV_<name>'} variables); placeholders stand in for: ${uses.map((u) => u.name).join(', ')}`,
        uses[0]!.at,
      ),
    );
  }
  document.secrets = [...secrets];
  if (options.fragmentsDir !== undefined) document.fragmentsDir = options.fragmentsDir;
  if (options.namedValues) Object.defineProperty(document, 'namedValues', { value: options.namedValues, enumerable: false });
  return { document, diagnostics: sortDiagnostics(diagnostics) };
}

/** Diagnostics of one file in source order (stable for equal positions). */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.file === b.d.file ? a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i : 0))
    .map(({ d }) => d);
}

/** `<set-body template="liquid">`: its `{{ }}` are Liquid output tags, not named values. */
function isLiquidTemplate(name: string, attributes: PolicyAttribute[]): boolean {
  if (name !== 'set-body') return false;
  const template = attributes.find((a) => a.name === 'template')?.value;
  return template?.kind === 'literal' && template.text.trim().toLowerCase() === 'liquid';
}

class ElementBuilder {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly ctx: ValueContext,
  ) {}

  /** Children of `parent` as policy elements, paths indexed per name among siblings. */
  children(parent: RawElement, parentPath: string, scope: PolicyScope): PolicyElement[] {
    const counts = new Map<string, number>();
    return parent.children.map((child) => {
      const index = (counts.get(child.name) ?? 0) + 1;
      counts.set(child.name, index);
      return this.element(child, `${parentPath}/${child.name}[${index}]`, scope);
    });
  }

  element(raw: RawElement, path: string, scope: PolicyScope): PolicyElement {
    this.ctx.path = path;
    let secret = false;
    const attributes: PolicyAttribute[] = raw.tag.attributes.map((a) => {
      const decoded = decodePieces(this.text, [{ start: a.valueStart, end: a.valueEnd, decode: true }]);
      const built = buildValue(decoded, this.ctx);
      secret ||= built.secret;
      return { name: a.name, value: built.value, loc: this.lines.location(a.nameStart), ...(built.secret ? { secret: true } : {}) };
    });
    let text: PolicyElement['text'];
    // APIM takes everything <set-body> holds as the body's text, markup included (an XML body, or a
    // Liquid template writing XML): its inner source, as written, is the text, not child elements.
    const innerSource = raw.name === 'set-body' && raw.children.length > 0;
    const content = decodePieces(
      this.text,
      innerSource
        ? [{ start: raw.tag.end, end: raw.tag.contentEnd, decode: false }]
        : raw.tag.content.map((p) => ({ start: p.start, end: p.end, decode: p.kind === 'text' })),
    );
    if (!isBlank(content)) {
      const built = buildValue(content, this.ctx, !isLiquidTemplate(raw.name, attributes));
      secret ||= built.secret;
      text = built.value;
    }
    const children = innerSource ? [] : this.children(raw, path, scope);
    return {
      name: raw.name,
      attributes,
      children,
      ...(text ? { text } : {}),
      loc: this.lines.location(raw.tag.start),
      path,
      scope,
      ...(secret ? { secret: true } : {}),
    };
  }

  /** The root and sections hold elements only; stray text there is most likely a paste accident. */
  checkNoText(raw: RawElement, path: string): void {
    for (const piece of raw.tag.content) {
      for (let i = piece.start; i < piece.end; i++) {
        const c = this.text.charCodeAt(i);
        if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
          this.ctx.report(diagnostic('warning', 'OH123', `text in <${raw.name}> is ignored: it holds only elements`, this.lines.location(i), path));
          return;
        }
      }
    }
  }
}
