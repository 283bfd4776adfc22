/**
 * Runs a program's `main` when its module is the one Node was started with (not when it is imported,
 * e.g. by tests): the exit code becomes process.exitCode, an unexpected error prints its stack and 70.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function runIfMain(moduleUrl: string, name: string, main: () => Promise<number>): void {
  const started = process.argv[1];
  if (started === undefined || fileURLToPath(moduleUrl) !== realpathSync(started)) return;
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${name}: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
