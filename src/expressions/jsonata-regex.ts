/**
 * jsonata's regex literals (`/…/i` in $match, $replace, $split, $contains) run on RE2 (re2js), linear
 * in the input whatever the pattern, through jsonata's RegexEngine option (the `lastIndex` + `exec`
 * contract of a global RegExp). jsonata evaluates its regex functions synchronously, so a pattern RE2
 * cannot run (back references, lookaround) cannot be deferred to the worker pool as C# does: it is
 * refused when the expression is compiled, with the reason.
 */
import { RE2JS } from 're2js';

function compileLiteral(re: RegExp): RE2JS {
  let flags = 0;
  if (re.flags.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
  if (re.flags.includes('m')) flags |= RE2JS.MULTILINE;
  return RE2JS.compile(RE2JS.translateRegExp(re.source), flags);
}

/** Why RE2 cannot run the literal, or undefined when it can. */
export function re2Refusal(re: RegExp): string | undefined {
  try {
    compileLiteral(re);
    return undefined;
  } catch (e) {
    return `the regular expression /${re.source}/ cannot run in linear time (${(e as Error).message}); back references and lookaround are not available in @jsonata expressions`;
  }
}

/** jsonata's RegexEngine: constructed with the literal's RegExp, used like a global RegExp. */
export class Re2JsonataEngine {
  lastIndex = 0;
  private readonly re: RE2JS;
  constructor(literal: RegExp) {
    this.re = compileLiteral(literal);
  }

  exec(input: string): RegExpExecArray | null {
    if (this.lastIndex > input.length) return null;
    const m = this.re.matcher(input);
    if (!m.find(this.lastIndex)) return null;
    const out: string[] = [];
    for (let g = 0; g <= m.groupCount(); g++) out.push(m.start(g) < 0 ? (undefined as unknown as string) : input.slice(m.start(g), m.end(g)));
    this.lastIndex = m.end();
    return Object.assign(out, { index: m.start(), input }) as unknown as RegExpExecArray;
  }
}

/** The regex literals of a parsed jsonata expression (its AST, walked without recursion). */
export function regexLiterals(ast: unknown): RegExp[] {
  const found: RegExp[] = [];
  const stack: unknown[] = [ast];
  const seen = new Set<unknown>();
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (node instanceof RegExp) {
      found.push(node);
      continue;
    }
    for (const v of Object.values(node as Record<string, unknown>)) if (v && typeof v === 'object') stack.push(v);
  }
  return found;
}
