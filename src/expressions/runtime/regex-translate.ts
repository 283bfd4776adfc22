/**
 * .NET regular expression → JavaScript RegExp, exactly or not at all. What translates: named groups
 * (?<n>…) and (?'n'…), \k<n>, .NET group numbering (unnamed groups first, then named), \A \z \Z, '$'
 * before a final newline, '.' (everything but \n), leading inline options (?imsnx), the RegexOptions,
 * atomic groups (?>…) (as a capturing lookahead, see ATOMIC). What JS cannot do exactly is rejected
 * with a clear error: conditionals, balancing groups, \G, RightToLeft, character-class subtraction, inline options inside
 * the pattern, \p{…} Unicode blocks.
 */
import { fail } from './fail.js';
import { ECMA_CLASS, jsClassBody, jsWordBoundary, re2ClassBody } from './regex-classes.js';

export const OPTIONS = {
  None: 0,
  IgnoreCase: 1,
  Multiline: 2,
  ExplicitCapture: 4,
  Compiled: 8,
  Singleline: 16,
  IgnorePatternWhitespace: 32,
  RightToLeft: 64,
  ECMAScript: 256,
  CultureInvariant: 512,
  NonBacktracking: 1024,
};

export interface GroupInfo {
  /** .NET group number */
  number: number;
  /** .NET group name (the number as text for unnamed groups) */
  name: string;
  /** index in the JS match array */
  jsIndex: number;
}

export interface TranslatedRegex {
  source: string;
  flags: string;
  /** groups in .NET number order, group 0 first */
  groups: GroupInfo[];
  /** true when the pattern has nested quantifiers or backreferences (may backtrack badly) */
  risky: boolean;
  /** the same pattern in RE2 syntax (linear time), or null when RE2 cannot express it */
  re2: (RouteNeeds & { source: string }) | null;
}

/** Inputs the RE2 translation would read differently from .NET, so they take the JS engine. */
export interface RouteNeeds {
  /** '$' or \Z: RE2 has no "end, or before a final newline" */
  endNewline: boolean;
  /** Unicode \b: RE2's \b is ASCII */
  ascii: boolean;
}

function unsupported(pattern: string, offset: number, what: string): never {
  fail('System.NotSupportedException', `The regular expression '${pattern}' uses ${what} (at offset ${offset}), which this gateway's JavaScript regex engine cannot run with .NET's semantics.`);
}

function invalid(pattern: string, offset: number, reason: string): never {
  fail('System.ArgumentException', `Invalid pattern '${pattern}' at offset ${offset}. ${reason}`);
}

