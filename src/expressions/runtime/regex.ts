/**
 * System.Text.RegularExpressions: Regex (statics and instances), Match, Group, GroupCollection,
 * MatchCollection, Capture, RegexOptions. Patterns are translated by regex-translate.ts and run where
 * regex-run.ts decides (RE2 inline, or the worker pool under the match timeout).
 */
import { enumValue } from '../compiler/conversions.js';
import { ctor, field, indexer, method, prop, registerType, typeByFullName } from '../registry.js';
import { checkStringLength } from '../budget.js';
import { EnumValue, TimeSpanValue, makeArray } from '../values.js';
import { fail } from './fail.js';
import type { RawMatch } from './regex-exec.js';
import { runRegex } from './regex-run.js';
import { OPTIONS, regexEscape, regexUnescape, translateRegex, type TranslatedRegex } from './regex-translate.js';

const NSR = 'System.Text.RegularExpressions';
/** .NET's default: Regex.InfiniteMatchTimeout (the gateway's cap applies anyway, see regex-run.ts). */
const INFINITE = Number.POSITIVE_INFINITY;

export class RegexValue {
  readonly t: TranslatedRegex;
  constructor(
    readonly pattern: string,
    readonly options: number,
    readonly timeoutMs: number = INFINITE,
  ) {
    this.t = translateRegex(pattern, options);
  }
  /** All matches from `start` (or only the first). */
  run(input: string, start: number, all: boolean): RawMatch[] {
    return runRegex(this.t, input, start, all, this.timeoutMs, this.pattern);
  }
}

export class GroupValue {
  constructor(
    readonly name: string,
    readonly success: boolean,
    readonly value: string,
    readonly index: number,
  ) {}
}

export class MatchValue extends GroupValue {
  constructor(
    readonly regex: RegexValue | null,
    readonly input: string,
    readonly groups: GroupValue[],
  ) {
    const g0 = groups[0]!;
    super('0', g0.success, g0.value, g0.index);
  }
  static empty(): MatchValue {
    return new MatchValue(null, '', [new GroupValue('0', false, '', 0)]);
  }
}

export class GroupCollectionValue {
  constructor(readonly match: MatchValue) {}
}
export class MatchCollectionValue {
  constructor(readonly matches: MatchValue[]) {}
}
export class CaptureCollectionValue {
  constructor(readonly group: GroupValue) {}
}

function toMatch(regex: RegexValue, input: string, raw: RawMatch | undefined): MatchValue {
  if (!raw) return new MatchValue(regex, input, regex.t.groups.map((g) => new GroupValue(g.name, false, '', 0)));
  const groups = regex.t.groups.map((g) => {
    const v = raw.groups[g.jsIndex];
    const at = raw.indices[g.jsIndex];
    return v === undefined || v === null ? new GroupValue(g.name, false, '', 0) : new GroupValue(g.name, true, v, at ?? 0);
  });
  return new MatchValue(regex, input, groups);
}

function inputArg(s: string | null): string {
  if (s === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'input')");
  return s;
}

function patternArg(p: string | null): string {
  if (p === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'pattern')");
  return p;
}

/** Compiled patterns are cached like .NET's Regex cache (static methods). */
const cache = new Map<string, RegexValue>();
function regexFor(pattern: string | null, options = 0, timeout = INFINITE): RegexValue {
  const p = patternArg(pattern);
  const key = `${options}:${timeout}:${p}`;
  let r = cache.get(key);
  if (!r) {
    r = new RegexValue(p, options, timeout);
    if (cache.size > 256) cache.clear();
    cache.set(key, r);
  }
  return r;
}

function firstMatch(r: RegexValue, input: string | null, start = 0): MatchValue {
  const s = inputArg(input);
  if (start < 0 || start > s.length) fail('System.ArgumentOutOfRangeException', "Start index cannot be less than 0 or greater than input length. (Parameter 'startat')");
  return toMatch(r, s, r.run(s, start, false)[0]);
}

function allMatches(r: RegexValue, input: string | null): MatchCollectionValue {
  const s = inputArg(input);
  return new MatchCollectionValue(r.run(s, 0, true).map((m) => toMatch(r, s, m)));
}

