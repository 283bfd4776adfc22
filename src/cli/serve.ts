/**
 * `onhandshake serve --config F`  or  `onhandshake serve --policy FILE --path /chat --backend ws://host/path
 *  [--named-value N=V]… [--named-values F] [--fragments DIR] [--port N] [--host H] [--json] [--trace]`
 * Runs the gateway until SIGTERM/SIGINT, then drains and closes live connections with 1001.
 */
import { NAMED_VALUE_OPTIONS, parseCommandLine, usageError, type CommandDescription } from './command-line.js';
import { quickConfig } from '../config/quick.js';
import type { CalloutClient } from '../steps/runtime/contract.js';
import { loadMockFile, MockCalloutClient, MockFileError } from '../graph/mock-callouts.js';
import { defaultCalloutClient } from '../graph/undici-callouts.js';
import { createLogger } from '../gateway/connection-log.js';
import { formatDiagnostic } from '../gateway/format-diagnostic.js';
import { HostStartError, describeApis, startHost, type GatewayHost } from '../serve/host.js';
import { APIOPS_HELP, APIOPS_OPTIONS, loadApiopsArguments } from './apiops-options.js';

const HELP = `usage: onhandshake serve --config onhandshake.yaml [--port N] [--host H] [--format text|json] [--quiet]
                         [--no-console] [--drain-ms N] [--debug-port N]
       onhandshake serve --policy chat.xml --path /chat --backend ws://host/path
                         [--named-value NAME=VALUE]… [--named-values FILE] [--fragments DIR] [--trace]
                         [--port N] [--host H] [--format text|json] [--quiet] [--no-console] [--drain-ms N]
       onhandshake serve --apiops DIR [--apiops-config configuration.<env>.yaml] [--named-values SECRETS]
                         [--port N] [--host H] [--format text|json] [--quiet] [--no-console] [--drain-ms N]
       (either form) [--mock F [--allow-network]] [--debug-port N]

Runs the WebSocket gateway: every client handshake runs the API's onHandshake policy, then the gateway
connects the backend the policy chose and relays frames. Files are watched and recompiled on change.
  --config F        gateway configuration (YAML or JSON; see docs/configuration.md)
${APIOPS_HELP}
                    (serves every WebSocket API; --named-values F gives its secrets and Key Vault values)
  --policy F        the onHandshake policy of the single API (quick form)
  --path P          its API URL suffix, e.g. /chat
  --backend URL     its WebSocket URL (ws:// or wss://)
  --named-value N=V a named value (repeatable); --named-values F reads a YAML/JSON file of them
  --fragments DIR   folder holding <fragment-id>.xml for include-fragment
  --trace           quick form: record every handshake's trace (as the configuration's trace: true)
  --port N, --host H  where to listen (default 127.0.0.1:8080; --port 0 picks a free port)
  --format F        connection log: text (default; human-readable) or json (JSON lines; also: --json)
  --quiet, -q       no per-connection log lines (for load tests)
  --no-console      no browser console at /_onhandshake/ (it answers loopback clients only)
  --drain-ms N      on SIGTERM/SIGINT, time live connections get before 1001 (default 5000)
  --mock F          answer send-requests from F (the trace --mock format; see docs/trace.md): offline
  --allow-network   with --mock, a send-request no entry matches goes to the network (otherwise it fails)
  --debug-port N    a debug adapter (DAP) on 127.0.0.1:N that VS Code attaches to: the next handshake
                    matching the attach filter pauses at breakpoints, others flow (docs/debugging.md)
`;

const COMMAND: CommandDescription = {
  name: 'serve',
  usage: HELP,
  exitCodes: { 0: 'stopped by SIGTERM/SIGINT after draining', 1: 'not started: configuration or policy errors, or the port is taken', 2: 'usage error' },
  formats: { text: ['human'], json: [] },
};

