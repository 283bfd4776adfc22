/**
 * A program run as a user runs it (node + tsx on a TypeScript entry), its output collected, killed after
 * each test if still running; and `until`, which polls its output for what a test waits on.
 */
import { afterEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export interface RunningProgram {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `script` (a path from the project root) with `args`; `env` adds to this process's environment. */
export function runProgram(script: string, args: string[] = [], env: Record<string, string> = {}): RunningProgram {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(script), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Polls `check` until it gives a value (a regex match, a string), or fails naming `what`. */
export async function until<T>(check: () => T | null | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
