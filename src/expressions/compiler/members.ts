/**
 * Member lookup and overload resolution against the registry: instance members along the base chain,
 * statics, extension methods, argument-to-parameter mapping (positional, named, optional, params),
 * generic type inference from arguments and lambdas, and the choice of the best overload.
 */
import { Ty } from '../types.js';
import {
  extensionsNamed,
  isOverloads,
  propertyType,
  signatureOf,
  type AnyFn,
  type FieldSpec,
  type MemberSpec,
  type Overload,
  type ParamSpec,
  type PropertySpec,
  type TypeDef,
} from '../registry.js';
import { T, asSupertype, bindingsOf, isNamed, subst, supertypes, underlying } from './typesys.js';
import { implicitConversion, type Conv } from './conversions.js';
import type { CExpr } from './unit.js';
import type { Expr } from '../ast.js';
import { makeArray } from '../values.js';

export interface Candidate {
  o: Overload;
  owner: TypeDef;
  /** The owner's type parameters bound from the receiver (List<T> with T = string). */
  map: Map<string, Ty>;
  isExtension: boolean;
}

export type MemberLookup =
  | { kind: 'value'; spec: PropertySpec | FieldSpec; owner: TypeDef; ty: Ty }
  | { kind: 'methods'; candidates: Candidate[] };

/** Views of a type along its base chain and interfaces, each with its own bindings. */
function* views(t: Ty): Generator<Ty> {
  const seen = new Set<string>();
  const queue: Ty[] = [t];
  while (queue.length) {
    const v = queue.shift()!;
    if (seen.has(v.key)) continue;
    seen.add(v.key);
    if (v.kind === 'named') yield v;
    queue.push(...supertypes(v));
  }
  // Every type, interfaces included, has object's members (GetType, ToString, Equals) in C#.
  if (!seen.has(T.object.key)) yield T.object;
}

/** An instance member (property, field or methods) of a static type, or undefined. */
export function lookupInstance(t: Ty, name: string): MemberLookup | undefined {
  const receiver = underlying(t);
  const candidates: Candidate[] = [];
  for (const v of views(receiver.kind === 'array' ? receiver : receiver)) {
    const spec = v.def!.members.get(name);
    if (!spec) continue;
    if (!isOverloads(spec)) {
      if (candidates.length) continue;
      return { kind: 'value', spec, owner: v.def!, ty: subst(propertyType(spec, v.def!), bindingsOf(v)) };
    }
    for (const o of Array.isArray(spec) ? spec : [spec]) candidates.push({ o, owner: v.def!, map: bindingsOf(v), isExtension: false });
  }
  return candidates.length ? { kind: 'methods', candidates } : undefined;
}

/** Every member name of a type, instance and static, along its base chain (for "did you mean"). */
export function memberNames(t: Ty): Set<string> {
  const names = new Set<string>();
  for (const v of views(underlying(t))) for (const name of v.def!.members.keys()) names.add(name);
  const start = underlying(t);
  for (let d = start.kind === 'named' ? start.def : undefined; d; d = baseDefOf(d)) for (const name of d.statics.keys()) names.add(name);
  return names;
}

/** A static member of a type definition. */
export function lookupStatic(def: TypeDef, name: string): MemberLookup | undefined {
  for (let d: TypeDef | undefined = def; d; d = baseDefOf(d)) {
    const spec: MemberSpec | undefined = d.statics.get(name);
    if (!spec) continue;
    if (!isOverloads(spec)) return { kind: 'value', spec, owner: d, ty: propertyType(spec, d) };
    return { kind: 'methods', candidates: (Array.isArray(spec) ? spec : [spec]).map((o) => ({ o, owner: d!, map: new Map(), isExtension: false })) };
  }
  return undefined;
}

function baseDefOf(d: TypeDef): TypeDef | undefined {
  const b = d.baseType();
  return b && b.kind === 'named' ? b.def : undefined;
}

