/**
 * Compiles statements of `@{ }` blocks and lambda bodies. Each statement becomes `(f) => code` where
 * code is NORMAL, BREAK, CONTINUE or RETURN (value in f.ret). Reachability is computed at compile
 * time so "not all code paths return a value" is reported as APIM's compiler does.
 */
import type { Stmt, SwitchLabel } from '../ast.js';
import { Ty } from '../types.js';
import { typeByFullName } from '../registry.js';
import { DotnetException, dotnetError } from '../errors.js';
import { BudgetExceeded, tick } from '../budget.js';
import { enumerate } from '../enumerate.js';
import { T, elementTypeOf, isInstance, isNamed } from './typesys.js';
import { explicitConversion, implicitConversion, boxer } from './conversions.js';
import { CompileError, type Frame } from './unit.js';
import { binaryOf, compileAs, compileCondition, compileLambda, compileValue, delegateTypeOf, resolveType, type Cx } from './expressions.js';
import { inCheckedContext } from './operators.js';

export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;

export type Run = (f: Frame) => number;
export interface CStmt {
  run: Run;
  /** The end point is reachable (execution can fall off the end). */
  completes: boolean;
  /** A `break` targets the innermost enclosing loop/switch from inside. */
  breaks?: boolean;
}

type Handler<K extends Stmt['kind']> = (s: Extract<Stmt, { kind: K }>, cx: Cx) => CStmt;

const handlers: { [K in Stmt['kind']]: Handler<K> } = {
  block: (s, cx) => (s.checked === undefined ? compileBlockStmt(s, cx) : inCheckedContext(s.checked, () => compileBlockStmt(s, cx))),
  empty: () => ({ run: () => NORMAL, completes: true }),
  expr: (s, cx) => {
    const c = compileValue(s.expr, cx);
    const ev = c.ev;
    return { run: (f) => (ev(f), NORMAL), completes: true };
  },
  local: compileLocal,
  if: compileIf,
  return: compileReturn,
  while: compileWhile,
  do: compileDo,
  for: compileFor,
  foreach: compileForeach,
  break: (s, cx) => {
    if (!cx.canBreak) throw new CompileError('No enclosing loop out of which to break or continue (CS0139)', s.pos);
    return { run: () => BREAK, completes: false, breaks: true };
  },
  continue: (s, cx) => {
    if (!cx.canContinue) throw new CompileError('No enclosing loop out of which to break or continue (CS0139)', s.pos);
    return { run: () => CONTINUE, completes: false };
  },
  throw: compileThrow,
  try: compileTry,
  switch: compileSwitch,
  using: compileUsing,
  localFunc: (s) => {
    throw new CompileError('A local function must be declared directly in a block', s.pos);
  },
};

export function compileStatement(s: Stmt, cx: Cx): CStmt {
  return (handlers[s.kind] as Handler<typeof s.kind>)(s as never, cx);
}

/** Entry used by lambdas and the top-level block. */
export function compileBody(s: Stmt, cx: Cx): { run: Run; completes: boolean } {
  return compileStatement(s, cx);
}

function compileBlockStmt(s: Extract<Stmt, { kind: 'block' }>, cx: Cx): CStmt {
  const inner: Cx = { ...cx, scope: cx.scope.child() };
  return sequence(s.body, inner);
}

