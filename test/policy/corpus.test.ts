import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, it } from 'vitest';
import { readPolicyFile } from '../../src/policy/index.js';
import { describeWithCorpus } from '../corpus.js';
import { BROKEN_UPSTREAM, charLookup, corpusFiles, expressions } from './helpers.js';

const files = corpusFiles();
const results = new Map(files.map((f) => [f, readPolicyFile(f)]));
const errorsOf = (f: string) => results.get(f)!.diagnostics.filter((d) => d.severity === 'error');

describeWithCorpus('the Microsoft snippet corpus', () => {
  it('has the 59 policy files, 5 of them fragments', () => {
    expect(files).toHaveLength(59);
    const fragments = files.filter((f) => results.get(f)!.document?.root === 'fragment');
    expect(fragments.map((f) => basename(f)).sort()).toEqual([
      'oauth-proxy-construct-authorization-redirect-fragment.xml',
      'oauth-proxy-session-fragment.xml',
      'oauth-proxy-slide-session-fragment.xml',
      'oauth-proxy-token-endpoint-fragment.xml',
      'oauth-proxy-validate-token-fragment.xml',
    ]);
  });

  it('reads 57 files with no reader error', () => {
    const clean = files.filter((f) => errorsOf(f).length === 0);
    expect(clean).toHaveLength(57);
    expect(files.filter((f) => errorsOf(f).length > 0).map((f) => basename(f)).sort()).toEqual([...BROKEN_UPSTREAM].sort());
    for (const f of clean) expect(results.get(f)!.document, f).toBeDefined();
  });

  it('locates the truncated, mangled string of the HTTP callout snippet on its line', () => {
    const file = files.find((f) => basename(f) === BROKEN_UPSTREAM[0])!;
    const [error] = errorsOf(file);
    // Line 41: `JObject.Parse((string)context.Variables["latlong=""` — the string that never closes.
    expect(error).toMatchObject({ code: 'OH111', line: 41 });
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[40]!.slice(error!.column - 1)).toBe('"');
  });

  it("locates the '--' of the comment opened inside another comment", () => {
    const file = files.find((f) => basename(f) === BROKEN_UPSTREAM[1])!;
    const [error] = errorsOf(file);
    expect(error).toMatchObject({ code: 'OH102', line: 2, column: 3 });
  });

  it('hands on expression code that maps back, character by character, to the file', () => {
    let checked = 0;
    let count = 0;
    for (const f of files) {
      const doc = results.get(f)!.document;
      if (!doc) continue;
      const at = charLookup(readFileSync(f, 'utf8'));
      const all = [...Object.values(doc.sections).flat(), ...doc.elements];
      for (const expression of expressions(all)) {
        count++;
        for (let k = 0; k < expression.code.length; k++) {
          const { line, column } = expression.position(k);
          const fileChar = at(line, column);
          const codeChar = expression.code[k]!;
          // Entities map to their '&', named value placeholders to their '{{', CRLF to its '\r'.
          const ok = fileChar === codeChar || fileChar === '&' || fileChar === '{' || (codeChar === '\n' && fileChar === '\r');
          if (!ok) throw new Error(`${f} ${line}:${column}: code '${codeChar}' vs file '${fileChar}'`);
          checked++;
        }
      }
    }
    expect(count).toBeGreaterThan(300);
    expect(checked).toBeGreaterThan(30_000);
  });

  // The corpus README counts 12 bare-code uses; a grep of the files finds these 11 (the rest of the
  // 186 uses stand inside strings or in literal values).
  const BARE_CODE_USES = [
    'Random load balancer simpler.policy.xml:7',
    'oauth-proxy-callback.xml:102',
    'oauth-proxy-callback.xml:112',
    'oauth-proxy-callback.xml:122',
    'oauth-proxy-callback.xml:136',
    'oauth-proxy-callback.xml:145',
    'oauth-proxy-session-fragment.xml:206',
    'oauth-proxy-session-fragment.xml:217',
    'oauth-proxy-session-fragment.xml:228',
    'oauth-proxy-slide-session-fragment.xml:6',
    'oauth-proxy-slide-session-fragment.xml:16',
  ];

  it('turns named values standing as bare code into string placeholders, and only those', () => {
    const bare: string[] = [];
    for (const f of files) {
      const doc = results.get(f)!.document;
      if (!doc) continue;
      const at = charLookup(readFileSync(f, 'utf8'));
      for (const expression of expressions([...Object.values(doc.sections).flat(), ...doc.elements])) {
        for (const m of expression.code.matchAll(/"\{\{[A-Za-z0-9._-]+\}\}"/g)) {
          const open = expression.position(m.index);
          const close = expression.position(m.index + m[0].length - 1);
          // The added quotes both map to the reference's '{{'.
          if (at(open.line, open.column) === '{') {
            expect(close).toEqual(open);
            bare.push(`${basename(f)}:${open.line}`);
          }
        }
      }
    }
    expect(bare.sort()).toEqual([...BARE_CODE_USES].sort());
  });
});
