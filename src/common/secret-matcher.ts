/**
 * Finds a secret in text by value, including the forms a policy derives from it: upper/lower case,
 * any piece of 8 characters or more (case-insensitive), URL-encoded (JavaScript's and .NET's forms,
 * `+` for space) and base64 (standard and base64url, of the whole value, and inside a longer base64
 * such as `Basic base64(user:secret)`). Secrets shorter than 8 characters are found only whole (and
 * in those forms), so that short values do not mask ordinary words.
 *
 * Speed: the forms of a secret are built once (cached by value), and every 8-character piece of them
 * is indexed by a rolling hash. A text is scanned once, whatever the number of secrets: one hash
 * update and one bit test per character; only a hit on the bitmap looks further.
 */

/** Pieces of a secret this long or longer are masked wherever they appear. */
export const GRAM = 8;
/** Shorter secrets would mask ordinary words. */
export const MIN_SECRET_LENGTH = 3;
/** Secrets and their forms are cached by value: named values stay, client credentials come and go. */
const CACHE_SIZE = 256;
/** Secrets and forms beyond this length are not indexed piece by piece (a private key as a named value). */
const MAX_INDEXED_LENGTH = 16 * 1024;

const B = 0x01000193;
const B8 = pow(B, GRAM);
const BITMAP_BITS = 1 << 15;
/** Encoded forms are indexed every this many characters (and their last piece). */
const SPARSE_STEP = 8;
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Pieces of configuration text found in connection strings that would otherwise mask every URL:
 * a secret's 8-character pieces that lie inside one of these are not indexed.
 */
const COMMON_TEXT = [
  'https://',
  'http://',
  'wss://',
  'ws://',
  'endpoint=sb://',
  'endpoint=https://',
  '.servicebus.windows.net',
  '.service.signalr.net',
  '.webpubsub.azure.com',
  '.core.windows.net',
  '.azure-api.net',
  '.vault.azure.net',
  'defaultendpointsprotocol=https;',
  'sharedaccesskeyname=rootmanagesharedaccesskey;',
  'sharedaccesskey=',
  'accountname=',
  'accountkey=',
  'accesskey=',
  'endpointsuffix=core.windows.net',
  'version=1.0;',
  'localhost',
];
/** Hashes of those pieces (a piece whose hash is here is not indexed: a rare collision only indexes less). */
const COMMON_GRAMS: ReadonlySet<number> = new Set(
  COMMON_TEXT.flatMap((t) => [t, `${t}/`, `${t};`, `${t}:443/`]).flatMap((t) => pieces(foldText(t)).map((p) => hashAt(p, 0))),
);
const COMMON_BITS = new Uint32Array(BITMAP_BITS >>> 5);
for (const h of COMMON_GRAMS) COMMON_BITS[bitOf(h) >>> 5]! |= 1 << (bitOf(h) & 31);

/** One secret's forms: exact needles (short secrets) or indexed 8-character pieces. */
interface SecretForms {
  /** Forms to find exactly (a short secret's). */
  needles: string[];
  /** The indexed forms, case-folded, joined with '\0' (no piece spans two forms). */
  text: string;
  /** Open-addressing table of the pieces: slot i holds a hash at 2i and its offset in `text` + 1 at 2i+1 (0: empty). */
  table: Int32Array;
  /** The bitmap bit of each piece (a matcher ORs them into its bitmap). */
  bits: Uint16Array;
}

const NO_FORMS: SecretForms = { needles: [], text: '', table: new Int32Array(2), bits: new Uint16Array(0) };
const cache = new Map<string, SecretForms>();

function formsOf(secret: string): SecretForms {
  let forms = cache.get(secret);
  if (forms) {
    // Re-insert: the Map's order is then least recently used first.
    cache.delete(secret);
    cache.set(secret, forms);
    return forms;
  }
  forms = buildForms(secret);
  cache.set(secret, forms);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return forms;
}

