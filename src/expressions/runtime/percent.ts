/**
 * Percent-encoding and HTML entity helpers with .NET's exact rules: Uri.EscapeDataString (RFC 3986
 * unreserved kept, uppercase hex), WebUtility.UrlEncode ('+' for space, uppercase hex),
 * HttpUtility.UrlEncode (lowercase hex), tolerant decoding (bad escapes stay as they are).
 */
import { chargeProgress, PROGRESS_EVERY } from '../budget.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

function hex(b: number, upper: boolean): string {
  const h = b.toString(16).padStart(2, '0');
  return '%' + (upper ? h.toUpperCase() : h);
}

/** Encodes each UTF-8 byte of chars for which keep() is false. */
export function percentEncode(text: string, keep: (c: number) => boolean, upper = true, spacePlus = false): string {
  let out = '';
  let n = 0;
  for (const b of utf8(text)) {
    if (++n % PROGRESS_EVERY === 0) chargeProgress(PROGRESS_EVERY, out.length);
    if (spacePlus && b === 0x20) out += '+';
    else if (b < 0x80 && keep(b)) out += String.fromCharCode(b);
    else out += hex(b, upper);
  }
  return out;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** RFC 3986 unreserved: ALPHA DIGIT - . _ ~ */
export const isUnreserved = (c: number) => isAlnum(c) || c === 45 || c === 46 || c === 95 || c === 126;

/** What WebUtility/HttpUtility.UrlEncode leave as is: alnum and - _ . ! * ( ) */
export const isUrlSafe = (c: number) => isAlnum(c) || '-_.!*()'.includes(String.fromCharCode(c));

/** RFC 3986 reserved + unreserved (what EscapeUriString keeps). */
export const isUriChar = (c: number) => isUnreserved(c) || ":/?#[]@!$&'()*+,;=".includes(String.fromCharCode(c));

/**
 * Decodes %XX escapes (and '+' when plusIsSpace) as UTF-8. Byte runs that are not valid UTF-8 stay as
 * their original escapes, as .NET's unescaping does.
 */
export function percentDecode(text: string, plusIsSpace = false): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      const start = i;
      const bytes: number[] = [];
      while (i < text.length && text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
        bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
        i += 3;
      }
      out += decodeRun(Uint8Array.from(bytes), text.slice(start, i));
    } else if (plusIsSpace && c === '+') {
      out += ' ';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function decodeRun(bytes: Uint8Array, original: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // decode the valid prefix sequences one by one, keep invalid escapes literally
    let out = '';
    let i = 0;
    while (i < bytes.length) {
      const len = sequenceLength(bytes[i]!);
      const seq = bytes.subarray(i, i + len);
      try {
        if (len === 0 || seq.length < len) throw new Error('bad');
        out += new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(seq);
        i += len;
      } catch {
        out += original.slice(i * 3, i * 3 + 3);
        i += 1;
      }
    }
    return out;
  }
}

function sequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

// ───────────── HTML ─────────────

/** WebUtility.HtmlEncode: < > & " ' and U+00A0–U+00FF and astral characters become entities. */
export function htmlEncode(text: string): string {
  let out = '';
  let n = 0;
  for (const ch of text) {
    if (++n % PROGRESS_EVERY === 0) chargeProgress(PROGRESS_EVERY, out.length);
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '&':
        out += '&amp;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&#39;';
        break;
      default:
        if ((cp >= 0xa0 && cp <= 0xff) || cp > 0xffff) out += `&#${cp};`;
        else out += ch;
    }
  }
  return out;
}

const NAMED: Record<string, string> = {
  quot: '"',
  amp: '&',
  apos: "'",
  lt: '<',
  gt: '>',
  nbsp: '\u00a0',
  iexcl: '¡',
  cent: '¢',
  pound: '£',
  curren: '¤',
  yen: '¥',
  brvbar: '¦',
  sect: '§',
  uml: '¨',
  copy: '©',
  ordf: 'ª',
  laquo: '«',
  not: '¬',
  shy: '\u00ad',
  reg: '®',
  macr: '¯',
  deg: '°',
  plusmn: '±',
  sup2: '²',
  sup3: '³',
  acute: '´',
  micro: 'µ',
  para: '¶',
  middot: '·',
  cedil: '¸',
  sup1: '¹',
  ordm: 'º',
  raquo: '»',
  frac14: '¼',
  frac12: '½',
  frac34: '¾',
  iquest: '¿',
  times: '×',
  divide: '÷',
  eacute: 'é',
  Eacute: 'É',
  egrave: 'è',
  agrave: 'à',
  aacute: 'á',
  ccedil: 'ç',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
  Uuml: 'Ü',
  Ouml: 'Ö',
  Auml: 'Ä',
  szlig: 'ß',
  ntilde: 'ñ',
  euro: '€',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  trade: '™',
  bull: '•',
};

/** WebUtility.HtmlDecode: named (HTML 4 set) and numeric entities; unknown entities stay. */
export function htmlDecode(text: string): string {
  return text.replace(/&(#[xX][0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,7});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return whole;
      return String.fromCodePoint(cp);
    }
    return NAMED[body] ?? whole;
  });
}
