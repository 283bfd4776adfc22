/**
 * What every command does with its arguments: `--help`/`-h` prints its usage (exit 0), a malformed
 * command line is a usage error naming the command (exit 2), otherwise the parsed values.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export function parseCommandLine<const O extends Options>(command: string, usage: string, argv: string[], options: O) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...options, ...HELP } as O & typeof HELP });
  } catch (e) {
    return usageError(command, usage, (e as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(usage);
    return 0;
  }
  return parsed;
}

/** Prints `onhandshake COMMAND: message` and the usage to stderr; returns exit code 2. */
export function usageError(command: string, usage: string, message: string): number {
  process.stderr.write(`onhandshake ${command}: ${message}\n\n${usage}`);
  return 2;
}
