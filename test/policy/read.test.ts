import { describe, expect, it } from 'vitest';
import { readPolicyText, type NamedValues, type PolicyElement, type PolicyValue } from '../../src/policy/index.js';
import { charLookup, walkElements } from './helpers.js';

const FILE = 'test.xml';

function read(text: string, namedValues?: NamedValues) {
  return readPolicyText(text, FILE, namedValues ? { namedValues } : {});
}

function inbound(text: string, namedValues?: NamedValues): PolicyElement[] {
  const result = read(text, namedValues);
  if (!result.document) throw new Error(JSON.stringify(result.diagnostics));
  return result.document.sections.inbound;
}

function wrap(body: string): string {
  return `<policies>\n  <inbound>\n${body}\n  </inbound>\n</policies>\n`;
}

function attr(e: PolicyElement, name: string): PolicyValue {
  const a = e.attributes.find((x) => x.name === name);
  if (!a) throw new Error(`no attribute ${name}`);
  return a.value;
}

function expressionOf(value: PolicyValue) {
  if (value.kind !== 'expression') throw new Error(`literal: ${JSON.stringify(value)}`);
  return value.expression;
}

function nv(entries: Record<string, string | { value: string; secret: boolean }>): NamedValues {
  return new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? { value: v, secret: false } : v]));
}

describe('raw APIM XML', () => {
  it('reads raw quotes, < and && inside attribute expressions', () => {
    const [el] = inbound(wrap(`<set-variable name="x" value="@(context.Request.Headers.GetValueOrDefault("a","") != "" && 1 < 2)" />`));
    expect(expressionOf(attr(el!, 'value')).code).toBe('context.Request.Headers.GetValueOrDefault("a","") != "" && 1 < 2');
    expect(attr(el!, 'name')).toMatchObject({ kind: 'literal', text: 'x' });
  });

  it('decodes the escaped spelling to the same code', () => {
    const [el] = inbound(wrap(`<set-variable name="x" value="@(ctx.Get(&quot;a&quot;) &amp;&amp; 1 &lt; 2)" />`));
    expect(expressionOf(attr(el!, 'value')).code).toBe('ctx.Get("a") && 1 < 2');
  });

  it('reads blocks in element text, with raw < and generics', () => {
    const [el] = inbound(wrap(`<set-body>@{ var j = context.Request.Body.As<JObject>(); return j["a"] < 3 ? "x" : "</set-body>"; }</set-body>`));
    const expression = expressionOf(el!.text!);
    expect(expression.kind).toBe('block');
    expect(expression.code).toBe(' var j = context.Request.Body.As<JObject>(); return j["a"] < 3 ? "x" : "</set-body>"; ');
  });

  it('reads expressions in CDATA, without decoding entities there', () => {
    const [el] = inbound(wrap(`<set-body><![CDATA[@("a &amp; b" + "<c>")]]></set-body>`));
    expect(expressionOf(el!.text!).code).toBe('"a &amp; b" + "<c>"');
  });

  it('reads @jsonata( … ) as a third kind', () => {
    const [el] = inbound(wrap(`<set-variable name="x" value="@jsonata($.a[b = ')'])" />`));
    const expression = expressionOf(attr(el!, 'value'));
    expect(expression.kind).toBe('jsonata');
    expect(expression.code).toBe("$.a[b = ')']");
  });

  it('takes text around an expression as a literal, with a warning', () => {
    const result = read(wrap(`<set-header name="a" value="prefix @(x)" />\n<set-header name="b" value="@(x) suffix" />`));
    const [a, b] = result.document!.sections.inbound;
    expect(attr(a!, 'value')).toMatchObject({ kind: 'literal', text: 'prefix @(x)' });
    expect(attr(b!, 'value')).toMatchObject({ kind: 'literal', text: '@(x) suffix' });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.line, d.column])).toEqual([
      ['OH115', 'warning', 3, 36],
      ['OH115', 'warning', 4, 34],
    ]);
  });

  it('accepts whitespace around a whole expression', () => {
    const [el] = inbound(wrap(`<set-url>\n   @("http://x")\n  </set-url>`));
    expect(expressionOf(el!.text!).code).toBe('"http://x"');
  });

  it('reads <fragment> documents', () => {
    const result = read(`<fragment>\n  <set-variable name="a" value="@(1)" />\n</fragment>`);
    expect(result.document).toMatchObject({ root: 'fragment' });
    expect(result.document!.elements.map((e) => e.path)).toEqual(['fragment/set-variable[1]']);
  });
});

