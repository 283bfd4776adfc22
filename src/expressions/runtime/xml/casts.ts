/**
 * The explicit conversions of XElement and XAttribute: (string), (bool), (int), (long), (double),
 * (float), (decimal), (DateTime), (TimeSpan), (Guid) and their nullable forms, read from Value with
 * XmlConvert's rules (DateTime with DateTime.Parse and RoundtripKind, as .NET does).
 * A null element or attribute gives null for string and nullable targets and ArgumentNullException otherwise.
 */
import { cast, type Overload } from '../../registry.js';
import { argumentNull } from '../fail.js';
import { parseGuid } from '../guid.js';
import { toXmlBoolean, toXmlDateTime, toXmlDecimal, toXmlDouble, toXmlDuration, toXmlInt } from './xml-convert.js';

const INT32: [bigint, bigint] = [-2147483648n, 2147483647n];
const INT64: [bigint, bigint] = [-9223372036854775808n, 9223372036854775807n];

const READERS: [string, (s: string) => unknown][] = [
  ['bool', toXmlBoolean],
  ['int', (s) => Number(toXmlInt(s, ...INT32))],
  ['long', (s) => toXmlInt(s, ...INT64)],
  ['double', toXmlDouble],
  ['float', (s) => Math.fround(toXmlDouble(s))],
  ['decimal', toXmlDecimal],
  ['DateTime', toXmlDateTime],
  ['TimeSpan', toXmlDuration],
  ['Guid', (s) => parseGuid(s)],
];

/** The casts of a type whose text is `valueOf(self)`; `param` is .NET's parameter name. */
export function valueCasts<T>(type: string, param: string, valueOf: (self: T) => string): Overload[] {
  const out: Overload[] = [cast(`explicit (${type} ${param}) => string`, (x: T | null) => (x === null ? null : valueOf(x)))];
  for (const [target, read] of READERS) {
    // the nullable form first: a cast to int? must not pick the int one (which throws on null)
    out.push(cast(`explicit (${type} ${param}) => ${target}?`, (x: T | null) => (x === null ? null : read(valueOf(x)))));
    out.push(cast(`explicit (${type} ${param}) => ${target}`, (x: T | null) => (x === null ? argumentNull(param) : read(valueOf(x)))));
  }
  return out;
}
