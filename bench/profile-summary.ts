/**
 * `node dist/bench/profile-summary.js FILE.cpuprofile [N] [fnA,fnB,…]`: where a V8 CPU profile's time
 * goes — the top functions by self time, the inclusive time of the functions named, and self time grouped
 * by source file (node internals, dependencies and our modules apart), as evidence for bench/RESULTS.md.
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
  /** Inclusive time (the function and everything it called) of the functions asked for by name. */
  inclusive: Array<{ name: string; ms: number }>;
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

/**
 * Inclusive time per wanted function (a sample counts once per function, however deep the recursion).
 * A wanted name is `fn` or `fn@path`, the latter matching only frames whose script URL contains `path`.
 */
function inclusiveTimes(profile: Profile, names: readonly string[]): Array<{ name: string; ms: number }> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>(names.map((n) => [n, 0]));
  const wanted = names.map((name) => {
    const [fn, path] = name.split('@');
    return { name, fn: fn!, path };
  });
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      for (const w of wanted) {
        if (frame.functionName === w.fn && (!w.path || frame.url.includes(w.path))) seen.add(w.name);
      }
    }
    for (const name of seen) totals.set(name, totals.get(name)! + (profile.timeDeltas[i] ?? 0));
  });
  return names.map((name) => ({ name, ms: totals.get(name)! / 1000 }));
}

export function summarize(profile: Profile, top = 25, inclusive: readonly string[] = []): ProfileSummary {
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
    inclusive: inclusiveTimes(profile, inclusive),
  };
}

function main(): void {
  // Piped into head: stop quietly when the reader goes away.
  process.stdout.on('error', () => process.exit(0));
  const [file, n, names] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/profile-summary.js FILE.cpuprofile [N] [fnA,fnB,… for inclusive times]\n');
    process.exitCode = 2;
    return;
  }
  const wanted = (names ?? '').split(',').filter(Boolean);
  const summary = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(n ?? 25), wanted);
  const busy = summary.totalMs - summary.idleMs;
  const pct = (ms: number): string => `${((100 * ms) / busy).toFixed(1).padStart(5)}%`;
  process.stdout.write(`${file}: ${busy.toFixed(0)} ms busy of ${summary.totalMs.toFixed(0)} ms sampled\n\nby self time:\n`);
  for (const f of summary.functions) process.stdout.write(`${f.ms.toFixed(1).padStart(9)} ms ${pct(f.ms)}  ${f.name}\n`);
  if (summary.inclusive.length > 0) {
    process.stdout.write('\ninclusive (the function and all it called):\n');
    for (const f of summary.inclusive) process.stdout.write(`${f.ms.toFixed(1).padStart(9)} ms ${pct(f.ms)}  ${f.name}\n`);
  }
  process.stdout.write('\nby file:\n');
  for (const f of summary.files) process.stdout.write(`${f.ms.toFixed(1).padStart(9)} ms ${pct(f.ms)}  ${f.file}\n`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main();
