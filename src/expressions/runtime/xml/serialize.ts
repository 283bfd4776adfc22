/**
 * XNode.ToString(): what .NET's XmlWriter writes for a node with OmitXmlDeclaration and, unless
 * SaveOptions.DisableFormatting, Indent (two spaces, Environment.NewLine = "\r\n" on APIM's Windows
 * gateways). Indentation follows XmlEncodedRawTextWriterIndent: once an element has text content
 * ("mixed"), nothing inside it is indented any more; an element with content ends on its own line
 * unless text was the last thing written. Namespace prefixes come from the xmlns attributes in scope
 * (ancestors included); a namespace without one becomes the default namespace for an element and a
 * generated p1, p2 … prefix for an attribute, as XmlWriter does.
 */
import { checkStringLength, chargeStep } from '../../budget.js';
import { fail } from '../fail.js';
import { NEW_LINE } from '../stringbuilder.js';
import { XAttributeValue, XCDataValue, XCommentValue, XDeclarationValue, XDocumentTypeValue, XDocumentValue, XElementValue, XNodeValue, XProcessingInstructionValue, XTextValue } from './model.js';
import { XML_NS, XMLNS_NS } from './names.js';

/** One scope of namespace bindings (prefix → namespace URI). */
type Scope = Map<string, string>;

const INVALID_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function checkChars(s: string): void {
  const m = INVALID_CHAR.exec(s);
  if (m) fail('System.ArgumentException', `'${m[0] === '\0' ? '.' : m[0]}', hexadecimal value 0x${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}, is an invalid character.`);
}

export function escapeText(s: string): string {
  checkChars(s);
  return s.replace(/[&<>]|\r\n|\r|\n/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : NEW_LINE));
}

