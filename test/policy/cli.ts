/** The real CLI (`src/cli/main.ts` through tsx), run as a user runs it, from the project root. */
import { execFile } from 'node:child_process';
import { projectRoot } from './helpers.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `onhandshake ARGS` with the heap capped at `heapMb`. */
export function spawnCli(args: string[], heapMb = 1024): Promise<CliRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ONHANDSHAKE_NV_')));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [`--max-old-space-size=${heapMb}`, '--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: projectRoot, env: { ...env, NO_COLOR: '1' }, timeout: 120_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}