export default async function serve(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(COMMAND, argv, {
        config: { type: 'string' },
        ...APIOPS_OPTIONS,
        policy: { type: 'string' },
        path: { type: 'string' },
        backend: { type: 'string' },
        ...NAMED_VALUE_OPTIONS,
        fragments: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        json: { type: 'boolean' },
        format: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        'no-console': { type: 'boolean' },
        trace: { type: 'boolean' },
        'drain-ms': { type: 'string' },
        mock: { type: 'string' },
        'allow-network': { type: 'boolean' },
        'debug-port': { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const args = { ...parsed.values, json: parsed.values.json ?? (parsed.values.format === undefined ? undefined : parsed.values.format === 'json') };
  const usage = (message: string): number => usageError(COMMAND, message);
  const port = args.port === undefined ? undefined : Number(args.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) return usage(`--port must be 0..65535, not '${args.port}'`);
  const drainMs = args['drain-ms'] === undefined ? undefined : Number(args['drain-ms']);
  if (drainMs !== undefined && (!Number.isInteger(drainMs) || drainMs < 0)) return usage(`--drain-ms must be a whole number of milliseconds`);
  const debugPort = args['debug-port'] === undefined ? undefined : Number(args['debug-port']);
  if (debugPort !== undefined && (!Number.isInteger(debugPort) || debugPort < 0 || debugPort > 65535)) return usage(`--debug-port must be 0..65535, not '${args['debug-port']}'`);
  const attach = debugPort === undefined ? undefined : await import('../debug/attach.js').then((m) => new m.AttachRegistry());
  const debugOptions = attach ? { gatewayOptions: { debugger: attach } } : {};

  let callouts: CalloutClient | undefined;
  if (args.mock !== undefined) {
    try {
      callouts = new MockCalloutClient(loadMockFile(args.mock), args['allow-network'] ? defaultCalloutClient() : undefined);
    } catch (e) {
      if (e instanceof MockFileError) return usage(e.message);
      throw e;
    }
  } else if (args['allow-network']) return usage('--allow-network goes with --mock');
  const mocked = callouts ? { callouts } : {};

  let host: GatewayHost;
  const logger = createLogger({ json: args.json ?? false, quietEvents: args.quiet ?? false });
  try {
    if (args.apiops !== undefined) {
      if (args.config || args.policy || args.backend || args.path) return usage('use --apiops alone, without --config or --policy/--path/--backend');
      const first = loadApiopsArguments(args, { serve: true });
      if (!first.config) {
        process.stderr.write('onhandshake serve: not started: fix the errors above\n');
        return 1;
      }
      for (const note of first.notes) process.stdout.write(`${note}\n`);
      // The first read is the one printed; a reload reads the folder again (keys stay as printed).
      let pending: typeof first | undefined = first;
      const load = () => {
        const loaded = pending ?? loadApiopsArguments(args, { print: false, serve: true });
        pending = undefined;
        return loaded;
      };
      host = await startHost({ load, port, host: args.host, ...mocked, ...(args['no-console'] ? { console: false as const } : {}), ...(args.json !== undefined || args.quiet ? { logger } : {}), ...debugOptions });
    } else if (args.config) {
      if (args.policy || args.backend || args.path) return usage('use either --config or --policy/--path/--backend, not both');
      host = await startHost({ configFile: args.config, port, host: args.host, ...mocked, ...(args['no-console'] ? { console: false as const } : {}), ...(args.json !== undefined || args.quiet ? { logger } : {}), ...debugOptions });
    } else {
      if (!args.policy && !args.backend) return usage('give --config F, or --policy F --path /p --backend ws://…');
      if (!args.backend) return usage('--backend ws://host/path is required with --policy');
      const namedValues: Array<[string, string]> = [];
      for (const pair of args['named-value'] ?? []) {
        const eq = pair.indexOf('=');
        if (eq <= 0) return usage(`--named-value expects NAME=VALUE, not '${pair}'`);
        namedValues.push([pair.slice(0, eq), pair.slice(eq + 1)]);
      }
      const quick = quickConfig({
        policy: args.policy,
        path: args.path ?? '/',
        backend: args.backend,
        namedValues,
        namedValuesFile: args['named-values'],
        fragments: args.fragments,
        host: args.host,
        port,
        json: args.json,
        quiet: args.quiet,
        trace: args.trace,
      });
      if (!quick.config) {
        for (const d of quick.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
        return 1;
      }
      host = await startHost({ config: quick.config, logger, ...mocked, ...(args['no-console'] ? { console: false as const } : {}), ...debugOptions });
    }
  } catch (err) {
    if (err instanceof HostStartError) {
      for (const d of err.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
      process.stderr.write('onhandshake serve: not started: fix the errors above\n');
      return 1;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES') {
      process.stderr.write(`onhandshake serve: cannot listen: ${e.message}\n`);
      return 1;
    }
    throw err;
  }

  process.stdout.write(`onhandshake gateway listening on ${host.address.url} (health: http://${host.address.url.replace(/^wss?:\/\//, '')}/_onhandshake/health)\n`);
  // The console is off by --no-console or by the configuration's `console: {enabled: false}`.
  if (!args['no-console'] && host.config.console.enabled !== false) process.stdout.write(`console: ${host.address.url.replace(/^ws/, 'http')}/_onhandshake/${host.config.console.allowRemote ? '' : ' (this machine only)'}\n`);
  if (host.config.telemetry?.metrics.prometheus) process.stdout.write(`metrics: ${host.address.url.replace(/^ws/, 'http')}/_onhandshake/metrics (Prometheus)\n`);
  process.stdout.write(`APIs:\n${describeApis(host).join('\n')}\n`);
  if (attach && debugPort !== undefined) {
    const { listen } = await import('../debug/server.js');
    let server;
    try {
      server = await listen(debugPort, '127.0.0.1', attach);
    } catch (e) {
      process.stderr.write(`onhandshake serve: cannot listen for debuggers on 127.0.0.1:${debugPort}: ${(e as Error).message}\n`);
      await host.close(0);
      return 1;
    }
    process.stdout.write(`debug adapter: ${server.address.address}:${server.address.port} (attach with a filter; see docs/debugging.md)\n`);
    const code = await waitForSignal(host, drainMs);
    await server.close();
    return code;
  }
  return waitForSignal(host, drainMs);
}

/** Resolves with exit code 0 after SIGTERM/SIGINT and a graceful shutdown (a second signal forces it). */
export function waitForSignal(host: GatewayHost, drainMs?: number): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) {
        process.stderr.write(`${signal} again: closing now\n`);
        void host.close(0).then(() => resolve(0));
        return;
      }
      stopping = true;
      process.stderr.write(`${signal}: draining ${host.gateway.connectionCount} connection(s), then closing them with 1001\n`);
      void host.close(drainMs).then(() => {
        process.off('SIGTERM', onTerm);
        process.off('SIGINT', onInt);
        resolve(0);
      });
    };
    const onTerm = (): void => stop('SIGTERM');
    const onInt = (): void => stop('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
}
