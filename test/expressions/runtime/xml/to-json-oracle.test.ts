/**
 * XML → JSON as Newtonsoft's XmlNodeConverter does it (what JsonConvert.SerializeObject(XNode) gives):
 * xmlToJson is compared with Newtonsoft 6 on Mono over hand-picked and generated documents. Newtonsoft
 * writes XML comments as JSON comments (/*c*​/), which a JToken cannot hold; they are removed from its
 * output before comparing (xmlToJson leaves comments out).
 * Needs `apt-get install mono-devel libnewtonsoft-json5.0-cil`; without them the suite reports itself skipped.
 */
import { describe, expect, it } from 'vitest';
import '../../../../src/expressions/runtime/index.js';
import { parseDocument } from '../../../../src/expressions/runtime/xml/build.js';
import { xmlToJson } from '../../../../src/expressions/runtime/xml/to-json.js';
import { documents } from './cases.js';
import { hasMono, runMonoCases } from '../../mono-oracle.js';

/** C# string-literal contents (as cases.ts writes them). */
const PICKED = [
  "<a x='1'><b>t</b><b>u</b></a>",
  "<?xml version='1.0' encoding='utf-8'?><a x='1'><b>t</b><c/><d></d>mixed<![CDATA[cd]]></a>",
  "<p:a xmlns:p='urn:p' xmlns='urn:d'><p:b>1</p:b><c>2</c></p:a>",
  '<a><![CDATA[x]]></a>',
  "<a x='1'>t</a>",
  '<a>t<b/>u</a>',
  '<a><b>1</b><c/><b>2</b></a>',
  "<a x='1'/>",
  '<a><b><c>1</c></b></a>',
  "<a xmlns='urn:x'><b>1</b></a>",
  "<a xmlns:json='http://james.newtonking.com/projects/json'><b json:Array='true'>1</b></a>",
  "<a><p:b xmlns:p='urn:p'>1</p:b></a>",
  "<a><p:b xmlns:p='urn:p'>1</p:b><p:b xmlns:p='urn:p'>2</p:b></a>",
  '<a><?pi d?></a>',
  '<!DOCTYPE a><a/>',
  '<a/>',
  '<a>1<!--x-->2</a>',
  "<a xml:lang='en'>t</a>",
];

/** Newtonsoft's answer per document: its JSON text, or `EX <exception type>`. */
function runMono(docs: string[]): string[] {
  const results = runMonoCases(
    docs.map((d) => `JsonConvert.SerializeObject(XDocument.Parse("${d}"))`),
    { usings: ['System.Xml.Linq', 'Newtonsoft.Json'], references: ['System.Xml.dll', 'System.Xml.Linq.dll'], newtonsoft: true },
  );
  return docs.map((_d, i) => {
    const r = results.get(i)!;
    return 'error' in r ? `EX ${r.error}` : r.text;
  });
}

const unescape = (literal: string) => literal.replace(/\\"/g, '"').replace(/\\n/g, '\n');

describe('XML to JSON (Newtonsoft XmlNodeConverter) against Mono', () => {
  if (!hasMono(true)) {
    it.skip('skipped: mono or Newtonsoft not installed (apt-get install mono-devel libnewtonsoft-json5.0-cil)', () => undefined);
    return;
  }
  const docs = [...PICKED, ...documents(60)];
  const expected = runMono(docs);
  it.each(docs.map((d, i) => [d, i] as const))('%s', (doc, i) => {
    const want = expected[i]!.replace(/\/\*[^]*?\*\//g, '');
    expect(xmlToJson(parseDocument(unescape(doc))).toJson(false)).toBe(want);
  });
});
