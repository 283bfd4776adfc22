/**
 * `--apiops DIR [--apiops-config configuration.<env>.yaml]`: an APIOps folder read into the gateway
 * configuration, so serve, check, trace, graph and the console run it through their usual path.
 * What is read and what is ignored is in docs/apiops.md.
 */
import { join, resolve } from 'node:path';
import { diagnostic, hasErrors, type Diagnostic } from '../../policy/diagnostics.js';
import { loadNamedValues, mergeNamedValues, namedValuesFromEnv } from '../../policy/named-values.js';
import type { NamedValues } from '../../policy/contract.js';
import type { GatewayConfig } from '../types.js';
import { CONFIG_CODES } from '../yaml-cursor.js';
import { isApiopsFolder, isDirectory, policyIn, subfolders } from './layout.js';
import { Overrides, readOverrides } from './overrides.js';
import { policyText, readEstate, type ApiopsEstate } from './estate.js';
import { namedValueUses, type NamedValueSources } from './named-values.js';
import { detectPolicyOnlyLayout, LAYOUT_NAMES, readPolicyOnlyEstate, type PolicyOnlyLayout } from './older-layouts.js';
import { estateToGatewayConfig } from './to-gateway-config.js';

export interface ApiopsOptions {
  /** configuration.<env>.yaml */
  configFile?: string;
  /** A local secrets file (`displayName: value`), as --named-values reads. */
  secretsFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Named values that win over every other source (a policy test file's). */
  namedValues?: NamedValues;
  /** Read to be served: an estate without a WebSocket API, or of a policy-only layout, is an error. */
  serve?: boolean;
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
  const older = isApiopsFolder(root) ? undefined : detectPolicyOnlyLayout(root);
  if (!isApiopsFolder(root) && !older) {
    return {
      notes: [],
      diagnostics: [diagnostic('error', CONFIG_CODES.malformedArtifact, `${root} is not an APIOps folder: it holds none of policy.xml, apis/, named values/, policy fragments/, products/, workspaces/ (nor the DevOps Resource Kit's or apim-policy-update's policies/)`, at)],
    };
  }
  if (older && options.serve) {
    return {
      notes: [],
      diagnostics: [diagnostic('error', CONFIG_CODES.malformedArtifact, `${root} is in the ${LAYOUT_NAMES[older]} layout: it holds policies only (no API path or serviceUrl), so it cannot be served; check --apiops, trace/graph --apiops --api and policies --effective read it`, at)],
    };
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
  const environment = mergeNamedValues(namedValuesFromEnv(env), options.namedValues)!;
  const sources = { environment, ...(secretsFile ? { secretsFile } : {}) };
  const estate = older ? policyOnlyEstate(root, older, sources) : readEstate(root, overrides, sources, diagnostics);
  diagnostics.push(...overrides.unused());
  diagnostics.push(...unresolvedInUse(estate));
  const { config, notes } = estateToGatewayConfig(estate, diagnostics, options.serve ?? false);
  if (older) notes.unshift(`${root}: the ${LAYOUT_NAMES[older]} layout (policies only; named values from ONHANDSHAKE_NV_* and --named-values)`);
  // Every file read is watched (policies of the APIs served are watched by the host already).
  config.watched.push(...fragmentFiles(estate), ...estate.scopes.flatMap((s) => (s.policy ? [s.policy] : [])));
  if (options.configFile !== undefined) config.watched.push(resolve(options.configFile));
  if (options.secretsFile !== undefined) config.watched.push(resolve(options.secretsFile));
  return { estate, notes, diagnostics, ...(hasErrors(diagnostics) ? {} : { config }) };
}

/** A policy-only layout's estate; its named values are the environment's and the secrets file's. */
function policyOnlyEstate(root: string, layout: PolicyOnlyLayout, sources: NamedValueSources): ApiopsEstate {
  const estate = readPolicyOnlyEstate(root, layout);
  const at = { file: root, line: 1, column: 1 };
  for (const source of [sources.secretsFile, sources.environment]) {
    for (const [name, v] of source ?? []) estate.namedValues.set(name, { value: v.value, secret: v.secret, at });
  }
  return estate;
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