export function extensionCandidates(name: string): Candidate[] {
  return extensionsNamed(name).map((o) => ({ o, owner: ownerOfExtension(o), map: new Map(), isExtension: true }));
}

const extensionOwners = new WeakMap<Overload, TypeDef>();
function ownerOfExtension(o: Overload): TypeDef {
  return extensionOwners.get(o) ?? (undefined as unknown as TypeDef);
}

/** Indexers of a type along its base chain. */
export function indexerCandidates(t: Ty): Candidate[] {
  const out: Candidate[] = [];
  for (const v of views(underlying(t))) for (const o of v.def!.indexers) out.push({ o, owner: v.def!, map: bindingsOf(v), isExtension: false });
  return out;
}

// ───────────────────────────── overload resolution ─────────────────────────────

export interface ArgIn {
  /** Compiled argument (absent for lambdas). */
  c?: CExpr;
  lambda?: Extract<Expr, { kind: 'lambda' }>;
  /** A method group (`char.IsLetter`): a lambda of the delegate's arity calling it (`lambda` is its one-parameter form). */
  groupLambda?: (arity: number) => Extract<Expr, { kind: 'lambda' }>;
  name?: string;
  modifier?: 'out' | 'ref';
  pos: number;
}

/** Compiles a lambda for given parameter types; returns its delegate type's return type and closure. */
export type LambdaCompiler = (node: Extract<Expr, { kind: 'lambda' }>, params: Ty[], returnTy: Ty | undefined) => { body: Ty; c: CExpr } | undefined;

export interface Resolved {
  cand: Candidate;
  params: ParamSpec[];
  returns: Ty;
  typeArgs: Ty[];
  fn: AnyFn;
  /** One entry per parameter: how to compute it. */
  slots: ParamSlot[];
  cost: number;
}

export type ParamSlot =
  | { kind: 'arg'; c: CExpr; conv: Conv; argIndex: number }
  | { kind: 'default'; value: unknown }
  | { kind: 'params'; items: { c: CExpr; conv: Conv }[]; elementTy: Ty }
  | { kind: 'out'; argIndex: number; ty: Ty };

export interface ResolveFailure {
  reason: string;
}

/** Picks the best applicable overload; returns a failure message when none applies. */
export function resolveOverload(
  candidates: Candidate[],
  args: ArgIn[],
  explicitTypeArgs: Ty[] | undefined,
  compileLambda: LambdaCompiler,
  receiver?: CExpr,
): Resolved | ResolveFailure {
  let best: Resolved | undefined;
  let lastReason = 'no overload takes these arguments';
  for (const cand of candidates) {
    const r = tryCandidate(cand, args, explicitTypeArgs, compileLambda, receiver);
    if ('reason' in r) {
      lastReason = r.reason;
      continue;
    }
    if (!best || r.cost < best.cost) best = r;
  }
  return best ?? { reason: lastReason };
}

