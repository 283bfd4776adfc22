/**
 * A recursive-descent parser for the C# 7 subset APIM expressions use. Precedence follows the C#
 * specification (§12.4.2): assignment/lambda < ?: < ?? < || < && < | < ^ < & < equality < relational
 * and type testing < shift < additive < multiplicative < unary < primary.
 */
import type { Arg, CatchClause, Expr, Initializer, Stmt, SwitchLabel, SwitchSection, TypeSyntax } from './ast.js';
import { Lexer, SyntaxError, type Token } from './lexer.js';

export { SyntaxError } from './lexer.js';

const PRIMITIVE_TYPE_KEYWORDS = new Set([
  'bool', 'byte', 'sbyte', 'short', 'ushort', 'int', 'uint', 'long', 'ulong', 'float', 'double', 'decimal', 'char',
  'string', 'object', 'void',
]);

const ASSIGNMENT_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '??=']);

/** Parse an `@( … )` expression's text. */
export function parseExpression(code: string): Expr {
  const p = new Parser(code, 0, code.length);
  const e = p.expression();
  p.expectEnd();
  return e;
}

/** Parse an `@{ … }` block's text (the statements between the braces). */
export function parseBlock(code: string): Stmt {
  const p = new Parser(code, 0, code.length);
  const body: Stmt[] = [];
  while (!p.atEnd()) body.push(p.statement());
  return { kind: 'block', pos: 0, body };
}

/** Nesting (parentheses, calls, blocks) and operator-chain limits: far beyond real policies, far below the JS stack. */
const MAX_DEPTH = 256;
const MAX_CHAIN = 2000;

class Parser {
  private toks: Token[];
  private i = 0;
  private depth = 0;
  private chain = 0;
  constructor(
    private readonly code: string,
    start: number,
    end: number,
  ) {
    this.toks = new Lexer(code, start, end).tokenize();
  }

