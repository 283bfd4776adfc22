/**
 * Runs a gateway from a configuration the way `onhandshake serve` does: load and compile, listen, watch
 * the files and reload on change (a broken edit keeps the last good runtime and prints why), and stop
 * gracefully. `npm start` (examples/signalr-chat/start.ts) goes through here too.
 */
import { readFileSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs';
import { loadConfigFile } from '../config/load.js';
import type { GatewayConfig } from '../config/types.js';
import type { CalloutClient } from '../steps/runtime/contract.js';
import { hasErrors, type Diagnostic } from '../policy/diagnostics.js';
import { buildRuntime } from '../gateway/build-runtime.js';
import { createLogger, logDiagnostic, type ConnectionLogger } from '../gateway/connection-log.js';
import { formatDiagnostic } from '../gateway/format-diagnostic.js';
import { Gateway, type GatewayOptions, type ListeningAddress } from '../gateway/gateway.js';
import type { ConsoleMount, ConsoleMountOptions } from './console-mount.js';
import { loadTelemetry } from '../telemetry/load-telemetry.js';

export interface HostOptions {
  /** A configuration file (reloaded from disk on change) … */
  configFile?: string;
  /** … or a configuration already built (the quick form); its `watched` files trigger recompiles. */
  config?: GatewayConfig;
  /** … or how to read one (an APIOps folder), called again when a watched file changes. */
  load?: () => { config?: GatewayConfig; diagnostics: Diagnostic[] };
  env?: NodeJS.ProcessEnv;
  logger?: ConnectionLogger;
  /** Override the configured listen port / host (tests, start.ts). */
  port?: number;
  host?: string;
  /** Watch files and reload (default true). */
  watch?: boolean;
  /** Polling interval for file watching, ms. */
  watchIntervalMs?: number;
  gatewayOptions?: Partial<GatewayOptions>;
  /** Answers send-request callouts instead of the network (`serve --mock FILE`). */
  callouts?: CalloutClient;
  /** The browser console at /_onhandshake/ (on by default, loopback clients only); false turns it off. */
  console?: ConsoleMountOptions | false;
}

export interface GatewayHost {
  gateway: Gateway;
  address: ListeningAddress;
  config: GatewayConfig;
  /** Reload now; resolves with the diagnostics and whether the new runtime was applied. */
  reload(): Promise<{ applied: boolean; diagnostics: Diagnostic[] }>;
  close(drainMs?: number): Promise<void>;
}

export class HostStartError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n') || 'the gateway could not start');
  }
}

