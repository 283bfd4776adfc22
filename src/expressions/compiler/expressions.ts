/**
 * Compiles expression nodes to closures over a Frame. Static types drive every decision (operator,
 * conversion, member); `dynamic` receivers fall back to resolution on the runtime type, cached per
 * call site.
 */
import type { Arg, Expr, Initializer, Stmt, TypeSyntax } from '../ast.js';
import { Ty } from '../types.js';
import {
  isNamespace,
  nullableOf,
  registerType,
  typeByFullName,
  typesByName,
  method,
  prop,
  type AnyFn,
  type FieldSpec,
  type PropertySpec,
  type TypeDef,
} from '../registry.js';
import { makeArray, box, unbox, KEYWORD_TYPES } from '../values.js';
import { dotnetError } from '../errors.js';
import { BudgetExceeded, MAX_CALL_DEPTH, tick, checkArrayLength, checkStringLength } from '../budget.js';
import { align, formatWith, runtimeTy, stringifierFor, toDotnetString } from '../format.js';
import { T, acceptsNull, elementTypeOf, isInstance, isNamed, isNullable, isValueType, makeNullable, underlying } from './typesys.js';
import { boxer, checkedCast, compose, enumValue, explicitConversion, implicitConversion, type Conv } from './conversions.js';
import { binaryOperator, inCheckedContext, unaryOperator } from './operators.js';
import { defaultOfTy } from '../runtime/equality.js';
import { SystemType } from '../runtime/system-type.js';
import {
  delegateShape,
  extensionCandidates,
  indexerCandidates,
  lookupInstance,
  lookupStatic,
  memberNames,
  paramsArray,
  resolveOverload,
  type ArgIn,
  type Candidate,
  type Resolved,
} from './members.js';
import { nearestName } from '../../policy/nearest-name.js';
import { CompileError, SHORT, Scope, type BodyContext, type CExpr, type Ev, type Frame, type MethodGroup } from './unit.js';

/** Full name of the type of the implicit `context` variable (registered by runtime/context.ts). */
export const CONTEXT_TYPE = 'Microsoft.Azure.ApiManagement.Policies.Expressions.IContext';

export interface Cx {
  scope: Scope;
  /** Inside a loop or switch (`break` allowed) / a loop (`continue` allowed). */
  canBreak?: boolean;
  canContinue?: boolean;
  body: BodyContext;
  /** Compiles a statement (injected by statements.ts to avoid an import cycle). */
  compileBody: (stmt: Stmt, cx: Cx) => { run: (f: Frame) => number; completes: boolean };
}

const nullReference = () => dotnetError('System.NullReferenceException');

// ───────────────────────────── entry points ─────────────────────────────

/** Compiles a node that must produce a value. */
export function compileValue(node: Expr, cx: Cx): CExpr {
  const c = compileAny(node, cx);
  if (c.typeRef) throw new CompileError(`'${c.typeRef.display}' is a type, which is not valid in the given context (CS0119)`, node.pos);
  if (c.namespace !== undefined) throw new CompileError(`'${c.namespace}' is a namespace but is used like a variable (CS0118)`, node.pos);
  if (c.group) throw new CompileError(`'${c.group.name}' is a method group; call it with ( ) (CS0428)`, node.pos);
  if (c.short) {
    const ev = c.ev;
    return { ...c, short: false, ev: (f) => { const v = ev(f); return v === SHORT ? null : v; } };
  }
  return c;
}

/** Compiles and converts implicitly to `to` (or reports CS0029). */
export function compileAs(node: Expr, to: Ty, cx: Cx): CExpr {
  if (node.kind === 'lambda') {
    const shape = delegateShape(to);
    if (!shape) throw new CompileError(`Cannot convert lambda expression to type '${to.display}' (CS1660)`, node.pos);
    const r = compileLambda(node, shape.inputs, shape.output, cx);
    return r.c;
  }
  const c = compileValue(node, cx);
  return convertTo(c, to, node.pos);
}

export function convertTo(c: CExpr, to: Ty, pos: number): CExpr {
  if (c.ty === to) return c;
  const conv = implicitConversion(c.ty, to, c.constant);
  if (!conv) {
    const explicit = explicitConversion(c.ty, to, c.constant);
    const hint = explicit !== undefined ? ' An explicit conversion exists (are you missing a cast?)' : '';
    throw new CompileError(`Cannot implicitly convert type '${c.ty.display}' to '${to.display}'.${hint} (CS0029)`, pos);
  }
  return withConv(c, conv.conv, to, pos);
}

function withConv(c: CExpr, conv: Conv, to: Ty, pos: number): CExpr {
  if (!conv) return { ty: to, ev: c.ev, ...(c.constant ? { constant: c.constant } : {}) };
  const ev = c.ev;
  if (c.constant) {
    try {
      const value = conv(c.constant.value);
      return { ty: to, ev: () => value, constant: { value } };
    } catch {
      /* fall through to run time */
    }
  }
  return { ty: to, ev: (f) => { const v = ev(f); f.pos = pos; return conv(v); } };
}

/** Compiles a condition (`if`, `while`, `?:`, `&&`): must be bool. */
export function compileCondition(node: Expr, cx: Cx): Ev {
  const c = compileValue(node, cx);
  if (c.ty.kind === 'dynamic') {
    const ev = c.ev;
    return (f) => {
      const v = ev(f);
      if (typeof v !== 'boolean') {
        f.pos = node.pos;
        throw dotnetError('System.InvalidCastException', `Unable to cast object of type '${runtimeTy(v).dotnetName}' to type 'System.Boolean'.`);
      }
      return v;
    };
  }
  return convertTo(c, T.bool, node.pos).ev;
}

// ───────────────────────────── dispatcher ─────────────────────────────

type Handler<K extends Expr['kind']> = (node: Extract<Expr, { kind: K }>, cx: Cx) => CExpr;
const handlers: { [K in Expr['kind']]: Handler<K> } = {
  literal: compileLiteral,
  interp: compileInterpolation,
  name: compileName,
  member: (n, cx) => compileMember(n, cx),
  call: (n, cx) => compileCall(n, cx),
  index: (n, cx) => compileIndex(n, cx),
  unary: compileUnary,
  postfix: compilePostfix,
  binary: compileBinary,
  assign: compileAssign,
  conditional: compileConditional,
  cast: compileCast,
  is: compileIs,
  isPattern: compileIsPattern,
  as: compileAsOperator,
  typeof: compileTypeof,
  nameof: (n) => constant(T.string, n.text),
  default: compileDefault,
  new: compileNew,
  newArray: compileNewArray,
  newAnon: compileNewAnon,
  lambda: (n) => {
    throw new CompileError('A lambda expression can only be used where a delegate type is expected', n.pos);
  },
  throwExpr: compileThrowExpr,
  this: (n) => {
    throw new CompileError("Keyword 'this' is not available in a policy expression (CS0026)", n.pos);
  },
  checked: (n, cx) => inCheckedContext(n.checked, () => compileValue(n.operand, cx)),
};

export function compileAny(node: Expr, cx: Cx): CExpr {
  return (handlers[node.kind] as Handler<typeof node.kind>)(node as never, cx);
}

function constant(ty: Ty, value: unknown): CExpr {
  return { ty, ev: () => value, constant: { value } };
}

// ───────────────────────────── literals and names ─────────────────────────────


function compileLiteral(node: Extract<Expr, { kind: 'literal' }>): CExpr {
  if (node.litType === 'null') return { ty: Ty.nullType, ev: () => null, constant: { value: null } };
  const ty = Ty.named(typeByFullName(KEYWORD_TYPES[node.litType]!)!);
  let value = node.value;
  if (node.litType === 'float') value = Math.fround(value as number);
  return constant(ty, value);
}

function compileInterpolation(node: Extract<Expr, { kind: 'interp' }>, cx: Cx): CExpr {
  const parts = node.parts;
  const holes = node.holes.map((h) => {
    const c = compileValue(h.expr, cx);
    const ev = c.ev;
    const width = h.alignment ? Number(compileAs(h.alignment, T.int, cx).constant?.value ?? 0) : 0;
    const fmt = h.format;
    const str = fmt !== undefined ? (v: unknown) => formatWith(c.ty, v, fmt) : stringifierFor(c.ty);
    const pos = h.expr.pos;
    return width
      ? (f: Frame) => { const v = ev(f); f.pos = pos; return align(str(v), width); }
      : (f: Frame) => { const v = ev(f); f.pos = pos; return str(v); };
  });
  return {
    ty: T.string,
    ev: (f) => {
      let s = parts[0]!;
      for (let i = 0; i < holes.length; i++) s += holes[i]!(f) + parts[i + 1]!;
      if (s.length > 65536) checkStringLength(s.length);
      return s;
    },
  };
}

