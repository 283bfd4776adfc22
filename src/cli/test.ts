/**
 * `onhandshake test [PATHS…]`: runs `*.test.yaml` policy tests (docs/policy-tests.md).
 * Exit codes: 0 every case passed, 1 a case failed or a test file is broken, 2 usage error or no tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { displayPath } from '../testing/display-path.js';
import { parseArgs } from 'node:util';
import { computeCoverage, formatCoverage } from '../testing/coverage.js';
import { discoverTestFiles } from '../testing/discover.js';
import { maskForReport } from '../testing/mask.js';
import { requestCredentials } from '../common/mask.js';
import { formatConsoleReport } from '../testing/report-console.js';
import { formatJunit } from '../testing/report-junit.js';
import { runFiles, succeeded, type Prepare } from '../testing/runner.js';
import { updateFiles } from '../testing/update.js';

const HELP = `usage: onhandshake test [PATHS…] [options]

Runs policy tests: every *.test.yaml under PATHS (default: the current folder).

options:
  --reporter console|junit|json   report format (default console)
  -o, --output FILE               write the junit/json report to FILE (the console report still prints)
  -t, --filter TEXT               only cases whose name contains TEXT (or /regex/)
  -u, --update                    write the current decision into failing cases as their expectation
  --coverage                      list steps and when branches no case exercised, by policy line
  --concurrency N                 cases run at once (default 64)
  --timeout MS                    a case running longer is an error (default 30000)
  --color / --no-color            colours (default: on a terminal)
  -q, --quiet                     list failing cases only
  -h, --help
`;

export interface TestCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
  /** Replaces the default policy loader (tests of the command itself). */
  prepare?: Prepare;
}

const defaultIo = (): TestCommandIo => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
});

function parseFilter(text: string | undefined): string | RegExp | undefined {
  if (text === undefined) return undefined;
  const m = /^\/(.+)\/([a-z]*)$/.exec(text);
  return m ? new RegExp(m[1]!, m[2]) : text;
}

export async function testCommand(argv: string[], io: TestCommandIo = defaultIo()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        reporter: { type: 'string', default: 'console' },
        output: { type: 'string', short: 'o' },
        filter: { type: 'string', short: 't' },
        update: { type: 'boolean', short: 'u', default: false },
        coverage: { type: 'boolean', default: false },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    io.stderr(`onhandshake test: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const reporter = values.reporter!;
  if (!['console', 'junit', 'json'].includes(reporter)) {
    io.stderr(`onhandshake test: --reporter must be console, junit or json (got '${reporter}')\n`);
    return 2;
  }
  const concurrency = values.concurrency === undefined ? 64 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    io.stderr(`onhandshake test: --concurrency must be a positive integer (got '${values.concurrency}')\n`);
    return 2;
  }
  const caseTimeoutMs = values.timeout === undefined ? 30_000 : Number(values.timeout);
  if (!Number.isInteger(caseTimeoutMs) || caseTimeoutMs < 1) {
    io.stderr(`onhandshake test: --timeout must be a positive number of milliseconds (got '${values.timeout}')\n`);
    return 2;
  }
  const { files, missing } = discoverTestFiles(positionals, io.cwd);
  for (const m of missing) io.stderr(`onhandshake test: ${m}: no such file or folder\n`);
  if (missing.length) return 2;
  if (files.length === 0) {
    io.stderr(`onhandshake test: no *.test.yaml files under ${positionals.length ? positionals.join(', ') : io.cwd}\n`);
    return 2;
  }

  const prepare = io.prepare ?? (await import('../testing/prepare.js')).prepareTarget;
  const filter = parseFilter(values.filter);
  const results = await runFiles(files, { prepare, concurrency, caseTimeoutMs, ...(filter !== undefined ? { filter } : {}) });

  const color = values['no-color'] ? false : (values.color ?? io.isTTY);
  const consoleReport = formatConsoleReport(results, { color, cwd: io.cwd, showPassed: !values.quiet });
  if (reporter === 'console' || values.output) io.stdout(consoleReport);
  if (reporter !== 'console') {
    const text =
      reporter === 'junit'
        ? formatJunit(results, { cwd: io.cwd })
        : JSON.stringify(
            results.map((r) => ({
              file: displayPath(r.file, io.cwd),
              problems: r.problems,
              diagnostics: r.diagnostics,
              cases: r.cases.map(({ observed, inputHeaders, ...c }) => ({ ...c, decision: maskForReport(observed?.decision, [...r.secrets, ...requestCredentials(Object.entries(inputHeaders ?? {}), '')]) })),
            })),
            null,
            2,
          ) + '\n';
    if (values.output) {
      const output = resolve(io.cwd, values.output);
      mkdirSync(dirname(output), { recursive: true });
      writeFileSync(output, text);
    } else io.stdout(text);
  }
  if (values.coverage) io.stdout(formatCoverage(computeCoverage(results), io.cwd));

  if (values.update) {
    const summaries = updateFiles(results);
    for (const s of summaries) {
      const name = displayPath(s.file, io.cwd);
      if (s.updated.length) io.stdout(`updated ${name}: ${s.updated.join(', ')}\n`);
      for (const k of s.skipped) io.stdout(`not updated in ${name} › ${k.case}: ${k.message}\n`);
    }
    return results.some((r) => r.problems.length || r.cases.some((c) => c.status === 'error')) || summaries.some((s) => s.skipped.length) ? 1 : 0;
  }
  return succeeded(results) ? 0 : 1;
}

export default function (argv: string[]): Promise<number> {
  return testCommand(argv);
}
