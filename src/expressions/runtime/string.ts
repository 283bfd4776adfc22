/**
 * System.String, System.Char and the enums they use (StringComparison, StringSplitOptions), with
 * .NET's results and exception messages. Culture-sensitive operations use the invariant culture
 * (comparisons through Intl.Collator('en'), casing through JS's locale-independent mappings).
 */
import { ctor, field, generic, indexer, method, prop, registerType, type AnyFn, type Overload } from '../registry.js';
import { dotnetError } from '../errors.js';
import { EnumValue, makeArray } from '../values.js';
import { formatWith, runtimeTy, stringifierFor, toDotnetString, align } from '../format.js';
import { CHARS_PER_STEP, chargeChars, chargeSteps, checkCollectionSize, checkStringLength, MAX_COLLECTION_SIZE, MAX_STRING_LENGTH } from '../budget.js';
import { enumerate } from '../enumerate.js';
import { Ty } from '../types.js';

registerType({
  name: 'System.StringComparison',
  kind: 'enum',
  enumMembers: { CurrentCulture: 0, CurrentCultureIgnoreCase: 1, InvariantCulture: 2, InvariantCultureIgnoreCase: 3, Ordinal: 4, OrdinalIgnoreCase: 5 },
});
registerType({ name: 'System.StringSplitOptions', kind: 'enum', flags: true, enumMembers: { None: 0, RemoveEmptyEntries: 1, TrimEntries: 2 } });

const collator = new Intl.Collator('en', { sensitivity: 'variant' });
const collatorIgnoreCase = new Intl.Collator('en', { sensitivity: 'accent' });

function argNull(name: string): never {
  throw dotnetError('System.ArgumentNullException', `Value cannot be null. (Parameter '${name}')`);
}
function outOfRange(name: string, message: string): never {
  throw dotnetError('System.ArgumentOutOfRangeException', `${message} (Parameter '${name}')`);
}

function ignoreCase(c: EnumValue | null | undefined): boolean {
  return !!c && (c.value & 1) === 1;
}
function isCulture(c: EnumValue | null | undefined): boolean {
  return !!c && c.value < 4;
}

/** String equality under a StringComparison. */
export function stringEquals(a: string | null, b: string | null, c?: EnumValue | null): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (!ignoreCase(c)) return a === b;
  return a.length === b.length && a.toUpperCase() === b.toUpperCase();
}

/** String.Compare: culture-aware (invariant) unless ordinal. */
export function stringCompare(a: string | null, b: string | null, c?: EnumValue | null): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (c && !isCulture(c)) return ordinalCompare(ignoreCase(c) ? toUpperInvariant(a) : a, ignoreCase(c) ? toUpperInvariant(b) : b);
  return Math.sign((ignoreCase(c) ? collatorIgnoreCase : collator).compare(a, b));
}

/** Ordinal comparison as .NET returns it: the difference of the first differing UTF-16 units, else of the lengths. */
export function ordinalCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function indexOf(s: string, v: string, start: number, c?: EnumValue | null): number {
  if (v === null) argNull('value');
  if (start < 0 || start > s.length) outOfRange('startIndex', 'Index was out of range. Must be non-negative and less than the size of the collection.');
  return ignoreCase(c) ? s.toUpperCase().indexOf(v.toUpperCase(), start) : s.indexOf(v, start);
}

function lastIndexOf(s: string, v: string, c?: EnumValue | null): number {
  if (v === null) argNull('value');
  return ignoreCase(c) ? s.toUpperCase().lastIndexOf(v.toUpperCase()) : s.lastIndexOf(v);
}

function startsWith(s: string, v: string, c?: EnumValue | null): boolean {
  if (v === null) argNull('value');
  return ignoreCase(c) ? s.toUpperCase().startsWith(v.toUpperCase()) : s.startsWith(v);
}
function endsWith(s: string, v: string, c?: EnumValue | null): boolean {
  if (v === null) argNull('value');
  return ignoreCase(c) ? s.toUpperCase().endsWith(v.toUpperCase()) : s.endsWith(v);
}

