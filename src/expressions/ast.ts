/**
 * The syntax tree of the C# subset. Every node carries `pos` (offset of its first character in the
 * expression code) and, for member accesses and calls, `opPos` (offset of the `.` / `[` / `(` that
 * performs the operation) so runtime errors point at the failing part.
 */

/** A type as written: `string`, `List<int>`, `int?`, `byte[]`, `var`. */
export interface TypeSyntax {
  name: string; // dotted name or keyword
  args: TypeSyntax[];
  rank: number; // array dimensions ([] count)
  nullable: boolean;
  pos: number;
}

export type Expr =
  | { kind: 'literal'; pos: number; end: number; value: unknown; litType: string }
  | { kind: 'interp'; pos: number; end: number; parts: string[]; holes: { expr: Expr; alignment?: Expr; format?: string }[] }
  | { kind: 'name'; pos: number; end: number; name: string; typeArgs?: TypeSyntax[] }
  | { kind: 'member'; pos: number; end: number; target: Expr; name: string; typeArgs?: TypeSyntax[]; conditional: boolean; opPos: number }
  | { kind: 'call'; pos: number; end: number; callee: Expr; args: Arg[]; opPos: number }
  | { kind: 'index'; pos: number; end: number; target: Expr; args: Arg[]; conditional: boolean; opPos: number }
  | { kind: 'unary'; pos: number; end: number; op: string; operand: Expr }
  | { kind: 'postfix'; pos: number; end: number; op: '++' | '--'; operand: Expr }
  | { kind: 'binary'; pos: number; end: number; op: string; left: Expr; right: Expr; opPos: number }
  | { kind: 'assign'; pos: number; end: number; op: string; target: Expr; value: Expr; opPos: number }
  | { kind: 'conditional'; pos: number; end: number; cond: Expr; then: Expr; else: Expr }
  | { kind: 'cast'; pos: number; end: number; type: TypeSyntax; operand: Expr }
  | { kind: 'is'; pos: number; end: number; operand: Expr; type: TypeSyntax; binding?: string; bindingPos?: number }
  | { kind: 'isPattern'; pos: number; end: number; operand: Expr; pattern: Expr; negate?: boolean }
  | { kind: 'as'; pos: number; end: number; operand: Expr; type: TypeSyntax }
  | { kind: 'typeof'; pos: number; end: number; type: TypeSyntax }
  | { kind: 'nameof'; pos: number; end: number; text: string }
  | { kind: 'default'; pos: number; end: number; type?: TypeSyntax }
  | { kind: 'new'; pos: number; end: number; type: TypeSyntax; args: Arg[]; init?: Initializer }
  | { kind: 'newArray'; pos: number; end: number; type?: TypeSyntax; size?: Expr; items?: Expr[] }
  | { kind: 'newAnon'; pos: number; end: number; members: { name: string; value: Expr; pos: number }[] }
  | { kind: 'lambda'; pos: number; end: number; params: { name: string; type?: TypeSyntax; pos: number }[]; body: Expr | Stmt }
  | { kind: 'throwExpr'; pos: number; end: number; value: Expr }
  | { kind: 'this'; pos: number; end: number }
  | { kind: 'checked'; pos: number; end: number; checked: boolean; operand: Expr };

export interface Arg {
  value: Expr;
  /** Named argument: `preserveContent: true`. */
  name?: string;
  /** `out var x`, `out string x`, `out x`, `ref x`. */
  modifier?: 'out' | 'ref';
  /** `out var x` / `out T x` declares a local. */
  declare?: { name: string; type?: TypeSyntax; pos: number };
}

export type Initializer =
  | { kind: 'object'; members: { name: string; value: Expr | Initializer; pos: number }[] }
  | { kind: 'collection'; items: (Expr | Expr[])[] }
  | { kind: 'index'; entries: { key: Expr[]; value: Expr; pos: number }[] };

export type Stmt =
  | { kind: 'block'; pos: number; body: Stmt[]; /** `checked { }` / `unchecked { }` */ checked?: boolean }
  | { kind: 'expr'; pos: number; expr: Expr }
  | { kind: 'local'; pos: number; type: TypeSyntax; decls: { name: string; init?: Expr; pos: number }[]; isConst: boolean }
  | { kind: 'if'; pos: number; cond: Expr; then: Stmt; else?: Stmt }
  | { kind: 'return'; pos: number; value?: Expr }
  | { kind: 'while'; pos: number; cond: Expr; body: Stmt }
  | { kind: 'do'; pos: number; cond: Expr; body: Stmt }
  | { kind: 'for'; pos: number; init: Stmt[]; cond?: Expr; iter: Expr[]; body: Stmt }
  | { kind: 'foreach'; pos: number; type: TypeSyntax; name: string; namePos: number; source: Expr; body: Stmt }
  | { kind: 'break'; pos: number }
  | { kind: 'continue'; pos: number }
  | { kind: 'throw'; pos: number; value?: Expr }
  | { kind: 'try'; pos: number; body: Stmt; catches: CatchClause[]; finally?: Stmt }
  | { kind: 'switch'; pos: number; value: Expr; sections: SwitchSection[] }
  | { kind: 'using'; pos: number; decl?: Stmt; expr?: Expr; body: Stmt }
  | { kind: 'empty'; pos: number }
  | { kind: 'localFunc'; pos: number; name: string; returnType: TypeSyntax; params: { name: string; type: TypeSyntax; pos: number }[]; body: Stmt };

export interface CatchClause {
  type?: TypeSyntax;
  name?: string;
  when?: Expr;
  body: Stmt;
  pos: number;
}

export interface SwitchLabel {
  /** `case 1:` / `case "a":` */
  value?: Expr;
  /** `case string s:` / `case int _:` */
  type?: TypeSyntax;
  binding?: string;
  when?: Expr;
  isDefault: boolean;
  pos: number;
}

export interface SwitchSection {
  labels: SwitchLabel[];
  body: Stmt[];
}
