/**
 * `check --apiops DIR`: every policy of an APIOps estate, HTTP APIs included, reported per file.
 * Each file is linted as APIM reads it at its own scope (global, workspace, product, API, operation,
 * fragment) without the onHandshake rules; then each WebSocket API's chain is built exactly as serve
 * builds it (buildRuntime: global → workspace → product → API → onHandshake), which adds the
 * onHandshake rules, unsupported policies and unknown backends, located in the file that wrote them.
 */
import { join } from 'node:path';
import { checkFiles, type FileDiagnostics } from '../policy/index.js';
import type { NamedValues } from '../policy/contract.js';
import type { Diagnostic } from '../policy/diagnostics.js';
import type { PolicyScope, PolicySections } from '../policy/tree.js';
import type { PolicyDocument } from '../policy/contract.js';
import { sortDiagnostics } from '../policy/read.js';
import { uniqueDiagnostics } from '../policy/merge.js';
import { compileSections } from '../graph/compile.js';
import { CODES } from '../steps/runtime/codes.js';
import { buildRuntime } from '../gateway/build-runtime.js';
import { loadApiops, type ApiopsOptions } from '../config/apiops/index.js';
import type { ApiopsEstate } from '../config/apiops/estate.js';
import { policyIn, subfolders } from '../config/apiops/layout.js';

/** Compiler findings that concern a WebSocket handshake only; the chain build reports them where they apply. */
const HANDSHAKE_ONLY = new Set<string>([CODES.notRun, CODES.notYetSupported]);

export async function checkApiops(dir: string, options: ApiopsOptions): Promise<{ files: FileDiagnostics[]; sources: Map<string, string> }> {
  const loaded = loadApiops(dir, options);
  const all: Diagnostic[] = [...loaded.diagnostics];
  const sources = new Map<string, string>();
  const estate = loaded.estate;
  const files: string[] = [];
  if (estate) {
    const namedValues: NamedValues = new Map([...estate.namedValues].map(([name, v]) => [name, { value: v.value, secret: v.secret }]));
    const pass = (sections: PolicySections, document: PolicyDocument): Diagnostic[] =>
      compileSections(sections, { secrets: document.secrets, backends: new Map([...estate.backends].map(([id, b]) => [id, b.url])) }).diagnostics.filter(
        (d) => !d.code.startsWith('OH5') && !HANDSHAKE_ONLY.has(d.code),
      );
    for (const group of lintGroups(estate)) {
      files.push(...group.files);
      const result = checkFiles(group.files, { namedValues, scope: group.scope, onHandshakeRules: false, passes: [pass], ...(group.fragmentsDir ? { fragmentsDir: group.fragmentsDir } : {}) });
      for (const [file, text] of result.sources) sources.set(file, text);
      all.push(...result.files.flatMap((f) => f.diagnostics));
    }
    if (loaded.config) all.push(...(await buildRuntime(loaded.config)).diagnostics);
  }
  const byFile = new Map<string, Diagnostic[]>(files.map((f) => [f, []]));
  for (const d of uniqueDiagnostics(all)) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  return { files: [...byFile].map(([file, diagnostics]) => ({ file, diagnostics: sortDiagnostics(diagnostics) })), sources };
}

interface LintGroup {
  scope: PolicyScope;
  files: string[];
  fragmentsDir?: string;
}

/** The estate's policy files by the scope they are written at, with the fragments their scope can include. */
function lintGroups(estate: ApiopsEstate): LintGroup[] {
  const groups: LintGroup[] = [];
  for (const scope of estate.scopes) {
    const fragmentsDir = scope.fragmentsDir ? { fragmentsDir: scope.fragmentsDir } : {};
    const apis = [...estate.apis, ...estate.otherRevisions].filter((a) => a.workspace === scope.workspace);
    const add = (kind: PolicyScope, files: string[]): void => {
      if (files.length) groups.push({ scope: kind, files, ...fragmentsDir });
    };
    add(scope.workspace ? 'workspace' : 'global', scope.policy ? [scope.policy] : []);
    add('product', estate.products.filter((p) => p.workspace === scope.workspace && p.policy).map((p) => p.policy!));
    add('api', apis.flatMap((a) => (a.policy ? [a.policy] : [])));
    add('operation', apis.flatMap((a) => a.operations.map((o) => o.file)));
    add('fragment', scope.fragmentsDir ? subfolders(scope.fragmentsDir).flatMap((id) => policyIn(join(scope.fragmentsDir!, id)) ?? []) : []);
  }
  return groups;
}
