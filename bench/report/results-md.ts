/** bench/RESULTS.md: how the run was made, the figures with ratios, integrity, micro-benchmarks. */
import type { BenchOptions } from '../lib/args.js';
import type { MachineDescription } from '../lib/machine.js';
import type { MicroReport } from '../micro/run-micro.js';
import type { PolicyTestReport } from '../micro/policy-tests.js';
import type { Sample } from '../scenarios/samples.js';
import { figuresTable, integrityTable, targetsTable, type Medians } from './table.js';

export interface RunDescription {
  started: Date;
  finished: Date;
  machine: MachineDescription;
  options: BenchOptions;
  targets: Array<{ name: string; description: string; version?: string }>;
  memorySteps: number[];
  notes: string[];
}

function microTable(micro: MicroReport): string {
  const lines = ['| figure | cost per run | note |', '|---|---:|---|'];
  for (const row of micro.rows) {
    const cost =
      row.nsPerOp === undefined ? '—' : row.nsPerOp >= 10_000 ? `${(row.nsPerOp / 1000).toFixed(1)} µs` : `${Math.round(row.nsPerOp)} ns`;
    lines.push(`| ${row.name} | ${cost} | ${(row.unavailable ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 200)} |`);
  }
  return lines.join('\n');
}

function policyTestLine(report: PolicyTestReport): string {
  if (report.unavailable) return `- \`onhandshake test\`, ${report.cases.toLocaleString('en-US')} cases: not measured — ${report.unavailable}.`;
  const perCase = report.wallMs !== undefined ? ((report.wallMs * 1000) / report.cases).toFixed(0) : '—';
  return (
    `- \`onhandshake test\`, ${report.cases.toLocaleString('en-US')} generated cases of policies/signalr-chat.xml with mocked callouts: ` +
    `${report.wallMs?.toFixed(0)} ms wall for the whole command (${perCase} µs per case, Node start included), exit code ${report.exitCode}` +
    (report.summary ? `; last line: \`${report.summary.replace(/`/g, "'")}\`` : '') +
    '.'
  );
}

function commandLine(options: BenchOptions): string {
  const parts: string[] = [];
  if (options.quick) parts.push('--quick');
  if (options.repetitions !== (options.quick ? 1 : 3)) parts.push(`--reps ${options.repetitions}`);
  if (options.memoryRepetitions !== undefined) parts.push(`--memory-reps ${options.memoryRepetitions}`);
  if (options.only.length) parts.push(`--only ${options.only.join(',')}`);
  if (options.skip.length) parts.push(`--skip ${options.skip.join(',')}`);
  return parts.length ? ` -- ${parts.join(' ')}` : '';
}

export function renderResults(
  run: RunDescription,
  medians: Medians,
  samples: readonly Sample[],
  micro: MicroReport | undefined,
  policyTests: PolicyTestReport | undefined,
): string {
  const m = run.machine;
  const targetNames = run.targets.map((t) => t.name);
  const minutes = ((run.finished.getTime() - run.started.getTime()) / 60_000).toFixed(1);
  const parts = [
    '# Benchmark results',
    '',
    `Run ${run.started.toISOString()} (${minutes} min), \`npm run bench${commandLine(run.options)}\`, ` +
      `${run.options.repetitions} repetition(s), configurations interleaved, medians reported.`,
    '',
    `Machine: ${m.cores} × ${m.cpuModel}, ${m.memoryGiB} GiB memory, Linux ${m.kernel}, Node ${m.node}; ` +
      `load average at the end ${m.loadAverage} (the machine is shared: compare ratios, not absolute figures).`,
    '',
    'Configurations:',
    ...run.targets.map((t) => `- \`${t.name}\`: ${t.description}${t.version ? ` — ${t.version}` : ''}`),
    '',
    '## Targets',
    '',
    'The issue\'s targets for onhandshake (ratios to `direct` in the same run, CPU and memory absolute), next to the ' +
      'other proxies measured in the same run (†: no policy support, shown as a plain proxy).',
    '',
    targetsTable(medians, targetNames),
    '',
    '## Figures',
    '',
    'Ratios are to `direct` measured in the same run. Policy (a): bench/policies/a-no-callouts.xml; policy (b): ' +
      'policies/signalr-chat.xml (two send-requests to the local negotiate endpoints). † = the configuration has no ' +
      'policy support, so the row shows it as a plain proxy. Relay, round-trip and memory figures go through policy (b) ' +
      'where the configuration has it (so the policy client is loaded), otherwise plain. CPU is the proxy process tree\'s ' +
      'run time (/proc/PID/task/*/schedstat, all threads) inside the measured window, divided by handshakes or by ' +
      'messages echoed (each message crosses the proxy twice).',
    '',
    figuresTable(medians, targetNames),
    '',
    '## Integrity',
    '',
    'Every echoed message is checked byte for byte and in order; handshakes through a policy must reach the backend ' +
      'with the policy\'s marker in the query.',
    '',
    integrityTable(samples, targetNames),
    '',
  ];
  if (micro || policyTests) {
    parts.push('## Policy engine without I/O', '');
    if (micro) parts.push(microTable(micro), '');
    if (policyTests) parts.push(policyTestLine(policyTests), '');
  }
  if (run.notes.length > 0) parts.push('## Notes', '', ...run.notes.map((n) => `- ${n}`), '');
  return parts.join('\n');
}

const ANALYSIS_START = '<!-- analysis: hand-written, kept when the run rewrites this file -->';
const ANALYSIS_END = '<!-- /analysis -->';

/** The hand-written analysis block of a previous RESULTS.md, to carry into the rewritten one. */
export function keptAnalysis(previous: string | undefined): string | undefined {
  if (!previous) return undefined;
  const start = previous.indexOf(ANALYSIS_START);
  const end = previous.indexOf(ANALYSIS_END);
  if (start < 0 || end < start) return undefined;
  return previous.slice(start, end + ANALYSIS_END.length);
}
