/**
 * What traffic policies attach to a handshake for the life of its WebSocket connection:
 * releases (limit-concurrency slots, bandwidth meters flushing), relay meters (quota bandwidth) and
 * headers for the 101 answer (remaining-calls-header-name …). Kept beside the HandshakeState so the
 * executor and the gateway need no new plumbing:
 *
 *   const holds = takeConnectionHolds(run.state);
 *   // on the 101: add holds.responseHeaders; for each relayed chunk: holds.relayed(bytes);
 *   // when the connection ends (or right after answering a `respond` decision): holds.release();
 */
import { HeaderBag } from '../common/headers.js';
import type { HandshakeState } from '../model/state.js';

export interface RelayMeter {
  /** Bytes relayed on the connection (either direction). */
  add(bytes: number): void;
}

export interface ConnectionHolds {
  readonly releases: Array<() => void>;
  readonly meters: RelayMeter[];
  /** Headers for the client's 101 (the policies that ran successfully set them). */
  readonly responseHeaders: HeaderBag;
  /** Counts relayed bytes into every meter. */
  relayed(bytes: number): void;
  /** Runs every release once. */
  release(): void;
}

const holdsByState = new WeakMap<HandshakeState, ConnectionHolds>();

function createHolds(): ConnectionHolds {
  let released = false;
  const holds: ConnectionHolds = {
    releases: [],
    meters: [],
    responseHeaders: new HeaderBag(),
    relayed(bytes) {
      for (const m of holds.meters) m.add(bytes);
    },
    release() {
      if (released) return;
      released = true;
      for (const r of holds.releases.splice(0)) {
        try {
          r();
        } catch {
          // One failing release must not keep the others held.
        }
      }
    },
  };
  return holds;
}

/** The holds of a handshake (created on first use by a step). */
export function connectionHolds(state: HandshakeState): ConnectionHolds {
  let holds = holdsByState.get(state);
  if (!holds) {
    holds = createHolds();
    holdsByState.set(state, holds);
  }
  return holds;
}

/** For the gateway after a run: the holds (empty when no policy took any). */
export function takeConnectionHolds(state: HandshakeState): ConnectionHolds {
  const holds = connectionHolds(state);
  holdsByState.delete(state);
  return holds;
}

/** Like takeConnectionHolds, but undefined when no policy took any (the common, allocation-free case). */
export function takeConnectionHoldsIfAny(state: HandshakeState): ConnectionHolds | undefined {
  const holds = holdsByState.get(state);
  if (holds) holdsByState.delete(state);
  return holds;
}
