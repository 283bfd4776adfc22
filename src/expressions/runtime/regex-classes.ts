/**
 * .NET's character classes (\w \d \s and \b) in the two target syntaxes. .NET's classes are Unicode
 * unless RegexOptions.ECMAScript: \w is [\p{L}\p{Mn}\p{Nd}\p{Pc}], \d is \p{Nd}, \s is
 * [\f\n\r\t\v\x85\p{Z}]. JavaScript without the `u` flag (which would change how '.' and escapes
 * read) has no \p, so those sets are spelt as explicit UTF-16 ranges, computed once from the `u`
 * engine's own tables; RE2 takes the \p names.
 */
type Test = (c: string) => boolean;

const SETS: Record<'w' | 'd' | 's', Test> = {
  w: (c) => /[\p{L}\p{Mn}\p{Nd}\p{Pc}]/u.test(c),
  d: (c) => /\p{Nd}/u.test(c),
  s: (c) => /[\f\n\r\t\v\x85\p{Z}]/u.test(c),
};

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** The set (or its complement) over UTF-16 code units as class-body ranges in `esc` syntax. */
function ranges(test: Test, negate: boolean, esc: (n: number) => string): string {
  let out = '';
  let from = -1;
  for (let c = 0; c <= 0x10000; c++) {
    const inSet = c < 0x10000 && test(String.fromCharCode(c)) !== negate;
    if (inSet && from < 0) from = c;
    if (!inSet && from >= 0) {
      out += from === c - 1 ? esc(from) : `${esc(from)}-${esc(c - 1)}`;
      from = -1;
    }
  }
  return out;
}

const jsCache = new Map<string, string>();
const re2Cache = new Map<string, string>();
const jsEsc = (n: number) => `\\u${hex4(n)}`;
const re2Esc = (n: number) => `\\x{${hex4(n)}}`;

/** Body of a JS character class for \w \W \d \D \s \S (letter as written). */
export function jsClassBody(letter: string): string {
  let body = jsCache.get(letter);
  if (body === undefined) {
    body = ranges(SETS[letter.toLowerCase() as 'w' | 'd' | 's'], letter !== letter.toLowerCase(), jsEsc);
    jsCache.set(letter, body);
  }
  return body;
}

const RE2_NAMED: Record<string, string> = {
  w: '\\p{L}\\p{Mn}\\p{Nd}\\p{Pc}',
  d: '\\p{Nd}',
  D: '\\P{Nd}',
  s: '\\f\\n\\r\\t\\v\\x{85}\\p{Z}',
};

/** Body of an RE2 character class for \w \W \d \D \s \S (RE2 only ever sees BMP inputs: see regex-route.ts). */
export function re2ClassBody(letter: string): string {
  const named = RE2_NAMED[letter];
  if (named) return named;
  let body = re2Cache.get(letter);
  if (body === undefined) {
    body = ranges(SETS[letter.toLowerCase() as 'w' | 'd' | 's'], true, re2Esc);
    re2Cache.set(letter, body);
  }
  return body;
}

/** RegexOptions.ECMAScript: ASCII classes. */
export const ECMA_CLASS: Record<string, string> = {
  w: 'A-Za-z0-9_',
  d: '0-9',
  s: ' \\f\\n\\r\\t\\v',
};

/** .NET's \b outside ECMAScript mode, in JS: a \w boundary where ZWJ/ZWNJ count as word characters. */
export function jsWordBoundary(negate: boolean): string {
  const w = `[${jsClassBody('w')}\\u200C\\u200D]`;
  return negate ? `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))` : `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
}
