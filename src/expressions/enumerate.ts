/**
 * Enumeration of .NET values for `foreach` and LINQ: arrays, byte[], strings (as chars), and any
 * registered type with an `iterate` hook (List, Dictionary, JArray, JObject …) or a JS iterator.
 */
import { defOfObject, type TypeDef } from './registry.js';
import { dotnetError } from './errors.js';
import { chargeChars, chargeSteps } from './budget.js';

/** Items of a materialised array charged as one step (a step is a lambda call's worth of work). */
const ITEMS_PER_STEP = 16;

/**
 * The items of an enumerable value; throws NullReferenceException for null. The work of a pass over a
 * materialised array or string is charged up front (bounded by the collection and string caps); lazy
 * sources (Enumerable.Range, Repeat) charge per item as they yield.
 */
export function enumerate(value: unknown): Iterable<unknown> {
  if (value === null || value === undefined) throw dotnetError('System.NullReferenceException');
  if (Array.isArray(value)) return charged(value);
  if (typeof value === 'string') {
    chargeChars(value.length);
    return stringChars(value);
  }
  if (value instanceof Uint8Array) {
    chargeChars(value.length);
    return value;
  }
  if (typeof value === 'object') {
    const def = defOfObject(value);
    for (let d: TypeDef | undefined = def; d; d = baseOf(d)) if (d.iterateFn) {
      const items = d.iterateFn(value);
      return Array.isArray(items) ? charged(items) : items;
    }
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

function charged(items: unknown[]): unknown[] {
  if (items.length >= ITEMS_PER_STEP) chargeSteps(items.length / ITEMS_PER_STEP);
  return items;
}

function* stringChars(s: string): Generator<number> {
  for (let i = 0; i < s.length; i++) yield s.charCodeAt(i);
}

function baseOf(d: TypeDef): TypeDef | undefined {
  const b = d.baseType();
  return b && b.kind === 'named' ? b.def : undefined;
}
