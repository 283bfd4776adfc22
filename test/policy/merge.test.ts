import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  mergeScopes,
  readPolicyText,
  type MergeOptions,
  type PolicyDocument,
  type PolicyElement,
  type PolicyScope,
  type ScopeLayer,
} from '../../src/policy/index.js';
import { fixturesDir } from './helpers.js';

const fragmentsDir = join(fixturesDir, 'fragments');

/** A document whose inbound holds `<set-variable name="…">` per name, and `<base/>` for `^`. */
function doc(scope: PolicyScope, inbound: string[] | undefined, extra = ''): PolicyDocument {
  const statements = (inbound ?? []).map((n) => (n === '^' ? '    <base />' : n.startsWith('<') ? `    ${n}` : `    <set-variable name="${n}" value="1" />`));
  const section = inbound === undefined ? '' : `  <inbound>\n${statements.join('\n')}\n  </inbound>\n`;
  const text = `<policies>\n${section}${extra}</policies>\n`;
  const result = readPolicyText(text, `${scope}.xml`, { scope });
  if (!result.document) throw new Error(JSON.stringify(result.diagnostics));
  return result.document;
}

const names = (elements: PolicyElement[]) => elements.map((e) => e.attributes.find((a) => a.name === 'name')?.value.kind === 'literal' ? (e.attributes.find((a) => a.name === 'name')!.value as { text: string }).text : e.name);

function merge(layers: [PolicyScope, string[] | undefined][], options: MergeOptions = {}) {
  const scopeLayers: ScopeLayer[] = layers.map(([scope, inbound]) => ({ scope, document: doc(scope, inbound) }));
  return mergeScopes(scopeLayers, options);
}

describe('<base/> merging', () => {
  it('at the start of each section: broadest first', () => {
    const result = merge([
      ['global', ['g1', 'g2']],
      ['api', ['^', 'a1']],
      ['operation', ['^', 'o1']],
    ]);
    expect(names(result.sections.inbound)).toEqual(['g1', 'g2', 'a1', 'o1']);
    expect(result.diagnostics).toEqual([]);
  });

  it('in the middle', () => {
    const result = merge([
      ['global', ['g1']],
      ['api', ['a1', '^', 'a2']],
      ['operation', ['o1', '^', 'o2']],
    ]);
    expect(names(result.sections.inbound)).toEqual(['o1', 'a1', 'g1', 'a2', 'o2']);
  });

  it('at the end', () => {
    const result = merge([
      ['global', ['g1']],
      ['api', ['a1', '^']],
      ['operation', ['o1', '^']],
    ]);
    expect(names(result.sections.inbound)).toEqual(['o1', 'a1', 'g1']);
  });

  it('absent at the operation: the broader scopes are dropped', () => {
    const result = merge([
      ['global', ['g1']],
      ['api', ['^', 'a1']],
      ['operation', ['o1']],
    ]);
    expect(names(result.sections.inbound)).toEqual(['o1']);
  });

  it('absent in the middle scope: only the scopes above it are dropped', () => {
    const result = merge([
      ['global', ['g1']],
      ['product', ['^', 'p1']],
      ['api', ['a1']],
      ['operation', ['^', 'o1']],
    ]);
    expect(names(result.sections.inbound)).toEqual(['a1', 'o1']);
  });

  it('at global, <base/> is a no-op', () => {
    expect(names(merge([['global', ['^', 'g1']], ['operation', ['^']]]).sections.inbound)).toEqual(['g1']);
  });

  it('a section the operation does not write is inherited whole', () => {
    const result = mergeScopes([
      { scope: 'global', document: doc('global', ['g1'], '  <backend>\n    <forward-request />\n  </backend>\n') },
      { scope: 'operation', document: doc('operation', ['^', 'o1']) },
    ]);
    expect(result.sections.backend.map((e) => e.name)).toEqual(['forward-request']);
  });

  it('an empty section without <base/> drops the parent section', () => {
    const result = mergeScopes([
      { scope: 'global', document: doc('global', ['g1'], '  <backend>\n    <forward-request />\n  </backend>\n') },
      { scope: 'operation', document: doc('operation', ['^'], '  <backend />\n') },
    ]);
    expect(result.sections.backend).toEqual([]);
  });

  it('every merged step keeps the file, line, path and scope it was written at', () => {
    const result = merge([
      ['global', ['g1']],
      ['api', ['^', 'a1']],
      ['operation', ['o1', '^']],
    ]);
    expect(result.sections.inbound.map((e) => [e.loc.file, e.loc.line, e.loc.column, e.path, e.scope])).toEqual([
      ['operation.xml', 3, 5, 'policies/inbound/set-variable[1]', 'operation'],
      ['global.xml', 3, 5, 'policies/inbound/set-variable[1]', 'global'],
      ['api.xml', 4, 5, 'policies/inbound/set-variable[1]', 'api'],
    ]);
  });

  it('stamps the layer scope on documents read at another scope', () => {
    const document = readPolicyText('<policies><inbound><set-variable name="x" value="1"/></inbound></policies>', 'p.xml').document!;
    const result = mergeScopes([{ scope: 'product', document }, { scope: 'operation', document: doc('operation', ['^']) }]);
    expect(result.sections.inbound[0]!.scope).toBe('product');
  });

  it('refuses layers out of order', () => {
    const result = mergeScopes([
      { scope: 'api', document: doc('api', ['a1']) },
      { scope: 'global', document: doc('global', ['g1']) },
    ]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['OH230']);
  });
});

