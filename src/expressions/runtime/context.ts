import type { HandshakeState } from '../../graph/state.js';
export function contextFor(state: HandshakeState): unknown {
  return state;
}