/** Strips IgnorePatternWhitespace whitespace and # comments outside character classes. */
function stripExtended(p: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      out += c + (p[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (c === '#') {
      while (i < p.length && p[i] !== '\n') i++;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * An atomic group (?>X) in JS: (?=(X))\N, a lookahead (which never backtracks into) capturing what X
 * matched, then consuming exactly that. The capture is hidden from .NET's group numbering.
 */
const ATOMIC = Symbol('atomic group');

interface Scan {
  /** capture groups in order of their opening parenthesis: name, undefined (unnamed) or ATOMIC (hidden) */
  captures: (string | undefined | typeof ATOMIC)[];
}

/** First pass: the capture groups in order of appearance (to number them the .NET way). */
function scanCaptures(p: string, explicitCapture: boolean): Scan {
  const captures: Scan['captures'] = [];
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (p[i + 1] === ']') i++;
      continue;
    }
    if (c !== '(') continue;
    if (p[i + 1] !== '?') {
      if (!explicitCapture) captures.push(undefined);
      continue;
    }
    const named = /^\?(?:<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/.exec(p.slice(i + 1));
    if (named) captures.push(named[1] ?? named[2]);
    else if (p.startsWith('?>', i + 1)) captures.push(ATOMIC);
  }
  return { captures };
}

/**
 * Translates a .NET pattern with RegexOptions flags into JS RegExp source and flags and, when the
 * pattern has nothing RE2 lacks (back references, lookaround), into RE2 syntax too.
 */
export function translateRegex(pattern: string, options: number): TranslatedRegex {
  if (options & OPTIONS.RightToLeft) unsupported(pattern, 0, 'RegexOptions.RightToLeft');
  let opts = options;
  let p = pattern;
  // leading inline options: (?imnsx) or (?imnsx-imnsx)
  const lead = /^\(\?([imnsx]+)(?:-([imnsx]+))?\)/.exec(p);
  if (lead) {
    const set = (letters: string, on: boolean) => {
      for (const l of letters) {
        const bit = { i: OPTIONS.IgnoreCase, m: OPTIONS.Multiline, n: OPTIONS.ExplicitCapture, s: OPTIONS.Singleline, x: OPTIONS.IgnorePatternWhitespace }[l]!;
        opts = on ? opts | bit : opts & ~bit;
      }
    };
    set(lead[1]!, true);
    if (lead[2]) set(lead[2], false);
    p = p.slice(lead[0].length);
  }
  if (opts & OPTIONS.IgnorePatternWhitespace) p = stripExtended(p);
  const explicitCapture = (opts & OPTIONS.ExplicitCapture) !== 0;
  const singleline = (opts & OPTIONS.Singleline) !== 0;
  const multiline = (opts & OPTIONS.Multiline) !== 0;
  const ecma = (opts & OPTIONS.ECMAScript) !== 0;

  // .NET numbering: unnamed captures 1..k in order, then named ones in order of first appearance
  const { captures } = scanCaptures(p, explicitCapture);
  const groups: GroupInfo[] = [{ number: 0, name: '0', jsIndex: 0 }];
  let n = 1;
  captures.forEach((name, i) => {
    if (name === undefined) groups.push({ number: n++, name: String(n - 1), jsIndex: i + 1 });
  });
  // JS index of each atomic group's hidden capture, in order of appearance
  const atomicIndices = captures.flatMap((name, i) => (name === ATOMIC ? [i + 1] : []));
  const seenNames = new Map<string, GroupInfo>();
  captures.forEach((name, i) => {
    if (name === undefined || name === ATOMIC) return;
    if (seenNames.has(name)) unsupported(pattern, 0, `the group name '${name}' twice`);
    const g = { number: n++, name, jsIndex: i + 1 };
    seenNames.set(name, g);
    groups.push(g);
  });
  const byNumber = new Map(groups.map((g) => [g.number, g]));

  // two outputs: JS (always) and RE2 (null once the pattern uses something RE2 lacks)
  let out = '';
  let re2: string | null = '';
  const route: RouteNeeds = { endNewline: false, ascii: false };
  const emit = (js: string, r: string | null = js) => {
    out += js;
    re2 = re2 === null || r === null ? null : re2 + r;
  };
  let inClass = false;
  let risky = false;
  const depthHasQuantifier: boolean[] = [false];
  /** what each open group's ')' becomes in JS (an atomic group closes its lookahead and re-reads its capture) */
  const closers: string[] = [];
  let atomicSeen = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const next = p[i + 1];
      if (next === undefined) invalid(pattern, p.length, 'Illegal \\\\ at end of pattern.');
      if (!inClass) {
        if (next === 'A') {
          emit('(?<![\\s\\S])', '\\A');
          i++;
          continue;
        }
        if (next === 'z') {
          emit('(?![\\s\\S])', '\\z');
          i++;
          continue;
        }
        if (next === 'Z') {
          // RE2 has no "before a final newline": inputs ending in \n take the JS engine
          route.endNewline = true;
          emit('(?=\\n?(?![\\s\\S]))', '\\z');
          i++;
          continue;
        }
        if (next === 'G') unsupported(pattern, i, '\\G (contiguous matches)');
        if (next === 'b' || next === 'B') {
          // .NET's \b is Unicode; RE2's is ASCII, so non-ASCII inputs take the JS engine
          if (!ecma) route.ascii = true;
          emit(ecma ? `\\${next}` : jsWordBoundary(next === 'B'), `\\${next}`);
          i++;
          continue;
        }
        if (next === 'k') {
          const m = /^k(?:<([^>]+)>|'([^']+)')/.exec(p.slice(i + 1));
          if (!m) invalid(pattern, i, 'Malformed \\k<...> named back reference.');
          const ref = m[1] ?? m[2]!;
          const g = /^\d+$/.test(ref) ? byNumber.get(Number(ref)) : seenNames.get(ref);
          if (!g) invalid(pattern, i, `Reference to undefined group name '${ref}'.`);
          emit(`\\${g.jsIndex}`, null);
          risky = true;
          i += m[0].length;
          continue;
        }
        if (/[1-9]/.test(next)) {
          const m = /^\d+/.exec(p.slice(i + 1))!;
          const g = byNumber.get(Number(m[0]));
          if (!g) invalid(pattern, i, `Reference to undefined group number ${m[0]}.`);
          emit(`(?:\\${g.jsIndex})`, null);
          risky = true;
          i += m[0].length;
          continue;
        }
      }
      if (next === 'p' || next === 'P') unsupported(pattern, i, '\\p{…} Unicode categories');
      const cls = classEscape(next, inClass, ecma);
      if (cls) {
        emit(cls.js, cls.re2);
        i++;
        continue;
      }
      const code = charEscape(p, i);
      if (code) {
        emit(`\\u${code.hex}`, `\\x{${code.hex}}`);
        i += code.length - 1;
        continue;
      }
      emit(c + next);
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && p[i - 1] === '-') unsupported(pattern, i, 'character class subtraction');
      if (c === ']') inClass = false;
      // '[' inside a class is a plain character in .NET, but RE2 would read [:alpha:]
      emit(c, c === '[' ? '\\[' : c);
      continue;
    }
    switch (c) {
      case '[':
        inClass = true;
        emit(c);
        if (p[i + 1] === '^') {
          emit('^');
          i++;
        }
        if (p[i + 1] === ']') {
          emit('\\]');
          i++;
        }
        continue;
      case '.':
        emit(singleline ? '[\\s\\S]' : '[^\\n]');
        continue;
      case '$':
        if (!multiline) route.endNewline = true;
        emit(multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))', multiline ? '(?m:$)' : '\\z');
        continue;
      case '^':
        emit(multiline ? '(?<=^|\\n)' : '(?<![\\s\\S])', multiline ? '(?m:^)' : '\\A');
        continue;
      case '(': {
        depthHasQuantifier.push(false);
        closers.push(')');
        if (p[i + 1] !== '?') {
          emit(explicitCapture ? '(?:' : '(');
          continue;
        }
        const rest = p.slice(i + 1);
        const named = /^\?(?:<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/.exec(rest);
        if (named) {
          emit('(');
          i += named[0].length;
          continue;
        }
        if (/^\?<[A-Za-z0-9_]*-/.test(rest) || /^\?'[A-Za-z0-9_]*-/.test(rest)) unsupported(pattern, i, 'balancing groups');
        if (rest.startsWith('?>')) {
          // lookahead: JS only
          emit('(?=(', null);
          closers[closers.length - 1] = `))\\${atomicIndices[atomicSeen++]}`;
          i += 2;
          continue;
        }
        if (rest.startsWith('?(')) unsupported(pattern, i, 'a conditional (?(…)…)');
        if (rest.startsWith('?#')) {
          const end = p.indexOf(')', i);
          if (end < 0) invalid(pattern, i, 'Unterminated (?#...) comment.');
          depthHasQuantifier.pop();
          closers.pop();
          i = end;
          continue;
        }
        if (/^\?[imnsx-]+[:)]/.test(rest)) unsupported(pattern, i, 'inline options inside the pattern');
        if (rest.startsWith('?:')) {
          emit('(?:');
          i += 2;
          continue;
        }
        const look = /^\?(?:=|!|<=|<!)/.exec(rest);
        if (look) {
          // lookaround: JS only
          emit(`(${look[0]}`, null);
          i += look[0].length;
          continue;
        }
        invalid(pattern, i, 'Unrecognized grouping construct.');
        continue;
      }
      case ')': {
        const innerQuantified = depthHasQuantifier.pop() ?? false;
        if (depthHasQuantifier.length === 0) invalid(pattern, i, 'Too many )\'s.');
        emit(closers.pop() ?? ')');
        const q = /^(?:[*+?]|\{\d+(?:,\d*)?\})/.exec(p.slice(i + 1));
        if (q && innerQuantified && /[*+]|,\}|,\d{2,}/.test(q[0])) risky = true;
        if (innerQuantified || q) depthHasQuantifier[depthHasQuantifier.length - 1] = true;
        continue;
      }
      case '*':
      case '+':
      case '?':
      case '{': {
        if (c === '{' && !/^\{\d+(?:,\d*)?\}/.test(p.slice(i))) {
          emit('\\{');
          continue;
        }
        depthHasQuantifier[depthHasQuantifier.length - 1] = true;
        if (c === '{') {
          const m = /^\{\d+(?:,\d*)?\}/.exec(p.slice(i))!;
          emit(m[0]);
          i += m[0].length - 1;
        } else emit(c);
        // possessive quantifiers do not exist in .NET; '+' after a quantifier is a nested quantifier error
        if (p[i + 1] === '+' && c !== '{') invalid(pattern, i + 1, 'Nested quantifier \'+\'.');
        if (p[i + 1] === '?') {
          emit('?');
          i++;
        }
        continue;
      }
      case '}':
        emit('\\}');
        continue;
      default:
        emit(c);
    }
  }
  if (inClass) invalid(pattern, p.length, 'Unterminated [] set.');
  if (depthHasQuantifier.length !== 1) invalid(pattern, p.length, "Not enough )'s.");
  let flags = 'g';
  if (opts & OPTIONS.IgnoreCase) flags += 'i';
  try {
    new RegExp(out, flags);
  } catch (e) {
    invalid(pattern, p.length, (e as Error).message.replace(/^Invalid regular expression: /, ''));
  }
  const linear = re2 === null ? null : { source: (opts & OPTIONS.IgnoreCase ? '(?i)' : '') + (re2 as string), ...route };
  return { source: out, flags, groups, risky, re2: linear };
}

