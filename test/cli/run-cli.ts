/**
 * Runs the CLI as a user does (node + tsx on src/cli/main.ts, from the repository root, no colours, no
 * ONHANDSHAKE_NV_* from the caller's environment) and collects what it printed and its exit status.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const repositoryRoot = join(import.meta.dirname, '..', '..');
export const cliEntry = join(repositoryRoot, 'src', 'cli', 'main.ts');
/** tsx's loader by path, so that the CLI also runs from a working folder outside the repository. */
export const tsxLoader = pathToFileURL(join(repositoryRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment a spawned CLI gets: the caller's, without named values, without colours. */
export function cliEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ONHANDSHAKE_NV_')));
  return { ...clean, NO_COLOR: '1', ...extra };
}

export function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', tsxLoader, cliEntry, ...args], { cwd: options.cwd ?? repositoryRoot, env: cliEnvironment(options.env), timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