function tryCandidate(
  cand: Candidate,
  argsIn: ArgIn[],
  explicitTypeArgs: Ty[] | undefined,
  compileLambda: LambdaCompiler,
  receiver?: CExpr,
): Resolved | ResolveFailure {
  const sig = signatureOf(cand.o, cand.owner);
  const params = sig.params;
  const args: ArgIn[] = cand.isExtension ? [{ c: receiver!, pos: receiver ? 0 : 0 }, ...argsIn] : argsIn;
  if (cand.isExtension && !params[0]?.isThis) return { reason: 'not an extension method' };
  if (explicitTypeArgs && explicitTypeArgs.length !== sig.typeParams.length) return { reason: `wrong number of type arguments` };
  // Map arguments to parameters.
  const byParam: (ArgIn | ArgIn[] | undefined)[] = new Array(params.length).fill(undefined);
  let positional = 0;
  let expanded = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.name) {
      const pi = params.findIndex((p) => p.name === a.name);
      if (pi < 0 || byParam[pi]) return { reason: `no parameter named '${a.name}'` };
      byParam[pi] = a;
      continue;
    }
    const pi = positional++;
    const p = params[pi] ?? (params.length && params[params.length - 1]!.isParams ? params[params.length - 1] : undefined);
    if (!p) return { reason: `no overload takes ${argsIn.length} arguments` };
    const idx = pi < params.length ? pi : params.length - 1;
    if (p.isParams) {
      // Expanded form unless exactly one argument already converts to the array type.
      const isLast = i === args.length - 1 && idx === pi;
      if (isLast && !expanded && a.c && (a.c.ty.kind === 'array' || a.c.ty.kind === 'null') && implicitConversion(a.c.ty, p.type)) {
        byParam[idx] = a;
        continue;
      }
      expanded = true;
      const list = (byParam[idx] as ArgIn[] | undefined) ?? [];
      list.push(a);
      byParam[idx] = list;
      continue;
    }
    byParam[idx] = a;
  }
  for (let i = 0; i < params.length; i++) {
    if (byParam[i] === undefined && !params[i]!.default && !params[i]!.isParams) return { reason: `missing argument for parameter '${params[i]!.name}'` };
  }
  // Infer method type arguments.
  const map = new Map(cand.map);
  if (explicitTypeArgs) sig.typeParams.forEach((p, i) => map.set(p, explicitTypeArgs[i]!));
  const paramTy = (i: number): Ty => {
    const p = params[i]!;
    const t = subst(p.type, map);
    return p.isParams && Array.isArray(byParam[i]) ? t.element ?? t : t;
  };
  for (let i = 0; i < params.length; i++) {
    const a = byParam[i];
    const list = Array.isArray(a) ? a : a ? [a] : [];
    for (const x of list) if (x.c) unify(params[i]!.isParams && Array.isArray(a) ? (params[i]!.type.element ?? params[i]!.type) : params[i]!.type, x.c.ty, map, sig.typeParams);
  }
  // Lambdas: bind their parameter types, compile, infer result types.
  const lambdas = new Map<ArgIn, CExpr>();
  for (let i = 0; i < params.length; i++) {
    const a = byParam[i];
    if (!a || Array.isArray(a) || !a.lambda) continue;
    const delegate = subst(params[i]!.type, map);
    const shape = delegateShape(delegate);
    if (!shape) return { reason: `a lambda cannot convert to '${delegate.display}'` };
    const lambda = a.groupLambda ? a.groupLambda(shape.inputs.length) : a.lambda;
    if (shape.inputs.length !== lambda.params.length) return { reason: `the lambda takes ${lambda.params.length} parameters, '${delegate.display}' ${shape.inputs.length}` };
    const inputs = shape.inputs.map((t) => (hasParams(t) ? Ty.dynamic : t));
    const wanted = shape.output && !hasParams(shape.output) ? shape.output : undefined;
    const compiled = compileLambda(lambda, inputs, wanted);
    if (!compiled) return { reason: 'the lambda does not compile for this overload' };
    if (shape.output) unify(shapeOutputOf(params[i]!.type), compiled.body, map, sig.typeParams);
    lambdas.set(a, compiled.c);
  }
  for (const tp of sig.typeParams) if (!map.has(tp)) map.set(tp, Ty.dynamic);
  // Conversions and cost.
  let cost = 0;
  const slots: ParamSlot[] = [];
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const a = byParam[i];
    const target = paramTy(i);
    if (a === undefined) {
      if (p.isParams) {
        slots.push({ kind: 'params', items: [], elementTy: subst(p.type, map).element ?? T.object });
        continue;
      }
      slots.push({ kind: 'default', value: p.default!.value });
      cost += 0.01;
      continue;
    }
    if (Array.isArray(a)) {
      const items: { c: CExpr; conv: Conv }[] = [];
      for (const x of a) {
        if (!x.c) return { reason: 'a lambda cannot be a params argument' };
        const conv = implicitConversion(x.c.ty, target, x.c.constant);
        if (!conv) return { reason: `cannot convert from '${x.c.ty.display}' to '${target.display}'` };
        cost += conv.cost;
        items.push({ c: x.c, conv: conv.conv });
      }
      slots.push({ kind: 'params', items, elementTy: target });
      cost += 0.5;
      continue;
    }
    if (p.byRef === 'out' || p.byRef === 'ref') {
      if (a.modifier !== p.byRef) return { reason: `argument ${i + 1} must be passed with the '${p.byRef}' keyword` };
      slots.push({ kind: 'out', argIndex: args.indexOf(a), ty: target });
      continue;
    }
    if (a.modifier) return { reason: `argument ${i + 1} may not be passed with the '${a.modifier}' keyword` };
    const c = a.lambda ? lambdas.get(a)! : a.c!;
    const conv = a.lambda ? { conv: null, cost: 0 } : implicitConversion(c.ty, target, c.constant);
    if (!conv) return { reason: `cannot convert from '${c.ty.display}' to '${target.display}'` };
    cost += conv.cost;
    slots.push({ kind: 'arg', c, conv: conv.conv, argIndex: args.indexOf(a) });
  }
  const typeArgs = sig.typeParams.map((p) => map.get(p)!);
  const fn = cand.o.bind ? cand.o.bind(typeArgs) : cand.o.fn!;
  return { cand, params, returns: subst(sig.returns, map), typeArgs, fn, slots, cost };
}