  // ─────────────── token helpers ───────────────
  private get t(): Token {
    return this.toks[this.i]!;
  }
  private peekTok(n = 1): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)]!;
  }
  private is(text: string): boolean {
    const t = this.t;
    return (t.kind === 'punct' || t.kind === 'keyword' || t.kind === 'ident') && t.text === text;
  }
  private isPunct(text: string, tok = this.t): boolean {
    return tok.kind === 'punct' && tok.text === text;
  }
  private accept(text: string): boolean {
    if (this.is(text)) {
      this.i++;
      return true;
    }
    return false;
  }
  private expect(text: string): Token {
    if (!this.is(text)) throw this.error(`'${text}' expected`);
    return this.toks[this.i++]!;
  }
  private error(message: string, at = this.t): SyntaxError {
    const found = at.kind === 'eof' ? 'end of expression' : `'${at.text}'`;
    return new SyntaxError(`${message} (found ${found})`, at.start);
  }
  private prevEnd(): number {
    return this.toks[this.i - 1]?.end ?? 0;
  }
  atEnd(): boolean {
    return this.t.kind === 'eof';
  }
  expectEnd(): void {
    if (!this.atEnd()) throw this.error('unexpected token after the end of the expression');
  }
  private ident(): Token {
    if (this.t.kind !== 'ident') throw this.error('identifier expected');
    return this.toks[this.i++]!;
  }
  /** `>` `>` with no space between them is the shift operator. */
  private isShiftRight(): boolean {
    return this.isPunct('>') && this.isPunct('>', this.peekTok()) && !!this.peekTok().joined;
  }

  // ─────────────── types ───────────────
  /** Parses a type; returns undefined (and restores the position) when the tokens are not a type. */
  tryType(allowVar = false): TypeSyntax | undefined {
    const save = this.i;
    try {
      return this.type(allowVar);
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      this.i = save;
      return undefined;
    }
  }

  type(allowVar = false): TypeSyntax {
    const t = this.t;
    let name: string;
    if (t.kind === 'keyword' && PRIMITIVE_TYPE_KEYWORDS.has(t.text)) {
      name = t.text;
      this.i++;
    } else if (t.kind === 'ident') {
      name = t.text;
      this.i++;
      while (this.isPunct('.') && this.peekTok().kind === 'ident' && !this.isPunct('<', this.peekTok(2)) ) {
        this.i++;
        name += '.' + this.t.text;
        this.i++;
      }
      if (this.isPunct('.') && this.peekTok().kind === 'ident') {
        this.i++;
        name += '.' + this.t.text;
        this.i++;
      }
      if (name === 'var' && !allowVar) throw this.error('type expected', t);
    } else throw this.error('type expected');
    const args: TypeSyntax[] = [];
    if (this.isPunct('<')) {
      this.i++;
      for (;;) {
        args.push(this.type());
        if (this.accept(',')) continue;
        this.expect('>');
        break;
      }
      // Nested generic member: Dictionary<string, string>.KeyCollection is not needed in policies.
    }
    let nullable = false;
    if (this.isPunct('?') && this.looksLikeNullableSuffix()) {
      this.i++;
      nullable = true;
    }
    let rank = 0;
    while (this.isPunct('[') && this.isPunct(']', this.peekTok())) {
      this.i += 2;
      rank++;
    }
    return { name, args, rank, nullable, pos: t.start };
  }

  /** `int? x` vs `a ? b : c`: a nullable `?` is followed by an identifier, `)`, `>`, `,`, `[` or `=`. */
  private looksLikeNullableSuffix(): boolean {
    const n = this.peekTok();
    if (n.kind === 'ident') {
      const after = this.peekTok(2);
      return !(after.kind === 'punct' && after.text === ':') && !this.isPunct('.', after) && !this.isPunct('(', after);
    }
    return n.kind === 'punct' && [')', '>', ',', '[', ']', ';'].includes(n.text);
  }

  // ─────────────── expressions ───────────────
  expression(): Expr {
    return this.nested('the expression is', () => this.expressionInner());
  }

  /** Runs one level of recursive descent, refusing input nested deeper than MAX_DEPTH (the stack stays bounded). */
  private nested<T>(what: string, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new SyntaxError(`${what} nested more than ${MAX_DEPTH} levels deep`, this.t.start);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  /** Counts operators and member accesses of one expression (long chains nest the syntax tree). */
  private link(): void {
    if (++this.chain > MAX_CHAIN) throw new SyntaxError(`the expression has more than ${MAX_CHAIN} operators or member accesses`, this.t.start);
  }

  private expressionInner(): Expr {
    // Lambdas: `x => …`, `(a, b) => …`, `() => …`, `(int a) => …`.
    const lambda = this.tryLambda();
    if (lambda) return lambda;
    if (this.is('throw')) {
      const pos = this.t.start;
      this.i++;
      const value = this.expression();
      return { kind: 'throwExpr', pos, end: value.end, value };
    }
    const left = this.conditional();
    if (this.t.kind === 'punct' && (ASSIGNMENT_OPS.has(this.t.text) || (this.isPunct('>') && this.isPunct('>=', this.peekTok()) && this.peekTok().joined))) {
      let op = this.t.text;
      const opPos = this.t.start;
      if (op === '>') {
        this.i++;
        op = '>>=';
      }
      this.i++;
      const value = this.expression();
      return { kind: 'assign', pos: left.pos, end: value.end, op, target: left, value, opPos };
    }
    return left;
  }

  private tryLambda(): Expr | undefined {
    const t = this.t;
    if (t.kind === 'ident' && this.isPunct('=>', this.peekTok())) {
      this.i += 2;
      const body = this.lambdaBody();
      return { kind: 'lambda', pos: t.start, end: this.prevEnd(), params: [{ name: t.text, pos: t.start }], body };
    }
    if (!this.isPunct('(')) return undefined;
    // Find the matching ')' and check for '=>' after it.
    let depth = 0;
    let j = this.i;
    for (; j < this.toks.length; j++) {
      const k = this.toks[j]!;
      if (k.kind === 'eof') return undefined;
      if (k.kind === 'punct' && (k.text === '(' || k.text === '[')) depth++;
      if (k.kind === 'punct' && (k.text === ')' || k.text === ']')) {
        depth--;
        if (depth === 0) break;
      }
    }
    if (!this.isPunct('=>', this.toks[j + 1])) return undefined;
    this.i++;
    const params: { name: string; type?: TypeSyntax; pos: number }[] = [];
    if (!this.accept(')')) {
      for (;;) {
        if (this.t.kind === 'ident' && (this.isPunct(',', this.peekTok()) || this.isPunct(')', this.peekTok()))) {
          const id = this.ident();
          params.push({ name: id.text, pos: id.start });
        } else {
          const type = this.type();
          const id = this.ident();
          params.push({ name: id.text, type, pos: id.start });
        }
        if (this.accept(',')) continue;
        this.expect(')');
        break;
      }
    }
    this.expect('=>');
    const body = this.lambdaBody();
    return { kind: 'lambda', pos: t.start, end: this.prevEnd(), params, body };
  }

  private lambdaBody(): Expr | Stmt {
    if (this.isPunct('{')) return this.block();
    return this.expression();
  }

  private conditional(): Expr {
    const cond = this.nullCoalescing();
    if (this.isPunct('?')) {
      this.i++;
      const then = this.expression();
      this.expect(':');
      const otherwise = this.expression();
      return { kind: 'conditional', pos: cond.pos, end: otherwise.end, cond, then, else: otherwise };
    }
    return cond;
  }

  private nullCoalescing(): Expr {
    const left = this.binary(0);
    if (this.isPunct('??')) {
      const opPos = this.t.start;
      this.i++;
      const right = this.isPunct('throw') || this.is('throw') ? this.expression() : this.nullCoalescing();
      return { kind: 'binary', pos: left.pos, end: right.end, op: '??', left, right, opPos };
    }
    return left;
  }

  private static readonly LEVELS: string[][] = [
    ['||'],
    ['&&'],
    ['|'],
    ['^'],
    ['&'],
    ['==', '!='],
    ['<', '>', '<=', '>=', 'is', 'as'],
    ['<<', '>>'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private binary(level: number): Expr {
    if (level >= Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    const ops = Parser.LEVELS[level]!;
    for (;;) {
      const t = this.t;
      let op: string | undefined;
      if (level === 7 && this.isShiftRight() && !this.isPunct('>=', this.peekTok())) op = '>>';
      else if ((t.kind === 'punct' || t.kind === 'keyword') && ops.includes(t.text)) op = t.text;
      if (!op) return left;
      if (op === '>' && this.isShiftRight()) return left; // handled one level down
      const opPos = t.start;
      this.link();
      this.i += op === '>>' ? 2 : 1;
      if (op === 'is') {
        left = this.isExpression(left);
        continue;
      }
      if (op === 'as') {
        const type = this.type();
        left = { kind: 'as', pos: left.pos, end: this.prevEnd(), operand: left, type };
        continue;
      }
      const right = this.binary(level + 1);
      left = { kind: 'binary', pos: left.pos, end: right.end, op, left, right, opPos };
    }
  }

  /** After `is`: a type (with an optional binding), `null`, a constant, or `not …` (C# 9, tolerated). */
  private isExpression(operand: Expr): Expr {
    if (this.t.kind === 'keyword' && (this.t.text === 'null' || this.t.text === 'true' || this.t.text === 'false') || this.t.kind === 'int' || this.t.kind === 'string' || this.t.kind === 'char' || this.t.kind === 'real') {
      const pattern = this.unary();
      return { kind: 'isPattern', pos: operand.pos, end: pattern.end, operand, pattern };
    }
    if (this.t.kind === 'ident' && this.t.text === 'not' && this.peekTok().kind === 'keyword' && this.peekTok().text === 'null') {
      this.i++;
      const pattern = this.unary();
      return { kind: 'isPattern', pos: operand.pos, end: pattern.end, operand, pattern, negate: true };
    }
    const type = this.type();
    let binding: string | undefined;
    let bindingPos: number | undefined;
    if (this.t.kind === 'ident' && !this.isPunct('(', this.peekTok())) {
      bindingPos = this.t.start;
      binding = this.ident().text;
    }
    return { kind: 'is', pos: operand.pos, end: this.prevEnd(), operand, type, ...(binding ? { binding, bindingPos } : {}) };
  }

  private unary(): Expr {
    const t = this.t;
    if (t.kind === 'punct' && ['!', '~', '-', '+', '++', '--'].includes(t.text)) {
      this.link();
      this.i++;
      const operand = this.unary();
      return { kind: 'unary', pos: t.start, end: operand.end, op: t.text, operand };
    }
    if (this.isPunct('(')) {
      const cast = this.tryCast();
      if (cast) return cast;
    }
    return this.postfix(this.primary());
  }

  /** `(T)x` — C#'s rule: a cast when T is a keyword type, or when the token after `)` can start an operand. */
  private tryCast(): Expr | undefined {
    const save = this.i;
    const open = this.t;
    this.i++;
    const type = this.tryType();
    if (!type || !this.isPunct(')')) {
      this.i = save;
      return undefined;
    }
    this.i++;
    const next = this.t;
    const keywordType = PRIMITIVE_TYPE_KEYWORDS.has(type.name) || type.rank > 0 || type.nullable;
    const startsOperand =
      next.kind === 'ident' ||
      next.kind === 'int' ||
      next.kind === 'real' ||
      next.kind === 'char' ||
      next.kind === 'string' ||
      next.kind === 'interp' ||
      (next.kind === 'keyword' && !['is', 'as', 'in', 'when'].includes(next.text) && !PRIMITIVE_TYPE_KEYWORDS.has(next.text)) ||
      (next.kind === 'punct' && (next.text === '(' || next.text === '!' || next.text === '~'));
    const operandAfterKeywordType = keywordType && (startsOperand || (next.kind === 'punct' && ['-', '+', '++', '--'].includes(next.text)) || (next.kind === 'keyword'));
    if (!(startsOperand || operandAfterKeywordType)) {
      this.i = save;
      return undefined;
    }
    const operand = this.unary();
    return { kind: 'cast', pos: open.start, end: operand.end, type, operand };
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.t;
      if (t.kind === 'punct' && ['.', '?.', '(', '[', '?[', '++', '--'].includes(t.text)) this.link();
      if (this.isPunct('.') || this.isPunct('?.')) {
        this.i++;
        const id = this.ident();
        const typeArgs = this.tryTypeArgs();
        e = { kind: 'member', pos: e.pos, end: this.prevEnd(), target: e, name: id.text, conditional: t.text === '?.', opPos: t.start, ...(typeArgs ? { typeArgs } : {}) };
      } else if (this.isPunct('(')) {
        this.i++;
        const args = this.args(')');
        e = { kind: 'call', pos: e.pos, end: this.prevEnd(), callee: e, args, opPos: t.start };
      } else if (this.isPunct('[') || this.isPunct('?[')) {
        this.i++;
        const args = this.args(']');
        e = { kind: 'index', pos: e.pos, end: this.prevEnd(), target: e, args, conditional: t.text === '?[', opPos: t.start };
      } else if (this.isPunct('++') || this.isPunct('--')) {
        this.i++;
        e = { kind: 'postfix', pos: e.pos, end: this.prevEnd(), op: t.text as '++' | '--', operand: e };
      } else if (this.isPunct('!') && this.isPostfixBang()) {
        // C# 8 null-forgiving `x!`: no run-time meaning.
        this.i++;
      } else return e;
    }
  }

  private isPostfixBang(): boolean {
    const n = this.peekTok();
    return n.kind === 'punct' && ['.', ')', ';', ',', ']', '?.', '['].includes(n.text) && !!n.joined;
  }

  /** `<T, U>` after a name, when followed by a token that cannot continue a comparison (C# §6.2.5). */
  private tryTypeArgs(): TypeSyntax[] | undefined {
    if (!this.isPunct('<')) return undefined;
    const save = this.i;
    this.i++;
    const args: TypeSyntax[] = [];
    try {
      for (;;) {
        args.push(this.type());
        if (this.accept(',')) continue;
        if (!this.isPunct('>')) throw this.error('>');
        this.i++;
        break;
      }
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      this.i = save;
      return undefined;
    }
    const n = this.t;
    const follows = n.kind === 'eof' || (n.kind === 'punct' && ['(', ')', ']', '}', ':', ';', ',', '.', '?', '==', '!=', '|', '^', '&&', '||', '&', '[', '?.'].includes(n.text));
    if (!follows) {
      this.i = save;
      return undefined;
    }
    return args;
  }

  private args(close: ')' | ']'): Arg[] {
    const args: Arg[] = [];
    if (this.accept(close)) return args;
    for (;;) {
      args.push(this.arg());
      if (this.accept(',')) continue;
      this.expect(close);
      return args;
    }
  }

  private arg(): Arg {
    let name: string | undefined;
    if (this.t.kind === 'ident' && this.isPunct(':', this.peekTok()) && !this.isPunct('::', this.peekTok())) {
      name = this.t.text;
      this.i += 2;
    }
    if (this.is('out') || this.is('ref')) {
      const modifier = this.t.text as 'out' | 'ref';
      this.i++;
      // `out var x`, `out string x`, `out x`
      if (this.t.kind === 'ident' && this.peekTok().kind === 'ident' || (this.t.kind === 'keyword' && PRIMITIVE_TYPE_KEYWORDS.has(this.t.text))) {
        const type = this.type(true);
        const id = this.ident();
        const value: Expr = { kind: 'name', pos: id.start, end: id.end, name: id.text };
        return { value, modifier, declare: { name: id.text, pos: id.start, ...(type.name === 'var' ? {} : { type }) }, ...(name ? { name } : {}) };
      }
      if (this.t.kind === 'ident' && this.t.text === 'var') {
        this.i++;
      }
      const value = this.unary();
      return { value, modifier, ...(name ? { name } : {}) };
    }
    const value = this.expression();
    return { value, ...(name ? { name } : {}) };
  }

  private primary(): Expr {
    const t = this.t;
    switch (t.kind) {
      case 'int':
      case 'real':
        this.i++;
        return { kind: 'literal', pos: t.start, end: t.end, value: t.value, litType: t.numType! };
      case 'char':
        this.i++;
        return { kind: 'literal', pos: t.start, end: t.end, value: t.value, litType: 'char' };
      case 'string':
        this.i++;
        return { kind: 'literal', pos: t.start, end: t.end, value: t.value, litType: 'string' };
      case 'interp': {
        this.i++;
        const holes = t.holes!.map((h) => {
          const sub = new Parser(this.code, h.start, h.end);
          sub.depth = this.depth + 1;
          const expr = sub.expression();
          sub.expectEnd();
          const hole: { expr: Expr; alignment?: Expr; format?: string } = { expr };
          if (h.alignment) {
            const a = new Parser(this.code, h.alignment.start, h.alignment.end);
            a.depth = this.depth + 1;
            hole.alignment = a.expression();
            a.expectEnd();
          }
          if (h.format !== undefined) hole.format = h.format;
          return hole;
        });
        return { kind: 'interp', pos: t.start, end: t.end, parts: t.parts!, holes };
      }
      case 'ident': {
        this.i++;
        const typeArgs = this.tryTypeArgs();
        return { kind: 'name', pos: t.start, end: this.prevEnd(), name: t.text, ...(typeArgs ? { typeArgs } : {}) };
      }
      case 'keyword':
        return this.keywordPrimary(t);
      case 'punct':
        if (t.text === '(') {
          this.i++;
          const inner = this.expression();
          this.expect(')');
          return inner;
        }
        break;
    }
    throw this.error('expression expected');
  }

  private keywordPrimary(t: Token): Expr {
    switch (t.text) {
      case 'true':
      case 'false':
        this.i++;
        return { kind: 'literal', pos: t.start, end: t.end, value: t.text === 'true', litType: 'bool' };
      case 'null':
        this.i++;
        return { kind: 'literal', pos: t.start, end: t.end, value: null, litType: 'null' };
      case 'this':
        this.i++;
        return { kind: 'this', pos: t.start, end: t.end };
      case 'new':
        return this.newExpression();
      case 'typeof': {
        this.i++;
        this.expect('(');
        const type = this.type();
        this.expect(')');
        return { kind: 'typeof', pos: t.start, end: this.prevEnd(), type };
      }
      case 'default': {
        this.i++;
        if (this.accept('(')) {
          const type = this.type();
          this.expect(')');
          return { kind: 'default', pos: t.start, end: this.prevEnd(), type };
        }
        return { kind: 'default', pos: t.start, end: t.end };
      }
      case 'checked':
      case 'unchecked': {
        this.i++;
        this.expect('(');
        const operand = this.expression();
        this.expect(')');
        return { kind: 'checked', pos: t.start, end: this.prevEnd(), checked: t.text === 'checked', operand };
      }
      default:
        if (PRIMITIVE_TYPE_KEYWORDS.has(t.text)) {
          // `string.Empty`, `int.Parse(…)`: the keyword names the type.
          this.i++;
          return { kind: 'name', pos: t.start, end: t.end, name: t.text };
        }
    }
    throw this.error('expression expected');
  }

  private newExpression(): Expr {
    const start = this.t.start;
    this.i++;
    // new[] { … }
    if (this.isPunct('[')) {
      this.i++;
      this.expect(']');
      const items = this.arrayItems();
      return { kind: 'newArray', pos: start, end: this.prevEnd(), items };
    }
    // new { a = 1 }
    if (this.isPunct('{')) {
      this.i++;
      const members: { name: string; value: Expr; pos: number }[] = [];
      while (!this.accept('}')) {
        const e = this.expression();
        if (e.kind === 'assign' && e.op === '=' && e.target.kind === 'name') members.push({ name: e.target.name, value: e.value, pos: e.pos });
        else if (e.kind === 'member') members.push({ name: e.name, value: e, pos: e.pos });
        else if (e.kind === 'name') members.push({ name: e.name, value: e, pos: e.pos });
        else throw new SyntaxError('invalid anonymous type member declarator', e.pos);
        if (!this.accept(',')) {
          this.expect('}');
          break;
        }
      }
      return { kind: 'newAnon', pos: start, end: this.prevEnd(), members };
    }
    const type = this.typeWithoutRank();
    // new byte[n], new string[] { … }, new int[2] { … }
    if (this.isPunct('[')) {
      this.i++;
      let size: Expr | undefined;
      if (!this.isPunct(']')) size = this.expression();
      this.expect(']');
      let items: Expr[] | undefined;
      if (this.isPunct('{')) items = this.arrayItems();
      if (!size && !items) throw this.error('array creation must have array size or array initializer');
      return { kind: 'newArray', pos: start, end: this.prevEnd(), type, ...(size ? { size } : {}), ...(items ? { items } : {}) };
    }
    let args: Arg[] = [];
    if (this.accept('(')) args = this.args(')');
    let init: Initializer | undefined;
    if (this.isPunct('{')) init = this.initializer();
    else if (args.length === 0 && !this.isPunct(')', this.toks[this.i - 1]!)) throw this.error("'(' or '{' expected");
    return { kind: 'new', pos: start, end: this.prevEnd(), type, args, ...(init ? { init } : {}) };
  }

  private typeWithoutRank(): TypeSyntax {
    const save = this.i;
    const type = this.type();
    if (type.rank > 0) {
      // `new string[] { … }` was consumed as a rank; re-read so the caller sees the brackets.
      this.i = save;
      const t = this.type();
      void t;
    }
    return this.stripRank(type);
  }

  private stripRank(type: TypeSyntax): TypeSyntax {
    if (type.rank === 0) return type;
    // Step back over the `[]` pairs so the array path handles them.
    this.i -= type.rank * 2;
    return { ...type, rank: 0 };
  }

  private arrayItems(): Expr[] {
    this.expect('{');
    const items: Expr[] = [];
    while (!this.accept('}')) {
      items.push(this.isPunct('{') ? this.nestedArrayItems() : this.expression());
      if (!this.accept(',')) {
        this.expect('}');
        break;
      }
    }
    return items;
  }

  private nestedArrayItems(): Expr {
    const pos = this.t.start;
    const items = this.arrayItems();
    return { kind: 'newArray', pos, end: this.prevEnd(), items };
  }

  private initializer(): Initializer {
    this.expect('{');
    // Decide the kind from the first entry.
    if (this.accept('}')) return { kind: 'collection', items: [] };
    if (this.isPunct('[')) {
      const entries: { key: Expr[]; value: Expr; pos: number }[] = [];
      do {
        if (this.isPunct('}')) break;
        const pos = this.t.start;
        this.expect('[');
        const key = this.args(']').map((a) => a.value);
        this.expect('=');
        entries.push({ key, value: this.expression(), pos });
      } while (this.accept(','));
      this.expect('}');
      return { kind: 'index', entries };
    }
    if (this.t.kind === 'ident' && this.isPunct('=', this.peekTok())) {
      const members: { name: string; value: Expr | Initializer; pos: number }[] = [];
      do {
        if (this.isPunct('}')) break;
        const id = this.ident();
        this.expect('=');
        const value = this.isPunct('{') ? this.initializer() : this.expression();
        members.push({ name: id.text, value, pos: id.start });
      } while (this.accept(','));
      this.expect('}');
      return { kind: 'object', members };
    }
    const items: (Expr | Expr[])[] = [];
    do {
      if (this.isPunct('}')) break;
      if (this.isPunct('{')) {
        this.i++;
        const group: Expr[] = [];
        while (!this.accept('}')) {
          group.push(this.expression());
          if (!this.accept(',')) {
            this.expect('}');
            break;
          }
        }
        items.push(group);
      } else items.push(this.expression());
    } while (this.accept(','));
    this.expect('}');
    return { kind: 'collection', items };
  }

  // ─────────────── statements ───────────────
  block(): Stmt {
    const pos = this.expect('{').start;
    const body: Stmt[] = [];
    while (!this.accept('}')) {
      if (this.atEnd()) throw this.error("'}' expected");
      body.push(this.statement());
    }
    return { kind: 'block', pos, body };
  }

  statement(): Stmt {
    return this.nested('the statements are', () => this.statementInner());
  }

  private statementInner(): Stmt {
    const t = this.t;
    const pos = t.start;
    if (this.isPunct('{')) return this.block();
    if (this.isPunct(';')) {
      this.i++;
      return { kind: 'empty', pos };
    }
    if (t.kind === 'keyword') {
      switch (t.text) {
        case 'if': {
          this.i++;
          this.expect('(');
          const cond = this.expression();
          this.expect(')');
          const then = this.statement();
          const otherwise = this.accept('else') ? this.statement() : undefined;
          return { kind: 'if', pos, cond, then, ...(otherwise ? { else: otherwise } : {}) };
        }
        case 'return': {
          this.i++;
          if (this.accept(';')) return { kind: 'return', pos };
          const value = this.expression();
          this.expect(';');
          return { kind: 'return', pos, value };
        }
        case 'while': {
          this.i++;
          this.expect('(');
          const cond = this.expression();
          this.expect(')');
          return { kind: 'while', pos, cond, body: this.statement() };
        }
        case 'do': {
          this.i++;
          const body = this.statement();
          this.expect('while');
          this.expect('(');
          const cond = this.expression();
          this.expect(')');
          this.expect(';');
          return { kind: 'do', pos, cond, body };
        }
        case 'for':
          return this.forStatement();
        case 'foreach': {
          this.i++;
          this.expect('(');
          const type = this.type(true);
          const id = this.ident();
          this.expect('in');
          const source = this.expression();
          this.expect(')');
          return { kind: 'foreach', pos, type, name: id.text, namePos: id.start, source, body: this.statement() };
        }
        case 'break':
          this.i++;
          this.expect(';');
          return { kind: 'break', pos };
        case 'continue':
          this.i++;
          this.expect(';');
          return { kind: 'continue', pos };
        case 'throw': {
          this.i++;
          if (this.accept(';')) return { kind: 'throw', pos };
          const value = this.expression();
          this.expect(';');
          return { kind: 'throw', pos, value };
        }
        case 'try':
          return this.tryStatement();
        case 'switch':
          return this.switchStatement();
        case 'using': {
          this.i++;
          this.expect('(');
          const decl = this.tryLocalDeclaration(false);
          let expr: Expr | undefined;
          if (!decl) expr = this.expression();
          this.expect(')');
          const body = this.statement();
          return { kind: 'using', pos, ...(decl ? { decl } : {}), ...(expr ? { expr } : {}), body };
        }
        case 'const': {
          this.i++;
          const decl = this.tryLocalDeclaration(true);
          if (!decl) throw this.error('constant declaration expected');
          return { ...decl, isConst: true } as Stmt;
        }
        case 'goto':
          throw this.error('goto is not supported');
        case 'checked':
        case 'unchecked':
          if (this.isPunct('{', this.peekTok())) {
            const checked = t.text === 'checked';
            this.i++;
            return { ...this.block(), checked } as Stmt;
          }
          break;
      }
    }
    const fn = this.tryLocalFunction();
    if (fn) return fn;
    const decl = this.tryLocalDeclaration(true);
    if (decl) return decl;
    const expr = this.expression();
    this.expect(';');
    return { kind: 'expr', pos, expr };
  }

  /** C# 7 local functions: `T Name(T a, …) { … }` or `… => expr;`. */
  private tryLocalFunction(): Stmt | undefined {
    const save = this.i;
    const pos = this.t.start;
    const returnType = this.tryType();
    if (!returnType || this.t.kind !== 'ident' || !this.isPunct('(', this.peekTok())) {
      this.i = save;
      return undefined;
    }
    const name = this.ident().text;
    this.i++; // (
    const params: { name: string; type: TypeSyntax; pos: number }[] = [];
    try {
      if (!this.accept(')')) {
        for (;;) {
          const type = this.type();
          const id = this.ident();
          params.push({ name: id.text, type, pos: id.start });
          if (this.accept(',')) continue;
          this.expect(')');
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      this.i = save;
      return undefined;
    }
    if (!this.isPunct('{') && !this.isPunct('=>')) {
      this.i = save;
      return undefined;
    }
    let body: Stmt;
    if (this.accept('=>')) {
      const e = this.expression();
      this.expect(';');
      body = returnType.name === 'void' ? { kind: 'expr', pos: e.pos, expr: e } : { kind: 'return', pos: e.pos, value: e };
      body = { kind: 'block', pos: e.pos, body: [body] };
    } else body = this.block();
    return { kind: 'localFunc', pos, name, returnType, params, body };
  }

  /** `T name [= init] (, name [= init])* ;` — undefined (position restored) when not a declaration. */
  private tryLocalDeclaration(withSemicolon: boolean): Stmt | undefined {
    const save = this.i;
    const pos = this.t.start;
    const type = this.tryType(true);
    if (!type || this.t.kind !== 'ident') {
      this.i = save;
      return undefined;
    }
    const after = this.peekTok();
    if (!(after.kind === 'punct' && ['=', ';', ',', ')'].includes(after.text)) && !(after.kind === 'keyword' && after.text === 'in')) {
      this.i = save;
      return undefined;
    }
    const decls: { name: string; init?: Expr; pos: number }[] = [];
    for (;;) {
      const id = this.ident();
      let init: Expr | undefined;
      if (this.accept('=')) init = this.isPunct('{') ? this.nestedArrayItems() : this.expression();
      decls.push({ name: id.text, pos: id.start, ...(init ? { init } : {}) });
      if (!this.accept(',')) break;
    }
    if (withSemicolon) this.expect(';');
    return { kind: 'local', pos, type, decls, isConst: false };
  }

  private forStatement(): Stmt {
    const pos = this.t.start;
    this.i++;
    this.expect('(');
    const init: Stmt[] = [];
    if (!this.isPunct(';')) {
      const decl = this.tryLocalDeclaration(false);
      if (decl) init.push(decl);
      else
        do {
          const e = this.expression();
          init.push({ kind: 'expr', pos: e.pos, expr: e });
        } while (this.accept(','));
    }
    this.expect(';');
    const cond = this.isPunct(';') ? undefined : this.expression();
    this.expect(';');
    const iter: Expr[] = [];
    if (!this.isPunct(')'))
      do iter.push(this.expression());
      while (this.accept(','));
    this.expect(')');
    return { kind: 'for', pos, init, ...(cond ? { cond } : {}), iter, body: this.statement() };
  }

  private tryStatement(): Stmt {
    const pos = this.t.start;
    this.i++;
    const body = this.block();
    const catches: CatchClause[] = [];
    while (this.is('catch')) {
      const cpos = this.t.start;
      this.i++;
      let type: TypeSyntax | undefined;
      let name: string | undefined;
      if (this.accept('(')) {
        type = this.type();
        if (this.t.kind === 'ident') name = this.ident().text;
        this.expect(')');
      }
      let when: Expr | undefined;
      if (this.t.kind === 'ident' && this.t.text === 'when') {
        this.i++;
        this.expect('(');
        when = this.expression();
        this.expect(')');
      }
      catches.push({ pos: cpos, body: this.block(), ...(type ? { type } : {}), ...(name ? { name } : {}), ...(when ? { when } : {}) });
    }
    const fin = this.accept('finally') ? this.block() : undefined;
    if (catches.length === 0 && !fin) throw this.error('catch or finally expected');
    return { kind: 'try', pos, body, catches, ...(fin ? { finally: fin } : {}) };
  }

  private switchStatement(): Stmt {
    const pos = this.t.start;
    this.i++;
    this.expect('(');
    const value = this.expression();
    this.expect(')');
    this.expect('{');
    const sections: SwitchSection[] = [];
    while (!this.accept('}')) {
      const labels: SwitchLabel[] = [];
      while (this.is('case') || this.is('default')) {
        const lpos = this.t.start;
        if (this.accept('default')) {
          this.expect(':');
          labels.push({ isDefault: true, pos: lpos });
          continue;
        }
        this.i++;
        const label: SwitchLabel = { isDefault: false, pos: lpos };
        // `case Type name:` pattern or a constant.
        const save = this.i;
        const type = this.tryType();
        if (type && this.t.kind === 'ident' && this.t.text !== 'when') {
          label.type = type;
          label.binding = this.ident().text;
        } else if (type && !PRIMITIVE_TYPE_KEYWORDS.has(type.name) && false) {
          label.type = type;
        } else {
          this.i = save;
          label.value = this.conditional();
        }
        if (this.t.kind === 'ident' && this.t.text === 'when') {
          this.i++;
          label.when = this.expression();
        }
        this.expect(':');
        labels.push(label);
      }
      if (labels.length === 0) throw this.error("'case' or 'default' expected");
      const body: Stmt[] = [];
      while (!this.is('case') && !this.is('default') && !this.isPunct('}')) {
        if (this.atEnd()) throw this.error("'}' expected");
        body.push(this.statement());
      }
      sections.push({ labels, body });
    }
    return { kind: 'switch', pos, value, sections };
  }
}