export function escapeAttribute(s: string): string {
  checkChars(s);
  return s.replace(/[&<>"\n\r\t]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\n': '&#xA;', '\r': '&#xD;', '\t': '&#x9;' })[c]!);
}

function commentText(s: string): string {
  let t = s.replace(/--/g, '- -');
  if (t.endsWith('-')) t += ' ';
  return t;
}

export function declarationText(d: XDeclarationValue): string {
  let s = '<?xml';
  if (d.version !== null) s += ` version="${d.version}"`;
  if (d.encoding !== null) s += ` encoding="${d.encoding}"`;
  if (d.standalone !== null) s += ` standalone="${d.standalone}"`;
  return s + '?>';
}

function docTypeText(d: XDocumentTypeValue): string {
  let s = `<!DOCTYPE ${d.name}`;
  if (d.publicId !== null) s += ` PUBLIC "${d.publicId}" "${d.systemId ?? ''}"`;
  else if (d.systemId !== null) s += ` SYSTEM "${d.systemId}"`;
  if (d.internalSubset !== null) s += ` [${d.internalSubset}]`;
  return s + '>';
}

/** Namespace declarations an element carries as attributes. */
function declarations(e: XElementValue): Scope | null {
  let scope: Scope | null = null;
  for (const a of e.attributes) {
    if (a.name.ns.uri === XMLNS_NS) (scope ??= new Map()).set(a.name.local, a.value);
    else if (a.name.ns.uri === '' && a.name.local === 'xmlns') (scope ??= new Map()).set('', a.value);
  }
  return scope;
}

class Writer {
  private out: string[] = [];
  private length = 0;
  private level = 0;
  private mixed = false;
  private readonly mixedStack: boolean[] = [];
  /** Whether text was the last thing written (XmlWriter's textPos == bufPos; true at the start). */
  private afterText = true;
  /** Bindings from xmlns attributes of the tree (LINQ to XML's resolver), ancestors first. */
  private readonly resolver: (Scope | null)[] = [];
  /** Bindings the output has declared so far (XmlWriter's own scope). */
  private readonly declared: Scope[] = [new Map([['xml', XML_NS], ['', '']])];
  private generated = 0;
  /** The prefix each open element's start tag used, for its end tag. */
  private readonly prefixes: string[] = [];

  constructor(private readonly indent: boolean) {}

  text(): string {
    return this.out.join('');
  }

  private write(s: string): void {
    this.length += s.length;
    checkStringLength(this.length);
    this.out.push(s);
  }

  private newLine(): void {
    if (this.indent && !this.mixed && !this.afterText) this.write(NEW_LINE + '  '.repeat(this.level));
  }

  // ── namespace prefixes ──

  private treePrefix(ns: string, allowDefault: boolean): string | null {
    if (ns === '') return '';
    for (let i = this.resolver.length - 1; i >= 0; i--) {
      for (const [prefix, uri] of this.resolver[i] ?? []) {
        if (uri !== ns || (prefix === '' && !allowDefault)) continue;
        if (this.treeBinding(prefix) === ns) return prefix;
      }
    }
    if (ns === XML_NS) return 'xml';
    if (ns === XMLNS_NS) return 'xmlns';
    return null;
  }

  private treeBinding(prefix: string): string | undefined {
    for (let i = this.resolver.length - 1; i >= 0; i--) {
      const v = this.resolver[i]?.get(prefix);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  private binding(prefix: string): string | undefined {
    for (let i = this.declared.length - 1; i >= 0; i--) {
      const v = this.declared[i]!.get(prefix);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  private outputPrefix(ns: string, allowDefault: boolean): string | undefined {
    for (let i = this.declared.length - 1; i >= 0; i--) {
      for (const [prefix, uri] of this.declared[i]!) {
        if (uri === ns && (allowDefault || prefix !== '') && this.binding(prefix) === ns) return prefix;
      }
    }
    return undefined;
  }

  // ── nodes ──

  /** Writes `top` and everything under it (an explicit stack: deep trees cannot overflow). */
  node(top: XNodeValue, withAncestors: boolean): void {
    if (withAncestors) {
      const chain: (Scope | null)[] = [];
      for (let p = top.parent; p instanceof XElementValue; p = p.parent) chain.unshift(declarations(p));
      this.resolver.push(...chain);
    }
    type Frame = { e: XElementValue; i: number };
    const stack: Frame[] = [];
    const visit = (n: XNodeValue): void => {
      chargeStep();
      if (n instanceof XElementValue) {
        this.startElement(n);
        if (n.nodes.length === 0) this.endElement(n);
        else stack.push({ e: n, i: 0 });
      } else this.leaf(n);
    };
    if (top instanceof XDocumentValue) for (const n of top.nodes) this.runFrom(n, visit, stack);
    else this.runFrom(top, visit, stack);
  }

  private runFrom(n: XNodeValue, visit: (n: XNodeValue) => void, stack: { e: XElementValue; i: number }[]): void {
    visit(n);
    while (stack.length) {
      const f = stack[stack.length - 1]!;
      if (f.i < f.e.nodes.length) visit(f.e.nodes[f.i++]!);
      else {
        stack.pop();
        this.endElement(f.e);
      }
    }
  }

  private leaf(n: XNodeValue): void {
    if (n instanceof XCDataValue) {
      this.mixed = true;
      this.write(`<![CDATA[${n.text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`);
      this.afterText = false;
    } else if (n instanceof XTextValue) {
      this.mixed = true;
      this.write(escapeText(n.text));
      this.afterText = true;
    } else if (n instanceof XCommentValue) {
      this.newLine();
      this.write(`<!--${commentText(n.value)}-->`);
      this.afterText = false;
    } else if (n instanceof XProcessingInstructionValue) {
      this.newLine();
      this.write(n.data ? `<?${n.target} ${n.data}?>` : `<?${n.target}?>`);
      this.afterText = false;
    } else if (n instanceof XDocumentTypeValue) {
      this.newLine();
      this.write(docTypeText(n));
      this.afterText = false;
    }
  }

  private startElement(e: XElementValue): void {
    this.newLine();
    this.level++;
    this.mixedStack.push(this.mixed);
    this.resolver.push(declarations(e));
    const scope: Scope = new Map();
    this.declared.push(scope);
    const auto: [string, string][] = [];
    const declare = (prefix: string, ns: string) => {
      scope.set(prefix, ns);
      auto.push([prefix, ns]);
    };

    const ns = e.name.ns.uri;
    let prefix = this.treePrefix(ns, true);
    if (prefix === null) prefix = this.outputPrefix(ns, true) ?? '';
    // explicit xmlns attributes are written as attributes; only bindings they do not make are added
    const explicit = declarations(e);
    if (this.binding(prefix) !== ns && explicit?.get(prefix) !== ns) declare(prefix, ns);

    let tag = `<${prefix ? `${prefix}:` : ''}${e.name.local}`;
    for (const a of e.attributes) tag += ' ' + this.attribute(a, scope, explicit, declare);
    // XmlWriter writes the declarations it adds last-first
    for (const [p, uri] of auto.reverse()) tag += p === '' ? ` xmlns="${escapeAttribute(uri)}"` : ` xmlns:${p}="${escapeAttribute(uri)}"`;
    this.prefixes.push(prefix);
    this.write(e.nodes.length || e.fullEnd ? tag + '>' : tag);
    this.afterText = false;
    if (e.nodes.length === 0 && e.fullEnd) {
      // .NET writes the empty string content: it counts as text (mixed content)
      this.mixed = true;
      this.afterText = true;
    }
  }

  private attribute(a: XAttributeValue, scope: Scope, explicit: Scope | null, declare: (p: string, ns: string) => void): string {
    const value = escapeAttribute(a.value);
    const ns = a.name.ns.uri;
    if (ns === XMLNS_NS) {
      scope.set(a.name.local, a.value);
      return `xmlns:${a.name.local}="${value}"`;
    }
    if (ns === '') {
      if (a.name.local === 'xmlns') scope.set('', a.value);
      return `${a.name.local}="${value}"`;
    }
    let prefix = this.treePrefix(ns, false) ?? this.outputPrefix(ns, false) ?? null;
    if (prefix === null) {
      do prefix = `p${++this.generated}`;
      while (this.binding(prefix) !== undefined || explicit?.has(prefix));
      declare(prefix, ns);
    } else if (this.binding(prefix) !== ns && explicit?.get(prefix) !== ns && scope.get(prefix) !== ns) declare(prefix, ns);
    return `${prefix}:${a.name.local}="${value}"`;
  }

  private endElement(e: XElementValue): void {
    this.level--;
    const hasContent = e.nodes.length > 0;
    if (hasContent) this.newLine();
    this.mixed = this.mixedStack.pop()!;
    this.resolver.pop();
    this.declared.pop();
    const prefix = this.prefixes.pop()!;
    this.write(hasContent || e.fullEnd ? `</${prefix ? `${prefix}:` : ''}${e.name.local}>` : ' />');
    this.afterText = false;
  }

}

/** XAttribute.ToString(): `name="value"`, the prefix taken from the xmlns attributes in scope. */
export function attributeText(a: XAttributeValue): string {
  const ns = a.name.ns.uri;
  let prefix = '';
  if (ns === XMLNS_NS) prefix = 'xmlns';
  else if (ns === XML_NS) prefix = 'xml';
  else if (ns !== '') {
    prefix = 'p1';
    for (let e = a.parent; e; e = e.parent instanceof XElementValue ? e.parent : null) {
      const hit = e.attributes.find((x) => x.name.ns.uri === XMLNS_NS && x.value === ns);
      if (hit) {
        prefix = hit.name.local;
        break;
      }
    }
  }
  return `${prefix ? `${prefix}:` : ''}${a.name.local}="${escapeAttribute(a.value)}"`;
}

/** XNode.ToString() / ToString(SaveOptions.DisableFormatting). */
export function serialize(n: XNodeValue, indent = true): string {
  const w = new Writer(indent);
  w.node(n, true);
  return w.text();
}