function compileName(node: Extract<Expr, { kind: 'name' }>, cx: Cx): CExpr {
  const local = node.typeArgs ? undefined : cx.scope.lookup(node.name);
  if (local) {
    const slot = local.slot;
    if (local.constant) return { ty: local.ty, ev: () => local.constant!.value, constant: local.constant };
    return {
      get ty() {
        return local.ty;
      },
      ev: (f) => f.slots[slot],
      store: (f, v) => {
        f.slots[slot] = v;
      },
    } as CExpr;
  }
  if (node.name === 'context' && !node.typeArgs) {
    const def = typeByFullName(CONTEXT_TYPE);
    return { ty: def ? Ty.named(def) : Ty.dynamic, ev: (f) => f.context };
  }
  const type = resolveTypeName(node.name, node.typeArgs ?? [], cx, node.pos, true);
  if (type) return { ty: type, ev: () => null, typeRef: type };
  if (isNamespace(node.name)) return { ty: Ty.dynamic, ev: () => null, namespace: node.name };
  if (/^[A-Z]/.test(node.name)) throw new CompileError(`'${node.name}' is not a supported type or a known name in policy expressions`, node.pos, 'OH301');
  throw new CompileError(`The name '${node.name}' does not exist in the current context (CS0103)`, node.pos);
}

// ───────────────────────────── types ─────────────────────────────

/** Resolves written type syntax to a Ty (throws CompileError when unknown). */
export function resolveType(t: TypeSyntax, cx: Cx): Ty {
  let ty = resolveTypeName(t.name, t.args, cx, t.pos, false)!;
  if (t.nullable) ty = nullableOf(ty);
  for (let i = 0; i < t.rank; i++) ty = Ty.array(ty);
  return ty;
}

function resolveTypeName(name: string, args: TypeSyntax[], cx: Cx, pos: number, quiet: boolean): Ty | undefined {
  if (name === 'dynamic') return Ty.dynamic;
  const defs = typesByName(name, args.length);
  const def = defs[0];
  if (!def) {
    if (quiet) return undefined;
    throw new CompileError(`The type '${name}${args.length ? `<${args.map((a) => a.name).join(', ')}>` : ''}' is not supported in policy expressions`, pos, 'OH301');
  }
  return Ty.named(def, args.map((a) => resolveType(a, cx)));
}

// ───────────────────────────── member access ─────────────────────────────

function compileTarget(node: Expr, cx: Cx): CExpr {
  if (node.kind === 'member' || node.kind === 'call' || node.kind === 'index') return compileAny(node, cx);
  return compileAny(node, cx);
}

function compileMember(node: Extract<Expr, { kind: 'member' }>, cx: Cx): CExpr {
  const target = compileTarget(node.target, cx);
  const arity = node.typeArgs?.length ?? 0;
  if (target.namespace !== undefined) {
    const full = `${target.namespace}.${node.name}`;
    const defs = typesByName(full, arity);
    if (defs[0]) {
      const ty = Ty.named(defs[0], (node.typeArgs ?? []).map((a) => resolveType(a, cx)));
      return { ty, ev: () => null, typeRef: ty };
    }
    if (isNamespace(full)) return { ty: Ty.dynamic, ev: () => null, namespace: full };
    throw new CompileError(`The type or namespace name '${node.name}' does not exist in the namespace '${target.namespace}'`, node.opPos + 1, 'OH301');
  }
  if (target.typeRef) return compileStaticMember(target.typeRef, node, cx);
  if (target.group) throw new CompileError(`'${target.group.name}' is a method group`, node.opPos);
  return compileInstanceMember(target, node, cx);
}

function compileStaticMember(type: Ty, node: Extract<Expr, { kind: 'member' }>, cx: Cx): CExpr {
  const def = type.def;
  if (!def) throw new CompileError(`'${type.display}' has no static members`, node.opPos);
  if (def.kind === 'enum' && def.enumMembers.has(node.name)) {
    return constant(type, enumValue(def, def.enumMembers.get(node.name)!));
  }
  const m = lookupStatic(def, node.name);
  if (!m) throw unsupported(type, node.name, node.opPos + 1);
  if (m.kind === 'value') return valueMember(m.spec, m.ty, undefined, node.opPos);
  return {
    ty: Ty.dynamic,
    ev: () => null,
    group: { name: node.name, staticOf: def, conditional: false, pos: node.opPos, ...(node.typeArgs ? { typeArgs: node.typeArgs.map((a) => resolveType(a, cx)) } : {}) },
  };
}

export function unsupported(type: Ty, member: string, pos: number): CompileError {
  const near = member === '.ctor' ? undefined : nearestName(member, memberNames(type));
  return new CompileError(`'${type.display}' does not contain a supported member '${member}'${near ? `; did you mean '${near}'?` : ''}`, pos, 'OH301');
}

function valueMember(spec: PropertySpec | FieldSpec, ty: Ty, receiver: CExpr | undefined, pos: number, conditional = false): CExpr {
  if (spec.kind === 'field' && !receiver) {
    const value = spec.value;
    return { ty, ev: () => value, constant: { value } };
  }
  const get = spec.kind === 'property' ? spec.get : () => spec.value;
  const set = spec.kind === 'property' ? spec.set : undefined;
  if (!receiver) {
    return { ty, ev: (f) => { f.pos = pos; return get(); }, ...(set ? { store: (_f: Frame, v: unknown) => set(v) } : {}) };
  }
  const rev = receiver.ev;
  const short = conditional || receiver.short;
  const resultTy = conditional ? makeNullable(ty) : ty;
  const ev: Ev = (f) => {
    const self = rev(f);
    if (self === SHORT) return SHORT;
    if (self === null || self === undefined) {
      if (conditional) return SHORT;
      f.pos = pos;
      throw nullReference();
    }
    f.pos = pos;
    return get(self);
  };
  const c: CExpr = { ty: resultTy, ev, ...(short ? { short: true } : {}) };
  if (set) c.store = (f, v) => {
    const self = rev(f);
    if (self === null || self === undefined) {
      f.pos = pos;
      throw nullReference();
    }
    set(self, v);
  };
  return c;
}

function compileInstanceMember(target: CExpr, node: Extract<Expr, { kind: 'member' }>, cx: Cx): CExpr {
  const typeArgs = node.typeArgs?.map((a) => resolveType(a, cx));
  const group: MethodGroup = { name: node.name, receiver: target, conditional: node.conditional, pos: node.opPos, ...(typeArgs ? { typeArgs } : {}) };
  if (target.ty.kind === 'dynamic') {
    return { ty: Ty.dynamic, ev: dynamicGet(target, node.name, node.opPos, node.conditional), group, ...(target.short || node.conditional ? { short: true } : {}) };
  }
  if (target.ty.kind === 'null') throw new CompileError(`Cannot access member '${node.name}' of the null literal`, node.opPos);
  if (isNullable(target.ty) && (node.name === 'HasValue' || node.name === 'Value')) {
    const ev = target.ev;
    const inner = underlying(target.ty);
    if (node.name === 'HasValue') return { ty: T.bool, ev: (f) => { const v = ev(f); return v !== null && v !== undefined; } };
    return {
      ty: inner,
      ev: (f) => {
        const v = ev(f);
        if (v === null || v === undefined) {
          f.pos = node.opPos;
          throw dotnetError('System.InvalidOperationException', 'Nullable object must have a value.');
        }
        return v;
      },
    };
  }
  if (isNullable(target.ty) && node.name === 'GetValueOrDefault') return { ty: Ty.dynamic, ev: () => null, group };
  const m = lookupInstance(target.ty, node.name);
  if (m?.kind === 'value') {
    const c = valueMember(m.spec, m.ty, target, node.opPos, node.conditional);
    return extensionCandidates(node.name).length ? { ...c, extensionGroup: group } : c;
  }
  if (m?.kind === 'methods' || extensionCandidates(node.name).length) return { ty: Ty.dynamic, ev: () => null, group };
  throw unsupported(target.ty, node.name, node.opPos + 1);
}

