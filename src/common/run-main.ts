/**
 * Runs a program's `main` when its module is the one Node was started with (not when it is imported,
 * e.g. by tests): the exit code becomes process.exitCode, an unexpected error prints its stack and 70.
 * Output closed early (`… | head -1`) ends the program quietly, as Unix tools do, with the exit code
 * it has so far (0 when it has none).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function runIfMain(moduleUrl: string, name: string, main: () => Promise<number>): void {
  const started = process.argv[1];
  if (started === undefined || fileURLToPath(moduleUrl) !== realpathSync(started)) return;
  exitQuietlyWhenOutputCloses();
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

/** A reader that stopped reading (EPIPE) is not an error of the program: stop writing, and exit. */
export function exitQuietlyWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
}
