/**
 * A structural validator for the common JUnit XML schema: Apache Ant's JUnit.xsd as published by
 * windyroad/JUnit-Schema, the strictest of the schemas CI systems use (Jenkins' junit-10.xsd and
 * GitLab accept everything it accepts). Encoded here instead of running an XSD engine, which would
 * need a native library: the rules below are the schema's, element by element.
 *
 *   testsuites  : no attributes; testsuite*
 *   testsuite   : @package token, @id int, @name token(min 1), @timestamp (yyyy-mm-ddThh:mm:ss, no zone),
 *                 @hostname token(min 1), @tests int, @failures int, @errors int, @time decimal, [@skipped int];
 *                 sequence: properties, testcase*, system-out, system-err
 *   properties  : property* (@name token min 1, @value string)
 *   testcase    : @name token, @classname token, @time decimal; optional choice of one error | failure
 *   error/failure : text, @message string (optional), @type string (required)
 *   system-out/err: text only
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const INT = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

interface AttrRule {
  required: boolean;
  check?: (v: string) => boolean;
  what?: string;
}

const token = (v: string) => v.length > 0;

const RULES: Record<string, { attrs: Record<string, AttrRule>; children?: string[]; text?: boolean }> = {
  testsuites: { attrs: {}, children: ['testsuite'] },
  testsuite: {
    attrs: {
      package: { required: true, check: token, what: 'a token' },
      id: { required: true, check: (v) => INT.test(v), what: 'an int' },
      name: { required: true, check: token, what: 'a non-empty token' },
      timestamp: { required: true, check: (v) => DATETIME.test(v), what: 'yyyy-mm-ddThh:mm:ss' },
      hostname: { required: true, check: token, what: 'a non-empty token' },
      tests: { required: true, check: (v) => INT.test(v), what: 'an int' },
      failures: { required: true, check: (v) => INT.test(v), what: 'an int' },
      errors: { required: true, check: (v) => INT.test(v), what: 'an int' },
      skipped: { required: false, check: (v) => INT.test(v), what: 'an int' },
      time: { required: true, check: (v) => DECIMAL.test(v), what: 'a decimal' },
    },
  },
  properties: { attrs: {}, children: ['property'] },
  property: { attrs: { name: { required: true, check: token, what: 'a non-empty token' }, value: { required: true } }, children: [] },
  testcase: {
    attrs: {
      name: { required: true, check: token },
      classname: { required: true, check: token },
      time: { required: true, check: (v) => DECIMAL.test(v), what: 'a decimal' },
    },
  },
  failure: { attrs: { message: { required: false }, type: { required: true } }, text: true },
  error: { attrs: { message: { required: false }, type: { required: true } }, text: true },
  'system-out': { attrs: {}, text: true },
  'system-err': { attrs: {}, text: true },
};

function nameOf(node: OrderedNode): string {
  return Object.keys(node).find((k) => k !== ':@')!;
}

function elementChildren(node: OrderedNode): OrderedNode[] {
  return (node[nameOf(node)] as OrderedNode[]).filter((c) => !('#text' in c));
}

export function validateJunit(xml: string): string[] {
  const problems: string[] = [];
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return [`not well-formed XML: ${wellFormed.err.msg} at line ${wellFormed.err.line}`];
  const doc = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, trimValues: false }).parse(xml) as OrderedNode[];
  const roots = doc.filter((n) => nameOf(n) !== '?xml' && !('#text' in n));
  if (roots.length !== 1 || nameOf(roots[0]!) !== 'testsuites') return ['the root element must be <testsuites>'];

  const checkElement = (node: OrderedNode, where: string): void => {
    const name = nameOf(node);
    const rule = RULES[name];
    if (!rule) {
      problems.push(`${where}: element <${name}> is not allowed`);
      return;
    }
    const attrs = node[':@'] ?? {};
    for (const [attr, r] of Object.entries(rule.attrs)) {
      const value = attrs[attr];
      if (value === undefined) {
        if (r.required) problems.push(`${where}: <${name}> needs @${attr}`);
      } else if (r.check && !r.check(value)) {
        problems.push(`${where}: <${name}> @${attr}="${value}" is not ${r.what ?? 'valid'}`);
      }
    }
    for (const attr of Object.keys(attrs)) if (!(attr in rule.attrs)) problems.push(`${where}: <${name}> has no attribute @${attr}`);
    const kids = elementChildren(node);
    if (rule.text && kids.length) problems.push(`${where}: <${name}> holds only text`);
    if (rule.children) for (const k of kids) if (!rule.children.includes(nameOf(k))) problems.push(`${where}: <${nameOf(k)}> not allowed in <${name}>`);
    if (name === 'testsuite') {
      const order = kids.map(nameOf);
      const expected = ['properties', ...order.filter((n) => n === 'testcase'), 'system-out', 'system-err'];
      if (order.join(',') !== expected.join(',')) problems.push(`${where}: <testsuite> children must be properties, testcase*, system-out, system-err; got ${order.join(', ')}`);
    }
    if (name === 'testcase') {
      if (kids.length > 1) problems.push(`${where}: <testcase> holds at most one error or failure`);
      for (const k of kids) if (!['error', 'failure'].includes(nameOf(k))) problems.push(`${where}: <${nameOf(k)}> not allowed in <testcase>`);
    }
    kids.forEach((k, i) => checkElement(k, `${where}/${nameOf(k)}[${i + 1}]`));
  };
  checkElement(roots[0]!, 'testsuites');
  return problems;
}