function hasParams(t: Ty): boolean {
  if (t.kind === 'param') return true;
  if (t.kind === 'array') return hasParams(t.element!);
  return t.args.some(hasParams);
}

/** Inputs and output of a delegate type (`Func<A, R>`, `Action<A>`, `Predicate<A>`). */
export function delegateShape(t: Ty): { inputs: Ty[]; output?: Ty } | undefined {
  if (t.kind !== 'named') return t.kind === 'dynamic' ? undefined : undefined;
  const name = t.def!.fullName;
  if (name === 'System.Func') return { inputs: t.args.slice(0, -1), output: t.args[t.args.length - 1]! };
  if (name === 'System.Action') return { inputs: [...t.args] };
  if (name === 'System.Predicate') return { inputs: [...t.args], output: T.bool };
  return undefined;
}

function shapeOutputOf(t: Ty): Ty {
  return delegateShape(t)?.output ?? Ty.voidType;
}

/** Binds method type parameters in `param` from the argument type `arg`. */
export function unify(param: Ty, arg: Ty, map: Map<string, Ty>, typeParams: readonly string[]): void {
  if (arg.kind === 'null' || arg.kind === 'lambda') return;
  if (param.kind === 'param') {
    if (typeParams.includes(param.param!) && !map.has(param.param!)) map.set(param.param!, arg);
    return;
  }
  if (param.kind === 'array') {
    if (arg.kind === 'array') unify(param.element!, arg.element!, map, typeParams);
    return;
  }
  if (param.kind !== 'named' || param.args.length === 0) return;
  if (arg.kind === 'dynamic') {
    for (const a of param.args) unify(a, Ty.dynamic, map, typeParams);
    return;
  }
  if (isNamed(param, 'System.Nullable') && !isNamed(arg, 'System.Nullable')) {
    unify(param.args[0]!, arg, map, typeParams);
    return;
  }
  const view = asSupertype(arg, param.def!);
  if (view) param.args.forEach((p, i) => unify(p, view.args[i]!, map, typeParams));
}

/** Build the array passed for a `params T[]` parameter. */
export function paramsArray(elementTy: Ty, items: unknown[]): unknown {
  if (isNamed(elementTy, 'System.Byte')) return Uint8Array.from(items as number[]);
  return makeArray(elementTy.kind === 'named' ? elementTy.def!.fullName : 'System.Object', items);
}

/** Registers which type an extension overload belongs to (for diagnostics). */
export function noteExtensionOwner(o: Overload, owner: TypeDef): void {
  extensionOwners.set(o, owner);
}
