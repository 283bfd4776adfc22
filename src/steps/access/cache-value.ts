/**
 * Cached values cross a store as text: the .NET value's type travels with it so `GetValueOrDefault<bool>`
 * finds a bool after a Redis round trip. Strings, booleans, integers, longs, boxed numbers and decimals (with
 * their scale) keep their type; anything else (JToken, objects) is cached as its ToString() text, as a documented simplification.
 */
import { BoxedValue, box } from '../../expressions/values.js';
import { DecimalValue } from '../../expressions/runtime/decimal-value.js';
import { asString } from '../runtime/values.js';
import type { RunContext } from '../runtime/run-context.js';
import type { Store } from '../../store/contract.js';
import { internalStore } from '../../store/default.js';
import { configuredStore } from './store-call.js';

type Encoded = { t: 'null' } | { t: 'string'; v: string } | { t: 'bool'; v: boolean } | { t: 'int'; v: number } | { t: 'long'; v: string } | { t: 'boxed'; type: string; v: string } | { t: 'decimal'; v: string };

export function encodeCacheValue(value: unknown): string {
  let e: Encoded;
  if (value === null || value === undefined) e = { t: 'null' };
  else if (typeof value === 'string') e = { t: 'string', v: value };
  else if (typeof value === 'boolean') e = { t: 'bool', v: value };
  else if (typeof value === 'number' && Number.isInteger(value)) e = { t: 'int', v: value };
  else if (typeof value === 'bigint') e = { t: 'long', v: value.toString() };
  else if (value instanceof BoxedValue) e = { t: 'boxed', type: value.type, v: String(value.value) };
  else if (value instanceof DecimalValue) e = { t: 'decimal', v: value.toString() };
  else e = { t: 'string', v: asString(value) };
  return JSON.stringify(e);
}

export function decodeCacheValue(text: string): unknown {
  let e: Encoded;
  try {
    e = JSON.parse(text) as Encoded;
  } catch {
    return text; // written by something else: hand back the text
  }
  switch (e.t) {
    case 'null':
      return null;
    case 'string':
    case 'bool':
    case 'int':
      return e.v;
    case 'long':
      return BigInt(e.v);
    case 'boxed':
      return box(e.type, e.type === 'System.UInt64' ? BigInt(e.v) : Number(e.v));
    case 'decimal':
      return DecimalValue.fromText(e.v) ?? text;
    default:
      return text;
  }
}

/** caching-type: `internal` is this process's cache; `external` and `prefer-external` the configured store. */
export function cacheStore(rt: RunContext, cachingType: string | undefined): Store {
  return (cachingType ?? 'prefer-external').toLowerCase() === 'internal' ? internalStore() : configuredStore(rt);
}

export const CACHING_TYPE = { name: 'caching-type', default: 'prefer-external', values: ['prefer-external', 'external', 'internal'], expression: false } as const;
