/**
 * The differential oracle's runner, shared by every oracle test: C# expressions are compiled into one
 * program with Mono's `mcs`, run once with `mono`, and each case's outcome read back — its runtime type
 * and ToString(), or the exception's type and message. Without mono/mcs (or Newtonsoft when asked for)
 * the suites report themselves skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Debian's Newtonsoft.Json (libnewtonsoft-json5.0-cil), when installed. */
export const NEWTONSOFT = ['/usr/lib/mono/gac/Newtonsoft.Json/6.0.0.0__b9a188c8922137c6/Newtonsoft.Json.dll', '/usr/lib/cli/Newtonsoft.Json-5.0/Newtonsoft.Json.dll'].find((p) => existsSync(p));

export function hasMono(needNewtonsoft = false): boolean {
  try {
    execFileSync('mcs', ['--version'], { stdio: 'ignore' });
    execFileSync('mono', ['--version'], { stdio: 'ignore' });
    return !needNewtonsoft || NEWTONSOFT !== undefined;
  } catch {
    return false;
  }
}

export type MonoOutcome = { type: string; text: string } | { error: string; message: string };

export interface MonoProgram {
  /** `using` lines (System, System.Text, System.Globalization and System.Threading are always there). */
  usings?: string[];
  /** Extra assemblies for mcs (`System.Xml.Linq.dll`); `newtonsoft: true` adds Newtonsoft.Json. */
  references?: string[];
  newtonsoft?: boolean;
  /** Statements run before the cases (locals the cases use). */
  prelude?: string[];
  /** Extra arguments for mono (`-O=-all`). */
  monoArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

const BASE_USINGS = ['System', 'System.Text', 'System.Globalization', 'System.Threading'];

function program(cases: readonly string[], p: MonoProgram): string {
  const usings = [...new Set([...BASE_USINGS, ...(p.usings ?? [])])].map((u) => `using ${u};`).join(' ');
  const lines = cases.map(
    (c, i) =>
      `    try { object v = (${c}); Show(${i}, v); } catch (Exception e) { Console.WriteLine("${i}\\tEX\\t" + e.GetType().FullName + "\\t" + Convert.ToBase64String(Encoding.UTF8.GetBytes(e.Message))); }`,
  );
  return `${usings}
class Oracle {
  static void Show(int i, object v) {
    var text = v == null ? "" : v.ToString();
    var type = v == null ? "null" : v.GetType().FullName;
    Console.WriteLine(i + "\\t" + type + "\\t" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
  }
  static void Main() {
    Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
    ${(p.prelude ?? []).join('\n    ')}
${lines.join('\n')}
  }
}
`;
}

/** Runs every case in one Mono process; the map is keyed by the case's index. */
export function runMonoCases(cases: readonly string[], p: MonoProgram = {}): Map<number, MonoOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'mono-oracle-'));
  try {
    writeFileSync(join(dir, 'oracle.cs'), program(cases, p));
    const refs = [...(p.references ?? []), ...(p.newtonsoft ? [NEWTONSOFT!] : [])].map((r) => `-r:${r}`);
    execFileSync('mcs', ['-nologo', '-nowarn:618', ...refs, '-out:' + join(dir, 'oracle.exe'), join(dir, 'oracle.cs')], { stdio: 'pipe' });
    const env = { ...process.env, ...(p.newtonsoft ? { MONO_PATH: dirname(NEWTONSOFT!) } : {}), ...p.env };
    const out = execFileSync('mono', [...(p.monoArgs ?? []), join(dir, 'oracle.exe')], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
    const decode = (s: string) => Buffer.from(s, 'base64').toString('utf8');
    const results = new Map<number, MonoOutcome>();
    for (const line of out.split('\n').filter(Boolean)) {
      const [i, type, a, b] = line.split('\t');
      results.set(Number(i), type === 'EX' ? { error: a!, message: decode(b ?? '') } : { type: type!, text: decode(a ?? '') });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
