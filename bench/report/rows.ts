/** The rows of the results table: which scenario and metric each shows, and the targets. */
import type { Variant } from '../proxies/target.js';

export interface TargetSpec {
  /** ratio-min: ratio to direct ≥ value; abs-max: value ≤ value. */
  kind: 'ratio-min' | 'abs-max';
  value: number;
  text: string;
}

export interface RowSpec {
  label: string;
  scenario: string;
  metric: string;
  /** Variant preference per target: the first the target serves is shown; later ones are marked †. */
  variants: readonly Variant[];
  unit: string;
  digits: number;
  /** Show the ratio to `direct` (plain) measured in the same run. */
  ratio: boolean;
  target?: TargetSpec;
}

const A: readonly Variant[] = ['a', 'plain'];
const B: readonly Variant[] = ['b'];
const PLAIN: readonly Variant[] = ['plain'];
const RELAY: readonly Variant[] = ['b', 'plain'];

export const ROWS: readonly RowSpec[] = [
  { label: 'handshake p50, sequential, policy (a)', scenario: 'handshake-seq', metric: 'p50Ms', variants: A, unit: 'ms', digits: 2, ratio: true },
  { label: 'handshake p99, sequential, policy (a)', scenario: 'handshake-seq', metric: 'p99Ms', variants: A, unit: 'ms', digits: 2, ratio: true },
  { label: 'handshake p50, sequential, policy (b)', scenario: 'handshake-seq', metric: 'p50Ms', variants: B, unit: 'ms', digits: 2, ratio: true },
  { label: 'handshake p99, sequential, policy (b)', scenario: 'handshake-seq', metric: 'p99Ms', variants: B, unit: 'ms', digits: 2, ratio: true },
  { label: 'handshakes/s, 50 concurrent, no policy', scenario: 'handshake-c50', metric: 'perSec', variants: PLAIN, unit: '/s', digits: 0, ratio: true },
  {
    label: 'handshakes/s, 50 concurrent, policy (a)',
    scenario: 'handshake-c50',
    metric: 'perSec',
    variants: A,
    unit: '/s',
    digits: 0,
    ratio: true,
    target: { kind: 'ratio-min', value: 0.6, text: '≥ 0.60×' },
  },
  { label: 'handshake p50 / p99, 50 concurrent, policy (a)', scenario: 'handshake-c50', metric: 'p50Ms|p99Ms', variants: A, unit: 'ms', digits: 1, ratio: false },
  {
    label: 'handshakes/s, 50 concurrent, policy (b)',
    scenario: 'handshake-c50',
    metric: 'perSec',
    variants: B,
    unit: '/s',
    digits: 0,
    ratio: true,
    target: { kind: 'ratio-min', value: 0.25, text: '≥ 0.25×' },
  },
  { label: 'handshake p50 / p99, 50 concurrent, policy (b)', scenario: 'handshake-c50', metric: 'p50Ms|p99Ms', variants: B, unit: 'ms', digits: 1, ratio: false },
  {
    label: 'proxy CPU per handshake, policy (a)',
    scenario: 'handshake-c50',
    metric: 'cpuUs',
    variants: A,
    unit: 'µs',
    digits: 0,
    ratio: false,
    target: { kind: 'abs-max', value: 120, text: '≤ 120 µs' },
  },
  { label: 'proxy CPU per handshake, policy (b)', scenario: 'handshake-c50', metric: 'cpuUs', variants: B, unit: 'µs', digits: 0, ratio: false },
  { label: '64 B messages/s, 1 connection', scenario: 'relay-text-1', metric: 'msgsPerSec', variants: RELAY, unit: '/s', digits: 0, ratio: true },
  {
    label: '64 B messages/s, 50 connections',
    scenario: 'relay-text-50',
    metric: 'msgsPerSec',
    variants: RELAY,
    unit: '/s',
    digits: 0,
    ratio: true,
    target: { kind: 'ratio-min', value: 0.73, text: '≥ 0.73×' },
  },
  { label: '64 KiB MB/s, 1 connection', scenario: 'relay-bin-1', metric: 'mbPerSec', variants: RELAY, unit: 'MB/s', digits: 0, ratio: true },
  {
    label: '64 KiB MB/s, 50 connections',
    scenario: 'relay-bin-50',
    metric: 'mbPerSec',
    variants: RELAY,
    unit: 'MB/s',
    digits: 0,
    ratio: true,
    target: { kind: 'ratio-min', value: 0.8, text: '≥ 0.80×' },
  },
  { label: 'proxy CPU per 64 B message echoed, 50 conn.', scenario: 'relay-text-50', metric: 'cpuUs', variants: RELAY, unit: 'µs', digits: 1, ratio: false },
  { label: 'proxy CPU per 64 KiB message echoed, 50 conn.', scenario: 'relay-bin-50', metric: 'cpuUs', variants: RELAY, unit: 'µs', digits: 0, ratio: false },
  { label: 'round trip p50, one 64 B message', scenario: 'rtt', metric: 'p50Us', variants: RELAY, unit: 'µs', digits: 0, ratio: true },
  { label: 'round trip p99, one 64 B message', scenario: 'rtt', metric: 'p99Us', variants: RELAY, unit: 'µs', digits: 0, ratio: true },
  { label: 'proxy RSS, idle', scenario: 'memory', metric: 'rssIdle', variants: RELAY, unit: 'MiB', digits: 0, ratio: false },
  { label: 'proxy RSS, 1,000 idle connections', scenario: 'memory', metric: 'rss1000', variants: RELAY, unit: 'MiB', digits: 0, ratio: false },
  {
    label: 'proxy RSS, 5,000 idle connections',
    scenario: 'memory',
    metric: 'rss5000',
    variants: RELAY,
    unit: 'MiB',
    digits: 0,
    ratio: false,
    target: { kind: 'abs-max', value: 90, text: '≤ 90 MiB' },
  },
];