/** `x.Name` on a dynamic receiver: resolved on the runtime type, cached per type. */
function dynamicGet(target: CExpr, name: string, pos: number, conditional: boolean): Ev {
  const rev = target.ev;
  let cacheDef: TypeDef | undefined;
  let cacheGet: AnyFn | undefined;
  let cacheConv: Conv = null;
  return (f) => {
    const self = rev(f);
    if (self === SHORT) return SHORT;
    f.pos = pos;
    if (self === null || self === undefined) {
      if (conditional) return SHORT;
      throw nullReference();
    }
    const rt = runtimeTy(self);
    if (!(rt.def && rt.def === cacheDef)) {
      const m = lookupInstance(rt, name);
      if (!m || m.kind !== 'value') throw dotnetError('Microsoft.CSharp.RuntimeBinder.RuntimeBinderException', `'${rt.dotnetName}' does not contain a definition for '${name}'`);
      cacheDef = rt.def;
      cacheGet = m.spec.kind === 'property' ? m.spec.get : ((v) => () => v)(m.spec.value);
      cacheConv = boxer(m.ty);
    }
    const v = cacheGet!(self);
    return cacheConv ? cacheConv(v) : v;
  };
}

// ───────────────────────────── calls ─────────────────────────────

function compileArgs(args: Arg[], cx: Cx): ArgIn[] {
  return args.map((a) => {
    const base = { pos: a.value.pos, ...(a.name ? { name: a.name } : {}), ...(a.modifier ? { modifier: a.modifier } : {}) };
    if (a.value.kind === 'lambda') return { ...base, lambda: a.value };
    if (a.declare) {
      const ty = a.declare.type ? resolveType(a.declare.type, cx) : Ty.dynamic;
      const local = cx.scope.declare(a.declare.name, ty, a.declare.pos);
      const slot = local.slot;
      const c: CExpr = { ty, ev: (f) => f.slots[slot], store: (f, v) => { f.slots[slot] = v; } };
      return { ...base, c, declared: local } as ArgIn;
    }
    const c = compileAny(a.value, cx);
    if (c.group && !a.modifier) {
      // A method group passed as a delegate (`.Select(int.Parse)`, `.Aggregate(string.Concat)`): a lambda
      // with the delegate's arity calling it; overload resolution asks for the arity it needs.
      const groupLambda = methodGroupLambda(a.value);
      return { ...base, lambda: groupLambda(1), groupLambda };
    }
    return { ...base, c: compileValue(a.value, cx) };
  });
}

/** `(p0, …, pN-1) => group(p0, …, pN-1)` for a method group expression, by arity (built once per arity). */
function methodGroupLambda(group: Expr): (arity: number) => Extract<Expr, { kind: 'lambda' }> {
  const byArity = new Map<number, Extract<Expr, { kind: 'lambda' }>>();
  const at = group.pos;
  return (arity) => {
    let lambda = byArity.get(arity);
    if (!lambda) {
      const names = Array.from({ length: arity }, (_, i) => `$group${at}_${i}`);
      const call: Expr = { kind: 'call', pos: at, end: group.end, callee: group, args: names.map((name) => ({ value: { kind: 'name', pos: at, end: at, name } })), opPos: at };
      lambda = { kind: 'lambda', pos: at, end: group.end, params: names.map((name) => ({ name, pos: at })), body: call };
      byArity.set(arity, lambda);
    }
    return lambda;
  };
}

function lambdaCompilerFor(cx: Cx) {
  return (node: Extract<Expr, { kind: 'lambda' }>, params: Ty[], returnTy: Ty | undefined) => {
    try {
      const r = compileLambda(node, params, returnTy, cx);
      return { body: r.body, c: r.c };
    } catch (e) {
      if (e instanceof CompileError) {
        lastLambdaError = e;
        return undefined;
      }
      throw e;
    }
  };
}
let lastLambdaError: CompileError | undefined;

function compileCall(node: Extract<Expr, { kind: 'call' }>, cx: Cx): CExpr {
  if (node.callee.kind === 'name' && node.callee.name === 'nameof' && !cx.scope.lookup('nameof') && node.args.length === 1) {
    const a = node.args[0]!.value;
    const name = a.kind === 'name' ? a.name : a.kind === 'member' ? a.name : undefined;
    if (!name) throw new CompileError('Expression does not have a name (CS8081)', a.pos);
    return constant(T.string, name);
  }
  const callee = compileAny(node.callee, cx);
  const args = compileArgs(node.args, cx);
  if (callee.group) return compileGroupCall(callee.group, args, node, cx);
  if (callee.extensionGroup && !delegateShape(callee.ty)) return compileGroupCall(callee.extensionGroup, args, node, cx);
  if (callee.typeRef || callee.namespace !== undefined) throw new CompileError(`'${node.callee.kind === 'name' ? node.callee.name : 'expression'}' is a type, not a method`, node.pos);
  // Delegate invocation: f(x)
  const shape = delegateShape(callee.ty);
  if (shape || callee.ty.kind === 'dynamic') {
    const argEvs = args.map((a, i) => {
      if (!a.c) throw new CompileError('A lambda cannot be passed to a delegate here', a.pos);
      return shape ? convertTo(a.c, shape.inputs[i] ?? T.object, a.pos).ev : a.c.ev;
    });
    const fev = callee.ev;
    return {
      ty: shape ? (shape.output ?? Ty.voidType) : Ty.dynamic,
      ev: (f) => {
        const fn = fev(f) as AnyFn | null;
        f.pos = node.opPos;
        if (fn === null || fn === undefined) throw nullReference();
        if (typeof fn !== 'function') throw dotnetError('Microsoft.CSharp.RuntimeBinder.RuntimeBinderException', 'Cannot invoke a non-delegate type');
        return fn(...argEvs.map((e) => e(f)));
      },
    };
  }
  throw new CompileError(`Non-invocable member of type '${callee.ty.display}' cannot be used like a method (CS1955)`, node.opPos);
}

function compileGroupCall(group: MethodGroup, args: ArgIn[], node: { pos: number; opPos: number }, cx: Cx): CExpr {
  const receiver = group.receiver;
  if (receiver && receiver.ty.kind === 'dynamic') return dynamicCall(group, args, node, cx);
  if (receiver && isNullable(receiver.ty) && group.name === 'GetValueOrDefault' && args.length <= 1) {
    const inner = underlying(receiver.ty);
    const fallback = args[0]?.c ? convertTo(args[0].c, inner, args[0].pos).ev : () => defaultValue(inner);
    const ev = receiver.ev;
    return { ty: inner, ev: (f) => { const v = ev(f); return v === null || v === undefined ? fallback(f) : v; } };
  }
  let candidates: Candidate[] = [];
  let extension: Candidate[] = [];
  if (group.staticOf) {
    const m = lookupStatic(group.staticOf, group.name);
    if (m?.kind === 'methods') candidates = m.candidates;
  } else if (receiver) {
    const m = lookupInstance(receiver.ty, group.name);
    if (m?.kind === 'methods') candidates = m.candidates;
    extension = extensionCandidates(group.name);
  }
  const compileL = lambdaCompilerFor(cx);
  lastLambdaError = undefined;
  let r = resolveOverload(candidates, args, group.typeArgs, compileL);
  let isExt = false;
  if ('reason' in r && extension.length && receiver) {
    const r2 = resolveOverload(extension, args, group.typeArgs, compileL, receiver);
    if (!('reason' in r2)) {
      r = r2;
      isExt = true;
    } else if (!candidates.length) r = r2;
  }
  if ('reason' in r) {
    if (lastLambdaError) throw lastLambdaError;
    const owner = group.staticOf ? Ty.named(group.staticOf) : receiver!.ty;
    if (!candidates.length && !extension.length) throw unsupported(owner, group.name, group.pos + 1);
    throw new CompileError(`No overload of '${owner.display}.${group.name}' matches these arguments: ${r.reason}`, group.pos + 1, 'OH301');
  }
  for (const a of args) {
    const declared = (a as ArgIn & { declared?: { ty: Ty } }).declared;
    if (declared && declared.ty.kind === 'dynamic') {
      const slot = r.slots.find((s) => s.kind === 'out' && s.argIndex === args.indexOf(a) + (isExt ? 1 : 0));
      if (slot && slot.kind === 'out') declared.ty = slot.ty;
    }
  }
  return invokeResolved(r, isExt ? undefined : receiver, group, args, isExt);
}