describe('locations and paths', () => {
  const text = [
    '<policies>',
    '  <inbound>',
    '    <base />',
    '    <choose>',
    '      <when condition="@(true)">',
    '        <set-variable name="a" value="1" />',
    '      </when>',
    '      <when condition="@(false)">',
    '        <set-variable name="b" value="2" />',
    '        <set-variable name="c" value="3" />',
    '      </when>',
    '    </choose>',
    '  </inbound>',
    '</policies>',
  ].join('\n');

  it('writes every index, counted per element name among siblings', () => {
    const paths: string[] = [];
    walkElements(inbound(text), (e) => paths.push(e.path));
    expect(paths).toEqual([
      'policies/inbound/base[1]',
      'policies/inbound/choose[1]',
      'policies/inbound/choose[1]/when[1]',
      'policies/inbound/choose[1]/when[1]/set-variable[1]',
      'policies/inbound/choose[1]/when[2]',
      'policies/inbound/choose[1]/when[2]/set-variable[1]',
      'policies/inbound/choose[1]/when[2]/set-variable[2]',
    ]);
  });

  it('locates elements at their <, attributes at their name, values at their first character', () => {
    const elements: PolicyElement[] = [];
    walkElements(inbound(text), (e) => elements.push(e));
    const c = elements.find((e) => e.path.endsWith('set-variable[2]'))!;
    expect(c.loc).toEqual({ file: FILE, line: 10, column: 9 });
    expect(c.attributes[1]!.loc).toEqual({ file: FILE, line: 10, column: 32 });
    expect(c.attributes[1]!.value.loc).toEqual({ file: FILE, line: 10, column: 39 });
    expect(c.scope).toBe('operation');
  });

  it('maps expression offsets through BOM, CRLF, tabs and entities', () => {
    const source = '\uFEFF<policies>\r\n<inbound>\r\n\t<set-variable name="x" value="@(&quot;a&quot; +\r\n\t\tb)" />\r\n</inbound>\r\n</policies>';
    const [el] = inbound(source);
    const expression = expressionOf(attr(el!, 'value'));
    expect(expression.code).toBe('"a" +\n\t\tb');
    expect(expression.position(0)).toEqual({ line: 3, column: 34 }); // the &quot;
    expect(expression.position(1)).toEqual({ line: 3, column: 40 }); // a
    expect(expression.position(2)).toEqual({ line: 3, column: 41 }); // the closing &quot;
    expect(expression.position(expression.code.indexOf('b'))).toEqual({ line: 4, column: 3 });
    expect(expression.position(expression.code.length)).toEqual({ line: 4, column: 4 }); // the ')'
    const at = charLookup(source.slice(1));
    expect(at(4, 4)).toBe(')');
  });

  it('maps a lone CR as a line end', () => {
    const [el] = inbound('<policies><inbound>\r<set-url>@(x)</set-url></inbound></policies>');
    expect(el!.loc).toMatchObject({ line: 2, column: 1 });
    expect(expressionOf(el!.text!).position(0)).toEqual({ line: 2, column: 12 });
  });
});

describe('named values', () => {
  it('substitutes inside strings, as bare code and as whole values, case-insensitively', () => {
    const els = inbound(
      wrap(
        [
          `<set-header name="{{Header-Name}}" value="@("Bearer {{token}}")" />`,
          `<set-variable name="n" value="@({{Limit}} * 2)" />`,
          `<set-variable name="e" value="{{expr}}" />`,
        ].join('\n'),
      ),
      nv({ 'header-name': 'X-Key', TOKEN: 't0k', limit: '21', expr: '@(DateTime.Now)' }),
    );
    expect(attr(els[0]!, 'name')).toMatchObject({ kind: 'literal', text: 'X-Key' });
    expect(expressionOf(attr(els[0]!, 'value')).code).toBe('"Bearer t0k"');
    expect(expressionOf(attr(els[1]!, 'value')).code).toBe('21 * 2');
    expect(expressionOf(attr(els[2]!, 'value')).code).toBe('DateTime.Now');
  });

  it('maps positions inside a substituted value to the {{ of the reference', () => {
    const [el] = inbound(wrap(`<set-variable name="n" value="@(1 + {{limit}} + 2)" />`), nv({ limit: '12345' }));
    const expression = expressionOf(attr(el!, 'value'));
    expect(expression.code).toBe('1 + 12345 + 2');
    const refColumn = `<set-variable name="n" value="@(1 + `.length + 1;
    for (let k = 4; k < 9; k++) expect(expression.position(k)).toEqual({ line: 3, column: refColumn });
    expect(expression.position(10)).toEqual({ line: 3, column: refColumn + '{{limit}} '.length });
  });

  it('leaves the {{ }} of Liquid templates alone', () => {
    const result = read(wrap(`<return-response>\n<set-body template="liquid">{"name": "{{body.name}}", "t": "{{tenant}}"}</set-body>\n</return-response>`), nv({}));
    expect(result.diagnostics).toEqual([]);
    const body = result.document!.sections.inbound[0]!.children[0]!;
    expect(body.text).toMatchObject({ kind: 'literal', text: '{"name": "{{body.name}}", "t": "{{tenant}}"}' });
  });

  it('does not resolve references inside values (no nesting)', () => {
    const [el] = inbound(wrap(`<set-variable name="n" value="{{a}}" />`), nv({ a: '{{b}}', b: 'no' }));
    expect(attr(el!, 'value')).toMatchObject({ kind: 'literal', text: '{{b}}' });
  });

  it('reports a missing named value where it is used', () => {
    const result = read(wrap(`<set-variable name="n" value="@(&quot;{{there}}&quot; + {{missing}})" />`), nv({ there: 'x' }));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ code: 'OH201', severity: 'error', line: 3, column: 57, path: 'policies/inbound/set-variable[1]' }),
    ]);
    expect(expressionOf(attr(result.document!.sections.inbound[0]!, 'value')).code).toBe('"x" + "{{missing}}"');
  });

  it('without a source, lists the names once and keeps expressions well-formed', () => {
    const result = read(
      wrap(
        [
          `<set-variable name="a" value="@(&quot;{{InString}}&quot;)" />`,
          `<set-variable name="b" value="@({{bare}} + 1)" />`,
          `<set-variable name="c" value="@($&quot;{x}{{InString}}&quot;)" />`,
          `<set-variable name="d" value="{{literal}}" />`,
        ].join('\n'),
      ),
    );
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: 'OH202', severity: 'warning', line: 3 });
    expect(result.diagnostics[0]!.message).toContain('InString, bare, literal');
    const [a, b, c, d] = result.document!.sections.inbound;
    expect(expressionOf(attr(a!, 'value')).code).toBe('"{{InString}}"');
    expect(expressionOf(attr(b!, 'value')).code).toBe('((dynamic)"{{bare}}") + 1');
    expect(expressionOf(attr(c!, 'value')).code).toBe('$"{x}{{InString}}"');
    expect(attr(d!, 'value')).toMatchObject({ kind: 'literal', text: '{{literal}}' });
  });

  it('marks attributes and elements holding secrets, and collects the secret values', () => {
    const result = read(
      wrap(`<set-header name="Authorization" exists-action="override">\n<value>@("Basic " + "{{pwd}}")</value>\n</set-header>\n<set-variable name="k" value="{{key}}" />`),
      nv({ pwd: { value: 's3cret', secret: true }, key: { value: 'k3y', secret: true } }),
    );
    const [header, variable] = result.document!.sections.inbound;
    expect(header!.secret).toBeUndefined();
    expect(header!.children[0]!.secret).toBe(true);
    expect(variable!.secret).toBe(true);
    expect(variable!.attributes[1]!.secret).toBe(true);
    expect(variable!.attributes[0]!.secret).toBeUndefined();
    expect(result.document!.secrets.sort()).toEqual(['k3y', 's3cret']);
  });
});

