/**
 * Static types as the compiler sees them: `Ty` is an interned reference to a registered type with its
 * generic arguments (`List<string>`), an array (`string[]`), a method type parameter (`T`, only inside
 * signatures), `dynamic` (unknown until run time: member access is then resolved on the runtime type)
 * or the type of the `null` literal.
 */
import type { TypeDef } from './registry.js';

export type TyKind = 'named' | 'array' | 'param' | 'dynamic' | 'null' | 'lambda' | 'void';

export class Ty {
  /** C#-style display text: `List<string>`, `string[]`, `T`. */
  readonly display: string;
  private constructor(
    readonly kind: TyKind,
    readonly def: TypeDef | undefined,
    readonly args: readonly Ty[],
    readonly element: Ty | undefined,
    readonly param: string | undefined,
  ) {
    this.display = describe(this);
  }

  private static readonly cache = new Map<string, Ty>();

  static named(def: TypeDef, args: readonly Ty[] = []): Ty {
    // The common case (no type arguments) is cached on the definition: no key string on hot paths.
    if (args.length === 0) {
      const holder = def as unknown as { plainTy?: Ty };
      return (holder.plainTy ??= Ty.intern(`N:${def.fullName}<>`, () => new Ty('named', def, args, undefined, undefined)));
    }
    const key = `N:${def.fullName}<${args.map((a) => a.key).join(',')}>`;
    return Ty.intern(key, () => new Ty('named', def, args, undefined, undefined));
  }
  static array(element: Ty): Ty {
    return Ty.intern(`A:${element.key}`, () => new Ty('array', undefined, [], element, undefined));
  }
  static param(name: string): Ty {
    return Ty.intern(`P:${name}`, () => new Ty('param', undefined, [], undefined, name));
  }
  static readonly dynamic = new Ty('dynamic', undefined, [], undefined, undefined);
  static readonly nullType = new Ty('null', undefined, [], undefined, undefined);
  static readonly voidType = new Ty('void', undefined, [], undefined, undefined);
  /** A lambda before its parameter types are known (only during overload resolution). */
  static readonly lambda = new Ty('lambda', undefined, [], undefined, undefined);

  private static intern(key: string, make: () => Ty): Ty {
    let t = Ty.cache.get(key);
    if (!t) {
      t = make();
      Ty.cache.set(key, t);
    }
    return t;
  }

  get key(): string {
    switch (this.kind) {
      case 'named':
        return `N:${this.def!.fullName}<${this.args.map((a) => a.key).join(',')}>`;
      case 'array':
        return `A:${this.element!.key}`;
      case 'param':
        return `P:${this.param}`;
      default:
        return this.kind;
    }
  }

  /** The .NET full name as `GetType().ToString()` prints it: `System.Collections.Generic.List\`1[System.String]`. */
  get dotnetName(): string {
    // Types are interned and immutable: compute the name once (LINQ operators ask for it per evaluation).
    return (this.dotnetNameCache ??= this.computeDotnetName());
  }
  private dotnetNameCache: string | undefined;
  private computeDotnetName(): string {
    switch (this.kind) {
      case 'named': {
        const def = this.def!;
        if (def.typeParams.length === 0) return def.fullName;
        const base = def.fullName.replace(/<.*$/, '');
        return `${base}\`${def.typeParams.length}[${this.args.map((a) => a.dotnetName).join(',')}]`;
      }
      case 'array':
        return `${this.element!.dotnetName}[]`;
      case 'param':
        return this.param!;
      case 'null':
        return '<null>';
      default:
        return 'System.Object';
    }
  }

  get isDynamic(): boolean {
    return this.kind === 'dynamic';
  }
  /** The full name of the definition, e.g. `System.String`, or '' when not a named type. */
  get name(): string {
    return this.kind === 'named' ? this.def!.fullName : '';
  }
}

const KEYWORD_OF: Record<string, string> = {
  'System.Boolean': 'bool', 'System.Byte': 'byte', 'System.SByte': 'sbyte', 'System.Int16': 'short', 'System.UInt16': 'ushort',
  'System.Int32': 'int', 'System.UInt32': 'uint', 'System.Int64': 'long', 'System.UInt64': 'ulong', 'System.Single': 'float',
  'System.Double': 'double', 'System.Decimal': 'decimal', 'System.Char': 'char', 'System.String': 'string', 'System.Object': 'object',
};

function describe(t: Ty): string {
  switch (t.kind) {
    case 'named': {
      const def = t.def!;
      const short = KEYWORD_OF[def.fullName] ?? def.displayName;
      return t.args.length ? `${short.replace(/<.*$/, '')}<${t.args.map((a) => a.display).join(', ')}>` : short;
    }
    case 'array':
      return `${t.element!.display}[]`;
    case 'param':
      return t.param!;
    case 'null':
      return '<null>';
    case 'lambda':
      return 'lambda expression';
    case 'void':
      return 'void';
    default:
      return 'dynamic';
  }
}