/** Builds the closure for a resolved call. */
function invokeResolved(r: Resolved, receiver: CExpr | undefined, group: MethodGroup, args: ArgIn[], isExt: boolean): CExpr {
  const fn = r.fn;
  const pos = group.pos;
  const argEvs: Ev[] = [];
  const outs: { index: number; store: (f: Frame, v: unknown) => void }[] = [];
  const allArgs = isExt ? [{ c: group.receiver! } as ArgIn, ...args] : args;
  for (const s of r.slots) {
    switch (s.kind) {
      case 'arg': {
        const ev = s.c.ev;
        const conv = s.conv;
        argEvs.push(conv ? (f) => conv(ev(f)) : ev);
        break;
      }
      case 'default': {
        const v = s.value;
        argEvs.push(() => v);
        break;
      }
      case 'params': {
        const items = s.items.map((i) => (i.conv ? compose(null, i.conv) : null));
        const evs = s.items.map((i) => i.c.ev);
        const el = s.elementTy;
        argEvs.push((f) => paramsArray(el, evs.map((e, k) => (items[k] ? items[k]!(e(f)) : e(f)))));
        break;
      }
      case 'out': {
        const a = allArgs[s.argIndex]!;
        const store = a.c?.store;
        if (!store) throw new CompileError('An out argument must be an assignable variable (CS1510)', a.pos);
        const index = argEvs.length;
        outs.push({ index, store });
        const getCurrent = a.c!.ev;
        argEvs.push((f) => ({ value: getCurrent(f) }));
        break;
      }
    }
  }
  const returnsVoid = r.returns.kind === 'void';
  const ty = r.returns.kind === 'void' ? Ty.voidType : r.returns;
  const conditional = group.conditional;
  const resultTy = conditional && !returnsVoid ? makeNullable(ty) : ty;
  const rev = receiver?.ev;
  const n = argEvs.length;
  const hasOuts = outs.length > 0;
  const finish = (f: Frame, vals: unknown[], result: unknown) => {
    for (const o of outs) o.store(f, (vals[o.index] as { value: unknown }).value);
    return result;
  };
  let ev: Ev;
  if (rev) {
    const isValueReceiver = isValueType(receiver!.ty) && !isNullable(receiver!.ty);
    ev = (f) => {
      const self = rev(f);
      if (self === SHORT) return SHORT;
      if ((self === null || self === undefined) && !isValueReceiver) {
        if (conditional) return SHORT;
        f.pos = pos;
        throw nullReference();
      }
      if (n === 0) {
        f.pos = pos;
        tick(f);
        return fn(self);
      }
      if (n === 1 && !hasOuts) {
        const a0 = argEvs[0]!(f);
        f.pos = pos;
        tick(f);
        return fn(self, a0);
      }
      const vals = argEvs.map((e) => e(f));
      f.pos = pos;
      tick(f);
      const result = fn(self, ...vals);
      return hasOuts ? finish(f, vals, result) : result;
    };
  } else {
    ev = (f) => {
      if (n === 0) {
        f.pos = pos;
        tick(f);
        return fn();
      }
      if (n === 1 && !hasOuts) {
        const a0 = argEvs[0]!(f);
        f.pos = pos;
        tick(f);
        return fn(a0);
      }
      const vals = argEvs.map((e) => e(f));
      f.pos = pos;
      tick(f);
      const result = fn(...vals);
      return hasOuts ? finish(f, vals, result) : result;
    };
    if (isExt && group.receiver?.short) {
      const inner = ev;
      const recvEv = group.receiver.ev;
      // The receiver is evaluated as argument 0; a SHORT receiver skips the call.
      ev = (f) => (recvEv(f) === SHORT ? SHORT : inner(f));
    }
  }
  const short = conditional || receiver?.short || (isExt && group.receiver?.short);
  return { ty: resultTy, ev, ...(short ? { short: true } : {}) };
}

/** A call on a `dynamic` receiver: overloads resolved on the runtime type, cached per type. */
function dynamicCall(group: MethodGroup, args: ArgIn[], node: { pos: number; opPos: number }, cx: Cx): CExpr {
  const pos = group.pos;
  const receiver = group.receiver!;
  const rev = receiver.ev;
  // Lambdas get dynamic parameters.
  const dynArgs: ArgIn[] = args.map((a) => {
    if (!a.lambda) return a;
    const r = compileLambda(a.lambda, a.lambda.params.map(() => Ty.dynamic), undefined, cx);
    return { ...a, lambda: undefined, c: r.c } as ArgIn;
  });
  const argEvs = dynArgs.map((a) => a.c!.ev);
  const argTys = dynArgs.map((a) => a.c!.ty);
  const cache = new Map<TypeDef | undefined, { fn: AnyFn; convs: Conv[]; ret: Conv; ext: boolean }>();
  return {
    ty: Ty.dynamic,
    ev: (f) => {
      const self = rev(f);
      if (self === SHORT) return SHORT;
      f.pos = pos;
      if (self === null || self === undefined) {
        if (group.conditional) return SHORT;
        throw nullReference();
      }
      const rt = runtimeTy(self);
      let hit = cache.get(rt.def);
      if (!hit) {
        const selfC: CExpr = { ty: rt, ev: () => self };
        const m = lookupInstance(rt, group.name);
        const fakeArgs = dynArgs.map((a, i) => ({ ...a, c: { ty: argTys[i]!.kind === 'dynamic' ? Ty.dynamic : argTys[i]!, ev: argEvs[i]! } }));
        let r = m?.kind === 'methods' ? resolveOverload(m.candidates, fakeArgs, group.typeArgs, () => undefined) : { reason: 'no method' };
        let ext = false;
        if ('reason' in r) {
          r = resolveOverload(extensionCandidates(group.name), fakeArgs, group.typeArgs, () => undefined, selfC);
          ext = true;
        }
        if ('reason' in r) throw dotnetError('Microsoft.CSharp.RuntimeBinder.RuntimeBinderException', `'${rt.dotnetName}' does not contain a definition for '${group.name}' that takes these arguments`);
        const convs: Conv[] = r.slots.slice(ext ? 1 : 0).map((s) => (s.kind === 'arg' ? s.conv : null));
        hit = { fn: r.fn, convs, ret: boxer(r.returns), ext };
        cache.set(rt.def, hit);
      }
      const vals = argEvs.map((e, i) => (hit!.convs[i] ? hit!.convs[i]!(e(f)) : e(f)));
      f.pos = pos;
      tick(f);
      const result = hit.fn(self, ...vals);
      return hit.ret ? hit.ret(result) : result;
    },
    ...(receiver.short || group.conditional ? { short: true } : {}),
  };
  void node;
}

// ───────────────────────────── indexers ─────────────────────────────

