/**
 * `npm run bench`: starts the backends and every available configuration, runs the load scenarios
 * interleaved across configurations for N repetitions, measures memory on fresh proxies, runs the
 * in-process micro-benchmarks, prints the table (ratios to `direct`), and writes bench/RESULTS.md.
 */
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, USAGE, type BenchOptions } from './lib/args.js';
import { startProcess, type Child } from './lib/children.js';
import { openFileLimit } from './lib/procfs.js';
import { progress } from './lib/log.js';
import { fetchEchoStats } from './lib/echo-stats.js';
import { runLoad } from './lib/run-load.js';
import { describeMachine } from './lib/machine.js';
import { TARGETS } from './proxies/index.js';
import type { BenchEnvironment, RunningTarget, TargetDefinition, Variant } from './proxies/target.js';
import { LOAD_SCENARIOS, type LoadScenario } from './scenarios/load-scenarios.js';
import { measureMemory } from './scenarios/memory.js';
import { medians, type Sample } from './scenarios/samples.js';
import { runMicroBenchmarks, type MicroReport } from './micro/run-micro.js';
import { runPolicyTestBenchmark, type PolicyTestReport } from './micro/policy-tests.js';
import { keptAnalysis, renderResults, type RunDescription } from './report/results-md.js';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/bench/run.js → the project root. */
const ROOT = resolve(here, '../..');

/** Which marker the echo backend must see for a handshake made through each variant. */
const POLICY_MARKER: Record<Variant, string | undefined> = { plain: undefined, a: 'a', b: 'signalr' };

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = items.length ? by % items.length : 0;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function startBackends(): Promise<{ child: Child; echoPort: number; negotiatePort: number }> {
  const child = startProcess(process.execPath, [join(here, 'backends/main.js')], { name: 'backends' });
  const line = await child.waitForLine((l) => l.startsWith('{"ready"'), 15_000);
  const ready = JSON.parse(line) as { echoPort: number; negotiatePort: number };
  return { child, ...ready };
}

function memorySteps(options: BenchOptions, notes: string[]): number[] {
  const wanted = options.quick ? [500] : [1000, 5000];
  // The proxy holds two sockets per client connection, plus its own files.
  const limit = openFileLimit();
  const ceiling = Math.floor((limit - 300) / 2);
  const steps = wanted.map((n) => Math.min(n, ceiling)).filter((n, i, all) => n > 0 && all.indexOf(n) === i);
  if (steps.join() !== wanted.join()) {
    notes.push(`Open-file limit is ${limit}: idle connection counts reduced to ${steps.join(', ')} (raise it with \`ulimit -n 20000\`).`);
  }
  return steps;
}