/** Expands a .NET replacement pattern ($1, ${name}, $$, $&, $`, $', $+, $_) for one match. */
export function expandReplacement(m: MatchValue, replacement: string): string {
  const groups = m.groups;
  const byName = new Map(groups.map((g) => [g.name, g]));
  return replacement.replace(/\$(\$|&|`|'|\+|_|\{([^}]+)\}|(\d+))/g, (whole, tok: string, name?: string, num?: string) => {
    if (tok === '$') return '$';
    if (tok === '&') return m.value;
    if (tok === '`') return m.input.slice(0, m.index);
    if (tok === "'") return m.input.slice(m.index + m.value.length);
    if (tok === '_') return m.input;
    if (tok === '+') return groups.length > 1 ? groups[groups.length - 1]!.value : '';
    if (name !== undefined) {
      const g = byName.get(name);
      return g ? g.value : whole;
    }
    // the longest prefix of the digits that names a group
    for (let len = num!.length; len > 0; len--) {
      const g = byName.get(String(Number(num!.slice(0, len))));
      if (g && String(Number(num!.slice(0, len))) === num!.slice(0, len)) return g.value + num!.slice(len);
    }
    return whole;
  });
}

function replace(r: RegexValue, input: string | null, f: (m: MatchValue) => string, count = -1): string {
  const s = inputArg(input);
  const raws = r.run(s, 0, true);
  let out = '';
  let last = 0;
  let n = 0;
  for (const raw of raws) {
    if (count >= 0 && n >= count) break;
    const m = toMatch(r, s, raw);
    out += s.slice(last, m.index) + f(m);
    last = m.index + m.value.length;
    n++;
    checkStringLength(out.length);
  }
  return out + s.slice(last);
}

function split(r: RegexValue, input: string | null): string[] {
  const s = inputArg(input);
  const parts: string[] = [];
  let last = 0;
  for (const raw of r.run(s, 0, true)) {
    const m = toMatch(r, s, raw);
    parts.push(s.slice(last, m.index));
    // captured groups are included, in .NET numbering order
    for (const g of m.groups.slice(1)) if (g.success) parts.push(g.value);
    last = m.index + m.value.length;
  }
  parts.push(s.slice(last));
  return makeArray('System.String', parts);
}

const opt = (e: EnumValue) => e.value;
type Evaluator = (m: MatchValue) => string | null;
const withEvaluator = (f: Evaluator) => (m: MatchValue) => f(m) ?? '';
const timeoutMs = (t: TimeSpanValue) => {
  if (t.ticks <= 0 && t.ticks !== -10000) fail('System.ArgumentOutOfRangeException', "Specified argument was out of the range of valid values. (Parameter 'matchTimeout')");
  return t.ticks === -10000 ? INFINITE : t.ticks / 10000;
};

registerType({ name: `${NSR}.RegexOptions`, kind: 'enum', flags: true, enumMembers: OPTIONS });
registerType({ name: `${NSR}.MatchEvaluator`, kind: 'delegate', base: 'System.Delegate' });

const R = `${NSR}.Regex`;
const MATCH = `${NSR}.Match`;
const MC = `${NSR}.MatchCollection`;
const RO = `${NSR}.RegexOptions`;
const ME = `${NSR}.MatchEvaluator`;