function compileIndex(node: Extract<Expr, { kind: 'index' }>, cx: Cx): CExpr {
  const target = compileTarget(node.target, cx);
  if (target.typeRef || target.namespace !== undefined || target.group) throw new CompileError('Cannot apply indexing to this expression (CS0021)', node.opPos);
  const args = compileArgs(node.args, cx);
  const pos = node.opPos;
  const conditional = node.conditional;
  const rev = target.ev;
  const short = conditional || target.short;
  const ty = target.ty;
  const guard = (f: Frame, self: unknown): boolean => {
    if (self === null || self === undefined) {
      if (conditional) return false;
      f.pos = pos;
      throw nullReference();
    }
    return true;
  };
  // Arrays and byte[]
  if (ty.kind === 'array') {
    if (args.length !== 1) throw new CompileError('Wrong number of indices inside []', pos);
    const iev = convertTo(args[0]!.c!, T.int, args[0]!.pos).ev;
    const elTy = ty.element!;
    const c: CExpr = {
      ty: conditional ? makeNullable(elTy) : elTy,
      ev: (f) => {
        const self = rev(f) as unknown[];
        if (self === (SHORT as unknown)) return SHORT;
        if (!guard(f, self)) return SHORT;
        const i = iev(f) as number;
        f.pos = pos;
        if (i < 0 || i >= self.length) throw dotnetError('System.IndexOutOfRangeException');
        return self[i];
      },
      store: (f, v) => {
        const self = rev(f) as unknown[];
        guard(f, self);
        const i = iev(f) as number;
        f.pos = pos;
        if (i < 0 || i >= self.length) throw dotnetError('System.IndexOutOfRangeException');
        self[i] = v;
      },
      ...(short ? { short: true } : {}),
    };
    return c;
  }
  if (ty.kind === 'dynamic') {
    const argEvs = args.map((a) => a.c!.ev);
    const cache = new Map<TypeDef | undefined, { get: AnyFn; set?: AnyFn; convs: Conv[]; ret: Conv }>();
    const resolve = (f: Frame, self: unknown) => {
      const rt = runtimeTy(self);
      let hit = cache.get(rt.def);
      if (!hit) {
        if (rt.kind === 'array') {
          hit = { get: (s: unknown[], i: number) => { if (i < 0 || i >= s.length) throw dotnetError('System.IndexOutOfRangeException'); return s[i]; }, set: (s: unknown[], i: number, v: unknown) => { s[i] = v; }, convs: [checkedCast(T.int)], ret: boxer(rt.element!) };
        } else {
          const r = resolveOverload(indexerCandidates(rt), args.map((a) => ({ ...a, c: { ty: Ty.dynamic, ev: a.c!.ev } })), undefined, () => undefined);
          if ('reason' in r) throw dotnetError('Microsoft.CSharp.RuntimeBinder.RuntimeBinderException', `Cannot apply indexing with [] to an expression of type '${rt.dotnetName}'`);
          hit = { get: r.fn, ...(r.cand.o.set ? { set: r.cand.o.set } : {}), convs: r.slots.map((s) => (s.kind === 'arg' ? s.conv : null)), ret: boxer(r.returns) };
        }
        cache.set(rt.def, hit);
      }
      void f;
      return hit;
    };
    return {
      ty: Ty.dynamic,
      ev: (f) => {
        const self = rev(f);
        if (self === SHORT) return SHORT;
        if (!guard(f, self)) return SHORT;
        const keys = argEvs.map((e) => e(f));
        f.pos = pos;
        const hit = resolve(f, self);
        const v = hit.get(self, ...keys.map((k, i) => (hit.convs[i] ? hit.convs[i]!(k) : k)));
        return hit.ret ? hit.ret(v) : v;
      },
      store: (f, v) => {
        const self = rev(f);
        guard(f, self);
        const keys = argEvs.map((e) => e(f));
        f.pos = pos;
        const hit = resolve(f, self);
        if (!hit.set) throw dotnetError('Microsoft.CSharp.RuntimeBinder.RuntimeBinderException', 'The indexer is read only');
        hit.set(self, ...keys.map((k, i) => (hit.convs[i] ? hit.convs[i]!(k) : k)), v);
      },
      ...(short ? { short: true } : {}),
    };
  }
  const candidates = indexerCandidates(ty);
  if (!candidates.length) throw new CompileError(`Cannot apply indexing with [] to an expression of type '${ty.display}' (CS0021)`, pos);
  const r = resolveOverload(candidates, args, undefined, lambdaCompilerFor(cx));
  if ('reason' in r) throw new CompileError(`No indexer of '${ty.display}' takes these arguments: ${r.reason}`, pos);
  const keyEvs = r.slots.map((s) => {
    if (s.kind === 'arg') {
      const ev = s.c.ev;
      const conv = s.conv;
      return conv ? (f: Frame) => conv(ev(f)) : ev;
    }
    if (s.kind === 'default') return () => s.value;
    throw new CompileError('Unsupported indexer argument', pos);
  });
  const get = r.fn;
  const set = r.cand.o.set;
  const single = keyEvs.length === 1 ? keyEvs[0]! : undefined;
  const c: CExpr = {
    ty: conditional ? makeNullable(r.returns) : r.returns,
    ev: single
      ? (f) => {
          const self = rev(f);
          if (self === SHORT) return SHORT;
          if (!guard(f, self)) return SHORT;
          const k = single(f);
          f.pos = pos;
          return get(self, k);
        }
      : (f) => {
          const self = rev(f);
          if (self === SHORT) return SHORT;
          if (!guard(f, self)) return SHORT;
          const ks = keyEvs.map((e) => e(f));
          f.pos = pos;
          return get(self, ...ks);
        },
    ...(short ? { short: true } : {}),
  };
  if (set) {
    c.store = (f, v) => {
      const self = rev(f);
      guard(f, self);
      const ks = keyEvs.map((e) => e(f));
      f.pos = pos;
      set(self, ...ks, v);
    };
  }
  return c;
}

// ───────────────────────────── operators ─────────────────────────────

function compileUnary(node: Extract<Expr, { kind: 'unary' }>, cx: Cx): CExpr {
  if (node.op === '++' || node.op === '--') return compileIncrement(node.operand, node.op, true, node.pos, cx);
  // -2147483648 and -9223372036854775808L literals
  if (node.op === '-' && node.operand.kind === 'literal' && (node.operand.litType === 'uint' || node.operand.litType === 'ulong')) {
    const v = node.operand.value;
    if (v === 2147483648) return constant(T.int, -2147483648);
    if (v === 9223372036854775808n) return constant(T.long, -9223372036854775808n);
  }
  const operand = compileValue(node.operand, cx);
  if (operand.ty.kind === 'dynamic') {
    const ev = operand.ev;
    const op = node.op;
    return { ty: Ty.dynamic, ev: (f) => dynamicUnary(op, ev(f)) };
  }
  const u = unaryOperator(node.op, operand.ty);
  if (!u) throw new CompileError(`Operator '${node.op}' cannot be applied to operand of type '${operand.ty.display}' (CS0023)`, node.pos);
  const ev = operand.ev;
  const fn = u.fn;
  if (operand.constant) {
    const value = fn(operand.constant.value);
    return constant(u.ty, value);
  }
  return { ty: u.ty, ev: (f) => fn(ev(f)) };
}

function dynamicUnary(op: string, v: unknown): unknown {
  const rt = runtimeTy(v);
  const u = unaryOperator(op, rt);
  if (!u) throw dotnetError('Microsoft.CSharp.RuntimeBinder.RuntimeBinderException', `Operator '${op}' cannot be applied to operand of type '${rt.dotnetName}'`);
  const r = u.fn(v instanceof Object && 'value' in (v as object) ? (v as { value: unknown }).value : v);
  return box(u.ty.name, r);
}

function compilePostfix(node: Extract<Expr, { kind: 'postfix' }>, cx: Cx): CExpr {
  return compileIncrement(node.operand, node.op, false, node.pos, cx);
}

function compileIncrement(target: Expr, op: '++' | '--', prefix: boolean, pos: number, cx: Cx): CExpr {
  const t = compileValue(target, cx);
  if (!t.store) throw new CompileError('The operand of an increment or decrement operator must be a variable, property or indexer (CS1059)', pos);
  const one = constant(T.int, 1);
  const b = binaryOperator(op === '++' ? '+' : '-', t.ty, T.int, undefined, one.constant);
  if (!b) throw new CompileError(`Operator '${op}' cannot be applied to operand of type '${t.ty.display}' (CS0023)`, pos);
  const back = explicitConversion(b.ty, t.ty);
  const l = b.left ?? ((v: unknown) => v);
  const r1 = b.right ? b.right(1) : 1;
  const fn = b.fn;
  const ev = t.ev;
  const store = t.store;
  const toTarget = back ?? ((v: unknown) => v);
  return {
    ty: t.ty,
    ev: (f) => {
      const old = ev(f);
      const nv = toTarget(fn(l(old), r1));
      store(f, nv);
      return prefix ? nv : old;
    },
  };
}

function compileBinary(node: Extract<Expr, { kind: 'binary' }>, cx: Cx): CExpr {
  const { op } = node;
  if (op === '&&' || op === '||') {
    const l = compileCondition(node.left, cx);
    const r = compileCondition(node.right, cx);
    return { ty: T.bool, ev: op === '&&' ? (f) => (l(f) as boolean) && (r(f) as boolean) : (f) => (l(f) as boolean) || (r(f) as boolean) };
  }
  if (op === '??') return compileCoalesce(node, cx);
  const left = compileValue(node.left, cx);
  const right = compileValue(node.right, cx);
  return binaryOf(op, left, right, node.opPos, node.pos);
}

