/**
 * Enumeration of .NET values for `foreach` and LINQ: arrays, byte[], strings (as chars), and any
 * registered type with an `iterate` hook (List, Dictionary, JArray, JObject …) or a JS iterator.
 */
import { defOfObject, type TypeDef } from './registry.js';
import { dotnetError } from './errors.js';

/** The items of an enumerable value; throws NullReferenceException for null. */
export function enumerate(value: unknown): Iterable<unknown> {
  if (value === null || value === undefined) throw dotnetError('System.NullReferenceException');
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return stringChars(value);
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'object') {
    const def = defOfObject(value);
    for (let d: TypeDef | undefined = def; d; d = baseOf(d)) if (d.iterateFn) return d.iterateFn(value);
    if (Symbol.iterator in value) return value as Iterable<unknown>;
  }
  throw dotnetError('System.InvalidCastException', 'The value is not enumerable.');
}

/** Whether enumerate() accepts this value (a string counts; callers that treat strings apart check first). */
export function isEnumerable(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string' || Array.isArray(value) || value instanceof Uint8Array) return true;
  if (typeof value !== 'object') return false;
  for (let d: TypeDef | undefined = defOfObject(value); d; d = baseOf(d)) if (d.iterateFn) return true;
  return Symbol.iterator in value;
}

function* stringChars(s: string): Generator<number> {
  for (let i = 0; i < s.length; i++) yield s.charCodeAt(i);
}

function baseOf(d: TypeDef): TypeDef | undefined {
  const b = d.baseType();
  return b && b.kind === 'named' ? b.def : undefined;
}
