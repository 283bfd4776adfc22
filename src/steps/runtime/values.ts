/**
 * Evaluating several values in order without paying for Promises when every one is synchronous
 * (C# expressions always are; only jsonata is asynchronous).
 */
import { dotnet } from '../../expressions/index.js';
import type { RunContext } from './run-context.js';
import type { CompiledValue } from './step.js';

/** Chains `fn` after `x`, staying synchronous when `x` is not a Promise. */
export function andThen<T, R>(x: T | Promise<T>, fn: (value: T) => R | Promise<R>): R | Promise<R> {
  return x instanceof Promise ? x.then(fn) : fn(x);
}

/** Evaluates values in order (undefined entries stay undefined). */
export function evaluateAll(rt: RunContext, values: ReadonlyArray<CompiledValue | undefined>): unknown[] | Promise<unknown[]> {
  const out: unknown[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined) continue;
    const r = rt.evaluate(v);
    if (r instanceof Promise) return finishAsync(rt, values, out, i, r);
    out[i] = r;
  }
  return out;
}

async function finishAsync(
  rt: RunContext,
  values: ReadonlyArray<CompiledValue | undefined>,
  out: unknown[],
  at: number,
  pending: Promise<unknown>,
): Promise<unknown[]> {
  out[at] = await pending;
  for (let i = at + 1; i < values.length; i++) {
    const v = values[i];
    if (v !== undefined) out[i] = await rt.evaluate(v);
  }
  return out;
}

/** C# ToString() of a value as APIM renders it into an attribute; null/undefined → ''. */
export function asString(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return dotnet.toString(value);
}

/**
 * A condition's truth: a literal `true`/`false` (any case, as APIM accepts constants), or an
 * expression that must produce a bool (anything else fails like .NET's InvalidCastException).
 */
export function conditionOf(value: CompiledValue, result: unknown): boolean {
  if (value.evaluator === undefined) return asString(result).trim().toLowerCase() === 'true';
  return typeof result === 'boolean' ? result : dotnet.toBoolean(result);
}