export function binaryOf(op: string, left: CExpr, right: CExpr, opPos: number, pos: number): CExpr {
  if (left.ty.kind === 'dynamic' || right.ty.kind === 'dynamic') {
    // Resolve on runtime types (boxed values describe themselves).
    const lev = left.ev;
    const rev = right.ev;
    const lbox = boxer(left.ty);
    const rbox = boxer(right.ty);
    return {
      ty: op === '==' || op === '!=' || op === '<' || op === '>' || op === '<=' || op === '>=' ? T.bool : Ty.dynamic,
      ev: (f) => {
        let a = lev(f);
        let b = rev(f);
        if (lbox) a = lbox(a);
        if (rbox) b = rbox(b);
        f.pos = opPos;
        const at = a === null || a === undefined ? Ty.nullType : runtimeTy(a);
        const bt = b === null || b === undefined ? Ty.nullType : runtimeTy(b);
        const o = binaryOperator(op, at, bt);
        if (!o) throw dotnetError('Microsoft.CSharp.RuntimeBinder.RuntimeBinderException', `Operator '${op}' cannot be applied to operands of type '${at.dotnetName}' and '${bt.dotnetName}'`);
        const ua = unbox(a);
        const ub = unbox(b);
        const res = o.fn(o.left ? o.left(ua) : ua, o.right ? o.right(ub) : ub);
        return box(o.ty.name, res);
      },
    };
  }
  const o = binaryOperator(op, left.ty, right.ty, left.constant, right.constant);
  if (!o) throw new CompileError(`Operator '${op}' cannot be applied to operands of type '${left.ty.display}' and '${right.ty.display}' (CS0019)`, opPos);
  if ((op === '==' || op === '!=') && (left.freshBox || right.freshBox) && isNamed(left.ty, 'System.Object') && isNamed(right.ty, 'System.Object')) {
    // Reference equality with a box just made: `(object)1 == (object)1` is two boxes, never the same object.
    const [lev, rev] = [left.ev, right.ev];
    return { ty: T.bool, ev: (f) => (lev(f), rev(f), op === '!=') };
  }
  const lev = left.ev;
  const rev = right.ev;
  const { fn } = o;
  const lc = o.left;
  const rc = o.right;
  if (left.constant && right.constant) {
    try {
      const a = lc ? lc(left.constant.value) : left.constant.value;
      const b = rc ? rc(right.constant.value) : right.constant.value;
      return constant(o.ty, fn(a, b));
    } catch {
      /* evaluate at run time to raise the exception there */
    }
  }
  void pos;
  if (!lc && !rc) return { ty: o.ty, ev: (f) => { const a = lev(f); const b = rev(f); f.pos = opPos; return fn(a, b); } };
  const l = lc ?? ((v: unknown) => v);
  const r = rc ?? ((v: unknown) => v);
  return { ty: o.ty, ev: (f) => { const a = l(lev(f)); const b = r(rev(f)); f.pos = opPos; return fn(a, b); } };
}

function compileCoalesce(node: Extract<Expr, { kind: 'binary' }>, cx: Cx): CExpr {
  const left = compileValue(node.left, cx);
  if (node.right.kind === 'throwExpr') {
    const r = compileThrowExpr(node.right, cx);
    const lev = left.ev;
    const rev = r.ev;
    return { ty: underlying(left.ty), ev: (f) => lev(f) ?? rev(f) };
  }
  const right = compileValue(node.right, cx);
  if (!acceptsNull(left.ty)) throw new CompileError(`Operator '??' cannot be applied to operands of type '${left.ty.display}' and '${right.ty.display}' (CS0019)`, node.opPos);
  let ty: Ty;
  let lconv: Conv = null;
  let rconv: Conv = null;
  const lu = underlying(left.ty);
  const toLu = implicitConversion(right.ty, lu, right.constant);
  if (left.ty.kind === 'dynamic') ty = Ty.dynamic;
  else if (isNullable(left.ty) && toLu) {
    ty = isNullable(right.ty) || right.ty.kind === 'null' ? left.ty : lu;
    rconv = toLu.conv;
  } else if (implicitConversion(right.ty, left.ty, right.constant)) {
    ty = left.ty;
    rconv = implicitConversion(right.ty, left.ty, right.constant)!.conv;
  } else if (implicitConversion(left.ty, right.ty)) {
    ty = right.ty;
    lconv = implicitConversion(left.ty, right.ty)!.conv;
  } else throw new CompileError(`Operator '??' cannot be applied to operands of type '${left.ty.display}' and '${right.ty.display}' (CS0019)`, node.opPos);
  const lev = left.ev;
  const rev = right.ev;
  return {
    ty,
    ev: (f) => {
      const v = lev(f);
      if (v !== null && v !== undefined) return lconv ? lconv(v) : v;
      const r = rev(f);
      return rconv ? rconv(r) : r;
    },
  };
}

function compileAssign(node: Extract<Expr, { kind: 'assign' }>, cx: Cx): CExpr {
  const target = compileValue(node.target, cx);
  if (!target.store) {
    if (node.target.kind === 'member' && node.target.target.kind === 'name' && node.target.target.name === 'context') {
      throw new CompileError(`Property or indexer 'context.${node.target.name}' is read only: policies change the context (CS0200)`, node.opPos);
    }
    throw new CompileError('The left-hand side of an assignment must be a variable, property or indexer (CS0131)', node.opPos);
  }
  const store = target.store;
  if (node.op === '=') {
    const value = compileAs(node.value, target.ty, cx);
    const vev = value.ev;
    return { ty: target.ty, ev: (f) => { const v = vev(f); store(f, v); return v; } };
  }
  if (node.op === '??=') {
    const value = compileAs(node.value, target.ty, cx);
    const tev = target.ev;
    const vev = value.ev;
    return { ty: target.ty, ev: (f) => { const cur = tev(f); if (cur !== null && cur !== undefined) return cur; const v = vev(f); store(f, v); return v; } };
  }
  const op = node.op.slice(0, -1);
  const right = compileValue(node.value, cx);
  const bin = binaryOf(op, { ty: target.ty, ev: target.ev }, right, node.opPos, node.pos);
  const back = implicitConversion(bin.ty, target.ty) ? implicitConversion(bin.ty, target.ty)!.conv : explicitConversion(bin.ty, target.ty);
  if (back === undefined) throw new CompileError(`Cannot implicitly convert type '${bin.ty.display}' to '${target.ty.display}' (CS0029)`, node.opPos);
  const bev = bin.ev;
  return { ty: target.ty, ev: (f) => { const v = back ? back(bev(f)) : bev(f); store(f, v); return v; } };
}

function compileConditional(node: Extract<Expr, { kind: 'conditional' }>, cx: Cx): CExpr {
  const cond = compileCondition(node.cond, cx);
  const a = compileValue(node.then, cx);
  const b = compileValue(node.else, cx);
  const ty = commonType(a, b, node.pos);
  const aev = convertTo(a, ty, node.then.pos).ev;
  const bev = convertTo(b, ty, node.else.pos).ev;
  return { ty, ev: (f) => (cond(f) ? aev(f) : bev(f)) };
}

/** The type of `c ? a : b` (and of array literals): one side must convert to the other. */
export function commonType(a: CExpr, b: CExpr, pos: number): Ty {
  if (a.ty === b.ty) return a.ty;
  if (a.ty.kind === 'null' && b.ty.kind !== 'null') return isValueType(b.ty) ? makeNullable(b.ty) : b.ty;
  if (b.ty.kind === 'null' && a.ty.kind !== 'null') return isValueType(a.ty) ? makeNullable(a.ty) : a.ty;
  if (a.ty.kind === 'dynamic' || b.ty.kind === 'dynamic') return Ty.dynamic;
  const ab = implicitConversion(a.ty, b.ty, a.constant);
  const ba = implicitConversion(b.ty, a.ty, b.constant);
  if (ab && !ba) return b.ty;
  if (ba && !ab) return a.ty;
  if (ab && ba) return ab.cost <= ba.cost ? b.ty : a.ty;
  throw new CompileError(`Type of conditional expression cannot be determined because there is no implicit conversion between '${a.ty.display}' and '${b.ty.display}' (CS0173)`, pos);
}

function compileCast(node: Extract<Expr, { kind: 'cast' }>, cx: Cx): CExpr {
  const to = resolveType(node.type, cx);
  if (node.operand.kind === 'lambda') return compileAs(node.operand, to, cx);
  const operand = compileValue(node.operand, cx);
  const conv = explicitConversion(operand.ty, to, operand.constant);
  if (conv === undefined) throw new CompileError(`Cannot convert type '${operand.ty.display}' to '${to.display}' (CS0030)`, node.pos);
  const converted = withConv(operand, conv, to, node.pos);
  return isValueType(operand.ty) && !isNullable(operand.ty) && isNamed(to, 'System.Object') ? { ...converted, freshBox: true } : converted;
}

