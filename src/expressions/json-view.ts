/**
 * JSON renderings of .NET values, for traces, `eval --format json` and the jsonata view.
 */
import { BoxedValue, EnumValue, DateTimeValue, DateTimeOffsetValue, GuidValue, TimeSpanValue } from './values.js';
import { defOfObject, type TypeDef } from './registry.js';
import { toDotnetString } from './format.js';
import { enumerate } from './enumerate.js';

export function toJsonValue(v: unknown, depth = 0): unknown {
  if (v === null || v === undefined) return null;
  if (depth > 32) return toDotnetString(v);
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : toDotnetString(v);
    case 'bigint':
      return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    case 'function':
      return toDotnetString(v);
  }
  if (v instanceof BoxedValue) return v.type === 'System.Char' ? String.fromCharCode(v.value as number) : typeof v.value === 'bigint' ? toJsonValue(v.value) : v.value;
  if (v instanceof EnumValue) return v.name;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof DateTimeValue || v instanceof DateTimeOffsetValue || v instanceof GuidValue || v instanceof TimeSpanValue) return toDotnetString(v);
  if (Array.isArray(v)) return v.map((x) => toJsonValue(x, depth + 1));
  const def = defOfObject(v as object);
  for (let d: TypeDef | undefined = def; d; d = baseOf(d)) if (d.toJsonFn) return plain(d.toJsonFn(v), depth);
  if (def) {
    for (let d: TypeDef | undefined = def; d; d = baseOf(d)) {
      if (d.iterateFn) return [...enumerate(v)].map((x) => toJsonValue(x, depth + 1));
    }
  }
  return toDotnetString(v);
}

/**
 * A type's toJson result made plain: .NET values inside it (a dictionary's values, a query's items) are
 * rendered too, so no runtime object (an XML node pointing back at its parent) reaches JSON.stringify.
 */
function plain(r: unknown, depth: number): unknown {
  if (r === null || typeof r !== 'object') return typeof r === 'string' || typeof r === 'boolean' ? r : toJsonValue(r, depth);
  // Copy-on-write: a result that is already plain JSON (a JToken's) is returned as it is, not copied.
  if (Array.isArray(r)) {
    let out: unknown[] | undefined;
    r.forEach((x, i) => {
      const y = plain(x, depth + 1);
      if (y !== x) (out ??= r.slice())[i] = y;
    });
    return out ?? r;
  }
  const proto = Object.getPrototypeOf(r) as unknown;
  if (proto !== Object.prototype && proto !== null) return toJsonValue(r, depth + 1);
  let out: Record<string, unknown> | undefined;
  for (const [k, x] of Object.entries(r)) {
    const y = plain(x, depth + 1);
    if (y !== x) (out ??= { ...r })[k] = y;
  }
  return out ?? r;
}

function baseOf(d: TypeDef): TypeDef | undefined {
  const b = d.baseType();
  return b && b.kind === 'named' ? b.def : undefined;
}
