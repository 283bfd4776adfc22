/**
 * A JSON reader with Newtonsoft's leniency and errors: single-quoted strings, unquoted property names
 * and comments are accepted; integers stay exact (Int64), numbers with a fraction or exponent are
 * Float; ISO-8601 date strings become Date values (DateParseHandling.DateTime, Newtonsoft's default).
 * Errors are JsonReaderException with "Path '…', line L, position P." as Newtonsoft words them.
 */
import { dotnetError } from '../errors.js';
import { chargeStep } from '../budget.js';
import { DateTimeValue } from '../values.js';
import { JArray, JObject, JProperty, JToken, JValue } from './model.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/;

class Reader {
  i = 0;
  line = 1;
  lineStart = 0;
  /** Path segments of the token being read. */
  readonly path: (string | number)[] = [];
  constructor(readonly text: string) {}

  pathText(): string {
    let s = '';
    for (const p of this.path) {
      if (typeof p === 'number') s += `[${p}]`;
      else s += /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? (s ? '.' : '') + p : `['${p}']`;
    }
    return s;
  }

  fail(message: string, at = this.i): never {
    const position = at - this.lineStart;
    throw dotnetError('Newtonsoft.Json.JsonReaderException', `${message} Path '${this.pathText()}', line ${this.line}, position ${position}.`);
  }

  skip(): void {
    const t = this.text;
    for (;;) {
      const c = t[this.i];
      if (c === '\n') {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\ufeff') this.i++;
      else if (c === '/' && t[this.i + 1] === '/') {
        while (this.i < t.length && t[this.i] !== '\n') this.i++;
      } else if (c === '/' && t[this.i + 1] === '*') {
        const end = t.indexOf('*/', this.i + 2);
        if (end < 0) this.fail('Unexpected end while parsing comment.', t.length);
        this.i = end + 2;
      } else return;
    }
  }

  value(context: string): JToken {
    chargeStep(); // one step per value read: a body of a million tiny values is work the budget counts
    this.skip();
    const t = this.text;
    if (this.i >= t.length) this.fail(`Unexpected end of content while loading ${context}.`);
    const c = t[this.i]!;
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'") {
      const s = this.string();
      const m = ISO_DATE.exec(s);
      if (m) return new JValue(parseIsoDate(m), 'Date', s);
      return new JValue(s, 'String');
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, make] of WORDS) {
      if (t.startsWith(word, this.i)) {
        this.i += word.length;
        return make();
      }
    }
    if (/[A-Za-z]/.test(c)) {
      // Newtonsoft reads a bare word and reports it as an unexpected value.
      if (c === 'n') this.fail('Error parsing null value.', this.i + 1);
      if (c === 't' || c === 'f') this.fail('Error parsing boolean value.', this.i + 1);
    }
    this.fail(`Unexpected character encountered while parsing value: ${c}.`, this.i + 1);
  }

  string(): string {
    const t = this.text;
    const q = t[this.i++]!;
    let out = '';
    for (;;) {
      if (this.i >= t.length) this.fail(`Unterminated string. Expected delimiter: ${q}.`, t.length);
      const c = t[this.i++]!;
      if (c === q) return out;
      if (c === '\\') {
        const e = t[this.i++];
        switch (e) {
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case '/': out += '/'; break;
          case '\\': out += '\\'; break;
          case '"': out += '"'; break;
          case "'": out += "'"; break;
          case 'u': {
            const hex = t.slice(this.i, this.i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`Invalid Unicode escape sequence: \\u${hex}.`);
            out += String.fromCharCode(parseInt(hex, 16));
            this.i += 4;
            break;
          }
          default:
            this.fail(`Bad JSON escape sequence: \\${e ?? ''}.`);
        }
        continue;
      }
      if (c === '\n') {
        this.line++;
        this.lineStart = this.i;
      }
      out += c;
    }
  }

  number(): JValue {
    const t = this.text;
    const start = this.i;
    const m = /^-?(?:\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(t.slice(start));
    if (!m) this.fail(`Unexpected character encountered while parsing number: ${t[start + 1] ?? ''}.`, start + 1);
    this.i += m[0].length;
    const next = t[this.i];
    if (next !== undefined && /[A-Za-z0-9_.]/.test(next)) this.fail(`Unexpected character encountered while parsing number: ${next}.`, this.i + 1);
    if (/[.eE]/.test(m[0])) return new JValue(Number(m[0]), 'Float');
    const big = BigInt(m[0]);
    if (big > 0x7fffffffffffffffn || big < -0x8000000000000000n) return new JValue(Number(m[0]), 'Float');
    return new JValue(big, 'Integer');
  }

  object(): JObject {
    const o = new JObject();
    this.i++;
    this.skip();
    if (this.text[this.i] === '}') {
      this.i++;
      return o;
    }
    for (;;) {
      this.skip();
      if (this.i >= this.text.length) this.fail('Unexpected end of content while loading JObject.');
      const c = this.text[this.i]!;
      let name: string;
      if (c === '"' || c === "'") name = this.string();
      else if (/[A-Za-z_$]/.test(c)) {
        const m = /^[A-Za-z0-9_$]+/.exec(this.text.slice(this.i))!;
        name = m[0];
        this.i += name.length;
      } else if (c === '}') {
        this.i++;
        return o;
      } else this.fail(`Invalid property identifier character: ${c}.`, this.i + 1);
      this.skip();
      if (this.text[this.i] !== ':') {
        if (this.i >= this.text.length) this.fail('Unexpected end of content while loading JObject.');
        this.fail(`Invalid character after parsing property name. Expected ':' but got: ${this.text[this.i]}.`, this.i + 1);
      }
      this.i++;
      this.path.push(name);
      const v = this.value('JObject');
      if (o.props.has(name)) o.set(name, v);
      else o.addProperty(new JProperty(name, v));
      this.skip();
      const sep = this.text[this.i];
      if (sep === ',') {
        this.i++;
        this.path.pop();
        continue;
      }
      if (sep === '}') {
        this.i++;
        this.path.pop();
        return o;
      }
      if (sep === undefined) this.fail('Unexpected end of content while loading JObject.');
      this.fail(`After parsing a value an unexpected character was encountered: ${sep}.`, this.i + 1);
    }
  }

  array(): JArray {
    const a = new JArray();
    this.i++;
    let index = 0;
    for (;;) {
      this.skip();
      if (this.text[this.i] === ']') {
        this.i++;
        return a;
      }
      if (this.i >= this.text.length) this.fail('Unexpected end of content while loading JArray.');
      this.path.push(index);
      a.add(this.value('JArray'));
      this.path.pop();
      index++;
      this.skip();
      const sep = this.text[this.i];
      if (sep === ',') {
        this.i++;
        continue;
      }
      if (sep === ']') {
        this.i++;
        return a;
      }
      if (sep === undefined) this.fail('Unexpected end of content while loading JArray.');
      this.fail(`After parsing a value an unexpected character was encountered: ${sep}.`, this.i + 1);
    }
  }
}

