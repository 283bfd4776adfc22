/**
 * `--apiops DIR [--apiops-config configuration.<env>.yaml]`, as every command that runs policies takes
 * it: the folder is read into the gateway configuration (src/config/apiops), findings are printed with
 * their locations, notes (revisions served, generated keys) go to the user.
 */
import { loadApiops, type ApiopsLoad } from '../config/apiops/index.js';
import { formatDiagnostic } from '../gateway/format-diagnostic.js';

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

/** Reads the estate; prints its diagnostics to stderr (unless the caller prints them itself). */
export function loadApiopsArguments(args: ApiopsArguments, print = true, env: NodeJS.ProcessEnv = process.env): ApiopsLoad {
  const loaded = loadApiops(args.apiops!, {
    ...(args['apiops-config'] !== undefined ? { configFile: args['apiops-config'] } : {}),
    ...(args['named-values'] !== undefined ? { secretsFile: args['named-values'] } : {}),
    env,
  });
  if (print) for (const d of loaded.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  return loaded;
}
