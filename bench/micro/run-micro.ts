/** Runs the micro-benchmarks in their own process (bounded) and collects their lines. */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { startProcess } from '../lib/children.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface MicroReport {
  rows: Array<{ name: string; nsPerOp?: number; iterations?: number; unavailable?: string }>;
}

export async function runMicroBenchmarks(root: string, quick: boolean): Promise<MicroReport> {
  const child = startProcess(process.execPath, [join(here, 'main.js'), ...(quick ? ['--quick'] : [])], {
    name: 'micro-benchmarks',
    cwd: root,
    keepOutput: 64_000,
  });
  const timer = setTimeout(() => void child.stop(), quick ? 60_000 : 120_000);
  await child.waitForExit();
  clearTimeout(timer);
  const rows: MicroReport['rows'] = [];
  for (const line of child.output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line) as { name?: string; nsPerOp?: number; iterations?: number; unavailable?: string };
      rows.push({ name: parsed.name ?? 'micro-benchmarks', ...parsed });
    } catch {
      // not one of ours
    }
  }
  if (rows.length === 0) rows.push({ name: 'micro-benchmarks', unavailable: `no output\n${child.output.slice(-500)}` });
  return { rows };
}
