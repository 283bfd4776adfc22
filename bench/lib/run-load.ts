/**
 * Runs one load job in a fresh load-generator process and measures the proxy while it runs:
 * its CPU between the job's 'start' and 'end' marks, and its RSS at each idle hold.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { forkScript } from './children.js';
import { cpuMicros, rssMiB } from './procfs.js';
import type { LoadCommand, LoadEvent, LoadJob, LoadResult } from '../load/jobs.js';

const here = dirname(fileURLToPath(import.meta.url));
const LOAD_SCRIPT = join(here, '../load/main.js');

export interface LoadRun {
  result: LoadResult;
  /** Proxy CPU (user + system) inside the measured window, microseconds; undefined without a proxy. */
  proxyCpuUs?: number;
  /** Proxy RSS at each hold of an idle job, MiB, keyed by open connections. */
  rssAtHold: Array<{ open: number; rssMiB: number }>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runLoad(job: LoadJob, proxyPid: number | undefined, limitMs: number, settleMs = 500): Promise<LoadRun> {
  const child = forkScript(LOAD_SCRIPT, [], {
    name: `load (${job.kind})`,
    env: { ...process.env, BENCH_LOAD_HARD_LIMIT_MS: String(limitMs) },
  });
  const rssAtHold: LoadRun['rssAtHold'] = [];
  let cpuAtStart: number | undefined;
  let proxyCpuUs: number | undefined;
  try {
    return await new Promise<LoadRun>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`load job ${job.kind} did not finish in ${limitMs + 5000} ms`)), limitMs + 5000);
      const done = (err?: Error, run?: LoadRun): void => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(run!);
      };
      child.process.on('message', (event: LoadEvent) => {
        switch (event.type) {
          case 'mark':
            if (proxyPid === undefined) break;
            if (event.name === 'start') cpuAtStart = cpuMicros(proxyPid);
            else if (cpuAtStart !== undefined) proxyCpuUs = cpuMicros(proxyPid) - cpuAtStart;
            break;
          case 'hold':
            void sleep(settleMs).then(() => {
              if (proxyPid !== undefined) rssAtHold.push({ open: event.open, rssMiB: rssMiB(proxyPid) });
              child.process.send({ type: 'release' } satisfies LoadCommand);
            });
            break;
          case 'result':
            done(undefined, { result: event.result, proxyCpuUs, rssAtHold });
            break;
          case 'failed':
            done(new Error(`load generator failed: ${event.message}`));
            break;
        }
      });
      child.process.once('exit', (code) => done(new Error(`load generator exited (${code}) before answering\n${child.output}`)));
      child.process.send({ type: 'job', job } satisfies LoadCommand);
    });
  } finally {
    await child.stop(2000);
  }
}
