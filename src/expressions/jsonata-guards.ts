/**
 * Caps for jsonata. jsonata has no allocation hook, so the built-ins that can build a large string or
 * array from a small input ($pad, $join, $replace, $split) are re-registered on each compiled expression
 * with a size check before the original runs; every other result (`&`, $string …) is checked as it
 * leaves its node (the evaluate-exit hook); sequences (ranges `[1..n]`, paths) are capped by jsonata's
 * own `sequence` option. Over a cap the evaluation stops with the same budget error as C#.
 */
import type jsonataModule from 'jsonata';
import { MAX_COLLECTION_SIZE, MAX_STRING_LENGTH, type Meter } from './budget.js';

/** Thrown inside jsonata; JsonataEvaluator reports it as a budget stop. */
export function jsonataBudgetError(message: string): Error {
  return Object.assign(new Error(message), { budget: true });
}

const tooLong = () => jsonataBudgetError(`the expression built a string longer than ${MAX_STRING_LENGTH} characters`);
const tooLarge = () => jsonataBudgetError(`the expression built a collection larger than ${MAX_COLLECTION_SIZE} items`);

type Native = (this: unknown, ...args: unknown[]) => unknown;
interface Guard {
  signature: string;
  /** Throws when the call would build more than a cap allows; returns the steps its work costs. */
  check(args: unknown[]): number;
  /** A replacement for the built-in (otherwise the original runs after the check). */
  run?: Native;
}

function occurrences(s: string, part: string): number {
  let n = 0;
  for (let i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length)) n++;
  return n;
}

/** Nodes of a JSON value, counted until `limit` (the count is the work of stringifying it). */
function nodes(v: unknown, limit: number): number {
  let n = 0;
  const stack: unknown[] = [v];
  while (stack.length && n <= limit) {
    const x = stack.pop();
    n++;
    if (Array.isArray(x)) for (const y of x) stack.push(y);
    else if (x && typeof x === 'object') for (const y of Object.values(x)) stack.push(y);
  }
  return n;
}

const codePoints = (s: string) => Array.from(s);

const GUARDS: Record<string, Guard> = {
  pad: {
    signature: '<s-ns?:s>',
    check([str, width, char]) {
      if (typeof str !== 'string' || typeof width !== 'number') return 0;
      const unit = typeof char === 'string' && char.length > 1 ? char.length : 1;
      if (Math.abs(width) * unit > MAX_STRING_LENGTH) throw tooLong();
      return Math.abs(width) / 256;
    },
    // jsonata's own builds the padding with new Array(width).join (≈50 ns a character): String.repeat gives the same text.
    run(str, width, char) {
      if (typeof str === 'undefined') return undefined;
      const c = typeof char === 'string' && char.length > 0 ? char : ' ';
      const w = Math.trunc(width as number);
      const padLength = Math.abs(w) - codePoints(str as string).length;
      if (padLength <= 0) return str;
      let padding = c.repeat(padLength);
      if (codePoints(c).length > 1) padding = codePoints(padding).slice(0, padLength).join('');
      return w > 0 ? (str as string) + padding : padding + (str as string);
    },
  },
  join: {
    signature: '<a<s>s?:s>',
    check([items, sep]) {
      if (!Array.isArray(items)) return 0;
      let n = typeof sep === 'string' ? sep.length * Math.max(0, items.length - 1) : 0;
      for (const x of items) n += typeof x === 'string' ? x.length : 0;
      if (n > MAX_STRING_LENGTH) throw tooLong();
      return items.length / 16 + n / 256;
    },
  },
  replace: {
    signature: '<s-(sf)(sf)n?:s>',
    check([str, pattern, replacement]) {
      if (typeof str !== 'string' || typeof pattern !== 'string' || pattern === '') return 0;
      const count = occurrences(str, pattern);
      if (typeof replacement === 'string' && str.length + count * (replacement.length - pattern.length) > MAX_STRING_LENGTH) throw tooLong();
      return count + str.length / 256; // jsonata replaces match by match
    },
  },
  split: {
    signature: '<s-(sf)n?:a<s>>',
    check([str, sep]) {
      if (typeof str !== 'string') return 0;
      if (sep === '' && str.length > MAX_COLLECTION_SIZE) throw tooLarge();
      return str.length / 256 + (sep === '' ? str.length : 0);
    },
  },
  string: {
    signature: '<x-b?:s>',
    check([value]) {
      return value && typeof value === 'object' ? nodes(value, MAX_COLLECTION_SIZE * 4) : 0;
    },
  },
  zip: {
    signature: '<a+>',
    // Every item of every input is read, and one tuple is built per index.
    check(arrays) {
      let n = 0;
      for (const a of arrays) n += Array.isArray(a) ? a.length : 0;
      return n;
    },
  },
  distinct: {
    signature: '<x:x>',
    // jsonata compares each item with every kept one: quadratic.
    check([arr]) {
      return Array.isArray(arr) ? (arr.length * arr.length) / 8 : 0;
    },
  },
};

let originals: Map<string, Native> | undefined;

/** The built-ins' own implementations, read once from jsonata itself. */
async function loadOriginals(jsonata: (code: string) => jsonataModule.Expression): Promise<Map<string, Native>> {
  const out = new Map<string, Native>();
  for (const name of Object.keys(GUARDS)) out.set(name, ((await jsonata(`$${name}`).evaluate({})) as { implementation: Native }).implementation);
  return out;
}

/**
 * Registers the guarded built-ins on `expr` (the originals are read at the first call; jsonata
 * evaluation is asynchronous anyway) and the result-size check as `expr`'s exit hook.
 */
export function guardJsonata(expr: jsonataModule.Expression, jsonata: (code: string) => jsonataModule.Expression, meterName: string): void {
  for (const [name, guard] of Object.entries(GUARDS)) {
    expr.registerFunction(
      name,
      async function (this: { environment: { lookup(name: string): unknown } }, ...args: unknown[]) {
        const meter = this.environment.lookup(meterName) as Meter | undefined;
        const steps = guard.check(args);
        if (meter) charge(meter, steps);
        if (guard.run) return guard.run.apply(this, args);
        originals ??= await loadOriginals(jsonata);
        return originals.get(name)!.apply(this, args);
      },
      guard.signature,
    );
  }
  (expr.assign as (name: string | symbol, value: unknown) => void)(Symbol.for('jsonata.__evaluate_exit'), (_node: unknown, _input: unknown, _env: unknown, result: unknown) => {
    if (typeof result === 'string') {
      if (result.length > MAX_STRING_LENGTH) throw tooLong();
    } else if (Array.isArray(result) && result.length > MAX_COLLECTION_SIZE) throw tooLarge();
  });
}

/** A built-in's work, charged before it runs. */
function charge(m: Meter, steps: number): void {
  m.steps += Math.ceil(steps);
  if (m.steps > m.maxSteps) throw jsonataBudgetError(`the expression exceeded its budget of ${m.maxSteps} steps`);
}
