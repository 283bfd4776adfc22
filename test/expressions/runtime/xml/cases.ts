/** Shared inputs of the System.Xml.Linq table and oracle tests. */
import { seededRandom as random } from '../../../seeded-random.js';

export const SOAP =
  '<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?><soap:Envelope xmlns:soap=\\"http://schemas.xmlsoap.org/soap/envelope/\\" xmlns:xsi=\\"http://www.w3.org/2001/XMLSchema-instance\\"><soap:Body><SomeCustomElement><SomeCustomNestedElement>ABCDEF123456789</SomeCustomNestedElement></SomeCustomElement></soap:Body></soap:Envelope>';

/** A C# string literal's content: an order document with namespaces, attributes and mixed content. */
export const ORDER =
  '<order xmlns=\\"urn:orders\\" xmlns:p=\\"urn:prices\\" id=\\"42\\"><item sku=\\"A1\\" p:price=\\"2.50\\">Pen</item><item sku=\\"B2\\" p:price=\\"10\\">Book<!--gift--></item><note>Leave at <b>door</b></note></order>';


/** Random well-formed documents: nesting, attributes, text, whitespace, comments, CDATA, PIs, namespaces. */
export function documents(count: number): string[] {
  const next = random(4242);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]!;
  const names = ['a', 'b', 'c', 'p:d', 'q:e'];
  const texts = ['x', ' y ', '1 &amp; 2', '&lt;t&gt;', '  ', '\\n  ', 'é', 'a\\nb'];
  const element = (depth: number): string => {
    const name = pick(names);
    let attrs = '';
    if (name.startsWith('p:') || next() < 0.2) attrs += " xmlns:p='urn:p'";
    if (name.startsWith('q:') || next() < 0.1) attrs += " xmlns:q='urn:q'";
    if (next() < 0.15) attrs += " xmlns='urn:default'";
    if (next() < 0.4) attrs += ` k='${pick(['1', 'v w', '&quot;', '&amp;'])}'`;
    if (attrs.includes('xmlns:p') && next() < 0.3) attrs += " p:z='2'";
    const n = depth > 3 ? 0 : Math.floor(next() * 4);
    if (n === 0 && next() < 0.5) return `<${name}${attrs}/>`;
    let content = '';
    for (let i = 0; i < n; i++) {
      const r = next();
      if (r < 0.45) content += element(depth + 1);
      else if (r < 0.75) content += pick(texts);
      else if (r < 0.85) content += '<!--c-->';
      else if (r < 0.93) content += '<![CDATA[d<]]>';
      else content += '<?pi data?>';
    }
    return `<${name}${attrs}>${content}</${name}>`;
  };
  const out: string[] = [];
  while (out.length < count) {
    const doc = element(0);
    // only documents whose prefixes are all declared where used
    if (/<p:|p:z/.test(doc) && !doc.startsWith('<p:') && !/^<[^>]*xmlns:p/.test(doc)) continue;
    if (/<q:/.test(doc) && !/^<[^>]*xmlns:q/.test(doc)) continue;
    out.push((next() < 0.3 ? '<?xml version=\\"1.0\\"?>' : '') + (next() < 0.2 ? '<!--top-->' : '') + doc);
  }
  return out;
}
