/**
 * The load scenarios: what job each runs against an endpoint, and which figures it yields.
 * Durations are bounded; --quick shortens every window.
 */
import type { LoadJob } from '../load/jobs.js';
import type { LoadRun } from '../lib/run-load.js';
import type { RunningTarget, Variant } from '../proxies/target.js';
import { VARIANTS } from '../proxies/target.js';

export interface ScenarioSettings {
  quick: boolean;
}

export interface LoadScenario {
  id: string;
  group: 'handshake' | 'relay' | 'rtt';
  /** The variants of a target this scenario measures. */
  variants(target: RunningTarget): Variant[];
  job(url: string, settings: ScenarioSettings): LoadJob;
  /** Hard limit for the load process. */
  limitMs: number;
  metrics(run: LoadRun): Record<string, number>;
  /** The echo backend's policy marker each handshake must carry, per variant (proves the policy ran). */
  checksPolicy: boolean;
}

/** Relays go through the SignalR policy's endpoint where a target has one: the policy client is then loaded. */
export const RELAY_VARIANT_PREFERENCE: readonly Variant[] = ['b', 'plain'];

export function allVariants(target: RunningTarget): Variant[] {
  return VARIANTS.filter((v) => target.endpoint(v));
}

export function relayVariant(target: RunningTarget): Variant[] {
  const v = RELAY_VARIANT_PREFERENCE.find((variant) => target.endpoint(variant));
  return v ? [v] : [];
}

function perOperation(run: LoadRun): number {
  return run.proxyCpuUs !== undefined && run.result.operations > 0 ? run.proxyCpuUs / run.result.operations : NaN;
}

/** Sequential rows show policies (a) and (b); a target without policies is shown plain. */
function policyVariants(target: RunningTarget): Variant[] {
  const withPolicy = allVariants(target).filter((v) => v !== 'plain');
  return withPolicy.length > 0 ? withPolicy : allVariants(target);
}

function handshakeScenario(id: string, concurrency: number, variants: (t: RunningTarget) => Variant[]): LoadScenario {
  return {
    id,
    group: 'handshake',
    variants,
    job: (url, s) => ({
      kind: 'handshake',
      url,
      concurrency,
      warmup: concurrency === 1 ? 30 : 200,
      warmupMs: s.quick ? 150 : 500,
      durationMs: s.quick ? 500 : 2000,
      maxHandshakes: 50_000,
    }),
    limitMs: 60_000,
    checksPolicy: true,
    metrics: (run) => ({
      perSec: (run.result.operations * 1000) / run.result.elapsedMs,
      p50Ms: (run.result.p50Us ?? NaN) / 1000,
      p99Ms: (run.result.p99Us ?? NaN) / 1000,
      cpuUs: perOperation(run),
    }),
  };
}

function relayScenario(id: string, message: 'text64' | 'bin64k', connections: number, window: number): LoadScenario {
  return {
    id,
    group: 'relay',
    variants: relayVariant,
    job: (url, s) => ({
      kind: 'relay',
      url,
      connections,
      message,
      window,
      warmupMs: s.quick ? 100 : 500,
      durationMs: s.quick ? 400 : 2000,
      drainMs: 5000,
    }),
    limitMs: 60_000,
    checksPolicy: false,
    metrics: (run) => ({
      msgsPerSec: (run.result.operations * 1000) / run.result.elapsedMs,
      mbPerSec: run.result.bytes / 1e6 / (run.result.elapsedMs / 1000),
      cpuUs: perOperation(run),
    }),
  };
}

export const LOAD_SCENARIOS: readonly LoadScenario[] = [
  handshakeScenario('handshake-seq', 1, policyVariants),
  handshakeScenario('handshake-c50', 50, allVariants),
  relayScenario('relay-text-1', 'text64', 1, 64),
  relayScenario('relay-text-50', 'text64', 50, 16),
  relayScenario('relay-bin-1', 'bin64k', 1, 8),
  relayScenario('relay-bin-50', 'bin64k', 50, 2),
  {
    id: 'rtt',
    group: 'rtt',
    variants: relayVariant,
    job: (url, s) => ({ kind: 'rtt', url, count: s.quick ? 150 : 1000, warmup: s.quick ? 30 : 100, timeLimitMs: 30_000 }),
    limitMs: 60_000,
    checksPolicy: false,
    metrics: (run) => ({ p50Us: run.result.p50Us ?? NaN, p99Us: run.result.p99Us ?? NaN }),
  },
];
