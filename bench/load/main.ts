/**
 * Process entry for the load generator. It receives one job over IPC, runs it, reports marks and the
 * result, and exits. A hard time limit ends it even if the orchestrator stops answering.
 */
import type { LoadCommand, LoadEvent, LoadJob, LoadResult } from './jobs.js';
import type { Reporter } from './reporter.js';
import { runHandshakes } from './handshake.js';
import { runRelay } from './relay.js';
import { runRoundTrips } from './rtt.js';
import { runIdle } from './idle.js';

const HARD_LIMIT_MS = Number(process.env.BENCH_LOAD_HARD_LIMIT_MS ?? 240_000);

const runners: { [K in LoadJob['kind']]: (job: Extract<LoadJob, { kind: K }>, reporter: Reporter) => Promise<LoadResult> } = {
  handshake: runHandshakes,
  relay: runRelay,
  rtt: runRoundTrips,
  idle: runIdle,
};

function send(event: LoadEvent, then?: () => void): void {
  if (!process.send) return then?.();
  process.send(event, undefined, undefined, () => then?.());
}

let finished = false;
/** Exit once the last event has been handed to the IPC channel. */
function finish(event: LoadEvent, code: number): void {
  finished = true;
  send(event, () => process.exit(code));
  setTimeout(() => process.exit(code), 2000).unref();
}

let release: (() => void) | undefined;
const reporter: Reporter = {
  mark: (name) => send({ type: 'mark', name }),
  hold: (open) =>
    new Promise<void>((resolve) => {
      release = resolve;
      send({ type: 'hold', open });
    }),
};

const killer = setTimeout(() => {
  finish({ type: 'failed', message: `load generator hard limit of ${HARD_LIMIT_MS} ms reached` }, 3);
}, HARD_LIMIT_MS);
killer.unref();

process.on('disconnect', () => {
  if (!finished) process.exit(4);
});
process.on('message', (command: LoadCommand) => {
  if (command.type === 'release') {
    const resolve = release;
    release = undefined;
    resolve?.();
    return;
  }
  const job = command.job;
  const run = runners[job.kind] as (job: LoadJob, reporter: Reporter) => Promise<LoadResult>;
  run(job, reporter).then(
    (result) => finish({ type: 'result', result }, 0),
    (err: unknown) => finish({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }, 2),
  );
});