function compileIs(node: Extract<Expr, { kind: 'is' }>, cx: Cx): CExpr {
  const operand = compileValue(node.operand, cx);
  const ty = resolveType(node.type, cx);
  const ev = operand.ev;
  const bx = boxer(operand.ty);
  const test = (v: unknown) => isInstance(bx ? bx(v) : v, ty);
  if (node.binding) {
    const local = cx.scope.declare(node.binding, ty, node.bindingPos ?? node.pos);
    const slot = local.slot;
    const unboxTo = checkedCast(ty);
    return { ty: T.bool, ev: (f) => { const v = ev(f); const b = bx ? bx(v) : v; if (!isInstance(b, ty)) return false; f.slots[slot] = unboxTo ? unboxTo(b) : b; return true; } };
  }
  return { ty: T.bool, ev: (f) => test(ev(f)) };
}

function compileIsPattern(node: Extract<Expr, { kind: 'isPattern' }>, cx: Cx): CExpr {
  const operand = compileValue(node.operand, cx);
  const pattern = compileValue(node.pattern, cx);
  const eq = binaryOf('==', operand, pattern, node.pos, node.pos);
  const ev = eq.ev;
  return node.negate ? { ty: T.bool, ev: (f) => !ev(f) } : eq;
}

function compileAsOperator(node: Extract<Expr, { kind: 'as' }>, cx: Cx): CExpr {
  const operand = compileValue(node.operand, cx);
  const ty = resolveType(node.type, cx);
  if (isValueType(ty) && !isNullable(ty)) throw new CompileError(`The as operator must be used with a reference type or nullable type ('${ty.display}' is a non-nullable value type) (CS0077)`, node.pos);
  const ev = operand.ev;
  const bx = boxer(operand.ty);
  const unboxTo = checkedCast(ty);
  return { ty, ev: (f) => { const v = ev(f); const b = bx ? bx(v) : v; return isInstance(b, ty) ? (unboxTo ? unboxTo(b) : b) : null; } };
}

registerType({
  name: 'System.Object',
  members: {
    GetType: method('() => System.Type', (self: unknown) => new SystemType(runtimeTy(self))),
    ToString: method('() => string', (self: unknown) => toDotnetString(self)),
    Equals: method('(object obj) => bool', (self: unknown, o: unknown) => dotnetEquals(self, o)),
    GetHashCode: method('() => int', (self: unknown) => hashOf(toDotnetString(self))),
  },
});

function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** object.Equals: value equality for value types and strings, registered equality hooks, else reference. */
export function dotnetEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const ra = runtimeTy(a);
  const rb = runtimeTy(b);
  if (ra !== rb) return false;
  if (typeof a === 'object' && 'value' in (a as object) && 'type' in (a as object)) return (a as { value: unknown }).value === (b as { value: unknown }).value;
  const eq = ra.def?.equalsFn;
  return eq ? eq(a, b) : false;
}

function compileTypeof(node: Extract<Expr, { kind: 'typeof' }>, cx: Cx): CExpr {
  const ty = resolveType(node.type, cx);
  const value = new SystemType(ty);
  return { ty: Ty.named(typeByFullName('System.Type')!), ev: () => value };
}

function compileDefault(node: Extract<Expr, { kind: 'default' }>, cx: Cx): CExpr {
  if (!node.type) return { ty: Ty.nullType, ev: () => null, constant: { value: null } };
  const ty = resolveType(node.type, cx);
  const value = defaultValue(ty);
  return { ty, ev: () => value, constant: { value } };
}

/** default(T). */
export const defaultValue = defaultOfTy;

// ───────────────────────────── object creation ─────────────────────────────

function compileNew(node: Extract<Expr, { kind: 'new' }>, cx: Cx): CExpr {
  const ty = resolveType(node.type, cx);
  if (ty.kind !== 'named') throw new CompileError(`Cannot create an instance of '${ty.display}'`, node.pos);
  const def = ty.def!;
  let create: Ev;
  if (def.kind === 'struct' && node.args.length === 0 && def.constructors.length === 0) {
    const v = defaultValue(ty);
    create = () => v;
  } else {
    if (!def.constructors.length) throw unsupported(ty, `.ctor`, node.type.pos);
    const args = compileArgs(node.args, cx);
    const cands: Candidate[] = def.constructors.map((o) => ({ o, owner: def, map: new Map(def.typeParams.map((p, i) => [p, ty.args[i]!])), isExtension: false }));
    const r = resolveOverload(cands, args, undefined, lambdaCompilerFor(cx));
    if ('reason' in r) throw new CompileError(`No constructor of '${ty.display}' takes these arguments: ${r.reason}`, node.pos, 'OH301');
    const fn = r.cand.o.bind ? r.cand.o.bind(ty.args.slice()) : r.fn;
    const call = invokeResolved({ ...r, fn }, undefined, { name: '.ctor', conditional: false, pos: node.pos }, args, false);
    create = call.ev;
  }
  if (!node.init) return { ty, ev: create };
  const init = compileInitializer(node.init, ty, cx, node.pos);
  return { ty, ev: (f) => { const obj = create(f); init(f, obj); return obj; } };
}

function compileInitializer(init: Initializer, ty: Ty, cx: Cx, pos: number): (f: Frame, obj: unknown) => void {
  const steps: ((f: Frame, obj: unknown) => void)[] = [];
  const self = (): CExpr => ({ ty, ev: (f) => (f as Frame & { initTarget?: unknown[] }).initTarget!.at(-1) });
  const withTarget = (run: (f: Frame) => void) => (f: Frame, obj: unknown) => {
    const ff = f as Frame & { initTarget?: unknown[] };
    (ff.initTarget ??= []).push(obj);
    try {
      run(f);
    } finally {
      ff.initTarget.pop();
    }
  };
  if (init.kind === 'object') {
    for (const m of init.members) {
      const member = lookupInstance(ty, m.name);
      if (!member || member.kind !== 'value') throw unsupported(ty, m.name, m.pos);
      const target = valueMember(member.spec, member.ty, self(), m.pos);
      if ('kind' in m.value && (m.value.kind === 'collection' || m.value.kind === 'object' || m.value.kind === 'index')) {
        const inner = compileInitializer(m.value as Initializer, member.ty, cx, m.pos);
        const get = target.ev;
        steps.push(withTarget((f) => inner(f, get(f))));
        continue;
      }
      if (!target.store) throw new CompileError(`Property '${m.name}' is read only`, m.pos);
      const value = compileAs(m.value as Expr, member.ty, cx);
      const store = target.store;
      const vev = value.ev;
      steps.push(withTarget((f) => store(f, vev(f))));
    }
  } else if (init.kind === 'collection') {
    for (const item of init.items) {
      const items = Array.isArray(item) ? item : [item];
      const call = compileGroupCall({ name: 'Add', receiver: self(), conditional: false, pos }, compileArgs(items.map((value) => ({ value })), cx), { pos, opPos: pos }, cx);
      const ev = call.ev;
      steps.push(withTarget((f) => void ev(f)));
    }
  } else {
    // Index initializers: `new JObject { ["a"] = 1 }`, `new Dictionary<string, int> { ["k"] = 1 }`.
    for (const e of init.entries) {
      const r = resolveOverload(indexerCandidates(ty), compileArgs(e.key.map((value) => ({ value })), cx), undefined, lambdaCompilerFor(cx));
      if ('reason' in r) throw new CompileError(`No indexer of '${ty.display}' takes these keys: ${r.reason}`, e.pos);
      const set = r.cand.o.set;
      if (!set) throw new CompileError(`The indexer of '${ty.display}' is read only`, e.pos);
      const keys = r.slots.map((sl) => {
        if (sl.kind !== 'arg') throw new CompileError('Unsupported indexer key', e.pos);
        const ev = sl.c.ev;
        const conv = sl.conv;
        return conv ? (f: Frame) => conv(ev(f)) : ev;
      });
      const value = compileAs(e.value, r.returns, cx).ev;
      steps.push((f, obj) => {
        const ks = keys.map((k) => k(f));
        f.pos = e.pos;
        set(obj, ...ks, value(f));
      });
    }
  }
  return (f, obj) => {
    for (const s of steps) s(f, obj);
  };
}