function substring(s: string, start: number, length?: number): string {
  if (start < 0) outOfRange('startIndex', 'StartIndex cannot be less than zero.');
  if (start > s.length) outOfRange('startIndex', 'startIndex cannot be larger than length of string.');
  if (length === undefined) return s.slice(start);
  if (length < 0) outOfRange('length', 'Length cannot be less than zero.');
  if (start + length > s.length) outOfRange('length', 'Index and length must refer to a location within the string.');
  return s.substr(start, length);
}

const WHITESPACE = /[\s\u0085]/;

/**
 * .NET maps case one character at a time (ß stays ß in ToUpper, Σ lowers to σ at a word's end, unlike
 * JS). JS's whole-string mapping gives the same result unless a character expanded or a final sigma
 * was involved; only then is the string mapped character by character.
 */
export function toUpperInvariant(s: string): string {
  chargeChars(s.length);
  const whole = s.toUpperCase();
  return whole.length === s.length ? whole : mapEachChar(s, (ch) => ch.toUpperCase());
}
export function toLowerInvariant(s: string): string {
  chargeChars(s.length);
  const whole = s.toLowerCase();
  return whole.length === s.length && !s.includes('\u03a3') ? whole : mapEachChar(s, (ch) => ch.toLowerCase());
}
function mapEachChar(s: string, map: (ch: string) => string): string {
  chargeSteps(s.length / 16);
  const out: string[] = [];
  for (const ch of s) {
    const m = map(ch);
    out.push(m.length === ch.length ? m : ch);
  }
  return out.join('');
}
/** String.Concat / Insert: the result's length is checked before it is built. */
function concat(...parts: string[]): string {
  let n = 0;
  for (const p of parts) n += p.length;
  if (n > 65536) checkStringLength(n);
  return parts.join('');
}
function isWhiteSpace(ch: string): boolean {
  return WHITESPACE.test(ch) && ch !== '\ufeff';
}

function trimChars(s: string, chars: number[] | null | undefined, start: boolean, end: boolean): string {
  const set = chars && chars.length ? new Set(chars.map((c) => String.fromCharCode(c))) : undefined;
  const strip = (ch: string) => (set ? set.has(ch) : isWhiteSpace(ch));
  let i = 0;
  let j = s.length;
  if (start) while (i < j && strip(s[i]!)) i++;
  if (end) while (j > i && strip(s[j - 1]!)) j--;
  return s.slice(i, j);
}

/** String.Split with separators (chars or strings), count and options. */
function split(s: string, separators: string[] | null, options: EnumValue | null | undefined, count = Number.MAX_SAFE_INTEGER): string[] {
  if (count < 0) outOfRange('count', 'Count cannot be less than zero.');
  const removeEmpty = !!options && (options.value & 1) === 1;
  const trim = !!options && (options.value & 2) === 2;
  const seps = (separators ?? []).filter((x) => x !== null && x !== '');
  const parts: string[] = [];
  if (count === 0) return makeArray('System.String', []);
  if (seps.length === 1 && !trim && !removeEmpty && count === Number.MAX_SAFE_INTEGER) {
    // The common case, natively; at most one part past the cap is built before it is refused.
    const native = s.split(seps[0]!, MAX_COLLECTION_SIZE + 1);
    checkCollectionSize(native.length);
    return makeArray('System.String', native);
  }
  chargeSteps(s.length / 16); // the scan below looks at each character
  let cur = 0;
  let i = 0;
  const push = (p: string) => {
    const v = trim ? trimChars(p, null, true, true) : p;
    if (!(removeEmpty && v === '')) parts.push(v);
    if ((parts.length & 1023) === 0) checkCollectionSize(parts.length);
  };
  while (i <= s.length) {
    if (parts.length === count - 1) break;
    let matched = -1;
    if (i < s.length) {
      if (seps.length === 0) {
        if (isWhiteSpace(s[i]!)) matched = 1;
      } else {
        for (const sep of seps) {
          if (s.startsWith(sep, i)) {
            matched = sep.length;
            break;
          }
        }
      }
    }
    if (matched > 0) {
      push(s.slice(cur, i));
      i += matched;
      cur = i;
    } else i++;
  }
  push(s.slice(cur));
  if (removeEmpty && count !== Number.MAX_SAFE_INTEGER && parts.length === count && parts.length) {
    /* .NET keeps the remainder as the last element */
  }
  checkCollectionSize(parts.length);
  return makeArray('System.String', parts);
}

