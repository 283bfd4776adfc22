/**
 * `--apiops DIR [--apiops-config configuration.<env>.yaml]`, as every command that runs policies takes
 * it: the folder is read into the gateway configuration (src/config/apiops), findings are printed with
 * their locations, notes (revisions served, generated keys) go to the user.
 */
import { readFileSync } from 'node:fs';
import { loadApiops, type ApiopsLoad } from '../config/apiops/index.js';
import { CONFIG_CODES } from '../config/yaml-cursor.js';
import { buildRuntime } from '../gateway/build-runtime.js';
import { formatDiagnostic } from '../gateway/format-diagnostic.js';
import { CompiledGraph } from '../graph/execute.js';
import { loadPolicy, type LoadedPolicy } from '../graph/load-policy.js';
import { formatDiagnosticsHuman } from '../policy/index.js';
import { commandLineNamedValues } from './command-line.js';
import { diagnostic, type Diagnostic } from '../policy/diagnostics.js';

export const APIOPS_OPTIONS = {
  apiops: { type: 'string' },
  'apiops-config': { type: 'string' },
} as const;

export const APIOPS_HELP = `  --apiops DIR        an Azure APIOps folder (apis/, named values/, policy fragments/ …; docs/apiops.md)
  --apiops-config F   its per-environment override file (configuration.<env>.yaml)`;

export interface ApiopsArguments {
  apiops?: string;
  'apiops-config'?: string;
  'named-values'?: string;
}

/** Reads the estate (to be served, or to be inspected); prints its diagnostics to stderr unless told not to. */
export function loadApiopsArguments(args: ApiopsArguments, options: { print?: boolean; serve?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): ApiopsLoad {
  const print = options.print ?? true;
  const loaded = loadApiops(args.apiops!, {
    ...(options.serve ? { serve: true } : {}),
    ...(args['apiops-config'] !== undefined ? { configFile: args['apiops-config'] } : {}),
    ...(args['named-values'] !== undefined ? { secretsFile: args['named-values'] } : {}),
    env,
  });
  if (print) for (const d of loaded.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  return loaded;
}

export const APIOPS_API_HELP = `  --apiops DIR --api NAME  the chain of API NAME (its folder name) in an Azure APIOps folder, as serve runs
                       it (global → workspace → product → API → onHandshake; through the API's first product)
  --apiops-config F    the estate's per-environment override file (configuration.<env>.yaml)`;

export const APIOPS_API_OPTIONS = { ...APIOPS_OPTIONS, api: { type: 'string' } } as const;

/**
 * One WebSocket API of an estate compiled as serve compiles it (buildRuntime), in the shape trace and
 * graph take from loadPolicy; or the diagnostics that stop it.
 */
export async function loadApiopsPolicy(args: ApiopsArguments & { api?: string }): Promise<LoadedPolicy & { serviceUrl?: string; product?: string; path?: string }> {
  const loaded = loadApiopsArguments(args, { print: false });
  const diagnostics = [...loaded.diagnostics];
  const stopped = () => ({ diagnostics, sources: sourcesOf(diagnostics), secrets: [] });
  if (!loaded.config) return stopped();
  const built = await buildRuntime(loaded.config);
  diagnostics.push(...built.diagnostics);
  if (!built.runtime) return stopped();
  const api = built.runtime.apis.find((a) => a.info.name.toLowerCase() === args.api!.toLowerCase());
  if (!api) {
    const names = built.runtime.apis.map((a) => a.info.name).join(', ') || 'none';
    diagnostics.push(diagnostic('error', CONFIG_CODES.unknownReference, `no WebSocket API '${args.api}' in the estate (its WebSocket APIs: ${names})`, { file: loaded.config.file!, line: 1, column: 1 }));
    return stopped();
  }
  const product = api.productIds[0];
  const graph = api.graphFor(product ?? null);
  if (!(graph instanceof CompiledGraph)) throw new Error('internal: the runtime holds a graph that was not compiled from policies');
  return { compiled: { graph, diagnostics: [] }, diagnostics, sources: sourcesOf(diagnostics), secrets: [...api.secrets], serviceUrl: api.info.serviceUrl, path: api.path, ...(product ? { product } : {}) };
}

/** The text of each file the diagnostics name, to show their source lines. */
function sourcesOf(diagnostics: readonly Diagnostic[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const d of diagnostics) {
    if (sources.has(d.file)) continue;
    try {
      sources.set(d.file, readFileSync(d.file, 'utf8'));
    } catch {
      /* a folder or an unreadable file: the diagnostic prints without its line */
    }
  }
  return sources;
}

/** What trace and graph read: one policy file (with its named values and fragments) or an estate's API. */
export interface PolicyArguments extends ApiopsArguments {
  api?: string;
  'named-value'?: string[];
  fragments?: string;
}

/** The policy a command was pointed at, compiled; its diagnostics printed to stderr. */
export async function loadCommandPolicy(args: PolicyArguments, file: string | undefined): Promise<LoadedPolicy & { serviceUrl?: string; product?: string; path?: string }> {
  const loaded =
    args.apiops !== undefined
      ? await loadApiopsPolicy(args)
      : loadPolicy(file!, {
          ...(args['named-values'] ? { namedValuesFile: args['named-values'] } : {}),
          namedValues: commandLineNamedValues(args['named-value']),
          ...(args.fragments ? { fragmentsDir: args.fragments } : {}),
        });
  if (loaded.diagnostics.length > 0) process.stderr.write(formatDiagnosticsHuman(loaded.diagnostics, loaded.sources, { color: process.stderr.isTTY === true }));
  return loaded;
}