/** \w \W \d \D \s \S in both targets (undefined for any other letter). */
function classEscape(letter: string, inClass: boolean, ecma: boolean): { js: string; re2: string | null } | undefined {
  if (!/^[wWdDsS]$/.test(letter)) return undefined;
  const lower = letter.toLowerCase();
  const negated = letter !== lower;
  if (ecma) {
    if (lower !== 's') return { js: `\\${letter}`, re2: `\\${letter}` };
    const body = ECMA_CLASS.s!;
    if (inClass) return negated ? { js: '\\S', re2: null } : { js: body, re2: body };
    return { js: `[${negated ? '^' : ''}${body}]`, re2: `[${negated ? '^' : ''}${body}]` };
  }
  if (inClass) return { js: jsClassBody(letter), re2: re2ClassBody(letter) };
  return { js: `[${jsClassBody(letter)}]`, re2: negated && letter !== 'D' ? `[^${re2ClassBody(lower)}]` : `[${re2ClassBody(letter)}]` };
}

/** A character written as an escape RE2 spells differently (\\uXXXX, \\cX, \\e, octal \\0NN): its code. */
function charEscape(p: string, i: number): { hex: string; length: number } | undefined {
  const rest = p.slice(i);
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  let m = /^\\u([0-9A-Fa-f]{4})/.exec(rest);
  if (m) return { hex: m[1]!.toUpperCase(), length: m[0].length };
  m = /^\\c([A-Za-z])/.exec(rest);
  if (m) return { hex: hex(m[1]!.toUpperCase().charCodeAt(0) - 64), length: 3 };
  if (rest.startsWith('\\e')) return { hex: '001B', length: 2 };
  m = /^\\0[0-7]{0,2}/.exec(rest);
  if (m) return { hex: hex(parseInt(m[0].slice(1), 8)), length: m[0].length };
  return undefined;
}

/** Regex.Escape: escapes \ * + ? | { [ ( ) ^ $ . # and white space. */
export function regexEscape(s: string): string {
  return s.replace(/[\\*+?|{[()^$.#]/g, '\\$&').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\f/g, '\\f').replace(/ /g, '\\ ');
}

/** Regex.Unescape. */
export function regexUnescape(s: string): string {
  return s.replace(/\\(u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'u' || (e[0] === 'x' && e.length > 1)) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    const map: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v', a: '\x07', e: '\x1b' };
    return map[e] ?? e;
  });
}