registerType({
  name: R,
  jsClass: RegexValue,
  constructors: [
    ctor('(string pattern)', (p: string | null) => new RegexValue(patternArg(p), 0)),
    ctor(`(string pattern, ${RO} options)`, (p: string | null, o: EnumValue) => new RegexValue(patternArg(p), opt(o))),
    ctor(`(string pattern, ${RO} options, System.TimeSpan matchTimeout)`, (p: string | null, o: EnumValue, t: TimeSpanValue) => new RegexValue(patternArg(p), opt(o), timeoutMs(t))),
  ],
  statics: {
    InfiniteMatchTimeout: field('System.TimeSpan', new TimeSpanValue(-10000)),
    IsMatch: [
      method('(string input, string pattern) => bool', (s: string | null, p: string | null) => firstMatch(regexFor(p), s).success),
      method(`(string input, string pattern, ${RO} options) => bool`, (s: string | null, p: string | null, o: EnumValue) => firstMatch(regexFor(p, opt(o)), s).success),
      method(`(string input, string pattern, ${RO} options, System.TimeSpan matchTimeout) => bool`, (s: string | null, p: string | null, o: EnumValue, t: TimeSpanValue) => firstMatch(regexFor(p, opt(o), timeoutMs(t)), s).success),
    ],
    Match: [
      method(`(string input, string pattern) => ${MATCH}`, (s: string | null, p: string | null) => firstMatch(regexFor(p), s)),
      method(`(string input, string pattern, ${RO} options) => ${MATCH}`, (s: string | null, p: string | null, o: EnumValue) => firstMatch(regexFor(p, opt(o)), s)),
      method(`(string input, string pattern, ${RO} options, System.TimeSpan matchTimeout) => ${MATCH}`, (s: string | null, p: string | null, o: EnumValue, t: TimeSpanValue) => firstMatch(regexFor(p, opt(o), timeoutMs(t)), s)),
    ],
    Matches: [
      method(`(string input, string pattern) => ${MC}`, (s: string | null, p: string | null) => allMatches(regexFor(p), s)),
      method(`(string input, string pattern, ${RO} options) => ${MC}`, (s: string | null, p: string | null, o: EnumValue) => allMatches(regexFor(p, opt(o)), s)),
      method(`(string input, string pattern, ${RO} options, System.TimeSpan matchTimeout) => ${MC}`, (s: string | null, p: string | null, o: EnumValue, t: TimeSpanValue) => allMatches(regexFor(p, opt(o), timeoutMs(t)), s)),
    ],
    Replace: [
      method('(string input, string pattern, string replacement) => string', (s: string | null, p: string | null, rep: string | null) => replace(regexFor(p), s, (m) => expandReplacement(m, rep ?? ''))),
      method(`(string input, string pattern, string replacement, ${RO} options) => string`, (s: string | null, p: string | null, rep: string | null, o: EnumValue) =>
        replace(regexFor(p, opt(o)), s, (m) => expandReplacement(m, rep ?? '')),
      ),
      method(`(string input, string pattern, ${ME} evaluator) => string`, (s: string | null, p: string | null, f: Evaluator) => replace(regexFor(p), s, withEvaluator(f))),
      method(`(string input, string pattern, ${ME} evaluator, ${RO} options) => string`, (s: string | null, p: string | null, f: Evaluator, o: EnumValue) => replace(regexFor(p, opt(o)), s, withEvaluator(f))),
      method(`(string input, string pattern, string replacement, ${RO} options, System.TimeSpan matchTimeout) => string`, (s: string | null, p: string | null, rep: string | null, o: EnumValue, t: TimeSpanValue) =>
        replace(regexFor(p, opt(o), timeoutMs(t)), s, (m) => expandReplacement(m, rep ?? '')),
      ),
      method(`(string input, string pattern, ${ME} evaluator, ${RO} options, System.TimeSpan matchTimeout) => string`, (s: string | null, p: string | null, f: Evaluator, o: EnumValue, t: TimeSpanValue) =>
        replace(regexFor(p, opt(o), timeoutMs(t)), s, withEvaluator(f)),
      ),
    ],
    Split: [
      method('(string input, string pattern) => string[]', (s: string | null, p: string | null) => split(regexFor(p), s)),
      method(`(string input, string pattern, ${RO} options) => string[]`, (s: string | null, p: string | null, o: EnumValue) => split(regexFor(p, opt(o)), s)),
      method(`(string input, string pattern, ${RO} options, System.TimeSpan matchTimeout) => string[]`, (s: string | null, p: string | null, o: EnumValue, t: TimeSpanValue) => split(regexFor(p, opt(o), timeoutMs(t)), s)),
    ],
    Escape: method('(string str) => string', (s: string | null) => {
      if (s === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'str')");
      return regexEscape(s);
    }),
    Unescape: method('(string str) => string', (s: string | null) => {
      if (s === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'str')");
      return regexUnescape(s);
    }),
  },
  members: {
    IsMatch: method('(string input) => bool', (r: RegexValue, s: string | null) => firstMatch(r, s).success),
    Match: [
      method(`(string input) => ${MATCH}`, (r: RegexValue, s: string | null) => firstMatch(r, s)),
      method(`(string input, int startat) => ${MATCH}`, (r: RegexValue, s: string | null, at: number) => firstMatch(r, s, at)),
    ],
    Matches: method(`(string input) => ${MC}`, allMatches),
    Replace: [
      method('(string input, string replacement) => string', (r: RegexValue, s: string | null, rep: string | null) => replace(r, s, (m) => expandReplacement(m, rep ?? ''))),
      method('(string input, string replacement, int count) => string', (r: RegexValue, s: string | null, rep: string | null, n: number) => replace(r, s, (m) => expandReplacement(m, rep ?? ''), n)),
      method(`(string input, ${ME} evaluator) => string`, (r: RegexValue, s: string | null, f: Evaluator) => replace(r, s, withEvaluator(f))),
    ],
    Split: method('(string input) => string[]', split),
    Options: prop(RO, (r: RegexValue) => enumValue(typeByFullName(RO)!, r.options)),
    MatchTimeout: prop('System.TimeSpan', (r: RegexValue) => new TimeSpanValue(r.timeoutMs === INFINITE ? -10000 : r.timeoutMs * 10000)),
    GetGroupNames: method('() => string[]', (r: RegexValue) => makeArray('System.String', r.t.groups.map((g) => g.name))),
    GetGroupNumbers: method('() => int[]', (r: RegexValue) => makeArray('System.Int32', r.t.groups.map((g) => g.number))),
    ToString: method('() => string', (r: RegexValue) => r.pattern),
  },
  toString: (r: RegexValue) => r.pattern,
});

