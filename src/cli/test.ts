/**
 * `onhandshake test [PATHS…]`: runs `*.test.yaml` policy tests (docs/policy-tests.md).
 * Exit codes: 0 every case passed, 1 a case failed or a test file is broken, 2 usage error or no tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { displayPath } from '../testing/display-path.js';
import { commandLineNamedValues, NAMED_VALUE_OPTIONS, parseCommandLine, usageError, type CommandDescription } from './command-line.js';
import { loadNamedValues, mergeNamedValues, type NamedValues } from '../policy/index.js';
import type { LoadedTestFile } from '../testing/load.js';
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
  --format text|json|junit        report format (default text; --reporter, and console for text, also work)
  -o, --output FILE               write the junit/json report to FILE (the text report still prints)
  --named-value N=V               a named value for every test file (repeatable; wins over the files')
  --named-values FILE             named values (JSON or YAML) for every test file, as --named-value
  -t, --filter TEXT               only cases whose name contains TEXT (or /regex/)
  -u, --update                    write the current decision into failing cases as their expectation
  --coverage                      list steps and when branches no case exercised, by policy line
  --concurrency N                 cases run at once (default 64)
  --timeout MS                    a case running longer is an error (default 30000)
  --color / --no-color            colours (default: on a terminal)
  -q, --quiet                     list failing cases only
`;

const COMMAND: CommandDescription = {
  name: 'test',
  usage: HELP,
  exitCodes: { 0: 'every case passed', 1: 'a case failed, or a test file is broken', 2: 'usage error, or no test files' },
  formats: { text: ['console'], json: [], junit: [] },
};

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
  const parsed = parseCommandLine(
    COMMAND,
    argv,
    {
      format: { type: 'string' },
      reporter: { type: 'string' },
      output: { type: 'string', short: 'o' },
      filter: { type: 'string', short: 't' },
      update: { type: 'boolean', short: 'u', default: false },
      coverage: { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q', default: false },
      ...NAMED_VALUE_OPTIONS,
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  // --reporter is the older name of --format (console: text).
  const format = values.format ?? (values.reporter === undefined ? 'text' : values.reporter === 'console' ? 'text' : values.reporter);
  if (!['text', 'junit', 'json'].includes(format)) return usageError(COMMAND, `--format must be text, json or junit, not '${format}'`, io);
  const reporter = format === 'text' ? 'console' : format;
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

  let shared = commandLineNamedValues(values['named-value']);
  if (values['named-values'] !== undefined) {
    const loaded = loadNamedValues(resolve(io.cwd, values['named-values']));
    for (const d of loaded.diagnostics) io.stderr(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`);
    if (loaded.diagnostics.some((d) => d.severity === 'error')) return 2;
    shared = mergeNamedValues(loaded.values, shared);
  }
  const prepareFile = io.prepare ?? (await import('../testing/prepare.js')).prepareTarget;
  const prepare: Prepare = shared ? (loaded) => prepareFile(withNamedValues(loaded, shared)) : prepareFile;
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

/** The test file as if it set the command line's named values itself (after its own, so they win). */
function withNamedValues(loaded: LoadedTestFile, shared: NamedValues): LoadedTestFile {
  if (!loaded.spec) return loaded;
  const given = Object.fromEntries([...shared].map(([name, v]) => [name, { value: v.value, secret: v.secret }]));
  return { ...loaded, spec: { ...loaded.spec, namedValues: { ...loaded.spec.namedValues, ...given } } };
}

export default function (argv: string[]): Promise<number> {
  return testCommand(argv);
}
