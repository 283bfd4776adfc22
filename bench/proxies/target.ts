/**
 * A configuration under test ("target"): direct, onhandshake, http-proxy, nginx, HAProxy.
 * Each serves up to three variants of the same echo service:
 *   plain — no policy at all (the proxy's bare cost);
 *   a     — policy (a): set-query-parameter / set-header / choose, no callouts;
 *   b     — policy (b): SignalR-style, two send-requests to the negotiate endpoint.
 */
export type Variant = 'plain' | 'a' | 'b';

export const VARIANTS: readonly Variant[] = ['plain', 'a', 'b'];

/** Query every client sends; policy (a) branches on `room` and copies `tenant`. */
export const CLIENT_QUERY = 'room=vip&tenant=contoso';

export interface Endpoint {
  url: string;
  /** The proxy process whose CPU and memory are measured; undefined for `direct`. */
  pid?: number;
}

export interface RunningTarget {
  readonly name: string;
  /** Variants asked for that could not be served, with the reason (shown in the report's notes). */
  readonly problems?: readonly string[];
  endpoint(variant: Variant): Endpoint | undefined;
  stop(): Promise<void>;
}

export interface BenchEnvironment {
  /** Project root (where package.json is). */
  root: string;
  /** Scratch folder for rendered configs and logs, removed at the end of the run. */
  scratch: string;
  echoPort: number;
  negotiatePort: number;
  /** Upper bound of connections a proxy must accept at once (idle scenario plus margin). */
  maxConnections: number;
}

export type Availability = { ok: true; version?: string } | { ok: false; reason: string };

export interface TargetDefinition {
  readonly name: string;
  /** One line for the README and RESULTS: what this target is and how it is configured. */
  readonly description: string;
  available(env: BenchEnvironment): Availability;
  /** Start serving the given variants (those it supports); bounded wait for readiness. */
  start(env: BenchEnvironment, variants: readonly Variant[]): Promise<RunningTarget>;
}

export function wsUrl(port: number, path: string): string {
  return `ws://127.0.0.1:${port}${path}?${CLIENT_QUERY}`;
}