function sequence(body: Stmt[], cx: Cx): CStmt {
  const runs: Run[] = [];
  let completes = true;
  let breaks = false;
  // Local functions are visible in the whole block (and to themselves): declare first, bind at block entry.
  const fns = body.filter((st): st is Extract<Stmt, { kind: 'localFunc' }> => st.kind === 'localFunc');
  const fnLocals = fns.map((fn) => {
    const params = fn.params.map((p) => resolveType(p.type, cx));
    const ret = fn.returnType.name === 'void' ? Ty.voidType : resolveType(fn.returnType, cx);
    return cx.scope.declare(fn.name, delegateTypeOf(params, ret), fn.pos);
  });
  for (const st of body) {
    if (st.kind === 'localFunc') continue;
    const c = compileStatement(st, cx);
    if (completes) runs.push(c.run);
    if (c.breaks && completes) breaks = true;
    completes = completes && c.completes;
  }
  // Bodies compile last so they see every local of the block; they are bound at block entry.
  const bind: Run[] = [];
  fns.forEach((fn, i) => {
    const local = fnLocals[i]!;
    const shape = (local.ty.args ?? []) as Ty[];
    const ret = fn.returnType.name === 'void' ? Ty.voidType : shape[shape.length - 1]!;
    const params = fn.params.map((p) => resolveType(p.type, cx));
    const lambda = { kind: 'lambda' as const, pos: fn.pos, end: fn.pos, params: fn.params.map((p) => ({ name: p.name, type: p.type, pos: p.pos })), body: fn.body };
    const compiled = compileLambda(lambda, params, ret, cx);
    const slot = local.slot;
    const ev = compiled.c.ev;
    bind.push((f) => ((f.slots[slot] = ev(f)), NORMAL));
  });
  runs.unshift(...bind);
  const n = runs.length;
  if (n === 1) return { run: runs[0]!, completes, breaks };
  return {
    run: (f) => {
      for (let i = 0; i < n; i++) {
        const code = runs[i]!(f);
        if (code !== NORMAL) return code;
      }
      return NORMAL;
    },
    completes,
    breaks,
  };
}

function compileLocal(s: Extract<Stmt, { kind: 'local' }>, cx: Cx): CStmt {
  const isVar = s.type.name === 'var' && s.type.args.length === 0 && s.type.rank === 0;
  const declared = isVar ? undefined : resolveType(s.type, cx);
  const runs: Run[] = [];
  for (const d of s.decls) {
    if (isVar && !d.init) throw new CompileError('Implicitly-typed variables must be initialized (CS0818)', d.pos);
    let init = d.init ? (declared ? compileAs(d.init, declared, cx) : compileValue(d.init, cx)) : undefined;
    if (isVar && init && init.ty.kind === 'null') throw new CompileError("Cannot assign <null> to an implicitly-typed variable (CS0815)", d.pos);
    if (isVar && init && (init.ty.kind === 'void')) throw new CompileError('Cannot assign void to an implicitly-typed variable (CS0815)', d.pos);
    const ty = declared ?? init!.ty;
    const local = cx.scope.declare(d.name, ty, d.pos);
    if (s.isConst) {
      if (!init?.constant) throw new CompileError(`The expression being assigned to '${d.name}' must be constant (CS0133)`, d.pos);
      local.constant = init.constant;
    }
    const slot = local.slot;
    if (init) {
      const ev = init.ev;
      runs.push((f) => {
        f.slots[slot] = ev(f);
        return NORMAL;
      });
    } else runs.push((f) => ((f.slots[slot] = undefined), NORMAL));
    init = undefined;
  }
  if (runs.length === 1) return { run: runs[0]!, completes: true };
  return { run: (f) => { for (const r of runs) r(f); return NORMAL; }, completes: true };
}

function compileIf(s: Extract<Stmt, { kind: 'if' }>, cx: Cx): CStmt {
  const cond = compileCondition(s.cond, cx);
  const then = compileStatement(s.then, { ...cx, scope: cx.scope.child() });
  const otherwise = s.else ? compileStatement(s.else, { ...cx, scope: cx.scope.child() }) : undefined;
  const constant = constantBool(s.cond, cx);
  const t = then.run;
  const e = otherwise?.run;
  const completes = constant === true ? then.completes : constant === false ? (otherwise?.completes ?? true) : then.completes || (otherwise?.completes ?? true);
  return {
    run: e ? (f) => (cond(f) ? t(f) : e(f)) : (f) => (cond(f) ? t(f) : NORMAL),
    completes,
    breaks: !!(then.breaks || otherwise?.breaks),
  };
}

/** The value of a constant boolean condition (`while (true)`), for reachability. */
function constantBool(e: import('../ast.js').Expr | undefined, cx: Cx): boolean | undefined {
  if (!e) return true;
  if (e.kind === 'literal' && e.litType === 'bool') return e.value as boolean;
  void cx;
  return undefined;
}

