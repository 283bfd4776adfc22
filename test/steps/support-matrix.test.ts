/**
 * docs/policies.md is generated from the handler table, never kept by hand. This test compares it;
 * `UPDATE_DOCS=1 npx vitest run test/steps/support-matrix.test.ts` (or
 * `onhandshake policies --format markdown > docs/policies.md`) regenerates it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY_HANDLERS } from '../../src/steps/index.js';
import { supportMatrixJson, supportMatrixMarkdown } from '../../src/steps/support-matrix.js';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'policies.md');

describe('support matrix', () => {
  it('docs/policies.md is generated from the table', () => {
    const generated = supportMatrixMarkdown();
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, generated);
    expect(readFileSync(DOC, 'utf8')).toBe(generated);
  });

  it('has one row per handler, each with a status and a summary', () => {
    const rows = supportMatrixJson() as Array<{ name: string; status: string; summary: string }>;
    expect(rows.map((r) => r.name).sort()).toEqual([...POLICY_HANDLERS.keys()].sort());
    for (const r of rows) expect(r.summary.length).toBeGreaterThan(10);
  });

  it("covers the onHandshake policies of the issue, the later ones and APIM's deny-list", () => {
    const status = (name: string) => POLICY_HANDLERS.get(name)?.status;
    for (const name of ['send-request', 'send-one-way-request', 'set-variable', 'set-backend-service', 'set-query-parameter', 'set-header', 'rewrite-uri', 'choose', 'return-response', 'set-status', 'trace', 'retry', 'wait', 'include-fragment', 'authentication-managed-identity', 'authentication-basic']) {
      expect(status(name), name).toBe('supported');
    }
    // Access and traffic policies: run by their own handlers, or reported as not yet supported; never unknown.
    for (const name of ['validate-jwt', 'rate-limit', 'rate-limit-by-key', 'quota', 'quota-by-key', 'ip-filter', 'check-header', 'limit-concurrency', 'cache-lookup-value', 'cache-store-value']) {
      expect(['supported', 'unsupported'], name).toContain(status(name));
    }
    for (const name of ['mock-response', 'cache-lookup', 'cache-store', 'cross-domain', 'cors', 'jsonp', 'set-method', 'set-body', 'xml-to-json', 'json-to-xml', 'xsl-transform', 'validate-content', 'validate-parameters', 'validate-headers', 'validate-status-code']) {
      expect(status(name), name).toBe('not-in-onhandshake');
    }
  });
});