async function runScenarioSample(
  scenario: LoadScenario,
  target: RunningTarget,
  variant: Variant,
  env: BenchEnvironment,
  options: BenchOptions,
  repetition: number,
): Promise<Sample | undefined> {
  const endpoint = target.endpoint(variant);
  if (!endpoint) return undefined;
  const marker = scenario.checksPolicy ? POLICY_MARKER[variant] : undefined;
  const before = marker ? await fetchEchoStats(env.echoPort) : undefined;
  const run = await runLoad(scenario.job(endpoint.url, { quick: options.quick }), endpoint.pid, scenario.limitMs);
  const integrity = run.result.integrity;
  if (marker && before) {
    const after = await fetchEchoStats(env.echoPort);
    const seen = (after.byPolicy[marker] ?? 0) - (before.byPolicy[marker] ?? 0);
    if (seen < run.result.operations) {
      integrity.errors++;
      integrity.firstError ??= `policy (${variant}) marker '${marker}' seen on ${seen} of ${run.result.operations} backend handshakes`;
    }
  }
  const metrics = scenario.metrics(run);
  const headline = Object.entries(metrics)
    .map(([k, v]) => `${k}=${Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 0) : '—'}`)
    .join(' ');
  const problems = integrity.errors + integrity.lost + integrity.corrupted + integrity.outOfOrder + integrity.wrongType;
  progress(`  ${scenario.id} ${target.name}/${variant}: ${headline}${problems ? `  PROBLEMS: ${JSON.stringify(integrity)}` : ''}`);
  return { scenario: scenario.id, target: target.name, variant, repetition, metrics, integrity };
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!existsSync(join(ROOT, 'package.json'))) throw new Error(`project root not found from ${here}`);

  const notes: string[] = [];
  const steps = memorySteps(options, notes);
  const scratch = mkdtempSync(join(tmpdir(), 'onhandshake-bench-'));
  const started = new Date();
  const running: RunningTarget[] = [];
  let backends: Awaited<ReturnType<typeof startBackends>> | undefined;
  const samples: Sample[] = [];
  try {
    backends = await startBackends();
    const env: BenchEnvironment = {
      root: ROOT,
      scratch,
      echoPort: backends.echoPort,
      negotiatePort: backends.negotiatePort,
      maxConnections: Math.max(...steps, 100) + 200,
    };
    progress(`backends: echo on ${env.echoPort}, negotiate on ${env.negotiatePort}`);

    const chosen = TARGETS.filter((t) => t.name === 'direct' || options.only.length === 0 || options.only.includes(t.name));
    const available: TargetDefinition[] = [];
    const versions: Record<string, string | undefined> = {};
    for (const definition of chosen) {
      const availability = definition.available(env);
      if (availability.ok) {
        available.push(definition);
        versions[definition.name] = availability.version;
      } else {
        notes.push(`${definition.name}: not measured — ${availability.reason}.`);
        progress(`${definition.name}: skipped (${availability.reason})`);
      }
    }

    const groups = new Set(options.skip);
    const scenarios = LOAD_SCENARIOS.filter((s) => !groups.has(s.group));
    if (scenarios.length > 0) {
      for (const definition of available) {
        try {
          const target = await definition.start(env, ['plain', 'a', 'b']);
          running.push(target);
          for (const problem of target.problems ?? []) {
            notes.push(`${definition.name}: ${problem}`);
            progress(`${definition.name}: ${problem}`);
          }
          progress(`${definition.name}: started`);
        } catch (err) {
          notes.push(`${definition.name}: failed to start — ${(err as Error).message.split('\n')[0]}`);
          progress(`${definition.name}: failed to start: ${(err as Error).message}`);
        }
      }
      for (let rep = 0; rep < options.repetitions; rep++) {
        progress(`repetition ${rep + 1} of ${options.repetitions}`);
        for (const scenario of scenarios) {
          for (const target of rotate(running, rep)) {
            for (const variant of scenario.variants(target)) {
              try {
                const sample = await runScenarioSample(scenario, target, variant, env, options, rep);
                if (sample) samples.push(sample);
              } catch (err) {
                progress(`  ${scenario.id} ${target.name}/${variant}: FAILED ${(err as Error).message}`);
                notes.push(`${scenario.id} on ${target.name}/${variant} failed once: ${(err as Error).message.split('\n')[0]}`);
              }
            }
          }
        }
      }
      await Promise.all(running.splice(0).map((t) => t.stop()));
    }

    if (!groups.has('memory')) {
      const memoryReps = options.memoryRepetitions ?? options.repetitions;
      if (memoryReps < options.repetitions) notes.push(`Memory figures: ${memoryReps} repetition(s) (--memory-reps), not ${options.repetitions}.`);
      for (let rep = 0; rep < memoryReps; rep++) {
        progress(`memory, repetition ${rep + 1} of ${memoryReps} (idle, ${steps.join(', ')} idle connections)`);
        for (const definition of rotate(available, rep)) {
          try {
            const sample = await measureMemory(definition, env, steps, rep);
            if (sample) {
              samples.push(sample);
              progress(`  memory ${definition.name}: ${Object.entries(sample.metrics).map(([k, v]) => `${k}=${v.toFixed(1)}`).join(' ')}`);
            }
          } catch (err) {
            progress(`  memory ${definition.name}: FAILED ${(err as Error).message}`);
            notes.push(`memory on ${definition.name} failed once: ${(err as Error).message.split('\n')[0]}`);
          }
        }
      }
    }

    let micro: MicroReport | undefined;
    if (!groups.has('micro')) {
      progress('micro-benchmarks (expressions, executor)');
      micro = await runMicroBenchmarks(ROOT, options.quick);
    }
    let policyTests: PolicyTestReport | undefined;
    if (!groups.has('policy-tests')) {
      progress('policy tests (1,000 cases)');
      policyTests = await runPolicyTestBenchmark(ROOT, scratch, options.quick);
    }

    const description: RunDescription = {
      started,
      finished: new Date(),
      machine: describeMachine(),
      options,
      targets: available.map((d) => ({ name: d.name, description: d.description, version: versions[d.name] })),
      memorySteps: steps,
      notes,
    };
    const markdown = renderResults(description, medians(samples), samples, micro, policyTests);
    process.stdout.write(`${markdown}\n`);
    const output = options.output ?? (options.quick ? undefined : join(ROOT, 'bench/RESULTS.md'));
    if (output) {
      const analysis = keptAnalysis(existsSync(output) ? readFileSync(output, 'utf8') : undefined);
      writeFileSync(output, analysis ? `${markdown}\n${analysis}\n` : `${markdown}\n`);
      progress(`wrote ${output}`);
    }
    const broken = samples.some((s) => s.integrity.lost + s.integrity.corrupted + s.integrity.outOfOrder + s.integrity.wrongType > 0);
    return broken ? 1 : 0;
  } finally {
    await Promise.all(running.map((t) => t.stop()));
    await backends?.child.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
