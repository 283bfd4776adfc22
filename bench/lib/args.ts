/** Command-line options of `npm run bench -- …`. */
export interface BenchOptions {
  quick: boolean;
  repetitions: number;
  /** Repetitions of the memory group (fresh proxies, 5,000 connections each); default: repetitions. */
  memoryRepetitions?: number;
  /** Only these targets (by name); empty: all available. */
  only: string[];
  /** Skip these scenario groups: handshake, relay, rtt, memory, micro, policy-tests. */
  skip: string[];
  /** Where to write the results; undefined: bench/RESULTS.md for full runs, nowhere for --quick. */
  output?: string;
  help: boolean;
}

export const USAGE = `usage: npm run bench -- [--quick] [--reps N] [--only a,b] [--skip group,…] [--output FILE]
  --quick        smoke run: 1 repetition, short windows, 500 idle connections (one to two minutes)
  --reps N       repetitions per configuration (default 3; medians are reported)
  --memory-reps N  repetitions of the memory group (default: --reps); it dominates a run on a busy machine
  --only LIST    targets to run: direct,onhandshake,http-proxy,nginx,haproxy (direct is always kept)
  --skip LIST    scenario groups to skip: handshake,relay,rtt,memory,micro,policy-tests
  --output FILE  write the results markdown here (default bench/RESULTS.md for full runs)
environment: BENCH_CPU_PROF=DIR writes a V8 CPU profile of each onhandshake process into DIR`;

export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { quick: false, repetitions: 3, only: [], skip: [], help: false };
  const list = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--quick':
        options.quick = true;
        break;
      case '--reps': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 20) throw new Error(`--reps must be an integer from 1 to 20\n${USAGE}`);
        options.repetitions = n;
        break;
      }
      case '--memory-reps': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1 || n > 20) throw new Error(`--memory-reps must be an integer from 1 to 20\n${USAGE}`);
        options.memoryRepetitions = n;
        break;
      }
      case '--only':
        options.only = list(value());
        break;
      case '--skip':
        options.skip = list(value());
        break;
      case '--output':
        options.output = value();
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  if (options.quick && !argv.some((a) => a.startsWith('--reps'))) options.repetitions = 1;
  return options;
}
