/**
 * XML parsing of the protected text with fast-xml-parser (ordered output), and location recovery:
 * fast-xml-parser reports each element's start offset (captureMetaData); the pre-pass recorded, for that
 * offset, the exact positions of the tag's attributes and text. Together they give a tree in which
 * every element, attribute and text piece knows where it is in the file.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { diagnostic, type Diagnostic } from './diagnostics.js';
import type { LineIndex } from './positions.js';
import type { StartTagToken } from './scan-expressions.js';
import { READER_LIMITS } from './limits.js';

export interface RawElement {
  name: string;
  tag: StartTagToken;
  children: RawElement[];
}

const parserOptions = {
  preserveOrder: true,
  captureMetaData: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  maxNestedTags: READER_LIMITS.depth + 10,
} as const;

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type OrderedNode = Record<string | symbol, unknown>;

export function parseXml(
  protectedText: string,
  lines: LineIndex,
  tags: Map<number, StartTagToken>,
): { root?: RawElement; diagnostics: Diagnostic[] } {
  // The pre-pass has already checked what fast-xml-parser's validator would (names, quotes, nesting,
  // one root, duplicate attributes), so the text goes straight to the parser; the validator stays as the
  // referee only if the parser still objects.
  let ordered: OrderedNode[];
  try {
    ordered = new XMLParser(parserOptions).parse(protectedText) as OrderedNode[];
  } catch (e) {
    const validation = XMLValidator.validate(protectedText, { allowBooleanAttributes: false });
    if (validation !== true) {
      const { line, col, msg } = validation.err;
      const offset = lines.offsetOfLfPosition(line, col);
      return { diagnostics: [diagnostic('error', 'OH101', `XML is not well-formed: ${msg}`, lines.location(offset))] };
    }
    const message = e instanceof Error ? e.message : String(e);
    return { diagnostics: [diagnostic('error', 'OH101', `XML is not well-formed: ${message}`, lines.location(0))] };
  }
  const roots = toElements(ordered, tags);
  return roots[0] ? { root: roots[0], diagnostics: [] } : { diagnostics: [] };
}

function toElements(nodes: OrderedNode[], tags: Map<number, StartTagToken>): RawElement[] {
  const elements: RawElement[] = [];
  for (const node of nodes) {
    const start = (node[META] as { startIndex?: number } | undefined)?.startIndex;
    if (start === undefined) continue; // text, CDATA, comments: positions come from the pre-pass
    const tag = tags.get(start);
    if (!tag) throw new Error(`no start tag recorded at offset ${start}`);
    const key = Object.keys(node).find((k) => k !== ':@');
    const children = key ? (node[key] as OrderedNode[]) : [];
    elements.push({ name: tag.name, tag, children: Array.isArray(children) ? toElements(children, tags) : [] });
  }
  return elements;
}
