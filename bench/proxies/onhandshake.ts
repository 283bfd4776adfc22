/**
 * `onhandshake`: the gateway under test, `onhandshake serve --config F`, one process serving the three
 * policy variants as three APIs (/plain, /a, /b). Its connection log goes to a file, as in production.
 * It runs as a user load-testing their chat would run it: `--quiet` (no per-connection log line, as nginx
 * and HAProxy run here with their access logs off) and `--no-console` (no per-handshake trace kept for the
 * browser console). BENCH_ONHANDSHAKE_FLAGS="" measures the defaults instead (any flags, space-separated).
 * Set BENCH_CPU_PROF=<dir> to write a V8 CPU profile of each gateway process (written when it stops).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startProcess, waitForPort } from '../lib/children.js';
import { freePort } from '../lib/ports.js';
import type { BenchEnvironment, Endpoint, RunningTarget, TargetDefinition, Variant } from './target.js';
import { VARIANTS, wsUrl } from './target.js';

/** Policy files per variant, relative to the project root; (b) is the shipped SignalR chat policy. */
export const POLICY_FILES: Record<Variant, string> = {
  plain: 'bench/policies/plain.xml',
  a: 'bench/policies/a-no-callouts.xml',
  b: 'policies/signalr-chat.xml',
};

function cliPath(env: BenchEnvironment): string {
  return join(env.root, 'dist/src/cli/main.js');
}

export function serveFlags(): string[] {
  const flags = process.env.BENCH_ONHANDSHAKE_FLAGS;
  return flags === undefined ? ['--quiet', '--no-console'] : flags.split(/\s+/).filter(Boolean);
}

function profileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return [];
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** The gateway configuration (docs/configuration.md) for one benchmark instance. */
export function gatewayConfig(env: BenchEnvironment, port: number, variants: readonly Variant[]): unknown {
  return {
    listen: { host: '127.0.0.1', port },
    service: { name: 'onhandshake-bench', region: 'local' },
    namedValues: { 'chat-app-url': `http://127.0.0.1:${env.negotiatePort}` },
    apis: variants.map((variant) => ({
      name: `bench-${variant}`,
      path: `/${variant}`,
      serviceUrl: `ws://127.0.0.1:${env.echoPort}/${variant}`,
      policy: join(env.root, POLICY_FILES[variant]),
    })),
    limits: { maxConnections: env.maxConnections + 100 },
    logging: { json: false },
  };
}

async function startGateway(env: BenchEnvironment, served: Variant[], problems: string[]): Promise<RunningTarget> {
  const port = await freePort();
  const config = join(env.scratch, `onhandshake-${port}.yaml`);
  writeFileSync(config, stringify(gatewayConfig(env, port, served)));
  const child = startProcess(process.execPath, [...profileArgs(), cliPath(env), 'serve', '--config', config, ...serveFlags()], {
    name: 'onhandshake',
    cwd: env.root,
    logFile: join(env.scratch, `onhandshake-${port}.log`),
  });
  await waitForPort(port, 20_000, child);
  return {
    name: 'onhandshake',
    problems,
    endpoint(variant): Endpoint | undefined {
      return served.includes(variant) ? { url: wsUrl(port, `/${variant}`), pid: child.pid } : undefined;
    },
    // A graceful stop lets --cpu-prof write its profile; connections are gone by then.
    stop: () => child.stop(10_000),
  };
}

export const onhandshake: TargetDefinition = {
  name: 'onhandshake',
  get description(): string {
    return `\`onhandshake serve --config F ${serveFlags().join(' ')}\` (one process; APIs /plain, /a, /b; its output to a file)`;
  },
  available(env) {
    if (!existsSync(cliPath(env))) return { ok: false, reason: 'not built (npm run build)' };
    if (!existsSync(join(env.root, 'dist/src/cli/serve.js'))) return { ok: false, reason: '`onhandshake serve` is not in this build' };
    return { ok: true };
  },
  async start(env, variants) {
    const wanted = VARIANTS.filter((v) => variants.includes(v));
    try {
      return await startGateway(env, wanted, []);
    } catch (err) {
      if (wanted.length < 2) throw err;
    }
    // One policy that does not compile stops the whole gateway: find which, and serve the others.
    const problems: string[] = [];
    const working: Variant[] = [];
    for (const variant of wanted) {
      try {
        await (await startGateway(env, [variant], [])).stop();
        working.push(variant);
      } catch (err) {
        const reason = (err as Error).message.split('\n').find((l) => /error/i.test(l)) ?? (err as Error).message.split('\n')[0];
        problems.push(`policy ${variant} (${POLICY_FILES[variant]}) not served: ${reason?.trim()}`);
      }
    }
    if (working.length === 0) throw new Error(problems.join('; '));
    return startGateway(env, working, problems);
  },
};
