/**
 * XML entity references: the five predefined ones and numeric character references.
 * Policies know no DTD, so no other named entity exists.
 */

const NAMED: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };

/** Longest reference we look at: `&#x10FFFF;` is 10 characters. Bounds the work per `&`. */
const MAX_REFERENCE = 12;

export interface DecodedEntity {
  /** The decoded text (two UTF-16 units for characters outside the BMP). */
  text: string;
  /** A single code unit standing for the character in scanners (U+FFFD for astral characters). */
  code: number;
  /** Characters the reference occupies in the source, `&` and `;` included. */
  width: number;
}

/** Decodes the reference at `i` (which holds `&`), or returns undefined when it is not a valid one. */
export function decodeEntityAt(text: string, i: number, limit = text.length): DecodedEntity | undefined {
  const end = Math.min(limit, i + MAX_REFERENCE);
  let semi = -1;
  for (let j = i + 1; j < end; j++) {
    if (text.charCodeAt(j) === 59 /* ; */) {
      semi = j;
      break;
    }
  }
  if (semi < 0) return undefined;
  const name = text.slice(i + 1, semi);
  const width = semi - i + 1;
  const named = NAMED[name];
  if (named !== undefined) return { text: named, code: named.charCodeAt(0), width };
  if (name.charCodeAt(0) !== 35 /* # */) return undefined;
  const hex = name[1] === 'x';
  const digits = name.slice(hex ? 2 : 1);
  if (digits.length === 0 || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
  const value = parseInt(digits, hex ? 16 : 10);
  if (!isXmlChar(value)) return undefined;
  const decoded = String.fromCodePoint(value);
  return { text: decoded, code: value > 0xffff ? 0xfffd : value, width };
}

/** XML 1.0 Char production. */
export function isXmlChar(c: number): boolean {
  return (
    c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)
  );
}