function compileNewArray(node: Extract<Expr, { kind: 'newArray' }>, cx: Cx): CExpr {
  let elTy: Ty;
  let items: CExpr[] | undefined;
  if (node.type) elTy = resolveType(node.type, cx);
  else {
    const compiled = (node.items ?? []).map((i) => compileValue(i, cx));
    if (!compiled.length) throw new CompileError('No best type found for implicitly-typed array (CS0826)', node.pos);
    elTy = compiled.reduce((acc, c) => ({ ty: commonType(acc, c, node.pos), ev: c.ev }), compiled[0]!).ty;
    if (elTy.kind === 'null') throw new CompileError('No best type found for implicitly-typed array (CS0826)', node.pos);
    items = compiled;
  }
  const ty = Ty.array(elTy);
  const isBytes = isNamed(elTy, 'System.Byte');
  const elName = elTy.kind === 'named' ? elTy.def!.fullName : elTy.kind === 'array' ? `${elTy.dotnetName}` : 'System.Object';
  if (node.items) {
    const evs = (items ?? node.items.map((i) => compileValue(i, cx))).map((c, k) => convertTo(c, elTy, node.items![k]!.pos).ev);
    return { ty, ev: (f) => { const vals = evs.map((e) => e(f)); return isBytes ? Uint8Array.from(vals as number[]) : makeArray(elName, vals); } };
  }
  const size = compileAs(node.size!, T.int, cx).ev;
  const fill = defaultValue(elTy);
  return {
    ty,
    ev: (f) => {
      const n = size(f) as number;
      f.pos = node.pos;
      if (n < 0) throw dotnetError('System.OverflowException', 'Arithmetic operation resulted in an overflow.');
      checkArrayLength(n, isBytes);
      return isBytes ? new Uint8Array(n) : makeArray(elName, new Array(n).fill(fill));
    },
  };
}

/** Anonymous objects `new { a = 1 }`: a registered type per shape, values in a Map. */
export class AnonymousObject {
  constructor(
    readonly names: string[],
    readonly values: unknown[],
    readonly types: Ty[],
  ) {}
}
const anonTypes = new Map<string, TypeDef>();
registerType({
  name: 'AnonymousType',
  jsClass: AnonymousObject,
  toString: (o: AnonymousObject) => `{ ${o.names.map((n, i) => `${n} = ${stringifierFor(o.types[i]!)(o.values[i])}`).join(', ')} }`,
  equals: (a: AnonymousObject, b: AnonymousObject) => a.names.join() === b.names.join() && a.values.every((v, i) => dotnetEquals(v, b.values[i])),
});

function compileNewAnon(node: Extract<Expr, { kind: 'newAnon' }>, cx: Cx): CExpr {
  const names = node.members.map((m) => m.name);
  const values = node.members.map((m) => compileValue(m.value, cx));
  const types = values.map((v) => v.ty);
  const key = names.map((n, i) => `${n}:${types[i]!.key}`).join(';');
  let def = anonTypes.get(key);
  if (!def) {
    const members: Record<string, PropertySpec> = {};
    names.forEach((n, i) => {
      const t = types[i]!;
      members[n] = { kind: 'property', typeText: 'object', type: t, get: (o: AnonymousObject) => o.values[i] };
    });
    def = registerType({ name: `<>f__AnonymousType${anonTypes.size}`, base: 'AnonymousType', members });
    anonTypes.set(key, def);
  }
  const evs = values.map((v) => v.ev);
  return { ty: Ty.named(def), ev: (f) => new AnonymousObject(names, evs.map((e) => e(f)), types) };
}

function compileThrowExpr(node: Extract<Expr, { kind: 'throwExpr' }>, cx: Cx): CExpr {
  const value = compileValue(node.value, cx);
  const ev = value.ev;
  return {
    ty: Ty.nullType,
    ev: (f) => {
      const ex = ev(f);
      f.pos = node.pos;
      if (ex === null || ex === undefined) throw nullReference();
      throw ex;
    },
  };
}

// ───────────────────────────── lambdas ─────────────────────────────

/** Compiles a lambda for known parameter types; its body type is inferred when `returnTy` is undefined. */
export function compileLambda(node: Extract<Expr, { kind: 'lambda' }>, params: Ty[], returnTy: Ty | undefined, cx: Cx): { body: Ty; c: CExpr } {
  const scope = cx.scope.child();
  const first = cx.scope.unit.nextSlot;
  const slots = node.params.map((p, i) => scope.declare(p.name, p.type ? resolveType(p.type, cx) : (params[i] ?? Ty.dynamic), p.pos).slot);
  const inner: Cx = { ...cx, scope, canBreak: false, canContinue: false, body: { returns: [], ...(returnTy && returnTy.kind !== 'void' ? { returnTy } : {}) } };
  let bodyEv: Ev;
  let bodyTy: Ty;
  if ((node.body as Stmt).kind !== 'block') {
    const expr = node.body as Expr;
    let c = compileValue(expr, inner);
    if (returnTy && returnTy.kind !== 'void' && returnTy.kind !== 'param') c = convertTo(c, returnTy, expr.pos);
    bodyEv = c.ev;
    bodyTy = c.ty;
  } else {
    const compiled = cx.compileBody(node.body as Stmt, inner);
    const run = compiled.run;
    bodyTy = returnTy && returnTy.kind !== 'void' ? returnTy : inferReturn(inner.body.returns);
    if (compiled.completes && bodyTy.kind !== 'void') {
      throw new CompileError('Not all code paths return a value in the lambda expression or local function (CS1643)', node.pos, 'OH303');
    }
    bodyEv = (f) => (run(f) === 3 ? f.ret : undefined);
  }
  const last = cx.scope.unit.nextSlot;
  const delegateTy = funcType(node.params.map((p, i) => (p.type ? resolveType(p.type, cx) : (params[i] ?? Ty.dynamic))), bodyTy);
  const n = slots.length;
  const s0 = slots[0];
  const s1 = slots[1];
  const c: CExpr = {
    ty: delegateTy,
    ev: (f) => {
      let depth = 0;
      const invoke = (...args: unknown[]) => {
        tick(f);
        if (++f.depth > MAX_CALL_DEPTH) {
          f.depth = 0;
          throw new BudgetExceeded(`the expression nested calls deeper than ${MAX_CALL_DEPTH} levels (runaway recursion)`);
        }
        const saved = depth > 0 ? f.slots.slice(first, last) : undefined;
        depth++;
        const savedPos = f.pos;
        try {
          if (n === 1) f.slots[s0!] = args[0];
          else if (n === 2) {
            f.slots[s0!] = args[0];
            f.slots[s1!] = args[1];
          } else for (let i = 0; i < n; i++) f.slots[slots[i]!] = args[i];
          const result = bodyEv(f);
          // On failure f.pos keeps the failing sub-expression inside the lambda.
          f.pos = savedPos;
          return result;
        } finally {
          depth--;
          if (f.depth > 0) f.depth--;
          if (saved) for (let i = 0; i < saved.length; i++) f.slots[first + i] = saved[i];
        }
      };
      return invoke;
    },
  };
  return { body: bodyTy, c };
}

function inferReturn(returns: Ty[]): Ty {
  const nonNull = returns.filter((t) => t.kind !== 'null');
  if (!nonNull.length) return returns.length ? T.object : Ty.voidType;
  let ty = nonNull[0]!;
  for (const t of nonNull.slice(1)) {
    if (t === ty) continue;
    if (implicitConversion(ty, t)) ty = t;
    else if (!implicitConversion(t, ty)) return T.object;
  }
  if (returns.some((t) => t.kind === 'null')) ty = makeNullable(ty);
  return ty;
}

export function delegateTypeOf(inputs: Ty[], output: Ty): Ty {
  return funcType(inputs, output);
}

function funcType(inputs: Ty[], output: Ty): Ty {
  if (output.kind === 'void') {
    const defs = typesByName('System.Action', inputs.length);
    return defs[0] ? Ty.named(defs[0], inputs) : Ty.dynamic;
  }
  const defs = typesByName('System.Func', inputs.length + 1);
  return defs[0] ? Ty.named(defs[0], [...inputs, output]) : Ty.dynamic;
}
