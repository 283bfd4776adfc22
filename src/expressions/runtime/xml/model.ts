/**
 * The LINQ to XML node tree: XObject ← XNode ← (XText ← XCData, XComment, XProcessingInstruction,
 * XDocumentType, XContainer ← (XElement, XDocument)), plus XAttribute and XDeclaration. A container
 * keeps its children in an array; an element whose content was set to "" (`<a></a>`) remembers it
 * so that it prints a full end tag, as .NET's string content does.
 */
import { chargeStep } from '../../budget.js';
import type { XNameValue } from './names.js';

export abstract class XObjectValue {
  parent: XContainerValue | null = null;
  /** The XDocument at the top of this tree, if any. */
  get document(): XDocumentValue | null {
    let n: XObjectValue = this;
    while (n.parent) n = n.parent;
    return n instanceof XDocumentValue ? n : null;
  }
  /** XObject.Parent: the parent element (null when the parent is a document). */
  get parentElement(): XElementValue | null {
    return this.parent instanceof XElementValue ? this.parent : null;
  }
}

export abstract class XNodeValue extends XObjectValue {
  abstract readonly nodeType: string;
  abstract clone(): XNodeValue;
  get index(): number {
    return this.parent ? this.parent.nodes.indexOf(this) : -1;
  }
  get nextNode(): XNodeValue | null {
    return this.parent?.nodes[this.index + 1] ?? null;
  }
  get previousNode(): XNodeValue | null {
    const i = this.index;
    return i > 0 ? this.parent!.nodes[i - 1]! : null;
  }
}

export class XTextValue extends XNodeValue {
  readonly nodeType: string = 'Text';
  constructor(public text: string) {
    super();
  }
  clone(): XNodeValue {
    return new XTextValue(this.text);
  }
}

export class XCDataValue extends XTextValue {
  override readonly nodeType = 'CDATA';
  override clone(): XNodeValue {
    return new XCDataValue(this.text);
  }
}

export class XCommentValue extends XNodeValue {
  readonly nodeType = 'Comment';
  constructor(public value: string) {
    super();
  }
  clone(): XNodeValue {
    return new XCommentValue(this.value);
  }
}

export class XProcessingInstructionValue extends XNodeValue {
  readonly nodeType = 'ProcessingInstruction';
  constructor(
    public target: string,
    public data: string,
  ) {
    super();
  }
  clone(): XNodeValue {
    return new XProcessingInstructionValue(this.target, this.data);
  }
}

export class XDocumentTypeValue extends XNodeValue {
  readonly nodeType = 'DocumentType';
  constructor(
    public name: string,
    public publicId: string | null,
    public systemId: string | null,
    public internalSubset: string | null,
  ) {
    super();
  }
  clone(): XNodeValue {
    return new XDocumentTypeValue(this.name, this.publicId, this.systemId, this.internalSubset);
  }
}

export abstract class XContainerValue extends XNodeValue {
  nodes: XNodeValue[] = [];
  /** Child elements, optionally only those with a name. */
  elements(name?: XNameValue | null): XElementValue[] {
    const out: XElementValue[] = [];
    for (const n of this.nodes) if (n instanceof XElementValue && (!name || n.name.is(name))) out.push(n);
    return out;
  }
  /** Descendant nodes in document order (an explicit stack: deep documents cannot overflow the JS stack). */
  *descendantNodes(): Generator<XNodeValue> {
    const stack: { nodes: XNodeValue[]; i: number }[] = [{ nodes: this.nodes, i: 0 }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (top.i >= top.nodes.length) {
        stack.pop();
        continue;
      }
      const n = top.nodes[top.i++]!;
      chargeStep();
      yield n;
      if (n instanceof XContainerValue && n.nodes.length) stack.push({ nodes: n.nodes, i: 0 });
    }
  }
  *descendants(name?: XNameValue | null): Generator<XElementValue> {
    for (const n of this.descendantNodes()) if (n instanceof XElementValue && (!name || n.name.is(name))) yield n;
  }
}

export class XAttributeValue extends XObjectValue {
  declare parent: XElementValue | null;
  constructor(
    public name: XNameValue,
    public value: string,
  ) {
    super();
  }
  get isNamespaceDeclaration(): boolean {
    return this.name.ns.uri === '' ? this.name.local === 'xmlns' : this.name.ns.uri === 'http://www.w3.org/2000/xmlns/';
  }
}

export class XElementValue extends XContainerValue {
  readonly nodeType = 'Element';
  attributes: XAttributeValue[] = [];
  /** Content is the empty string: prints `<a></a>`; IsEmpty is false. */
  fullEnd = false;
  constructor(public name: XNameValue) {
    super();
  }
  get isEmpty(): boolean {
    return this.nodes.length === 0 && !this.fullEnd;
  }
  attribute(name: XNameValue): XAttributeValue | null {
    return this.attributes.find((a) => a.name.is(name)) ?? null;
  }
  /** Value: the concatenated text of all descendant text and CDATA nodes. */
  get value(): string {
    if (this.nodes.length === 1 && this.nodes[0] instanceof XTextValue) return this.nodes[0].text;
    let s = '';
    for (const n of this.descendantNodes()) if (n instanceof XTextValue) s += n.text;
    return s;
  }
  clone(): XElementValue {
    const e = new XElementValue(this.name);
    e.fullEnd = this.fullEnd;
    for (const a of this.attributes) {
      const c = new XAttributeValue(a.name, a.value);
      c.parent = e;
      e.attributes.push(c);
    }
    for (const n of this.nodes) {
      chargeStep();
      const c = n.clone();
      c.parent = e;
      e.nodes.push(c);
    }
    return e;
  }
}

export class XDeclarationValue {
  constructor(
    public version: string | null,
    public encoding: string | null,
    public standalone: string | null,
  ) {}
}

export class XDocumentValue extends XContainerValue {
  readonly nodeType = 'Document';
  declaration: XDeclarationValue | null = null;
  get root(): XElementValue | null {
    return (this.nodes.find((n) => n instanceof XElementValue) as XElementValue | undefined) ?? null;
  }
  clone(): XDocumentValue {
    const d = new XDocumentValue();
    d.declaration = this.declaration && new XDeclarationValue(this.declaration.version, this.declaration.encoding, this.declaration.standalone);
    for (const n of this.nodes) {
      const c = n.clone();
      c.parent = d;
      d.nodes.push(c);
    }
    return d;
  }
}