const G = `${NSR}.Group`;
const GC = `${NSR}.GroupCollection`;
const CC = `${NSR}.CaptureCollection`;

registerType({
  name: `${NSR}.Capture`,
  jsClass: [],
  members: {
    Value: prop('string', (g: GroupValue) => g.value),
    Index: prop('int', (g: GroupValue) => g.index),
    Length: prop('int', (g: GroupValue) => g.value.length),
    ToString: method('() => string', (g: GroupValue) => g.value),
  },
  toString: (g: GroupValue) => g.value,
});

registerType({
  name: G,
  base: `${NSR}.Capture`,
  jsClass: GroupValue,
  members: {
    Success: prop('bool', (g: GroupValue) => g.success),
    Name: prop('string', (g: GroupValue) => g.name),
    Captures: prop(CC, (g: GroupValue) => new CaptureCollectionValue(g)),
  },
  toString: (g: GroupValue) => g.value,
});

registerType({
  name: MATCH,
  base: G,
  jsClass: MatchValue,
  statics: { Empty: prop(MATCH, () => MatchValue.empty()) },
  members: {
    Groups: prop(GC, (m: MatchValue) => new GroupCollectionValue(m)),
    NextMatch: method(`() => ${MATCH}`, (m: MatchValue) => {
      if (!m.regex || !m.success) return MatchValue.empty();
      const next = m.index + Math.max(m.value.length, 0) + (m.value.length === 0 ? 1 : 0);
      if (next > m.input.length) return toMatch(m.regex, m.input, undefined);
      return firstMatch(m.regex, m.input, next);
    }),
    Result: method('(string replacement) => string', (m: MatchValue, rep: string | null) => {
      if (rep === null) fail('System.ArgumentNullException', "Value cannot be null. (Parameter 'replacement')");
      if (!m.success) fail('System.NotSupportedException', 'Result cannot be called on a failed Match.');
      return expandReplacement(m, rep);
    }),
  },
  toString: (m: MatchValue) => m.value,
});

/** Groups are kept in .NET number order, so the number is the index. */
function groupAt(m: MatchValue, i: number): GroupValue {
  return m.groups[i] ?? new GroupValue(String(i), false, '', 0);
}

registerType({
  name: GC,
  jsClass: GroupCollectionValue,
  interfaces: [`System.Collections.Generic.IEnumerable<${G}>`],
  iterate: (c: GroupCollectionValue) => c.match.groups,
  elementType: G,
  members: {
    Count: prop('int', (c: GroupCollectionValue) => c.match.groups.length),
    ContainsKey: method('(string key) => bool', (c: GroupCollectionValue, k: string) => c.match.groups.some((g) => g.name === k)),
    Keys: prop('IEnumerable<string>', (c: GroupCollectionValue) => makeArray('System.String', c.match.groups.map((g) => g.name))),
  },
  indexers: [
    indexer(`(int groupnum) => ${G}`, (c: GroupCollectionValue, i: number) => groupAt(c.match, i)),
    indexer(`(string groupname) => ${G}`, (c: GroupCollectionValue, k: string) => c.match.groups.find((g) => g.name === k) ?? new GroupValue(k, false, '', 0)),
  ],
  toString: () => GC,
});

registerType({
  name: MC,
  jsClass: MatchCollectionValue,
  interfaces: [`System.Collections.Generic.IEnumerable<${MATCH}>`],
  iterate: (c: MatchCollectionValue) => c.matches,
  elementType: MATCH,
  members: { Count: prop('int', (c: MatchCollectionValue) => c.matches.length) },
  indexers: [
    indexer(`(int i) => ${MATCH}`, (c: MatchCollectionValue, i: number) => {
      if (i < 0 || i >= c.matches.length) fail('System.ArgumentOutOfRangeException', "Specified argument was out of the range of valid values. (Parameter 'i')");
      return c.matches[i];
    }),
  ],
  toString: () => MC,
});

registerType({
  name: CC,
  jsClass: CaptureCollectionValue,
  interfaces: [`System.Collections.Generic.IEnumerable<${NSR}.Capture>`],
  iterate: (c: CaptureCollectionValue) => (c.group.success ? [c.group] : []),
  elementType: `${NSR}.Capture`,
  members: { Count: prop('int', (c: CaptureCollectionValue) => (c.group.success ? 1 : 0)) },
  indexers: [
    indexer(`(int i) => ${NSR}.Capture`, (c: CaptureCollectionValue, i: number) => {
      if (!c.group.success || i !== 0) fail('System.ArgumentOutOfRangeException', "Specified argument was out of the range of valid values. (Parameter 'i')");
      return c.group;
    }),
  ],
  toString: () => CC,
});
