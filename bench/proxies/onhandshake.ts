/**
 * `onhandshake`: the gateway under test, `onhandshake serve`, one process per policy variant
 * (the quick form serves one API). Set BENCH_CPU_PROF=<dir> to write a V8 CPU profile per process.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, waitForPort, type Child } from '../lib/children.js';
import { freePort } from '../lib/ports.js';
import type { BenchEnvironment, Endpoint, TargetDefinition, Variant } from './target.js';
import { wsUrl } from './target.js';

/** Policy files per variant, relative to the project root; (b) is the shipped SignalR chat policy. */
export const POLICY_FILES: Record<Variant, string> = {
  plain: 'bench/policies/plain.xml',
  a: 'bench/policies/a-no-callouts.xml',
  b: 'policies/signalr-chat.xml',
};

function cliPath(env: BenchEnvironment): string {
  return join(env.root, 'dist/src/cli/main.js');
}

function serveBuilt(env: BenchEnvironment): boolean {
  return existsSync(join(env.root, 'dist/src/cli/serve.js'));
}

function profileArgs(name: string): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return [];
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`];
}

async function startVariant(env: BenchEnvironment, variant: Variant): Promise<{ child: Child; port: number }> {
  const port = await freePort();
  const args = [
    ...profileArgs(`onhandshake-${variant}`),
    cliPath(env),
    'serve',
    '--policy',
    join(env.root, POLICY_FILES[variant]),
    '--path',
    `/${variant}`,
    '--backend',
    `ws://127.0.0.1:${env.echoPort}/${variant}`,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--named-value',
    `chat-app-url=http://127.0.0.1:${env.negotiatePort}`,
  ];
  const child = startProcess(process.execPath, args, { name: `onhandshake (${variant})`, cwd: env.root });
  await waitForPort(port, 20_000, child);
  return { child, port };
}

export const onhandshake: TargetDefinition = {
  name: 'onhandshake',
  description: '`onhandshake serve --policy F --path /p --backend ws://…`, one process per policy variant',
  available(env) {
    if (!existsSync(cliPath(env))) return { ok: false, reason: 'not built (npm run build)' };
    if (!serveBuilt(env)) return { ok: false, reason: '`onhandshake serve` is not in this build yet' };
    return { ok: true };
  },
  async start(env, variants) {
    const started = new Map<Variant, { child: Child; port: number }>();
    try {
      for (const variant of variants) started.set(variant, await startVariant(env, variant));
    } catch (err) {
      await Promise.all([...started.values()].map((s) => s.child.stop()));
      throw err;
    }
    return {
      name: 'onhandshake',
      endpoint(variant): Endpoint | undefined {
        const s = started.get(variant);
        return s ? { url: wsUrl(s.port, `/${variant}`), pid: s.child.pid } : undefined;
      },
      stop: async () => {
        await Promise.all([...started.values()].map((s) => s.child.stop(10_000)));
      },
    };
  },
};