describe('set-body holding markup', () => {
  it('takes the inner source, as written, as its text and holds no child elements', () => {
    const body = '\n      <order id="7">&amp; <item qty="2"/></order>\n    ';
    const [response] = inbound(wrap(`<return-response>\n    <set-body>${body}</set-body>\n</return-response>`));
    const setBody = response!.children[0]!;
    expect(setBody.children).toEqual([]);
    expect(setBody.text).toMatchObject({ kind: 'literal', text: body, loc: { line: 5, column: 7 } });
  });

  it('keeps a Liquid template writing XML whole, its {{ }} untouched', () => {
    const template = `\n  {%- assign v = context.Variables["r"] -%}\n  <m><d a="{{ v['a'] }}"/></m>\n`;
    const [response] = inbound(wrap(`<return-response><set-body template="liquid">${template}</set-body></return-response>`));
    const setBody = response!.children[0]!;
    expect(setBody.children).toEqual([]);
    expect(setBody.text).toMatchObject({ kind: 'literal', text: template });
    expect(read(wrap(`<return-response><set-body template="liquid">${template}</set-body></return-response>`)).diagnostics).toEqual([]);
  });

  it('still reads a set-body without markup as text or an expression', () => {
    const [response] = inbound(wrap('<return-response><set-body>@("a" + "b")</set-body></return-response>'));
    expect(response!.children[0]!.text).toMatchObject({ kind: 'expression', expression: { code: '"a" + "b"' } });
  });
});

describe('structure', () => {
  const codes = (text: string) => read(text).diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);

  it('wants <policies> or <fragment> as root', () => {
    expect(codes('<policy><inbound/></policy>')).toEqual(['OH120@1:1']);
    expect(codes('  ')).toEqual(['OH120@1:3']);
  });

  it('wants known sections, once each, and suggests the nearest name', () => {
    const result = read('<policies>\n<inbund/>\n<inbound/>\n<inbound/>\n</policies>');
    expect(result.diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['OH121@2', 'OH122@4']);
    expect(result.diagnostics[0]!.message).toContain('did you mean <inbound>?');
  });

  it('places <base/> only directly in a section, once, empty', () => {
    expect(
      codes(
        '<policies><inbound>\n<base/>\n<base/>\n<choose><when condition="@(true)"><base/></when></choose>\n</inbound><backend><base a="1"/></backend></policies>',
      ),
    ).toEqual(['OH211@3:1', 'OH210@4:35', 'OH212@5:20']);
  });

  it('refuses <base/> and include-fragment inside a fragment', () => {
    expect(codes('<fragment>\n<base/>\n<choose><when condition="@(1)"><include-fragment fragment-id="x"/></when></choose>\n</fragment>')).toEqual([
      'OH213@2:1',
      'OH222@3:32',
    ]);
  });

  it('warns about stray text in sections', () => {
    expect(codes('<policies><inbound>oops<base/></inbound></policies>')).toEqual(['OH123@1:20']);
  });
});
