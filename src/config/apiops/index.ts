/**
 * `--apiops DIR [--apiops-config configuration.<env>.yaml]`: an APIOps folder read into the gateway
 * configuration, so serve, check, trace, graph and the console run it through their usual path.
 * What is read and what is ignored is in docs/apiops.md.
 */
import { join, resolve } from 'node:path';
import { diagnostic, hasErrors, type Diagnostic } from '../../policy/diagnostics.js';
import { loadNamedValues, namedValuesFromEnv } from '../../policy/named-values.js';
import type { GatewayConfig } from '../types.js';
import { CONFIG_CODES } from '../yaml-cursor.js';
import { isApiopsFolder, isDirectory, policyIn, subfolders } from './layout.js';
import { Overrides, readOverrides } from './overrides.js';
import { policyText, readEstate, type ApiopsEstate } from './estate.js';
import { namedValueUses } from './named-values.js';
import { estateToGatewayConfig } from './to-gateway-config.js';

export interface ApiopsOptions {
  /** configuration.<env>.yaml */
  configFile?: string;
  /** A local secrets file (`displayName: value`), as --named-values reads. */
  secretsFile?: string;
  env?: NodeJS.ProcessEnv;
  /** An estate without a WebSocket API is an error (serve); check lints HTTP-only estates too. */
  requireWebSocketApi?: boolean;
}

export interface ApiopsLoad {
  estate?: ApiopsEstate;
  config?: GatewayConfig;
  notes: string[];
  diagnostics: Diagnostic[];
}

export function loadApiops(dir: string, options: ApiopsOptions = {}): ApiopsLoad {
  const root = resolve(dir);
  const diagnostics: Diagnostic[] = [];
  const at = { file: root, line: 1, column: 1 };
  if (!isDirectory(root)) return { notes: [], diagnostics: [diagnostic('error', CONFIG_CODES.fileNotFound, `--apiops ${dir}: not a folder`, at)] };
  if (!isApiopsFolder(root)) {
    return { notes: [], diagnostics: [diagnostic('error', CONFIG_CODES.malformedArtifact, `${root} is not an APIOps folder: it holds none of policy.xml, apis/, named values/, policy fragments/, products/, workspaces/`, at)] };
  }
  let overrides = Overrides.none();
  if (options.configFile !== undefined) {
    const read = readOverrides(resolve(options.configFile));
    diagnostics.push(...read.diagnostics);
    if (read.overrides) overrides = read.overrides;
  }
  const env = options.env ?? process.env;
  let secretsFile;
  if (options.secretsFile !== undefined) {
    const loaded = loadNamedValues(resolve(options.secretsFile));
    diagnostics.push(...loaded.diagnostics);
    secretsFile = loaded.values;
  }
  const estate = readEstate(root, overrides, { environment: namedValuesFromEnv(env), ...(secretsFile ? { secretsFile } : {}) }, diagnostics);
  diagnostics.push(...overrides.unused());
  diagnostics.push(...unresolvedInUse(estate));
  const { config, notes } = estateToGatewayConfig(estate, diagnostics, options.requireWebSocketApi ?? true);
  // Every file read is watched (policies of the APIs served are watched by the host already).
  config.watched.push(...fragmentFiles(estate), ...estate.scopes.flatMap((s) => (s.policy ? [s.policy] : [])));
  if (options.configFile !== undefined) config.watched.push(resolve(options.configFile));
  if (options.secretsFile !== undefined) config.watched.push(resolve(options.secretsFile));
  return { estate, notes, diagnostics, ...(hasErrors(diagnostics) ? {} : { config }) };
}

/** Every policy file of the estate: scopes, APIs, operations, products, fragments. */
export function estatePolicyFiles(estate: ApiopsEstate): string[] {
  return [
    ...estate.scopes.flatMap((s) => (s.policy ? [s.policy] : [])),
    ...estate.products.flatMap((p) => (p.policy ? [p.policy] : [])),
    ...[...estate.apis, ...estate.otherRevisions].flatMap((a) => [...(a.policy ? [a.policy] : []), ...a.operations.map((o) => o.file)]),
  ];
}

/** A named value without a value is an error where a policy uses it (named in the message), else nothing. */
function unresolvedInUse(estate: ApiopsEstate): Diagnostic[] {
  if (!estate.unresolved.length) return [];
  const uses = new Map<string, string[]>();
  for (const file of [...estatePolicyFiles(estate), ...fragmentFiles(estate)]) {
    for (const name of namedValueUses(policyText(file))) uses.set(name, [...(uses.get(name) ?? []), file]);
  }
  return estate.unresolved
    .filter((u) => uses.has(u.displayName.toLowerCase()))
    .map((u) => diagnostic('error', CONFIG_CODES.namedValueUnresolved, `named value '${u.displayName}' has no value: it ${u.why} (used by ${uses.get(u.displayName.toLowerCase())!.join(', ')})`, u.at));
}

export function fragmentFiles(estate: ApiopsEstate): string[] {
  return estate.scopes.flatMap((s) => (s.fragmentsDir ? fragmentPolicies(s.fragmentsDir) : []));
}

function fragmentPolicies(dir: string): string[] {
  return subfolders(dir).flatMap((id) => {
    const file = policyIn(join(dir, id));
    return file ? [file] : [];
  });
}