export async function startHost(options: HostOptions): Promise<GatewayHost> {
  const env = options.env ?? process.env;
  const loadConfig = (): { config?: GatewayConfig; diagnostics: Diagnostic[] } =>
    options.configFile ? loadConfigFile(options.configFile, env) : options.load ? options.load() : { config: options.config, diagnostics: [] };

  const first = loadConfig();
  if (!first.config || hasErrors(first.diagnostics)) throw new HostStartError(first.diagnostics);
  let config = first.config;
  const built = await buildRuntime(config, options.callouts);
  if (!built.runtime) throw new HostStartError([...first.diagnostics, ...built.diagnostics]);
  const logger = options.logger ?? createLogger({ json: config.logging.json, quietEvents: !config.logging.events, region: config.service.region });
  for (const d of [...first.diagnostics, ...built.diagnostics]) logDiagnostic(logger, d);

  // The command line (--no-console) wins over the configuration file's `console:`.
  // Read once at start: a reload keeps the exporters it started with (docs/telemetry.md).
  const telemetry = await loadTelemetry(config.telemetry, env);
  const consoleMount = await loadConsole(options.console === false ? false : { ...config.console, ...options.console });
  const gateway = new Gateway(built.runtime, {
    host: options.host ?? config.listen.host,
    port: options.port ?? config.listen.port,
    ...(config.listen.tls ? { tls: { cert: readFileSync(config.listen.tls.cert), key: readFileSync(config.listen.tls.key) } } : {}),
    limits: config.limits,
    ...(config.backendCa.length ? { backendCa: config.backendCa.map((f) => readFileSync(f)) } : {}),
    logger,
    trace: config.trace,
    ...(telemetry ? { telemetry } : {}),
    ...consoleMount?.gatewayOptions,
    ...options.gatewayOptions,
  });
  const address = await gateway.listen();

  let reloading: Promise<{ applied: boolean; diagnostics: Diagnostic[] }> | undefined;
  const reload = async (): Promise<{ applied: boolean; diagnostics: Diagnostic[] }> => {
    const loaded = loadConfig();
    let diagnostics = loaded.diagnostics;
    if (loaded.config && !hasErrors(diagnostics)) {
      const rebuilt = await buildRuntime(loaded.config, options.callouts);
      diagnostics = [...diagnostics, ...rebuilt.diagnostics];
      if (rebuilt.runtime) {
        gateway.setRuntime(rebuilt.runtime);
        if (loaded.config.listen.port !== config.listen.port || loaded.config.listen.host !== config.listen.host) {
          logger.warn('listen: changes take effect when the gateway restarts');
        }
        config = loaded.config;
        rewatch();
        for (const d of diagnostics) logDiagnostic(logger, d);
        logger.info(`reloaded: new handshakes use the new policies; ${gateway.connectionCount} live connection(s) keep theirs`);
        return { applied: true, diagnostics };
      }
    }
    for (const d of diagnostics) logDiagnostic(logger, d);
    logger.warn('the edit has errors: keeping the last good version for new handshakes');
    return { applied: false, diagnostics };
  };
  const serialisedReload = (): Promise<{ applied: boolean; diagnostics: Diagnostic[] }> => {
    const next = (reloading ?? Promise.resolve()).then(reload, reload);
    reloading = next;
    return next;
  };

  // Polling (stat) survives editors that save by renaming; a folder watcher catches new fragments.
  let watchedFiles: string[] = [];
  let folderWatchers: FSWatcher[] = [];
  let debounce: NodeJS.Timeout | undefined;
  const changed = (): void => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void serialisedReload(), 50);
  };
  const unwatchAll = (): void => {
    for (const f of watchedFiles) unwatchFile(f, changed);
    for (const w of folderWatchers) w.close();
    watchedFiles = [];
    folderWatchers = [];
  };
  const rewatch = (): void => {
    if (options.watch === false) return;
    unwatchAll();
    const files = new Set([...config.watched, ...config.apis.flatMap((a) => [a.policy, a.apiPolicy]), ...config.products.map((p) => p.policy), config.policies.global]);
    for (const f of files) {
      if (!f) continue;
      if (f === config.fragments) {
        try {
          folderWatchers.push(watch(f, { persistent: false }, changed));
        } catch {
          /* a folder that cannot be watched is only not hot-reloaded */
        }
        continue;
      }
      watchFile(f, { interval: options.watchIntervalMs ?? 300, persistent: false }, changed);
      watchedFiles.push(f);
    }
  };
  rewatch();
  consoleMount?.attach({ gateway, address, config: () => config, reload: serialisedReload });

  return {
    gateway,
    address,
    get config() {
      return config;
    },
    reload: serialisedReload,
    close: async (drainMs?: number) => {
      clearTimeout(debounce);
      unwatchAll();
      await consoleMount?.close();
      await gateway.shutdown(drainMs);
      // After the drain: the last connections' spans and metrics are flushed too.
      await telemetry?.shutdown();
    },
  };
}

/**
 * The console's modules (and the `ws` client its sessions use) load only when it is on: a gateway run
 * with --no-console never pays for them in start time or memory.
 */
async function loadConsole(options: ConsoleMountOptions | false): Promise<ConsoleMount | undefined> {
  if (options === false || options.enabled === false) return undefined;
  const { mountConsole } = await import('./console-mount.js');
  return mountConsole(options);
}

/** One line per API: where it listens and where it goes. */
export function describeApis(host: GatewayHost): string[] {
  return host.config.apis.map((api) => {
    const path = api.path.startsWith('/') ? api.path : `/${api.path}`;
    return `  ${host.address.url}${path === '/' ? '' : path}  →  ${api.serviceUrl}${api.policy ? `  (policy ${api.policy})` : '  (no policy)'}`;
  });
}