describe('fragments', () => {
  it('inlines a fragment where it is included, with its own file, lines and id', () => {
    const result = mergeScopes(
      [
        { scope: 'global', document: doc('global', ['g1']) },
        { scope: 'operation', document: doc('operation', ['o1', '<include-fragment fragment-id="set-trace-ids" />', '^', 'o2']) },
      ],
      { fragmentsDir },
    );
    expect(result.diagnostics).toEqual([]);
    const inbound = result.sections.inbound;
    expect(inbound.map((e) => e.name)).toEqual(['set-variable', 'set-variable', 'choose', 'set-variable', 'set-variable']);
    const [, f1, choose] = inbound;
    const fragmentFile = join(fragmentsDir, 'set-trace-ids.xml');
    expect(f1).toMatchObject({
      loc: { file: fragmentFile, line: 2, column: 5 },
      path: 'policies/inbound/include-fragment[1]/set-variable[1]',
      fragment: 'set-trace-ids',
      scope: 'operation',
    });
    const nested = choose!.children[0]!.children[0]!;
    expect(nested).toMatchObject({
      loc: { file: fragmentFile, line: 5, column: 13 },
      path: 'policies/inbound/include-fragment[1]/choose[1]/when[1]/set-variable[1]',
      fragment: 'set-trace-ids',
    });
    const expression = f1!.attributes[1]!.value;
    expect(expression.kind === 'expression' && expression.expression.file).toBe(fragmentFile);
    expect(names(inbound)).toEqual(['o1', 'f1', 'choose', 'g1', 'o2']);
  });

  it('inlines fragments included inside choose branches', () => {
    const operation = doc('operation', ['<choose><when condition="@(true)"><include-fragment fragment-id="set-trace-ids" /></when></choose>']);
    const result = mergeScopes([{ scope: 'operation', document: operation }], { fragmentsDir });
    const when = result.sections.inbound[0]!.children[0]!;
    expect(when.children.map((e) => e.path)).toEqual([
      'policies/inbound/choose[1]/when[1]/include-fragment[1]/set-variable[1]',
      'policies/inbound/choose[1]/when[1]/include-fragment[1]/choose[1]',
    ]);
  });

  const failing = (include: string, options: MergeOptions = { fragmentsDir }) =>
    mergeScopes([{ scope: 'operation', document: doc('operation', [include]) }], options).diagnostics.map((d) => `${d.code}:${d.file.split('/').pop()}:${d.line}`);

  it('reports a missing fragment where it is included', () => {
    expect(failing('<include-fragment fragment-id="nope" />')).toEqual(['OH221:operation.xml:3']);
    expect(failing('<include-fragment fragment-id="nope" />', {})).toEqual(['OH221:operation.xml:3']);
  });

  it('refuses fragments that include fragments or hold <base/>', () => {
    expect(failing('<include-fragment fragment-id="nests-include" />')).toEqual(['OH222:nests-include.xml:3']);
    expect(failing('<include-fragment fragment-id="holds-base" />')).toEqual(['OH213:holds-base.xml:2']);
  });

  it('refuses a <policies> document as a fragment, ids as expressions, ids that are paths', () => {
    expect(failing('<include-fragment fragment-id="not-a-fragment" />')).toEqual(['OH223:operation.xml:3']);
    expect(failing('<include-fragment fragment-id="@(&quot;x&quot;)" />')).toEqual(['OH220:operation.xml:3']);
    expect(failing('<include-fragment fragment-id="../fragments/set-trace-ids" />')).toEqual(['OH220:operation.xml:3']);
    expect(failing('<include-fragment />')).toEqual(['OH220:operation.xml:3']);
  });

  it('uses the fragments folder and named values the document was read with', () => {
    const document = readPolicyText('<policies><inbound><include-fragment fragment-id="uses-named-value" /></inbound></policies>', 'op.xml', {
      fragmentsDir,
      namedValues: new Map([['tenantid', { value: 'fabrikam', secret: true }]]),
    }).document!;
    expect(Object.keys(document)).not.toContain('namedValues');
    const result = mergeScopes([{ scope: 'operation', document }]);
    expect(result.diagnostics).toEqual([]);
    expect(result.sections.inbound[0]!.children[0]!.text).toMatchObject({ kind: 'literal', text: 'fabrikam' });
    expect(result.sections.inbound[0]!.children[0]!.secret).toBe(true);
    expect(result.secrets).toEqual(['fabrikam']);
  });

  it('substitutes named values in fragments', () => {
    const result = mergeScopes([{ scope: 'operation', document: doc('operation', ['<include-fragment fragment-id="uses-named-value" />']) }], {
      fragmentsDir,
      namedValues: new Map([['tenantid', { value: 'contoso', secret: false }]]),
    });
    expect(result.sections.inbound[0]!.children[0]!.text).toMatchObject({ kind: 'literal', text: 'contoso' });
  });
});