const charsOf = (chars: number[] | null) => (chars ?? []).map((c) => String.fromCharCode(c));

/** Composite formatting: `{index[,alignment][:format]}` with `{{`/`}}` escapes. */
export function compositeFormat(format: string | null, args: unknown[]): string {
  if (format === null || format === undefined) argNull('format');
  let out = '';
  let i = 0;
  const bad = () => dotnetError('System.FormatException', 'Input string was not in a correct format.');
  while (i < format.length) {
    const ch = format[i]!;
    if (ch === '{') {
      if (format[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const close = format.indexOf('}', i);
      if (close < 0) throw bad();
      const spec = format.slice(i + 1, close);
      const m = /^\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::(.*))?$/s.exec(spec);
      if (!m) throw bad();
      const index = Number(m[1]);
      if (index >= args.length) throw dotnetError('System.FormatException', 'Index (zero based) must be greater than or equal to zero and less than the size of the argument list.');
      const v = args[index];
      const text = m[3] !== undefined ? formatWith(Ty.dynamic, v, m[3]) : toDotnetString(v);
      out += m[2] ? align(text, Number(m[2])) : text;
      i = close + 1;
      continue;
    }
    if (ch === '}') {
      if (format[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      throw bad();
    }
    out += ch;
    i++;
  }
  checkStringLength(out.length);
  return out;
}

/** String.Join / Concat of a sequence: the length is checked as parts arrive, before the join. */
function join(sep: string | null, items: Iterable<unknown>, show: (v: unknown) => string = toDotnetString): string {
  const parts: string[] = [];
  const sepLength = (sep ?? '').length;
  let length = 0;
  for (const x of items) {
    const p = show(x);
    length += p.length + (parts.length ? sepLength : 0);
    if (length > MAX_STRING_LENGTH) checkStringLength(length);
    parts.push(p);
  }
  checkStringLength(length);
  return parts.join(sep ?? '');
}

function pad(s: string, width: number, ch: number, left: boolean): string {
  if (width < 0) outOfRange('totalWidth', 'Non-negative number required.');
  checkStringLength(width);
  const c = String.fromCharCode(ch);
  return left ? s.padStart(width, c) : s.padEnd(width, c);
}

function replace(s: string, oldValue: string, newValue: string | null, c?: EnumValue | null): string {
  if (oldValue === null) argNull('oldValue');
  if (oldValue === '') throw dotnetError('System.ArgumentException', "The value cannot be an empty string. (Parameter 'oldValue')");
  let out: string;
  if (ignoreCase(c)) {
    const re = new RegExp(oldValue.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    out = s.replace(re, () => newValue ?? '');
  } else {
    // Count first: an over-cap result is refused before anything is built.
    let count = 0;
    for (let i = s.indexOf(oldValue); i >= 0; i = s.indexOf(oldValue, i + oldValue.length)) count++;
    checkStringLength(s.length + count * ((newValue ?? '').length - oldValue.length));
    chargeSteps(count); // each match is a piece of the result to copy
    out = count === 0 ? s : s.replaceAll(oldValue, (newValue ?? '').replace(/\$/g, '$$$$'));
  }
  checkStringLength(out.length);
  return out;
}

const comparison = 'StringComparison comparisonType';

/**
 * An instance method of string scans or copies its receiver: each call is charged by the receiver's
 * length (a step per CHARS_PER_STEP characters), so a loop over a 16M-character string's IndexOf is
 * bounded by the step budget, not only by the clock.
 */
function chargedByLength<M extends Record<string, unknown>>(members: M): M {
  for (const entry of Object.values(members)) {
    for (const o of (Array.isArray(entry) ? entry : [entry]) as Overload[]) {
      if (o.kind !== 'method') continue;
      if (o.fn) o.fn = chargeReceiver(o.fn);
      const bind = o.bind;
      if (bind) o.bind = (typeArgs) => chargeReceiver(bind(typeArgs));
    }
  }
  return members;
}
function chargeReceiver(fn: AnyFn): AnyFn {
  return (s: string, ...args: unknown[]) => {
    if (s.length >= CHARS_PER_STEP) chargeChars(s.length);
    return fn(s, ...args);
  };
}

registerType({
  name: 'System.String',
  constructors: [
    ctor('(char c, int count)', (c: number, n: number) => {
      if (n < 0) outOfRange('count', 'Non-negative number required.');
      checkStringLength(n);
      return String.fromCharCode(c).repeat(n);
    }),
    ctor('(char[] value)', (chars: number[] | null) => charsOf(chars).join('')),
    ctor('(char[] value, int startIndex, int length)', (chars: number[], start: number, length: number) => charsOf(chars.slice(start, start + length)).join('')),
  ],
  indexers: [
    indexer('(int index) => char', (s: string, i: number) => {
      if (i < 0 || i >= s.length) throw dotnetError('System.IndexOutOfRangeException', 'Index was outside the bounds of the array.');
      return s.charCodeAt(i);
    }),
  ],
  iterate: (s: string) => enumerate(s),
  statics: {
    Empty: field('string', ''),
    IsNullOrEmpty: method('(string value) => bool', (s: string | null) => s === null || s === undefined || s === ''),
    IsNullOrWhiteSpace: method('(string value) => bool', (s: string | null) => s === null || s === undefined || [...s].every(isWhiteSpace)),
    Format: [
      method('(string format, object arg0) => string', (f: string, a: unknown) => compositeFormat(f, [a])),
      method('(string format, object arg0, object arg1) => string', (f: string, a: unknown, b: unknown) => compositeFormat(f, [a, b])),
      method('(string format, object arg0, object arg1, object arg2) => string', (f: string, a: unknown, b: unknown, c: unknown) => compositeFormat(f, [a, b, c])),
      method('(string format, params object[] args) => string', (f: string, args: unknown[] | null) => compositeFormat(f, args ?? argNull('args'))),
    ],
    Join: [
      method('(string separator, params string[] value) => string', (sep: string, v: string[] | null) => join(sep, v ?? argNull('value'))),
      method('(char separator, params string[] value) => string', (sep: number, v: string[]) => join(String.fromCharCode(sep), v)),
      method('(string separator, params object[] values) => string', (sep: string, v: unknown[]) => join(sep, v)),
      method('(string separator, IEnumerable<string> values) => string', (sep: string, v: unknown) => join(sep, enumerate(v))),
      // Items arrive in T's representation (a char is its code unit): print them as T's ToString() does.
      generic('<T>(string separator, IEnumerable<T> values) => string', ([t]: Ty[]) => {
        const show = t ? stringifierFor(t) : toDotnetString;
        return (sep: string, v: unknown) => join(sep, enumerate(v), show);
      }),
      method('(char separator, IEnumerable<string> values) => string', (sep: number, v: unknown) => join(String.fromCharCode(sep), enumerate(v))),
    ],
    Concat: [
      method('(string str0, string str1) => string', (a: string | null, b: string | null) => concat(a ?? '', b ?? '')),
      method('(string str0, string str1, string str2) => string', (a: string | null, b: string | null, c: string | null) => concat(a ?? '', b ?? '', c ?? '')),
      method('(string str0, string str1, string str2, string str3) => string', (a: string | null, b: string | null, c: string | null, d: string | null) => concat(a ?? '', b ?? '', c ?? '', d ?? '')),
      method('(params string[] values) => string', (v: string[]) => join('', v)),
      method('(object arg0) => string', (a: unknown) => toDotnetString(a)),
      method('(object arg0, object arg1) => string', (a: unknown, b: unknown) => concat(toDotnetString(a), toDotnetString(b))),
      method('(object arg0, object arg1, object arg2) => string', (a: unknown, b: unknown, c: unknown) => concat(toDotnetString(a), toDotnetString(b), toDotnetString(c))),
      method('(params object[] args) => string', (v: unknown[]) => join('', v)),
      method('(IEnumerable<string> values) => string', (v: unknown) => join('', enumerate(v))),
    ],
    Equals: [
      method('(string a, string b) => bool', (a: string | null, b: string | null) => stringEquals(a, b)),
      method(`(string a, string b, ${comparison}) => bool`, stringEquals),
    ],
    Compare: [
      method('(string strA, string strB) => int', (a: string, b: string) => stringCompare(a, b, null)),
      method('(string strA, string strB, bool ignoreCase) => int', (a: string, b: string, ic: boolean) => (ic ? Math.sign(collatorIgnoreCase.compare(a ?? '', b ?? '')) : stringCompare(a, b, null))),
      method(`(string strA, string strB, ${comparison}) => int`, stringCompare),
    ],
    CompareOrdinal: method('(string strA, string strB) => int', (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : ordinalCompare(a, b))),
    Copy: method('(string str) => string', (s: string) => s),
  },
  members: chargedByLength({
    Length: prop('int', (s: string) => s.length),
    Substring: [method('(int startIndex) => string', (s: string, i: number) => substring(s, i)), method('(int startIndex, int length) => string', substring)],
    IndexOf: [
      method('(string value) => int', (s: string, v: string) => indexOf(s, v, 0)),
      method('(char value) => int', (s: string, c: number) => s.indexOf(String.fromCharCode(c))),
      method('(string value, int startIndex) => int', (s: string, v: string, i: number) => indexOf(s, v, i)),
      method('(char value, int startIndex) => int', (s: string, c: number, i: number) => indexOf(s, String.fromCharCode(c), i)),
      method(`(string value, ${comparison}) => int`, (s: string, v: string, c: EnumValue) => indexOf(s, v, 0, c)),
      method(`(string value, int startIndex, ${comparison}) => int`, (s: string, v: string, i: number, c: EnumValue) => indexOf(s, v, i, c)),
    ],
    IndexOfAny: method('(char[] anyOf) => int', (s: string, chars: number[]) => {
      const set = new Set(charsOf(chars));
      for (let i = 0; i < s.length; i++) if (set.has(s[i]!)) return i;
      return -1;
    }),
    LastIndexOf: [
      method('(string value) => int', (s: string, v: string) => lastIndexOf(s, v)),
      method('(char value) => int', (s: string, c: number) => s.lastIndexOf(String.fromCharCode(c))),
      method(`(string value, ${comparison}) => int`, (s: string, v: string, c: EnumValue) => lastIndexOf(s, v, c)),
    ],
    Contains: [
      method('(string value) => bool', (s: string, v: string) => (v === null ? argNull('value') : s.includes(v))),
      method('(char value) => bool', (s: string, c: number) => s.includes(String.fromCharCode(c))),
      method(`(string value, ${comparison}) => bool`, (s: string, v: string, c: EnumValue) => indexOf(s, v, 0, c) >= 0),
    ],
    StartsWith: [
      method('(string value) => bool', (s: string, v: string) => startsWith(s, v)),
      method('(char value) => bool', (s: string, c: number) => s.length > 0 && s.charCodeAt(0) === c),
      method(`(string value, ${comparison}) => bool`, startsWith),
      method('(string value, bool ignoreCase, object culture) => bool', (s: string, v: string, ic: boolean) => (ic ? s.toUpperCase().startsWith(v.toUpperCase()) : s.startsWith(v))),
    ],
    EndsWith: [
      method('(string value) => bool', (s: string, v: string) => endsWith(s, v)),
      method('(char value) => bool', (s: string, c: number) => s.length > 0 && s.charCodeAt(s.length - 1) === c),
      method(`(string value, ${comparison}) => bool`, endsWith),
    ],
    Replace: [
      method('(string oldValue, string newValue) => string', (s: string, a: string, b: string | null) => replace(s, a, b)),
      method('(char oldChar, char newChar) => string', (s: string, a: number, b: number) => s.split(String.fromCharCode(a)).join(String.fromCharCode(b))),
      method(`(string oldValue, string newValue, ${comparison}) => string`, replace),
      method('(string oldValue, string newValue, bool ignoreCase, object culture) => string', (s: string, a: string, b: string, ic: boolean) => replace(s, a, b, ic ? ({ value: 1 } as EnumValue) : null)),
    ],
    Split: [
      method('(params char[] separator) => string[]', (s: string, seps: number[] | null) => split(s, seps ? charsOf(seps) : null, null)),
      method('(char[] separator, StringSplitOptions options) => string[]', (s: string, seps: number[] | null, o: EnumValue) => split(s, seps ? charsOf(seps) : null, o)),
      method('(char[] separator, int count) => string[]', (s: string, seps: number[] | null, n: number) => split(s, seps ? charsOf(seps) : null, null, n)),
      method('(char[] separator, int count, StringSplitOptions options) => string[]', (s: string, seps: number[] | null, n: number, o: EnumValue) => split(s, seps ? charsOf(seps) : null, o, n)),
      method('(char separator, StringSplitOptions options = StringSplitOptions.None) => string[]', (s: string, sep: number, o: EnumValue | null) => split(s, [String.fromCharCode(sep)], o)),
      method('(char separator, int count, StringSplitOptions options = StringSplitOptions.None) => string[]', (s: string, sep: number, n: number, o: EnumValue | null) => split(s, [String.fromCharCode(sep)], o, n)),
      method('(string separator, StringSplitOptions options = StringSplitOptions.None) => string[]', (s: string, sep: string | null, o: EnumValue | null) => (sep === null || sep === '' ? split(s, [s + '\u0000never'], o) : split(s, [sep], o))),
      method('(string[] separator, StringSplitOptions options) => string[]', (s: string, seps: string[] | null, o: EnumValue) => split(s, seps, o)),
      method('(string[] separator, int count, StringSplitOptions options) => string[]', (s: string, seps: string[] | null, n: number, o: EnumValue) => split(s, seps, o, n)),
    ],
    Trim: [method('() => string', (s: string) => trimChars(s, null, true, true)), method('(params char[] trimChars) => string', (s: string, c: number[]) => trimChars(s, c, true, true))],
    TrimStart: [method('() => string', (s: string) => trimChars(s, null, true, false)), method('(params char[] trimChars) => string', (s: string, c: number[]) => trimChars(s, c, true, false))],
    TrimEnd: [method('() => string', (s: string) => trimChars(s, null, false, true)), method('(params char[] trimChars) => string', (s: string, c: number[]) => trimChars(s, c, false, true))],
    ToLower: [method('() => string', toLowerInvariant), method('(object culture) => string', toLowerInvariant)],
    ToLowerInvariant: method('() => string', toLowerInvariant),
    ToUpper: [method('() => string', toUpperInvariant), method('(object culture) => string', toUpperInvariant)],
    ToUpperInvariant: method('() => string', toUpperInvariant),
    PadLeft: [method('(int totalWidth) => string', (s: string, w: number) => pad(s, w, 32, true)), method('(int totalWidth, char paddingChar) => string', (s: string, w: number, c: number) => pad(s, w, c, true))],
    PadRight: [method('(int totalWidth) => string', (s: string, w: number) => pad(s, w, 32, false)), method('(int totalWidth, char paddingChar) => string', (s: string, w: number, c: number) => pad(s, w, c, false))],
    Equals: [
      method('(string value) => bool', (s: string, v: string | null) => s === v),
      method('(object obj) => bool', (s: string, v: unknown) => s === v),
      method(`(string value, ${comparison}) => bool`, stringEquals),
    ],
    CompareTo: [method('(string strB) => int', (s: string, b: string) => stringCompare(s, b, null)), method('(object value) => int', (s: string, b: unknown) => stringCompare(s, b as string, null))],
    Insert: method('(int startIndex, string value) => string', (s: string, i: number, v: string) => {
      if (i < 0 || i > s.length) outOfRange('startIndex', 'Index was out of range. Must be non-negative and less than or equal to the size of the collection.');
      return concat(s.slice(0, i), v ?? argNull('value'), s.slice(i));
    }),
    Remove: [
      method('(int startIndex) => string', (s: string, i: number) => {
        if (i < 0) outOfRange('startIndex', 'StartIndex cannot be less than zero.');
        if (i >= s.length) outOfRange('startIndex', 'startIndex must be less than length of string.');
        return s.slice(0, i);
      }),
      method('(int startIndex, int count) => string', (s: string, i: number, n: number) => {
        if (i < 0 || n < 0 || i + n > s.length) outOfRange('count', 'Index and count must refer to a location within the string.');
        return s.slice(0, i) + s.slice(i + n);
      }),
    ],
    ToCharArray: method('() => char[]', (s: string) => {
      checkCollectionSize(s.length);
      return makeArray('System.Char', [...enumerate(s)]);
    }),
    ToString: [method('() => string', (s: string) => s), method('(object provider) => string', (s: string) => s)],
    GetHashCode: method('() => int', (s: string) => {
      let h = 0;
      for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
      return h;
    }),
    Normalize: method('() => string', (s: string) => s.normalize('NFC')),
  }),
  toString: (s: string) => s,
  equals: (a: string, b: string) => a === b,
  compare: (a: string, b: string) => stringCompare(a, b, null),
});

const ch = (c: number) => String.fromCharCode(c);
registerType({
  name: 'System.Char',
  statics: {
    IsDigit: method('(char c) => bool', (c: number) => /\p{Nd}/u.test(ch(c))),
    IsLetter: method('(char c) => bool', (c: number) => /\p{L}/u.test(ch(c))),
    IsLetterOrDigit: method('(char c) => bool', (c: number) => /[\p{L}\p{Nd}]/u.test(ch(c))),
    IsWhiteSpace: method('(char c) => bool', (c: number) => isWhiteSpace(ch(c))),
    IsUpper: method('(char c) => bool', (c: number) => /\p{Lu}/u.test(ch(c))),
    IsLower: method('(char c) => bool', (c: number) => /\p{Ll}/u.test(ch(c))),
    IsPunctuation: method('(char c) => bool', (c: number) => /\p{P}/u.test(ch(c))),
    IsNumber: method('(char c) => bool', (c: number) => /\p{N}/u.test(ch(c))),
    ToUpper: method('(char c) => char', (c: number) => ch(c).toUpperCase().charCodeAt(0)),
    ToLower: method('(char c) => char', (c: number) => ch(c).toLowerCase().charCodeAt(0)),
    ToUpperInvariant: method('(char c) => char', (c: number) => ch(c).toUpperCase().charCodeAt(0)),
    ToLowerInvariant: method('(char c) => char', (c: number) => ch(c).toLowerCase().charCodeAt(0)),
    GetNumericValue: method('(char c) => double', (c: number) => (c >= 48 && c <= 57 ? c - 48 : -1)),
    Parse: method('(string s) => char', (s: string) => {
      if (s === null) argNull('s');
      if (s.length !== 1) throw dotnetError('System.FormatException', 'String must be exactly one character long.');
      return s.charCodeAt(0);
    }),
    MaxValue: field('char', 0xffff),
    MinValue: field('char', 0),
  },
  members: {
    ToString: method('() => string', (c: number) => ch(c)),
    Equals: method('(char obj) => bool', (a: number, b: number) => a === b),
    CompareTo: method('(char value) => int', (a: number, b: number) => Math.sign(a - b)),
    GetHashCode: method('() => int', (c: number) => c | (c << 16)),
  },
  toString: (c: { value: number }) => ch(c.value),
});

void runtimeTy;
