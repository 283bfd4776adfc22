/**
 * A compiled policy statement: built once from a PolicyElement, run on every handshake.
 * `run` is synchronous unless the step really waits (callouts, retry delays, jsonata).
 */
import type { PolicyElement } from '../../policy/tree.js';
import type { Evaluator } from '../../expressions/contract.js';
import type { RunContext } from './run-context.js';

/** An attribute value or element text after compilation: a literal, or a compiled expression. */
export interface CompiledValue {
  /** What the value is for, shown in traces: `value`, `condition`, `set-url` … */
  readonly label: string;
  readonly literal?: string;
  readonly evaluator?: Evaluator;
  /** True when a secret named value was substituted into it. */
  readonly secret: boolean;
}

export interface Step {
  /** The policy element name (`send-request`), used as trace `source` and LastError.Source. */
  readonly name: string;
  readonly element: PolicyElement;
  /** The element's `id` attribute (LastError.PolicyId), or ''. */
  readonly policyId: string;
  run(rt: RunContext): void | Promise<void>;
  /** Nested step lists (choose branches, retry/wait bodies), for `graph` and the trace. */
  readonly branches?: ReadonlyArray<{ label: string; condition?: CompiledValue; steps: readonly Step[] }>;
  /** A one-line summary for `graph` (e.g. `response-variable-name=r`). */
  readonly summary?: string;
  /** When true the executor records no trace entry of its own (e.g. leftover `<base/>`). */
  readonly silent?: boolean;
}
