/**
 * `check` on every file of Microsoft's snippet corpus without named values (issue 16): no false error on
 * a valid policy. A `{{name}}` with no value types like the text APIM would substitute, so the only C#
 * errors left are the files broken upstream, each listed with its reason; the list can only shrink.
 * Not counted: the onHandshake rules (OH5xx: these are HTTP API policies, refused in a handshake) and
 * the policies this tool does not run (OH408), both reported loudly by design.
 */
import { dirname, relative } from 'node:path';
import { expect, it } from 'vitest';
import { checkFiles } from '../../src/policy/index.js';
import { compilerCheckPass } from '../../src/graph/check-pass.js';
import { corpusDir, describeWithCorpus } from '../corpus.js';
import { corpusFiles } from './helpers.js';

/** file → why it still has errors (broken as published). */
const BROKEN_UPSTREAM: Record<string, string> = {
  'examples/Call out to an HTTP endpoint and cache the response.policy.xml': 'an attribute string is not closed (OH111)',
  'examples/Filter response content based on product name.policy.xml': "'--' inside an XML comment (OH102)",
  'examples/Generate Azure Relay Token.policy.xml': 'an empty base-url left to fill in ("add your relay address here")',
  'examples/DELETE a from to blobStorage account.xml': 'context.Request.MatchedParameters("…") calls a dictionary like a method',
  'examples/GET a file from blobStorage account.xml': 'context.Request.MatchedParameters("…") calls a dictionary like a method',
  'examples/PUT a file to blobStorage account.xml': 'context.Request.MatchedParameters("…") calls a dictionary like a method',
  'examples/Loopback request for service at same API Management service.xml': 'a mangled """ string literal',
  'examples/Pre-authorize requests based on HTTP method with validate-jwt.policy.xml': 'mangled """ string literals',
  'examples/Return a blob URL signed with a user delegation SAS token.xml': 'DateTime.AddSeconds((string)…) does not type-check; XmlDocument is not on the allow-list',
};

const NOT_COUNTED = /^OH(5\d\d|408)$/;

describeWithCorpus('check on the snippet corpus without named values', () => {
  it('reports errors only for the files broken upstream', () => {
    const withErrors = new Map<string, string[]>();
    for (const file of corpusFiles()) {
      // Fragments sit beside the policies that include them (oauth-proxy).
      const result = checkFiles([file], { fragmentsDir: dirname(file), passes: [compilerCheckPass] });
      const errors = result.files.flatMap((f) => f.diagnostics).filter((d) => d.severity === 'error' && !NOT_COUNTED.test(d.code));
      if (errors.length) withErrors.set(relative(corpusDir!, file), errors.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`));
    }
    const unexpected = [...withErrors].filter(([file]) => !(file in BROKEN_UPSTREAM));
    expect(unexpected).toEqual([]);
    // A file that got clean leaves the list.
    expect(Object.keys(BROKEN_UPSTREAM).filter((f) => !withErrors.has(f))).toEqual([]);
  });
});