describe('onHandshake rules', () => {
  it('refuses unsupported policies written in the operation', () => {
    const result = merge([['operation', ['<set-body>x</set-body>', '<choose><when condition="@(true)"><mock-response /></when></choose>']]]);
    expect(result.diagnostics.map((d) => `${d.code}:${d.severity}:${d.path}`)).toEqual([
      'OH501:error:policies/inbound/set-body[1]',
      'OH501:error:policies/inbound/choose[1]/when[1]/mock-response[1]',
    ]);
  });

  it('skips unsupported policies inherited from broader scopes, with a warning, and removes them', () => {
    const result = merge([
      ['global', ['g1', '<cors><allowed-origins><origin>*</origin></allowed-origins></cors>']],
      ['api', ['^', '<choose><when condition="@(true)"><set-method>POST</set-method><set-variable name="kept" value="1" /></when></choose>']],
      ['operation', ['^', 'o1']],
    ]);
    expect(result.diagnostics.map((d) => `${d.code}:${d.severity}:${d.file}:${d.line}`)).toEqual([
      'OH502:warning:global.xml:4',
      'OH502:warning:api.xml:4',
    ]);
    expect(result.diagnostics[0]!.message).toContain('skipped, as APIM does');
    expect(names(result.sections.inbound)).toEqual(['g1', 'choose', 'o1']);
    expect(names(result.sections.inbound[1]!.children[0]!.children)).toEqual(['kept']);
  });

  it('counts a fragment included by the operation as written there', () => {
    const result = mergeScopes([{ scope: 'operation', document: doc('operation', ['<include-fragment fragment-id="sets-body" />']) }], { fragmentsDir });
    expect(result.diagnostics.map((d) => `${d.code}:${d.file.split('/').pop()}:${d.line}`)).toEqual(['OH501:sets-body.xml:2']);
  });

  it('refuses set-header on the connection headers, not on callouts or responses', () => {
    const result = merge([
      [
        'operation',
        [
          '<set-header name="Host" exists-action="override"><value>x</value></set-header>',
          '<set-header name="sec-websocket-protocol" exists-action="delete" />',
          '<set-header name="Connection" />',
          '<set-header name="X-Ok" />',
          '<set-header name="@(&quot;Host&quot;)" />',
          '<send-request mode="new" response-variable-name="r"><set-header name="Host" /></send-request>',
          '<return-response><set-header name="Content-Length" /></return-response>',
        ],
      ],
    ]);
    expect(result.diagnostics.map((d) => `${d.code}:${d.line}:${d.column}`)).toEqual(['OH503:3:23', 'OH503:4:23', 'OH503:5:23']);
  });
});
