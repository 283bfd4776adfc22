import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  formatDiagnosticsHuman,
  mergeScopes,
  readPolicyFile,
  readPolicyText,
  type Diagnostic,
  type ReadResult,
} from '../../src/policy/index.js';
import { READER_LIMITS } from '../../src/policy/limits.js';
import { corpusFiles } from './helpers.js';
import { describeWithCorpus } from '../corpus.js';
import { seededRandom as prng } from '../seeded-random.js';


const corpus = corpusFiles().map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));

/** The reader's promise: diagnostics with sane locations, never an exception, never an internal error. */
function expectOnlyDiagnostics(text: string, file: string, result: ReadResult): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const d of result.diagnostics) {
    expect(d.code, `${d.code} ${d.message}`).not.toBe('OH100');
    expect(d.code).toMatch(/^OH[1-5]\d\d$/);
    expect(d.file).toBe(file);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lineCount);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
  if (!result.document) expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
}

function readAndCheck(text: string, file = 'fuzz.xml'): ReadResult {
  const result = readPolicyText(text, file, {});
  expectOnlyDiagnostics(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file, result);
  if (result.document?.root === 'policies') {
    const merged = mergeScopes([{ scope: 'operation', document: result.document }], {});
    for (const d of merged.diagnostics) expect(d.code).not.toBe('OH100');
  }
  formatDiagnosticsHuman(result.diagnostics, new Map([[file, text]]));
  return result;
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);

describeWithCorpus('fuzz: truncations and byte flips of the corpus', () => {
  // Characters that matter to the pre-pass, plus binary noise.
  const tokens = ['@(', '@{', '@jsonata(', '<!--', '-->', ']]>', '<![CDATA[', '&quot;', '&amp;', '<?pi x?>', '</a>', '<a>', '<base/>', '{{a}}', '$"', '@"', '$@"', '/*', '//', '\r\n', '\uFEFF', '<fragment>', '<include-fragment fragment-id="x"/>', ' a=', '<choose><when condition="@(true)">'];
  const specials = ['<', '>', '"', "'", '&', '@', '(', ')', '{', '}', '[', ']', '/', '*', '-', '$', '\\', '\n', '\r', '\u0000', '\uFFFF', ';', '='];

  it('returns only diagnostics for 3,000 seeded mutations', { timeout: 60_000 }, () => {
    const random = prng(20261128);
    let cases = 0;
    let rejected = 0;
    for (let round = 0; round < 3000; round++) {
      const { text } = corpus[Math.floor(random() * corpus.length)]!;
      let mutated: string;
      const kind = random();
      if (kind < 0.3) {
        mutated = text.slice(0, Math.floor(random() * text.length));
      } else if (kind < 0.55) {
        // Splice in a token that matters to the pre-pass or the structure.
        const at = Math.floor(random() * text.length);
        mutated = text.slice(0, at) + tokens[Math.floor(random() * tokens.length)] + text.slice(at);
      } else {
        const chars = [...text];
        const flips = 1 + Math.floor(random() * 4);
        for (let f = 0; f < flips; f++) {
          const at = Math.floor(random() * chars.length);
          chars[at] = random() < 0.7 ? specials[Math.floor(random() * specials.length)]! : String.fromCharCode(Math.floor(random() * 256));
        }
        mutated = chars.join('');
      }
      const result = readAndCheck(mutated);
      cases++;
      if (!result.document) rejected++;
    }
    expect(cases).toBe(3000);
    // The mutations must actually exercise the error paths.
    expect(rejected).toBeGreaterThan(700);
  });

  it('returns only diagnostics for every prefix of one file', { timeout: 60_000 }, () => {
    const { text } = corpus.find((c) => c.file.endsWith('oauth-proxy-callback.xml'))!;
    for (let cut = 0; cut <= text.length; cut += 13) readAndCheck(text.slice(0, cut));
  });
});

