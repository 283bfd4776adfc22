/**
 * Microsoft's policy snippets (the shared corpus, read in place: test/corpus.ts) through the compiler: the
 * handler declarations of this policies must not reject what APIM accepts. Only the findings
 * listed here remain, each a real problem or an unsupported feature, reported loudly.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compileSections } from '../../src/graph/compile.js';
import { readPolicyFile } from '../../src/policy/index.js';
import { corpusDir, describeWithCorpus } from '../corpus.js';

const root = join(corpusDir ?? '', 'examples');
const OWN = new Set(['send-request', 'send-one-way-request', 'set-variable', 'set-backend-service', 'set-query-parameter', 'set-header', 'rewrite-uri', 'choose', 'when', 'otherwise', 'return-response', 'set-status', 'trace', 'retry', 'wait', 'authentication-basic', 'authentication-managed-identity', 'forward-request', 'set-url', 'set-method', 'set-body', 'proxy', 'authentication-certificate']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.xml') ? [join(dir, e.name)] : []));
}

describeWithCorpus('the snippet corpus through the compiler', () => {
  it('the validation of this issue\'s policies accepts what APIM accepts', () => {
    const found: string[] = [];
    for (const file of files(root)) {
      const read = readPolicyFile(file);
      if (!read.document || read.document.root !== 'policies') continue;
      for (const d of compileSections(read.document.sections).diagnostics) {
        if (!/^OH40[2-7]$/.test(d.code)) continue;
        const last = (d.path ?? '').split('/').pop()!.replace(/\[\d+\]$/, '');
        if (OWN.has(last)) found.push(`${file.slice(root.length + 1)}:${d.line} ${d.code} ${d.message}`);
      }
    }
    expect(found).toEqual([
      // An empty base-url ("add your relay address here"): APIM could not route it either.
      "Generate Azure Relay Token.policy.xml:10 OH404 'base-url' must be an absolute ws://, wss://, http:// or https:// URL, not ''",
    ]);
  });
});
