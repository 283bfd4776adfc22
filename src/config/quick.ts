/**
 * The quick form of `serve`: one API from command-line flags, as a GatewayConfig, so the quick form and
 * `--config` run through the same code.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { diagnostic, type Diagnostic } from '../policy/diagnostics.js';
import { DEFAULT_SUBSCRIPTION_KEY_NAMES } from '../model/defaults.js';
import { loadNamedValuesFile } from './load.js';
import type { ConfigNamedValue, GatewayConfig } from './types.js';
import { CONFIG_CODES } from './yaml-cursor.js';

export interface QuickOptions {
  policy?: string;
  path: string;
  backend: string;
  namedValues: Array<[string, string]>;
  namedValuesFile?: string;
  fragments?: string;
  host?: string;
  port?: number;
  json?: boolean;
  /** Silence the per-connection log lines. */
  quiet?: boolean;
  trace?: boolean;
}

const where = (what: string): { file: string; line: number; column: number } => ({ file: what, line: 1, column: 1 });

export function quickConfig(options: QuickOptions, env: NodeJS.ProcessEnv = process.env): { config?: GatewayConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const watched: string[] = [];
  const policy = options.policy ? resolve(options.policy) : undefined;
  if (policy) {
    if (!existsSync(policy) || !statSync(policy).isFile()) diagnostics.push(diagnostic('error', CONFIG_CODES.fileNotFound, `policy file not found: ${policy}`, where('--policy')));
    else watched.push(policy);
  }
  try {
    const u = new URL(options.backend);
    if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new Error();
  } catch {
    diagnostics.push(diagnostic('error', CONFIG_CODES.invalidValue, `--backend must be a ws:// or wss:// URL, not '${options.backend}'`, where('--backend')));
  }
  const namedValues = new Map<string, ConfigNamedValue>();
  if (options.namedValuesFile) {
    const file = resolve(options.namedValuesFile);
    const loaded = loadNamedValuesFile(file, env);
    diagnostics.push(...loaded.diagnostics);
    for (const [name, v] of loaded.values) namedValues.set(name, v);
    watched.push(file);
  }
  for (const [name, value] of options.namedValues) namedValues.set(name.toLowerCase(), { value, secret: false, at: where('--named-value') });
  let fragments: string | undefined;
  if (options.fragments) {
    fragments = resolve(options.fragments);
    if (!existsSync(fragments)) diagnostics.push(diagnostic('error', CONFIG_CODES.fileNotFound, `--fragments folder not found: ${fragments}`, where('--fragments')));
    else watched.push(fragments);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return {
    diagnostics,
    config: {
      listen: { host: options.host ?? '127.0.0.1', port: options.port ?? 8080 },
      service: { name: 'onhandshake', region: 'local' },
      namedValues,
      fragments,
      policies: {},
      backends: new Map(),
      certificates: new Map(),
      authorizations: [],
      products: [],
      apis: [{
        name: apiNameFor(options.path),
        path: options.path,
        serviceUrl: options.backend,
        policy,
        products: [],
        subscriptionRequired: false,
        subscriptionKeyParameterNames: DEFAULT_SUBSCRIPTION_KEY_NAMES,
        at: where('--path'),
      }],
      limits: {},
      backendCa: [],
      logging: { json: options.json ?? false, events: !options.quiet },
      trace: options.trace ?? false,
      traffic: { storeFailure: 'open', trustedProxies: [] },
      console: {},
      watched,
    },
  };
}

function apiNameFor(path: string): string {
  return path.replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9]+/g, '-') || 'root';
}
