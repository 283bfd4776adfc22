/**
 * Compile-time state: the lexical scopes (locals live in numbered slots of one frame per
 * evaluation), and the compiled form of an expression (its static type and its closure).
 */
import { Ty } from '../types.js';
import type { Meter } from '../budget.js';
import type { TypeDef } from '../registry.js';

/** One evaluation's state; closures receive it as their only argument. */
export interface Frame extends Meter {
  slots: unknown[];
  /** Offset (in the expression code) of the operation being performed, for error locations. */
  pos: number;
  /** The value of the `return` being executed. */
  ret: unknown;
  /** The `context` object. */
  context: unknown;
  /** Nesting of lambda / local-function calls (runaway recursion stops at MAX_CALL_DEPTH). */
  depth: number;
}

export type Ev = (f: Frame) => unknown;

/** A compiled expression. Exactly one of the "what it is" fields applies. */
export interface CExpr {
  ty: Ty;
  ev: Ev;
  /** A compile-time constant (literals, const locals, folded operators). */
  constant?: { value: unknown };
  /** The expression names a type (`Convert`, `System.Text.Encoding`). */
  typeRef?: Ty;
  /** The expression names a namespace prefix (`System.Text`). */
  namespace?: string;
  /** A method group (`x.Foo` before the call); resolved by the enclosing call. */
  group?: MethodGroup;
  /**
   * A property or field read (`list.Count`) whose name also has extension methods: at a call
   * (`list.Count(x => x > 1)`) the non-invocable member does not hide them, as in C#.
   */
  extensionGroup?: MethodGroup;
  /** An assignable location. */
  store?: (f: Frame, v: unknown) => void;
  /** For `?.` chains: the value may be the SHORT sentinel. */
  short?: boolean;
  /** `(object)1`: a box made right here, so no other reference can be the same object. */
  freshBox?: boolean;
}

export interface MethodGroup {
  name: string;
  receiver?: CExpr; // instance or extension receiver
  staticOf?: TypeDef;
  typeArgs?: Ty[];
  conditional: boolean;
  pos: number;
}

/** `a?.b` with a null: the rest of the chain is skipped and the whole chain is null. */
export const SHORT: unique symbol = Symbol('short-circuit');

export class CompileError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly code = 'OH302',
  ) {
    super(message);
  }
}

export interface Local {
  name: string;
  slot: number;
  ty: Ty;
  constant?: { value: unknown };
}

export class Scope {
  private readonly vars = new Map<string, Local>();
  constructor(
    readonly parent: Scope | undefined,
    readonly unit: Unit,
  ) {}
  lookup(name: string): Local | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }
  declare(name: string, ty: Ty, offset: number): Local {
    if (this.lookup(name)) throw new CompileError(`A local variable named '${name}' is already defined in this scope (CS0128)`, offset);
    const local: Local = { name, slot: this.unit.nextSlot++, ty };
    this.vars.set(name, local);
    return local;
  }
  child(): Scope {
    return new Scope(this, this.unit);
  }
}

export class Unit {
  nextSlot = 0;
}

/** What a statement block is compiling for. */
export interface BodyContext {
  /** The return type: the expression's (object) or a lambda's (inferred when undefined). */
  returnTy?: Ty;
  /** Return types seen (lambda inference). */
  returns: Ty[];
}
