/**
 * What every command does with its arguments, so that they all behave alike (as tsc, eslint and vitest
 * users expect): `--help`/`-h` prints the command's help (exit 0) — the same text as `onhandshake help
 * COMMAND`; a malformed command line is one line on stderr naming the command, with "did you mean" for
 * a misspelt option (exit 2); `--format` takes one vocabulary (text, json, …) and today's other names
 * as aliases; `--named-value N=V` pairs are checked here. Otherwise the parsed values.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { nearestName } from '../policy/nearest-name.js';
import type { NamedValues } from '../policy/index.js';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** The options of every command that reads a policy: named values on the command line or from a file. */
export const NAMED_VALUE_OPTIONS = {
  'named-value': { type: 'string', multiple: true },
  'named-values': { type: 'string' },
} as const;

export interface CommandDescription {
  /** The command's name, as typed after `onhandshake`. */
  name: string;
  /** Its help: usage line, description and options. */
  usage: string;
  /** What each exit status means, listed at the end of the help. */
  exitCodes: Record<number, string>;
  /** `--format` values: the name each is known by, and the other names it answers to. */
  formats?: Record<string, readonly string[]>;
}

/** The full help of a command: its usage, then its exit codes. */
export function helpText(command: CommandDescription): string {
  const codes = Object.entries(command.exitCodes).map(([code, meaning]) => `  ${code}  ${meaning}`);
  return `${command.usage.trimEnd()}\n  -h, --help           this help\n\nexit codes:\n${codes.join('\n')}\n`;
}

/** Where a command writes (tests of a command run in process give their own). */
export interface CommandOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processOutput: CommandOutput = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

export function parseCommandLine<const O extends Options>(command: CommandDescription, argv: string[], options: O, out: CommandOutput = processOutput) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, ...HELP } as O & typeof HELP });
  } catch (e) {
    return usageError(command, explainParseError(e as Error & { code?: string }, { ...options, ...HELP }), out);
  }
  const values = parsed.values as Record<string, unknown>;
  if (values.help) {
    out.stdout(helpText(command));
    return 0;
  }
  if (command.formats && typeof values.format === 'string') {
    const format = canonicalFormat(values.format, command.formats);
    if (format === undefined) return usageError(command, `--format must be ${formatList(command.formats)}, not '${values.format}'`, out);
    values.format = format;
  }
  for (const pair of (values['named-value'] as string[] | undefined) ?? []) {
    if (pair.indexOf('=') <= 0) return usageError(command, `--named-value expects NAME=VALUE, not '${pair}'`, out);
  }
  return parsed;
}

/** `--named-value N=V` pairs as named values (names are case-insensitive), or undefined when none were given. */
export function commandLineNamedValues(pairs: readonly string[] | undefined): NamedValues | undefined {
  if (!pairs?.length) return undefined;
  return new Map(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')).toLowerCase(), { value: pair.slice(pair.indexOf('=') + 1), secret: false }]));
}

/** Prints `onhandshake COMMAND: message` and where to find the help, on one line; returns exit code 2. */
export function usageError(command: CommandDescription | string, message: string, out: CommandOutput = processOutput): number {
  const name = typeof command === 'string' ? command : command.name;
  out.stderr(`onhandshake ${name}: ${message} (see 'onhandshake ${name} --help')\n`);
  return 2;
}

function canonicalFormat(given: string, formats: Record<string, readonly string[]>): string | undefined {
  const wanted = given.toLowerCase();
  return Object.entries(formats).find(([name, aliases]) => name === wanted || aliases.includes(wanted))?.[0];
}

function formatList(formats: Record<string, readonly string[]>): string {
  const names = Object.keys(formats);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]!;
}

/** Node's parseArgs messages, shortened to one line; a misspelt option gets the nearest real one. */
function explainParseError(e: Error & { code?: string }, options: Options): string {
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'(-[^']*)'/.exec(e.message)?.[1] ?? e.message;
    const flag = given.split('=')[0]!;
    // Long options only: a one-letter option is too short for a guess to mean anything.
    const near = flag.startsWith('--') ? nearestName(flag.slice(2), Object.keys(options)) : undefined;
    return `unknown option '${flag}'${near ? ` (did you mean '--${near}'?)` : ''}`;
  }
  const flag = /'(--?[\w-]+)/.exec(e.message)?.[1];
  if (flag && /argument missing/.test(e.message)) return `${flag} needs a value`;
  if (flag && /does not take an argument/.test(e.message)) return `${flag} takes no value`;
  return e.message.split('\n')[0]!;
}
