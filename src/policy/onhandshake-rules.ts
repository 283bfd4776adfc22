/**
 * Rules APIM applies to the WebSocket onHandshake operation (reference §1.3):
 *  - 15 policies are refused: an error when written in the operation's own document (APIM refuses to
 *    save it), skipped with a warning when inherited from a broader scope (APIM skips them at run time);
 *  - set-header may not change the connection's own headers (Host, Connection, Upgrade, Content-Length,
 *    Sec-WebSocket-*; APIM's general set-header rule adds Keep-Alive and Transfer-Encoding).
 */
import { diagnostic, type Diagnostic } from './diagnostics.js';
import type { PolicyElement, PolicyScope, PolicySections } from './tree.js';
import { nestedStatements, SECTION_NAMES } from './structure.js';

export const ONHANDSHAKE_DENY_LIST: ReadonlySet<string> = new Set([
  'mock-response',
  'cache-lookup',
  'cache-store',
  'cross-domain',
  'cors',
  'jsonp',
  'set-method',
  'set-body',
  'xml-to-json',
  'json-to-xml',
  'xsl-transform',
  'validate-content',
  'validate-parameters',
  'validate-headers',
  'validate-status-code',
]);

const RESTRICTED_HEADERS = new Set(['host', 'connection', 'upgrade', 'content-length', 'keep-alive', 'transfer-encoding']);

export function isRestrictedHeader(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return RESTRICTED_HEADERS.has(lower) || lower.startsWith('sec-websocket-');
}

/**
 * Checks the merged sections. `ownScope` is the scope of the operation's own document: statements
 * written there (or in fragments it includes) are errors; others were inherited and are removed.
 */
export function applyOnHandshakeRules(sections: PolicySections, ownScope: PolicyScope): { sections: PolicySections; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out = { ...sections };
  for (const name of SECTION_NAMES) out[name] = filter(sections[name], ownScope, diagnostics);
  return { sections: out, diagnostics };
}

function filter(statements: readonly PolicyElement[], ownScope: PolicyScope, diagnostics: Diagnostic[]): PolicyElement[] {
  const kept: PolicyElement[] = [];
  for (const statement of statements) {
    if (ONHANDSHAKE_DENY_LIST.has(statement.name)) {
      if (statement.scope === ownScope) {
        diagnostics.push(
          diagnostic('error', 'OH501', `<${statement.name}> is not supported in onHandshake: APIM refuses it in a WebSocket API's onHandshake policy`, statement.loc, statement.path),
        );
      } else {
        diagnostics.push(
          diagnostic(
            'warning',
            'OH502',
            `<${statement.name}> inherited from the ${statement.scope} scope is not supported in onHandshake: skipped, as APIM does`,
            statement.loc,
            statement.path,
          ),
        );
        continue;
      }
    }
    if (statement.name === 'set-header') checkHeader(statement, diagnostics);
    kept.push(withFilteredChildren(statement, ownScope, diagnostics));
  }
  return kept;
}

function withFilteredChildren(statement: PolicyElement, ownScope: PolicyScope, diagnostics: Diagnostic[]): PolicyElement {
  if (nestedStatements(statement).length === 0) return statement;
  if (statement.name === 'choose') {
    return {
      ...statement,
      children: statement.children.map((branch) =>
        branch.name === 'when' || branch.name === 'otherwise' ? { ...branch, children: filter(branch.children, ownScope, diagnostics) } : branch,
      ),
    };
  }
  return { ...statement, children: filter(statement.children, ownScope, diagnostics) };
}

function checkHeader(statement: PolicyElement, diagnostics: Diagnostic[]): void {
  const name = statement.attributes.find((a) => a.name === 'name');
  if (!name || name.value.kind !== 'literal' || !isRestrictedHeader(name.value.text)) return;
  diagnostics.push(
    diagnostic(
      'error',
      'OH503',
      `set-header cannot change '${name.value.text.trim()}' in onHandshake: APIM rejects it ("Header name is invalid or restricted from modification")`,
      name.value.loc,
      statement.path,
    ),
  );
}