function buildForms(secret: string): SecretForms {
  if (secret.length < GRAM) return { ...NO_FORMS, needles: [...variantsOf(secret, false)].filter((v) => v.length >= MIN_SECRET_LENGTH) };
  // Too long to index piece by piece: found whole, as it is (a private key as a named value).
  if (secret.length > MAX_INDEXED_LENGTH) return { ...NO_FORMS, needles: [secret] };
  // Indexed forms are compared case-folded: for ASCII text the case changes (and their encodings) fold
  // to those of the value itself.
  const ascii = !NON_ASCII.test(secret);
  const variants = variantsOf(secret, true, ascii ? [secret] : undefined);
  // The value in any case: every piece. Encoded forms must appear whole, or cut by a truncation: every
  // 8th piece (and the last) finds a run of 15 characters or more, then matchFrom follows it both ways.
  const cases = ascii ? [secret] : [secret, secret.toLowerCase(), secret.toUpperCase()];
  const dense = new Set(cases.filter((v) => v.length <= MAX_INDEXED_LENGTH).map(foldText));
  const sparse = new Set<string>();
  for (const v of variants) {
    if (v.length < GRAM || v.length > MAX_INDEXED_LENGTH || cases.includes(v)) continue;
    const f = foldText(v);
    if (!dense.has(f)) sparse.add(f);
  }
  const denseText = [...dense].join('\0');
  const text = sparse.size > 0 ? `${denseText}\0${[...sparse].join('\0')}` : denseText;
  const size = tableSize(denseText.length + (text.length - denseText.length) / SPARSE_STEP);
  const table = new Int32Array(2 * size);
  const bits = new Uint16Array(size);
  let count = 0;
  let h = 0;
  let run = 0; // characters since the last '\0'
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) {
      run = 0;
      h = 0;
      continue;
    }
    h = (Math.imul(h, B) + c) | 0;
    if (++run < GRAM) continue;
    if (run > GRAM) h = (h - Math.imul(text.charCodeAt(i - GRAM), B8)) | 0;
    if (i >= denseText.length && (run - GRAM) % SPARSE_STEP !== 0 && i + 1 < text.length && text.charCodeAt(i + 1) !== 0) continue;
    const bit = bitOf(h);
    if ((COMMON_BITS[bit >>> 5]! & (1 << (bit & 31))) !== 0 && COMMON_GRAMS.has(h)) continue;
    const at = i - GRAM + 1;
    let slot = h & (size - 1);
    let known = false;
    while (table[2 * slot + 1] !== 0) {
      if (table[2 * slot] === h && sameFolded(text, at, text, table[2 * slot + 1]! - 1)) {
        known = true;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
    if (known) continue;
    table[2 * slot] = h;
    table[2 * slot + 1] = at + 1;
    bits[count++] = bit;
  }
  return { needles: [], text, table, bits: bits.subarray(0, count) };
}

/** A power of two at least 1.5 times the number of pieces. */
function tableSize(pieces: number): number {
  let size = 16;
  while (size < pieces * 1.5) size *= 2;
  return size;
}

/** Text no URL encoding changes (JavaScript's or .NET's). */
const UNRESERVED = /^[A-Za-z0-9._-]*$/;

/**
 * The forms a policy or a client derives from a secret: itself, upper and lower case (`cases`),
 * URL-encoded (encodeURIComponent, .NET's Uri.EscapeDataString and WebUtility.UrlEncode, form
 * encoding) and base64 (standard, base64url, and with `inLongerBase64` the runs that appear when it
 * is encoded after 1 or 2 other bytes, as in `Basic base64(user:secret)`).
 */

