#!/usr/bin/env node
/**
 * `onhandshake <command> …` — one file per command in this folder, each exporting
 * `default async function (argv: string[]): Promise<number>` (the exit code).
 * Exit codes: 0 success, 1 findings or failures, 2 usage errors; `help COMMAND` is `COMMAND --help`.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { nearestName } from '../policy/nearest-name.js';
import { runIfMain } from '../common/run-main.js';

const commands: Record<string, string> = {
  serve: 'Run the WebSocket gateway (--config F, or --policy F --path /p --backend ws://…)',
  check: 'Lint policy files: reader, named values, expressions, attributes, onHandshake rules',
  trace: 'Run one simulated handshake through a policy and print the decision and trace',
  graph: 'Print the compiled step graph of a policy (tree or --format mermaid)',
  eval: 'Evaluate one C# policy expression against a JSON context',
  policies: 'Print the policy support matrix',
  test: 'Run *.test.yaml policy tests',
  token: 'Mint a JWT for local tests',
  debug: 'Debug adapter (DAP, stdio or --port) to step through a policy: breakpoints, variables, evaluate',
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'usage: onhandshake <command> [options]',
    '',
    ...Object.entries(commands).map(([name, help]) => `  ${name.padEnd(width)}  ${help}`),
    '',
    'options:',
    '  -h, --help     this list; `onhandshake help COMMAND` (or COMMAND --help) prints a command\'s options',
    '  -v, --version  the version',
    '',
    'exit codes: 0 success, 1 findings or failures (each command\'s help lists its own), 2 usage errors',
  ].join('\n');
}

/** The version in package.json (two folders up from src/cli, three from dist/src/cli). */
function version(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const file = join(here, up, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'onhandshake' && pkg.version) return pkg.version;
  }
  return 'unknown';
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(version() + '\n');
    return 0;
  }
  // `help COMMAND` is `COMMAND --help`: one text, printed by the command itself.
  if (name === 'help') return main([rest[0]!, '--help']);
  if (!(name in commands)) {
    const near = nearestName(name, Object.keys(commands));
    process.stderr.write(`onhandshake: unknown command '${name}'${near ? ` (did you mean '${near}'?)` : ''} (see 'onhandshake --help')\n`);
    return 2;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const file = [join(here, `${name}.js`), join(here, `${name}.ts`)].find((f) => existsSync(f));
  if (!file) {
    process.stderr.write(`onhandshake: command '${name}' is not available in this build\n`);
    return 2;
  }
  const mod = (await import(pathToFileURL(file).href)) as { default: (argv: string[]) => Promise<number> };
  return mod.default(rest);
}

runIfMain(import.meta.url, 'onhandshake: internal error', () => main(process.argv.slice(2)));