function compileReturn(s: Extract<Stmt, { kind: 'return' }>, cx: Cx): CStmt {
  if (!s.value) {
    if (cx.body.returnTy) throw new CompileError('An object of a type convertible to the return type is required (CS0126)', s.pos);
    cx.body.returns.push(Ty.voidType);
    return { run: () => RETURN, completes: false };
  }
  const c = cx.body.returnTy ? compileAs(s.value, cx.body.returnTy, cx) : compileValue(s.value, cx);
  cx.body.returns.push(c.ty);
  const ev = c.ev;
  // The expression's own result becomes `object`: box by static type.
  const bx = cx.body.returnTy && isNamed(cx.body.returnTy, 'System.Object') ? null : null;
  void bx;
  return {
    run: (f) => {
      f.ret = ev(f);
      return RETURN;
    },
    completes: false,
  };
}

function loopBody(body: Stmt, cx: Cx): CStmt {
  return compileStatement(body, { ...cx, scope: cx.scope.child(), canBreak: true, canContinue: true });
}

function compileWhile(s: Extract<Stmt, { kind: 'while' }>, cx: Cx): CStmt {
  const cond = compileCondition(s.cond, cx);
  const body = loopBody(s.body, cx);
  const run = body.run;
  const infinite = constantBool(s.cond, cx) === true;
  return {
    run: (f) => {
      while (cond(f)) {
        tick(f);
        const code = run(f);
        if (code === BREAK) break;
        if (code === RETURN) return RETURN;
      }
      return NORMAL;
    },
    completes: !infinite || !!body.breaks,
  };
}

function compileDo(s: Extract<Stmt, { kind: 'do' }>, cx: Cx): CStmt {
  const body = loopBody(s.body, cx);
  const cond = compileCondition(s.cond, cx);
  const run = body.run;
  const infinite = constantBool(s.cond, cx) === true;
  return {
    run: (f) => {
      do {
        tick(f);
        const code = run(f);
        if (code === BREAK) break;
        if (code === RETURN) return RETURN;
      } while (cond(f));
      return NORMAL;
    },
    completes: (!infinite && body.completes) || !!body.breaks || !infinite,
  };
}

function compileFor(s: Extract<Stmt, { kind: 'for' }>, cx: Cx): CStmt {
  const inner: Cx = { ...cx, scope: cx.scope.child() };
  const init = s.init.map((st) => compileStatement(st, inner).run);
  const cond = s.cond ? compileCondition(s.cond, inner) : () => true;
  const iter = s.iter.map((e) => compileValue(e, inner).ev);
  const body = loopBody(s.body, inner);
  const run = body.run;
  const infinite = constantBool(s.cond, cx) === true;
  return {
    run: (f) => {
      for (const i of init) i(f);
      for (; cond(f); ) {
        tick(f);
        const code = run(f);
        if (code === BREAK) break;
        if (code === RETURN) return RETURN;
        for (const it of iter) it(f);
      }
      return NORMAL;
    },
    completes: !infinite || !!body.breaks,
  };
}

function compileForeach(s: Extract<Stmt, { kind: 'foreach' }>, cx: Cx): CStmt {
  const source = compileValue(s.source, cx);
  const el = elementTypeOf(source.ty);
  if (!el) throw new CompileError(`foreach statement cannot operate on variables of type '${source.ty.display}' because it has no public GetEnumerator (CS1579)`, s.source.pos);
  const isVar = s.type.name === 'var';
  const ty = isVar ? el : resolveType(s.type, cx);
  const conv = isVar ? null : (implicitConversion(el, ty)?.conv ?? explicitConversion(el, ty));
  if (conv === undefined) throw new CompileError(`Cannot convert type '${el.display}' to '${ty.display}' (CS0030)`, s.pos);
  const inner: Cx = { ...cx, scope: cx.scope.child() };
  const slot = inner.scope.declare(s.name, ty, s.namePos).slot;
  const body = compileStatement(s.body, { ...inner, scope: inner.scope.child(), canBreak: true, canContinue: true });
  const run = body.run;
  const sev = source.ev;
  const pos = s.source.pos;
  return {
    run: (f) => {
      const src = sev(f);
      f.pos = pos;
      for (const item of enumerate(src)) {
        tick(f);
        f.slots[slot] = conv ? conv(item) : item;
        const code = run(f);
        if (code === BREAK) break;
        if (code === RETURN) return RETURN;
      }
      return NORMAL;
    },
    completes: true,
  };
}

