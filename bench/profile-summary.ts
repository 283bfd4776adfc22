/**
 * `node dist/bench/profile-summary.js FILE.cpuprofile [N]`: where a V8 CPU profile's time goes —
 * the top functions by self time, and self time grouped by source file (node internals, dependencies
 * and our modules apart), as evidence for bench/RESULTS.md.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  functions: Array<{ name: string; ms: number }>;
  files: Array<{ file: string; ms: number }>;
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 'node_modules/'.length);
  const dist = path.indexOf('/dist/');
  if (dist >= 0) return path.slice(dist + 1);
  return path;
}

export function summarize(profile: Profile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    total += us;
    if (frame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const file = shortUrl(frame.url);
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const group = frame.url ? file : frame.functionName;
    files.set(group, (files.get(group) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>): Array<[string, number]> => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: total / 1000,
    idleMs: idle / 1000,
    functions: sorted(functions).map(([name, us]) => ({ name, ms: us / 1000 })),
    files: sorted(files).map(([file, us]) => ({ file, ms: us / 1000 })),
  };
}

function main(): void {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile-summary.js FILE.cpuprofile [N]\n');
    process.exitCode = 2;
    return;
  }
  const summary = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(n ?? 25));
  const busy = summary.totalMs - summary.idleMs;
  const pct = (ms: number): string => `${((100 * ms) / busy).toFixed(1).padStart(5)}%`;
  process.stdout.write(`${file}: ${busy.toFixed(0)} ms busy of ${summary.totalMs.toFixed(0)} ms sampled\n\nby self time:\n`);
  for (const f of summary.functions) process.stdout.write(`${f.ms.toFixed(1).padStart(9)} ms ${pct(f.ms)}  ${f.name}\n`);
  process.stdout.write('\nby file:\n');
  for (const f of summary.files) process.stdout.write(`${f.ms.toFixed(1).padStart(9)} ms ${pct(f.ms)}  ${f.file}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main();