export function variantsOf(secret: string, inLongerBase64 = true, cases: readonly string[] = [secret, secret.toLowerCase(), secret.toUpperCase()]): Set<string> {
  const out = new Set<string>();
  for (const s of new Set(cases)) {
    out.add(s);
    if (UNRESERVED.test(s)) continue; // no encoding changes it
    const uri = encodeURIComponent(s);
    out.add(uri);
    out.add(uri.replace(/%20/g, '+'));
    out.add(uri.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)); // Uri.EscapeDataString
    out.add(uri.replace(/%20/g, '+').replace(/'/g, '%27').replace(/~/g, '%7E')); // WebUtility.UrlEncode
  }
  // base64 of the value as it is (not of its case changes: they are different bytes, rarely encoded).
  // Two filler bytes, then the value: encoding from byte 2 - shift puts `shift` bytes before it.
  const padded = Buffer.from(`\0\0${secret}`, 'utf8');
  const length = padded.length - 2;
  for (let shift = 0; shift < (inLongerBase64 ? 3 : 1); shift++) {
    const b64 = padded.toString('base64', 2 - shift);
    // The first group holds the filler bytes; the last one, unless complete, the bytes after.
    const end = shift === 0 || (shift + length) % 3 === 0 ? b64.length : b64.length - 4;
    const run = b64.slice(shift === 0 ? 0 : 4, end);
    if (run.length === 0) continue;
    out.add(run);
    if (!inLongerBase64) out.add(run.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')); // indexed forms fold base64url
  }
  return out;
}

/** A matcher for a set of secrets: `spans(text)` gives the [start, end) ranges to mask, merged. */
export class SecretMatcher {
  private readonly forms: SecretForms[] = [];
  private readonly needles: string[] = [];
  private readonly bitmap = new Uint32Array(BITMAP_BITS >>> 5);
  readonly empty: boolean;

  constructor(secrets: Iterable<string>) {
    const seen = new Set<string>();
    for (const s of secrets) {
      if (s.length < MIN_SECRET_LENGTH || seen.has(s)) continue;
      seen.add(s);
      const f = formsOf(s);
      for (const n of f.needles) if (!this.needles.includes(n)) this.needles.push(n);
      if (f.bits.length === 0) continue;
      this.forms.push(f);
      for (const bit of f.bits) this.bitmap[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.empty = this.forms.length === 0 && this.needles.length === 0;
  }

  /** Ranges of `text` to mask, sorted and merged (flat: start, end, start, end …), or null. */
  spans(text: string): number[] | null {
    let spans: number[] | null = null;
    if (this.forms.length > 0 && text.length >= GRAM) spans = this.scan(text);
    for (const needle of this.needles) {
      let at = text.indexOf(needle);
      while (at >= 0) {
        (spans ??= []).push(at, at + needle.length);
        at = text.indexOf(needle, at + needle.length);
      }
    }
    return spans && this.needles.length > 0 ? merge(spans) : spans;
  }

  /**
   * One pass with a rolling hash of the last 8 case-folded characters. A confirmed piece is then
   * followed character by character along the form it came from, and the scan resumes after it.
   */
  private scan(text: string): number[] | null {
    const bitmap = this.bitmap;
    const n = text.length;
    let spans: number[] | null = null;
    let h = 0;
    for (let i = 0; i < n; i++) {
      h = (Math.imul(h, B) + fold(text.charCodeAt(i))) | 0;
      if (i < GRAM - 1) continue;
      if (i >= GRAM) h = (h - Math.imul(fold(text.charCodeAt(i - GRAM)), B8)) | 0;
      const bit = bitOf(h);
      if ((bitmap[bit >>> 5]! & (1 << (bit & 31))) === 0) continue;
      const end = this.matchFrom(text, i - GRAM + 1, h);
      if (end < 0) continue;
      let start = this.matchStart;
      // A run followed backwards may reach over earlier spans.
      while (spans !== null && spans.length > 0 && spans[spans.length - 1]! >= start) {
        start = Math.min(start, spans[spans.length - 2]!);
        spans.length -= 2;
      }
      (spans ??= []).push(start, Math.max(end, i + 1));
      if (end - 1 > i) {
        // Resume with the window that ends at the span's last character.
        i = end - 1;
        h = 0;
        for (let k = i - GRAM + 1; k <= i; k++) h = (Math.imul(h, B) + fold(text.charCodeAt(k))) | 0;
      }
    }
    return spans;
  }

  /** Where the run found by the last matchFrom starts. */
  private matchStart = 0;

  /**
   * The end of the longest run of a form through the piece at `at` (followed both ways; its start in
   * matchStart), or -1 if the piece is no secret's.
   */
  private matchFrom(text: string, at: number, h: number): number {
    let best = -1;
    for (const f of this.forms) {
      const table = f.table;
      const mask = (table.length >>> 1) - 1;
      for (let slot = h & mask; table[2 * slot + 1] !== 0; slot = (slot + 1) & mask) {
        if (table[2 * slot] !== h) continue;
        const o = table[2 * slot + 1]! - 1;
        if (!sameFolded(text, at, f.text, o)) continue;
        let t = at + GRAM;
        let k = o + GRAM;
        while (t < text.length && k < f.text.length && fold(text.charCodeAt(t)) === f.text.charCodeAt(k)) {
          t++;
          k++;
        }
        let b = at;
        k = o;
        while (b > 0 && k > 0 && fold(text.charCodeAt(b - 1)) === f.text.charCodeAt(k - 1)) {
          b--;
          k--;
        }
        if (best < 0 || b < this.matchStart) this.matchStart = b;
        if (t > best) best = t;
      }
    }
    return best;
  }
}

/** Sorts and merges overlapping or touching ranges. */
function merge(flat: number[]): number[] {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: number[] = [];
  for (const [s, e] of pairs) {
    if (out.length > 0 && out[out.length - 1]! >= s) out[out.length - 1] = Math.max(out[out.length - 1]!, e);
    else out.push(s, e);
  }
  return out;
}

function sameFolded(text: string, start: number, folded: string, at: number): boolean {
  for (let k = 0; k < GRAM; k++) if (fold(text.charCodeAt(start + k)) !== folded.charCodeAt(at + k)) return false;
  return true;
}

/** The same hash as the rolling one in SecretMatcher.scan, of the piece at `at` of folded text. */
function hashAt(folded: string, at: number): number {
  let h = 0;
  for (let k = 0; k < GRAM; k++) h = (Math.imul(h, B) + folded.charCodeAt(at + k)) | 0;
  return h;
}

function bitOf(h: number): number {
  return (h ^ (h >>> 15)) & (BITMAP_BITS - 1);
}

/**
 * How characters are compared: ASCII letters in lower case, and base64url's `-` and `_` as base64's
 * `+` and `/` (so one indexed form serves both alphabets). Nothing else changes: offsets stay those of
 * the original.
 */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c === 45 ? 43 : c === 95 ? 47 : c;
}

function foldText(text: string): string {
  // toLowerCase is the same for ASCII text, and much faster than replacing runs.
  const lower = NON_ASCII.test(text) ? text.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : text.toLowerCase();
  return lower.includes('-') || lower.includes('_') ? lower.replace(/-/g, '+').replace(/_/g, '/') : lower;
}


function pieces(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + GRAM <= text.length; i++) out.push(text.slice(i, i + GRAM));
  return out;
}

function pow(b: number, n: number): number {
  let r = 1;
  for (let i = 0; i < n; i++) r = Math.imul(r, b);
  return r;
}