describe('bad input, case by case', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onhandshake-reader-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a BOM and CRLF line ends', () => {
    const result = readAndCheck('\uFEFF<policies>\r\n<inbound>\r\n<set-url>@(&quot;x&quot;)</set-url>\r\n</inbound>\r\n</policies>\r\n');
    expect(result.diagnostics).toEqual([]);
    expect(result.document!.sections.inbound[0]!.loc).toMatchObject({ line: 3, column: 1 });
  });

  it('a BOM read from a file', () => {
    const file = join(dir, 'bom.xml');
    writeFileSync(file, '\uFEFF<policies><inbound><base /></inbound></policies>');
    expect(readPolicyFile(file).diagnostics).toEqual([]);
  });

  it('a policy just under the 4 MiB size limit', { timeout: 60_000 }, () => {
    const statement = (i: number) =>
      `    <set-variable name="v${i}" value="@(context.Request.Headers.GetValueOrDefault(&quot;h${i}&quot;, "") + "${'x'.repeat(40)}" &amp;&amp; a < b)" />\n`;
    const parts = ['<policies>\n  <inbound>\n'];
    let size = 0;
    let count = 0;
    while (size < READER_LIMITS.fileBytes - 1024) {
      const s = statement(count++);
      parts.push(s);
      size += s.length;
    }
    parts.push('  </inbound>\n</policies>\n');
    const result = readAndCheck(parts.join(''));
    expect(result.diagnostics).toEqual([]);
    const last = result.document!.sections.inbound[count - 1]!;
    expect(last.path).toBe(`policies/inbound/set-variable[${count}]`);
    expect(last.loc.line).toBe(count + 2);
  });

  it('binary garbage', () => {
    const random = prng(7);
    const bytes = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
    const file = join(dir, 'garbage.xml');
    writeFileSync(file, bytes);
    const result = readPolicyFile(file);
    expect(result.document).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]!.code).toBe('OH107');
    const asText = readAndCheck(bytes.toString('latin1'));
    expect(asText.document).toBeUndefined();
  });

  it('an unbalanced @(', () => {
    expect(codes(readAndCheck('<policies>\n<inbound>\n<set-url>@(a + (b</set-url>\n</inbound>\n</policies>').diagnostics)).toEqual(['OH110@3:10']);
  });

  it('an unbalanced @{ in an attribute', () => {
    expect(codes(readAndCheck('<policies><inbound>\n  <set-variable name="a" value="@{ return 1;" />\n</inbound></policies>').diagnostics)).toEqual([
      'OH110@2:33',
    ]);
  });

  it('an unterminated string inside an expression', () => {
    const result = readAndCheck('<policies><inbound>\n<set-variable name="a" value="@(&quot;abc)" />\n<base/>\n</inbound></policies>');
    expect(codes(result.diagnostics)).toEqual(['OH111@2:33']);
    expect(result.diagnostics[0]!.message).toContain('attribute value');
  });

  it("'--' inside a comment", () => {
    expect(codes(readAndCheck('<policies>\n<!-- a -- b -->\n</policies>').diagnostics)).toEqual(['OH102@2:8']);
  });

  it('a truncated file', () => {
    expect(codes(readAndCheck('<policies>\n  <inbound>\n    <base />\n').diagnostics)).toEqual(['OH103@2:3']);
    expect(codes(readAndCheck('<policies>\n  <inbound>\n    <set-variable name="a" val').diagnostics)).toEqual(['OH103@3:5']);
  });

  it('a closing tag that does not match', () => {
    const result = readAndCheck('<policies>\n<inbound>\n</outbound>\n</policies>');
    expect(codes(result.diagnostics)).toEqual(['OH101@3:1']);
    expect(result.diagnostics[0]!.message).toContain('does not match <inbound> opened at 2:1');
  });

  it('bare & and < outside expressions', () => {
    expect(codes(readAndCheck('<policies><inbound><set-url>http://a?b=1&c=2</set-url></inbound></policies>').diagnostics)).toEqual(['OH104@1:41']);
    expect(codes(readAndCheck('<policies><inbound><set-header name="a<b"/></inbound></policies>').diagnostics)).toEqual(['OH105@1:39']);
  });

  it('a DOCTYPE', () => {
    expect(codes(readAndCheck('<!DOCTYPE x [<!ENTITY a "b">]><policies/>').diagnostics)).toEqual(['OH106@1:1']);
  });

  it('very deep nesting', () => {
    const depth = 100_000;
    expect(readAndCheck('<a>'.repeat(depth) + '</a>'.repeat(depth)).diagnostics[0]!.code).toBe('OH124');
  });

  it('adversarial repetitions stay fast enough to finish', { timeout: 60_000 }, () => {
    const n = 200_000;
    readAndCheck(`<policies><inbound><set-variable name="a" value="@(${'((('.repeat(n)}" /></inbound></policies>`);
    readAndCheck(`<policies><inbound><set-variable name="a" value="@(${'"'.repeat(n)})" /></inbound></policies>`);
    readAndCheck(`<policies><inbound><set-body>${'@('.repeat(n)}</set-body></inbound></policies>`);
    readAndCheck(`<policies><inbound><set-body>x${'@(a)'.repeat(n)}</set-body></inbound></policies>`);
    readAndCheck(`<policies><inbound><set-variable name="a" value="@(${'{{a}}+'.repeat(n)}1)" /></inbound></policies>`);
    readAndCheck(`<policies><inbound>${'<!-- -->'.repeat(n)}</inbound></policies>`);
    readAndCheck(`<policies><inbound><x ${Array.from({ length: 20_000 }, (_, i) => `a${i}="&amp;"`).join(' ')}/></inbound></policies>`);
    readAndCheck('<policies>' + '&'.repeat(n) + '</policies>');
    readAndCheck('<'.repeat(n));
    readAndCheck('<!--'.repeat(n));
  });
});

describe('file encodings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onhandshake-encodings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const policy = '<policies>\n<inbound>\n<set-variable name="é" value="@(&quot;ü&quot;)" />\n</inbound>\n</policies>\n';

  it('reads UTF-16 files with a BOM', () => {
    const le = join(dir, 'le.xml');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(policy, 'utf16le')]));
    const result = readPolicyFile(le);
    expect(result.diagnostics).toEqual([]);
    expect(result.document!.sections.inbound[0]!.loc).toMatchObject({ line: 3, column: 1 });
  });

  it('locates bytes that are not UTF-8', () => {
    const file = join(dir, 'latin1.xml');
    writeFileSync(file, Buffer.from('<policies>\n<inbound a="caf\xe9"/>\n</policies>', 'latin1'));
    expect(codes(readPolicyFile(file).diagnostics)).toEqual(['OH107@2:16']);
  });

  it('reports a missing file', () => {
    expect(codes(readPolicyFile(join(dir, 'none.xml')).diagnostics)).toEqual(['OH125@1:1']);
  });
});