function compileThrow(s: Extract<Stmt, { kind: 'throw' }>, cx: Cx): CStmt {
  if (!s.value) {
    const slot = cx.scope.lookup('$exception')?.slot;
    if (slot === undefined) throw new CompileError('A throw statement with no arguments is not allowed outside of a catch clause (CS0156)', s.pos);
    return { run: (f) => { throw f.slots[slot]; }, completes: false };
  }
  const c = compileValue(s.value, cx);
  if (!isInstanceType(c.ty)) throw new CompileError(`The type caught or thrown must be derived from System.Exception (CS0155)`, s.value.pos);
  const ev = c.ev;
  return {
    run: (f) => {
      const ex = ev(f);
      f.pos = s.pos;
      if (ex === null || ex === undefined) throw dotnetError('System.NullReferenceException');
      throw ex;
    },
    completes: false,
  };
}

function isInstanceType(t: Ty): boolean {
  if (t.kind === 'dynamic') return true;
  return !!implicitConversion(t, T.exception);
}

/** Turns anything thrown inside the interpreter into a DotnetException (budget errors pass through). */
export function asDotnetException(e: unknown): DotnetException {
  if (e instanceof DotnetException) return e;
  if (e && typeof e === 'object' && typeof (e as { dotnetType?: unknown }).dotnetType === 'string') {
    return new DotnetException((e as { dotnetType: string }).dotnetType, (e as Error).message);
  }
  if (e instanceof TypeError) return dotnetError('System.NullReferenceException');
  // A size V8 refuses that no cap caught first: .NET's answer to an allocation too large.
  if (e instanceof RangeError && /Invalid (string|array|typed array) length|Array buffer allocation failed/i.test(e.message)) return dotnetError('System.OutOfMemoryException', 'Insufficient memory to continue the execution of the program.');
  if (e instanceof RangeError && /call stack/i.test(e.message)) return dotnetError('System.InsufficientExecutionStackException', 'Insufficient stack to continue executing the program safely.');
  return new DotnetException('System.Exception', e instanceof Error ? e.message : String(e));
}

function exceptionMatches(ex: DotnetException, ty: Ty): boolean {
  if (isNamed(ty, 'System.Exception') || isNamed(ty, 'System.Object')) return true;
  let def = typeByFullName(ex.dotnetType);
  while (def) {
    if (ty.kind === 'named' && def === ty.def) return true;
    const b = def.baseType();
    def = b && b.kind === 'named' ? b.def : undefined;
  }
  return false;
}

function compileTry(s: Extract<Stmt, { kind: 'try' }>, cx: Cx): CStmt {
  const body = compileStatement(s.body, cx);
  const catches = s.catches.map((c) => {
    const scope = cx.scope.child();
    const ty = c.type ? resolveType(c.type, cx) : T.exception;
    if (!isInstanceType(ty)) throw new CompileError('The type caught or thrown must be derived from System.Exception (CS0155)', c.pos);
    const exSlot = scope.declare('$exception', T.exception, c.pos).slot;
    const slot = c.name ? scope.declare(c.name, ty, c.pos).slot : undefined;
    const inner: Cx = { ...cx, scope };
    const when = c.when ? compileCondition(c.when, inner) : undefined;
    const compiled = compileStatement(c.body, inner);
    return { ty, exSlot, slot, when, run: compiled.run, completes: compiled.completes, breaks: compiled.breaks };
  });
  const fin = s.finally ? compileStatement(s.finally, cx) : undefined;
  const brun = body.run;
  const frun = fin?.run;
  return {
    run: (f) => {
      try {
        return brun(f);
      } catch (e) {
        if (e instanceof BudgetExceeded || !catches.length) throw e;
        const ex = asDotnetException(e);
        for (const c of catches) {
          if (!exceptionMatches(ex, c.ty)) continue;
          f.slots[c.exSlot] = ex;
          if (c.slot !== undefined) f.slots[c.slot] = ex;
          if (c.when && !c.when(f)) continue;
          return c.run(f);
        }
        throw e;
      } finally {
        if (frun) frun(f);
      }
    },
    completes: (body.completes || catches.some((c) => c.completes)) && (fin ? fin.completes : true),
    breaks: !!(body.breaks || catches.some((c) => c.breaks)),
  };
}

