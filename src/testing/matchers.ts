/**
 * What an expected value in a test file means:
 *   a scalar            equal to the actual value's text (`status: 401`, `hub: chat`)
 *   "/regex/flags"      the actual value's text matches
 *   null                absent (or null)
 *   {absent: true}      absent
 *   {equals: x}         exactly x, even when x looks like a regex or a matcher
 *   {matches: "re"}     the actual text matches re (no slashes needed)
 *   {jsonata: "expr"}   expr, evaluated with the actual value as input ($trace: the whole trace), is true
 *   [ … ]               an array of the same length, item by item
 *   { … }               an object having at least these keys, each matching
 */
import jsonata from 'jsonata';

export type MatchPath = Array<string | number>;

export interface MatchResult {
  pass: boolean;
  /** Why not, relative to the value matched (e.g. `at [2].name: expected … got …`). */
  message?: string;
}

export interface MatchContext {
  /** Bound as `$trace` in jsonata matchers. */
  trace?: unknown;
}

const MATCHER_KEYS = new Set(['equals', 'matches', 'jsonata', 'absent']);
const REGEX_LITERAL = /^\/(.+)\/([dgimsuy]*)$/s;

export function isMatcherObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && MATCHER_KEYS.has(keys[0]!);
}

/** A `/…/` string as a RegExp, or undefined when the string is a plain value. */
export function regexLiteral(value: string): RegExp | undefined {
  const m = REGEX_LITERAL.exec(value);
  if (!m) return undefined;
  try {
    return new RegExp(m[1]!, m[2]!.replace('g', ''));
  } catch {
    return undefined;
  }
}

/** True when the expectation is a pattern rather than a value (so `--update` keeps it when it passes). */
export function isPattern(expected: unknown): boolean {
  return (typeof expected === 'string' && regexLiteral(expected) !== undefined) || isMatcherObject(expected);
}

function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

export function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  return JSON.stringify(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const compiled = new Map<string, ReturnType<typeof jsonata>>();

/** A jsonata expression compiled once per text; syntax errors throw with the position. */
export function compileJsonata(expr: string): ReturnType<typeof jsonata> {
  let e = compiled.get(expr);
  if (!e) {
    try {
      e = jsonata(expr);
    } catch (err) {
      const { message, position } = err as { message: string; position?: number };
      throw new Error(`jsonata syntax error${position !== undefined ? ` at character ${position}` : ''}: ${message}`);
    }
    compiled.set(expr, e);
  }
  return e;
}

function where(path: MatchPath): string {
  return path.length ? `at \`${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '')}\`: ` : '';
}

export async function match(expected: unknown, actual: unknown, ctx: MatchContext = {}, path: MatchPath = []): Promise<MatchResult> {
  const fail = (why: string): MatchResult => ({ pass: false, message: where(path) + why });

  if (expected === null) {
    return actual === undefined || actual === null ? { pass: true } : fail(`expected absent, got ${show(actual)}`);
  }
  if (isMatcherObject(expected)) {
    const [kind, arg] = Object.entries(expected)[0]!;
    switch (kind) {
      case 'absent':
        return actual === undefined ? { pass: true } : fail(`expected absent, got ${show(actual)}`);
      case 'equals':
        return deepEqual(arg, actual) ? { pass: true } : fail(`expected exactly ${show(arg)}, got ${show(actual)}`);
      case 'matches': {
        let re: RegExp;
        try {
          re = new RegExp(String(arg));
        } catch (err) {
          return fail(`bad regular expression: ${(err as Error).message}`);
        }
        return matchRegex(re, actual, fail);
      }
      case 'jsonata':
        return matchJsonata(String(arg), actual, ctx, fail);
    }
  }
  if (typeof expected === 'string') {
    const re = regexLiteral(expected);
    if (re) return matchRegex(re, actual, fail);
  }
  if (typeof expected !== 'object') {
    const text = textOf(actual);
    if (text === undefined) return fail(`expected ${show(expected)}, got ${show(actual)}`);
    return text === String(expected) ? { pass: true } : fail(`expected ${show(expected)}, got ${show(actual)}`);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return fail(`expected a list of ${expected.length}, got ${show(actual)}`);
    if (actual.length !== expected.length) return fail(`expected ${expected.length} item(s), got ${actual.length}: ${show(actual)}`);
    for (let i = 0; i < expected.length; i++) {
      const r = await match(expected[i], actual[i], ctx, [...path, i]);
      if (!r.pass) return r;
    }
    return { pass: true };
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    return fail(`expected an object, got ${show(actual)}`);
  }
  for (const [key, want] of Object.entries(expected as Record<string, unknown>)) {
    const r = await match(want, (actual as Record<string, unknown>)[key], ctx, [...path, key]);
    if (!r.pass) return r;
  }
  return { pass: true };
}

function matchRegex(re: RegExp, actual: unknown, fail: (why: string) => MatchResult): MatchResult {
  const text = textOf(actual);
  if (text === undefined) return fail(`expected a match for ${re}, got ${show(actual)}`);
  return re.test(text) ? { pass: true } : fail(`expected a match for ${re}, got ${show(actual)}`);
}

async function matchJsonata(
  expr: string,
  actual: unknown,
  ctx: MatchContext,
  fail: (why: string) => MatchResult,
): Promise<MatchResult> {
  let result: unknown;
  try {
    result = await compileJsonata(expr).evaluate(actual, { trace: ctx.trace });
  } catch (err) {
    return fail(`jsonata ${JSON.stringify(expr)}: ${(err as Error).message}`);
  }
  return result === true ? { pass: true } : fail(`jsonata ${JSON.stringify(expr)} gave ${show(result)}, not true (value: ${show(actual)})`);
}
