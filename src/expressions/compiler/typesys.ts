/**
 * Relations between static types: well-known types, substitution of type parameters, subtyping
 * (base classes, interfaces, arrays), element types of enumerables, and runtime instance tests.
 */
import { Ty } from '../types.js';
import { nullableOf, parseType, typeByFullName, type TypeDef } from '../registry.js';
import { runtimeTy } from '../format.js';

const cache = new Map<string, Ty>();
export function known(fullName: string): Ty {
  let t = cache.get(fullName);
  if (!t) {
    const d = typeByFullName(fullName);
    if (!d) throw new Error(`core type ${fullName} is not registered`);
    t = Ty.named(d);
    cache.set(fullName, t);
  }
  return t;
}

export const T = {
  get int() { return known('System.Int32'); },
  get uint() { return known('System.UInt32'); },
  get long() { return known('System.Int64'); },
  get ulong() { return known('System.UInt64'); },
  get double() { return known('System.Double'); },
  get float() { return known('System.Single'); },
  get decimal() { return known('System.Decimal'); },
  get char() { return known('System.Char'); },
  get byte() { return known('System.Byte'); },
  get bool() { return known('System.Boolean'); },
  get string() { return known('System.String'); },
  get object() { return known('System.Object'); },
  get exception() { return known('System.Exception'); },
};

export function isNamed(t: Ty, fullName: string): boolean {
  return t.kind === 'named' && t.def!.fullName === fullName;
}

export function isNullable(t: Ty): boolean {
  return isNamed(t, 'System.Nullable');
}

/** The T of `T?`, or the type itself. */
export function underlying(t: Ty): Ty {
  return isNullable(t) ? t.args[0]! : t;
}

export function isValueType(t: Ty): boolean {
  if (t.kind !== 'named') return false;
  const k = t.def!.kind;
  return k === 'struct' || k === 'enum';
}

/** Can hold null: reference types, nullables, dynamic. */
export function acceptsNull(t: Ty): boolean {
  return !isValueType(t) || isNullable(t);
}

/** `T?` for value types. */
export function makeNullable(t: Ty): Ty {
  return isValueType(t) && !isNullable(t) ? nullableOf(t) : t;
}

export function subst(t: Ty, map: ReadonlyMap<string, Ty>): Ty {
  if (map.size === 0) return t;
  switch (t.kind) {
    case 'param':
      return map.get(t.param!) ?? t;
    case 'array':
      return Ty.array(subst(t.element!, map));
    case 'named':
      return t.args.length ? Ty.named(t.def!, t.args.map((a) => subst(a, map))) : t;
    default:
      return t;
  }
}

export function bindingsOf(t: Ty): Map<string, Ty> {
  const map = new Map<string, Ty>();
  if (t.kind === 'named') t.def!.typeParams.forEach((p, i) => map.set(p, t.args[i] ?? T.object));
  return map;
}

function defOf(name: string): TypeDef | undefined {
  return typeByFullName(name);
}

/** The direct supertypes of a type (base class and interfaces) with its arguments substituted. */
export function supertypes(t: Ty): Ty[] {
  if (t.kind === 'array') {
    const el = t.element!;
    const out: Ty[] = [];
    for (const n of ['System.Collections.Generic.IList', 'System.Collections.Generic.IReadOnlyList']) {
      const d = defOf(n);
      if (d) out.push(Ty.named(d, [el]));
    }
    out.push(known('System.Array'));
    return out;
  }
  if (t.kind !== 'named') return [];
  const map = bindingsOf(t);
  const out: Ty[] = [];
  const base = t.def!.baseType();
  if (base) out.push(subst(base, map));
  for (const i of t.def!.interfaces()) out.push(subst(i, map));
  return out;
}

/** `from` viewed as the generic definition `target` (e.g. List<string> as IEnumerable<T> → IEnumerable<string>). */
export function asSupertype(from: Ty, target: TypeDef): Ty | undefined {
  const seen = new Set<string>();
  const queue: Ty[] = [from];
  while (queue.length) {
    const t = queue.shift()!;
    if (seen.has(t.key)) continue;
    seen.add(t.key);
    if (t.kind === 'named' && t.def === target) return t;
    queue.push(...supertypes(t));
  }
  return undefined;
}

/** Reference/identity conversion from → to (with IEnumerable<T> covariance). */
export function isSubtype(from: Ty, to: Ty): boolean {
  if (from === to) return true;
  if (to.kind === 'dynamic' || from.kind === 'dynamic') return true;
  if (isNamed(to, 'System.Object')) return true;
  if (to.kind === 'array' && from.kind === 'array') return !isValueType(from.element!) && isSubtype(from.element!, to.element!);
  if (to.kind !== 'named') return false;
  const view = asSupertype(from, to.def!);
  if (!view) return false;
  if (view === to) return true;
  // Covariance of IEnumerable<out T> and IReadOnly*<out T>: element reference conversions.
  return view.args.every((a, i) => a === to.args[i] || (isCovariant(to.def!) && !isValueType(a) && isSubtype(a, to.args[i]!)));
}

function isCovariant(def: TypeDef): boolean {
  return /^System\.Collections\.Generic\.(IEnumerable|IReadOnlyCollection|IReadOnlyList)$/.test(def.fullName) || def.fullName === 'System.Func';
}

/** The element type of something `foreach` can walk, or undefined. */
export function elementTypeOf(t: Ty): Ty | undefined {
  if (t.kind === 'dynamic') return Ty.dynamic;
  if (t.kind === 'array') return t.element!;
  if (t.kind !== 'named') return undefined;
  if (t.def!.elementTypeText) return subst(parseType(t.def!.elementTypeText, t.def!.typeParams), bindingsOf(t));
  const ienum = defOf('System.Collections.Generic.IEnumerable');
  if (ienum) {
    const view = asSupertype(t, ienum);
    if (view) return view.args[0];
  }
  for (const s of supertypes(t)) {
    const e = elementTypeOf(s);
    if (e) return e;
  }
  if (defOf('System.Collections.IEnumerable') && asSupertype(t, defOf('System.Collections.IEnumerable')!)) return T.object;
  return undefined;
}

/** Whether a runtime value is an instance of the static type (for `is`, `as`, casts, catch). */
export function isInstance(v: unknown, t: Ty): boolean {
  if (v === null || v === undefined) return false;
  if (t.kind === 'dynamic' || isNamed(t, 'System.Object')) return true;
  if (isNullable(t)) return isInstance(v, t.args[0]!);
  const rt = runtimeTy(v);
  if (rt === t) return true;
  // Generic runtime types whose arguments are not tracked (typeArgs absent) match any arguments.
  if (t.kind === 'named' && t.args.length) {
    const view = asSupertype(rt, t.def!);
    if (view) return view === t || view.args.every((a, i) => a === t.args[i] || isNamed(a, 'System.Object') || isSubtype(a, t.args[i]!));
    return false;
  }
  return isSubtype(rt, t);
}