function compileSwitch(s: Extract<Stmt, { kind: 'switch' }>, cx: Cx): CStmt {
  const value = compileValue(s.value, cx);
  const vty = value.ty;
  const scope = cx.scope.child();
  const inner: Cx = { ...cx, scope, canBreak: true };
  const valueSlot = scope.declare(`$switch${s.pos}`, vty, s.pos).slot;
  const subject = { ty: vty, ev: (f: Frame) => f.slots[valueSlot] };
  let hasDefault = false;
  let anyCompletes = false;
  const sections = s.sections.map((sec) => {
    const tests = sec.labels.map((l) => labelTest(l, subject, inner));
    if (sec.labels.some((l) => l.isDefault)) hasDefault = true;
    const body = sequence(sec.body, inner);
    if (body.completes) {
      const last = sec.body.at(-1);
      throw new CompileError('Control cannot fall through from one case label to another (CS0163)', last?.pos ?? sec.labels[0]!.pos);
    }
    if (body.breaks) anyCompletes = true;
    return { tests, run: body.run, isDefault: sec.labels.some((l) => l.isDefault) };
  });
  const vev = value.ev;
  return {
    run: (f) => {
      f.slots[valueSlot] = vev(f);
      let chosen = sections.find((sec) => sec.tests.some((t) => t && t(f)));
      if (!chosen) chosen = sections.find((sec) => sec.isDefault);
      if (!chosen) return NORMAL;
      const code = chosen.run(f);
      return code === BREAK ? NORMAL : code;
    },
    completes: !hasDefault || anyCompletes,
  };
}

function labelTest(l: SwitchLabel, subject: { ty: Ty; ev: (f: Frame) => unknown }, cx: Cx): ((f: Frame) => boolean) | undefined {
  if (l.isDefault) return undefined;
  if (l.type) {
    const ty = resolveType(l.type, cx);
    const slot = l.binding && l.binding !== '_' ? cx.scope.declare(l.binding, ty, l.pos).slot : undefined;
    const when = l.when ? compileCondition(l.when, cx) : undefined;
    const bx = boxer(subject.ty);
    return (f) => {
      const raw = subject.ev(f);
      const v = bx ? bx(raw) : raw;
      if (!isInstance(v, ty)) return false;
      if (slot !== undefined) f.slots[slot] = v && typeof v === 'object' && 'value' in v && 'type' in v ? (v as { value: unknown }).value : v;
      return when ? (when(f) as boolean) : true;
    };
  }
  const when = l.when ? compileCondition(l.when, cx) : undefined;
  const eq = binaryOf('==', subject, compileValue(l.value!, cx), l.pos, l.pos).ev;
  return when ? (f) => (eq(f) as boolean) && (when(f) as boolean) : (f) => eq(f) as boolean;
}

function compileUsing(s: Extract<Stmt, { kind: 'using' }>, cx: Cx): CStmt {
  const inner: Cx = { ...cx, scope: cx.scope.child() };
  const head = s.decl ? compileStatement(s.decl, inner).run : s.expr ? ((ev) => (f: Frame) => (ev(f), NORMAL))(compileValue(s.expr, inner).ev) : () => NORMAL;
  const body = compileStatement(s.body, inner);
  const brun = body.run;
  return { run: (f) => (head(f), brun(f)), completes: body.completes, breaks: !!body.breaks };
}


