/**
 * Malformed XML must end in XmlException (a clear .NET error with a position), never a JS crash or a hang,
 * and whatever parses must print to text that parses back to an equal tree. Inputs are random
 * sequences of XML fragments from a fixed seed (the run is the same every time).
 */
import { describe, expect, it } from 'vitest';
import '../../../../src/expressions/runtime/index.js';
import { DotnetException } from '../../../../src/expressions/errors.js';
import { parseDocument } from '../../../../src/expressions/runtime/xml/build.js';
import { deepEquals } from '../../../../src/expressions/runtime/xml/deep-equals.js';
import { serialize } from '../../../../src/expressions/runtime/xml/serialize.js';
import { XmlReaderValue } from '../../../../src/expressions/runtime/xml/reader.js';
import { seededRandom as random } from '../../../seeded-random.js';

const FRAGMENTS = [
  '<a>', '</a>', '<b x="1">', '</b>', '<c/>', '<p:d xmlns:p="urn:p">', '</p:d>', 'text', ' ', '\n', '&amp;', '&#65;', '&bad;', '&#xZ;',
  '<![CDATA[x]]>', '<!--c-->', '<?pi d?>', '<?xml version="1.0"?>', '<!DOCTYPE a>', '"', "'", '=', '<', '>', '/', ']]>', '&', 'é', '\u0001',
  '<e xml:space="preserve">', '</e>', '<q:f/>', '<a y=\'2\' y=\'3\'>', '<g xmlns="urn:g">', '</g>',
];


function inputs(count: number): string[] {
  const next = random(20261128);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(next() * 12);
    let s = '';
    for (let j = 0; j < n; j++) s += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
    out.push(s);
  }
  // a share of well-formed documents, so the round trip is exercised too
  for (let i = 0; i < count / 4; i++) out.push(`<r>${out[i]!.replace(/[<>&\u0001\]'"=/]/g, '')}<c/>x</r>`);
  return out;
}

describe('XML robustness', () => {
  const cases = inputs(2000);

  it('parses or throws XmlException with a position, never anything else', () => {
    let parsed = 0;
    for (const text of cases) {
      try {
        parseDocument(text);
        parsed++;
      } catch (e) {
        expect(e, text).toBeInstanceOf(DotnetException);
        const x = e as DotnetException;
        expect(x.dotnetType, text).toBe('System.Xml.XmlException');
        if (x.message !== 'Root element is missing.') expect(x.message, text).toMatch(/ Line \d+, position \d+\.$/);
      }
    }
    expect(parsed).toBeGreaterThan(400);
  });

  it('what parses prints to text that parses back to an equal tree', () => {
    for (const text of cases) {
      let doc;
      try {
        doc = parseDocument(text);
      } catch {
        continue;
      }
      const again = parseDocument(serialize(doc, false), true);
      expect(deepEquals(doc.root, again.root), text).toBe(true);
      // the indented form is well-formed too
      expect(() => parseDocument(serialize(doc, true)), text).not.toThrow();
    }
  });

  it('XmlReader reaches the end or throws XmlException on every input', () => {
    for (const text of cases) {
      const r = new XmlReaderValue(text);
      try {
        let steps = 0;
        while (r.read()) expect(++steps).toBeLessThan(1000);
        expect(r.state).toBe('EndOfFile');
      } catch (e) {
        expect((e as DotnetException).dotnetType, text).toBe('System.Xml.XmlException');
      }
    }
  });
});