const WORDS: [string, () => JValue][] = [
  ['null', () => JValue.null()],
  ['true', () => new JValue(true, 'Boolean')],
  ['false', () => new JValue(false, 'Boolean')],
  ['undefined', () => new JValue(null, 'Undefined')],
  ['NaN', () => new JValue(NaN, 'Float')],
  ['Infinity', () => new JValue(Infinity, 'Float')],
  ['-Infinity', () => new JValue(-Infinity, 'Float')],
];

function parseIsoDate(m: RegExpExecArray): DateTimeValue {
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ticks = frac ? Number((frac.slice(1) + '0000000').slice(0, 7)) : 0;
  const ms = Math.floor(ticks / 10_000);
  const sub = ticks % 10_000;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (!zone) return new DateTimeValue(utc, 'Unspecified', sub);
  if (zone === 'Z') return new DateTimeValue(utc, 'Utc', sub);
  const sign = zone[0] === '-' ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  // An explicit offset is converted to local time; the gateway's local time zone is UTC.
  return new DateTimeValue(utc - offset * 60_000, 'Local', sub);
}

export type ParseTarget = 'JToken' | 'JObject' | 'JArray';

/** JToken.Parse / JObject.Parse / JArray.Parse. */
export function parseJson(text: string | null, target: ParseTarget = 'JToken'): JToken {
  if (text === null || text === undefined) throw dotnetError('System.ArgumentNullException', "Value cannot be null. (Parameter 'json')");
  const r = new Reader(text);
  r.skip();
  if (r.i >= text.length) {
    throw dotnetError('Newtonsoft.Json.JsonReaderException', `Error reading ${target} from JsonReader. Path '', line 0, position 0.`);
  }
  const first = text[r.i];
  if (target === 'JObject' && first !== '{') {
    const token = first === '[' ? 'StartArray' : readerName(r);
    r.fail(`Error reading JObject from JsonReader. Current JsonReader item is not an object: ${token}.`, r.i + 1);
  }
  if (target === 'JArray' && first !== '[') {
    const token = first === '{' ? 'StartObject' : readerName(r);
    r.fail(`Error reading JArray from JsonReader. Current JsonReader item is not an array: ${token}.`, r.i + 1);
  }
  const v = r.value(target);
  r.skip();
  if (r.i < text.length) r.fail(`Additional text encountered after finished reading JSON content: ${text[r.i]}.`, r.i + 1);
  return v;
}

function readerName(r: Reader): string {
  const save = r.i;
  try {
    const v = r.value('JToken');
    return v.readerTokenName();
  } catch {
    return 'Undefined';
  } finally {
    r.i = save;
  }
}
