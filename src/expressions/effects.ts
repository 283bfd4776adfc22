/**
 * Side effects of an evaluation that a re-run must not repeat (context.Trace). While an evaluation runs
 * in replay mode (see runtime/regex-run.ts) they are held back, then applied once by the attempt that
 * completes; an attempt suspended for a regex drops them, since the re-run makes them again.
 */
type Effect = () => void;

let pending: Effect[] | undefined;

export function setEffectBuffer(b: Effect[] | undefined): Effect[] | undefined {
  const prev = pending;
  pending = b;
  return prev;
}

/** Applies `fn` now, or when the attempt in progress completes. */
export function effect(fn: Effect): void {
  if (pending) pending.push(fn);
  else fn();
}
